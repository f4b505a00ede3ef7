import { useScope } from '../../keymap/keymap'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { wedgeSettingsSchema, type WedgeSettings } from '@shared/devices/settings'
import { makeVisible } from '@shared/scan/visible'
import { call } from '../../api/client'
import { useCallQuery } from '../../api/queries'
import { useSession } from '../../session/session-store'
import { tapKeys, type TappedKey } from './key-tap'
import { learnFromPairing, type LearntSeparator, type PairingReading } from './pairing-learn'
import { RecentScans } from './RecentScans'
import { useScans } from './scan-store'

/** A scan is over when no key has come for this long. */
const SETTLE_MS = 400
const SAVE_ROLES = ['pharmacist', 'administrator']

function separatorText(separator: LearntSeparator): string {
  switch (separator.kind) {
    case 'gs':
      return separator.via === 'ctrl-bracket'
        ? 'GS, typed as Ctrl+]'
        : separator.via === 'alt-code'
          ? 'GS, typed as Alt+0029'
          : 'the GS character'
    case 'substitute':
      return `"${makeVisible(separator.text)}" in place of GS: it will be read as GS`
    case 'missing':
      return 'nothing: the scanner drops it; fixed-length fields still split, and a scan that cannot be split is reported'
  }
}

/** Shows the pairing code, learns how the scanner types it, and saves that (pharmacist or administrator). */
export function Pairing(): React.JSX.Element {
  const open = useSession((state) => state.open)
  const canSave = useSession((state) => state.session?.user.roles.some((role) => SAVE_ROLES.includes(role)) ?? false)
  const wedge = useScans((state) => state.wedge)
  const pairing = useCallQuery('devices.pairingCode', {})
  // Made by main from a fixed payload, never from user input; still, only an SVG is shown.
  const drawn = pairing.data?.svg ?? null
  const svg = drawn?.trimStart().startsWith('<svg') ? drawn : null
  const unreadable =
    pairing.error?.message ?? (drawn !== null && svg === null ? 'The pairing code could not be drawn.' : null)
  const [listening, setListening] = useState(true)
  const [reading, setReading] = useState<PairingReading | null>(null)
  const [draft, setDraft] = useState<WedgeSettings>(wedge)
  const [message, setMessage] = useState<string | null>(null)
  const keys = useRef<TappedKey[]>([])

  // Settings loaded or saved meanwhile are what the form starts from.
  useEffect(() => setDraft(wedge), [wedge])

  // A scan here is a test of the scanner (shown in the recent scans), not a request to go somewhere.
  useScope('pairing', { keys: { back: () => open({ name: 'worklist' }) }, scan: () => true })

  useEffect(() => {
    if (!listening) return
    useScans.getState().setPairing(true)
    keys.current = []
    let timer: ReturnType<typeof setTimeout> | null = null
    const stopTap = tapKeys((key) => {
      keys.current.push(key)
      if (timer !== null) clearTimeout(timer)
      timer = setTimeout(() => {
        const result = learnFromPairing(keys.current, useScans.getState().wedge)
        keys.current = []
        setReading(result)
        if (result.ok) {
          setDraft(result.lesson.suggested)
          setListening(false)
        }
      }, SETTLE_MS)
    })
    return () => {
      stopTap()
      if (timer !== null) clearTimeout(timer)
      useScans.getState().setPairing(false)
    }
  }, [listening])

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault()
    const parsed = wedgeSettingsSchema.safeParse({
      ...draft,
      gsSubstitute: draft.gsSubstitute === '' ? null : draft.gsSubstitute
    })
    if (!parsed.success)
      return setMessage(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '))
    const answer = await call('devices.setWedge', parsed.data)
    if (!answer.ok) return setMessage(answer.error.message)
    useScans.getState().setWedge(answer.value)
    setDraft(answer.value)
    setMessage('Saved: keyboard scanners on this workstation now follow these settings.')
  }

  const lesson = reading?.ok ? reading.lesson : null
  return (
    <main className="pairing" aria-label="Scanner">
      <h1>Keyboard scanner</h1>
      <div className="pairing-grid">
        <section aria-labelledby="pair-title">
          <h2 id="pair-title">Pair a scanner</h2>
          {svg ? (
            <div
              className="pairing-code"
              role="img"
              aria-label="Pairing barcode"
              dangerouslySetInnerHTML={{ __html: svg }}
            />
          ) : (
            <p>Loading the pairing code…</p>
          )}
          {listening ? (
            <p className="listening" role="status">
              Scan this code now. Nothing needs to be selected.
            </p>
          ) : (
            <button
              onClick={() => {
                setReading(null)
                setListening(true)
              }}
            >
              Scan the pairing code again
            </button>
          )}
          {reading && !reading.ok && (
            <p role="alert" className="error">
              {reading.message} Read: <code className="scan-read">{reading.read}</code>
            </p>
          )}
          {lesson && (
            <dl className="lesson" aria-label="What pairing learnt">
              <dt>Read</dt>
              <dd>
                <code className="scan-read">{lesson.read}</code>
              </dd>
              <dt>Speed</dt>
              <dd>
                largest pause between keys {Math.round(lesson.largestGapMs)} ms ({lesson.keyCount} keys)
              </dd>
              <dt>Prefix</dt>
              <dd>{lesson.symbologyPrefix ? `symbology identifier ${lesson.symbologyPrefix}` : 'none'}</dd>
              <dt>Separator</dt>
              <dd>{separatorText(lesson.separator)}</dd>
              <dt>Ends with</dt>
              <dd>{lesson.terminator ?? 'nothing'}</dd>
            </dl>
          )}
          {lesson?.problems.map((problem) => (
            <p key={problem} role="alert" className="error">
              {problem}
            </p>
          ))}
        </section>
        <section aria-labelledby="settings-title">
          <h2 id="settings-title">Settings</h2>
          <p>
            In use: pause up to {wedge.maxGapMs} ms, at least {wedge.minLength} characters, separator{' '}
            {wedge.gsMissing ? 'dropped' : wedge.gsSubstitute ? `as "${makeVisible(wedge.gsSubstitute)}"` : 'as GS'}.
          </p>
          <form
            className="inline-form"
            aria-label="Keyboard scanner settings"
            onSubmit={(event) => void save(event)}
            onFocus={() => setListening(false)}
          >
            <label>
              Longest pause between keys of a scan (ms)
              <input
                type="number"
                min={5}
                max={200}
                value={draft.maxGapMs}
                onChange={(e) => setDraft({ ...draft, maxGapMs: Number(e.target.value) })}
              />
            </label>
            <label>
              Fewest characters in a scan
              <input
                type="number"
                min={3}
                max={50}
                value={draft.minLength}
                onChange={(e) => setDraft({ ...draft, minLength: Number(e.target.value) })}
              />
            </label>
            <label>
              Text the scanner types for GS (empty: none)
              <input
                value={draft.gsSubstitute ?? ''}
                maxLength={10}
                onChange={(e) => setDraft({ ...draft, gsSubstitute: e.target.value })}
              />
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.gsMissing}
                onChange={(e) => setDraft({ ...draft, gsMissing: e.target.checked })}
              />
              The scanner drops the separator
            </label>
            <button type="submit" disabled={!canSave}>
              Save
            </button>
            {!canSave && <p className="empty">A pharmacist or administrator saves these.</p>}
          </form>
          {(message ?? unreadable) && <p role="status">{message ?? unreadable}</p>}
        </section>
      </div>
      <section aria-labelledby="recent-title">
        <h2 id="recent-title">Recent scans</h2>
        <RecentScans />
      </section>
    </main>
  )
}
