import { DateField } from '../../ui/DateField'
import { useScope } from '../../keymap/keymap'
import { Dialog } from '../../ui/Dialog'
import { useEffect, useRef, useState } from 'react'
import { useSession } from '../../session/session-store'
import { minutesSince } from './rp-format'
import { useRp } from './rp-store'
import { useNow } from './useNow'
import { formatTime, londonInstant } from '@shared/time/london'
import { ErrorLine } from '../../ui/FormParts'

/**
 * The Responsible Pharmacist panel (F2): sign in as RP (S), record an absence (A) and the return
 * (R), sign out as RP (O). An administrator closes a period the RP forgot, giving the reason.
 * Main decides who may do what; this shows the actions that fit and main's answer.
 */
export function RpPanel(): React.JSX.Element {
  const { status, error, busy, load, run, signOut } = useRp()
  const { session, open } = useSession()
  const now = useNow()
  const [closing, setClosing] = useState(false)
  const [reason, setReason] = useState('')
  const [leftAt, setLeftAt] = useState('')
  const reasonField = useRef<HTMLInputElement>(null)

  const me = session?.user
  const current = status?.current ?? null
  const mine = Boolean(current && me && current.pharmacistId === me.id)
  const absent = Boolean(status?.absentSince)
  const canSignIn = !current && Boolean(me?.roles.includes('pharmacist'))
  const canCloseOthers = Boolean(current && !mine && me?.roles.includes('administrator'))

  useEffect(() => void load(), [load])
  useEffect(() => {
    if (closing) reasonField.current?.focus()
  }, [closing])
  useScope('rp', {
    keys: {
      back: () => (closing ? setClosing(false) : open({ name: 'worklist' })),
      'rp.signIn': () => (canSignIn && !busy ? void run('rp.signIn') : false),
      'rp.startAbsence': () => (mine && !absent && !busy ? void run('rp.startAbsence') : false),
      'rp.endAbsence': () => (mine && absent && !busy ? void run('rp.endAbsence') : false),
      'rp.signOut': () => {
        if (busy) return false
        if (mine) void signOut()
        else if (canCloseOthers) setClosing(true)
        else return false
      }
    }
  })

  const submitClose = async (): Promise<void> => {
    // The field holds a wall-clock time ("2026-11-26T17:05"): London's, whatever this machine's zone.
    const endedAt = leftAt ? londonInstant(leftAt.slice(0, 10), leftAt.slice(11, 16)).toISOString() : undefined
    if (await signOut(reason, endedAt)) {
      setClosing(false)
      setReason('')
      setLeftAt('')
    }
  }

  return (
    <main className="detail rp-panel" aria-label="Responsible Pharmacist">
      <header className="detail-header">
        <button onClick={() => open({ name: 'worklist' })}>← Worklist (Esc)</button>
        <h1>Responsible Pharmacist</h1>
        <button onClick={() => open({ name: 'registers', tab: 'rp' })}>The RP record (F10)</button>
      </header>
      <ErrorLine>{error}</ErrorLine>
      {status?.absenceWarning && (
        <p role="alert" className="rp-warning">
          {status.absenceWarning}
        </p>
      )}
      <section className="rp-now" aria-live="polite">
        {current ? (
          <dl>
            <dt>Responsible Pharmacist</dt>
            <dd>{current.pharmacistName}</dd>
            <dt>GPhC number</dt>
            <dd className="mono">{current.gphcNumber}</dd>
            <dt>Since</dt>
            <dd>
              {formatTime(current.startedAt)} ({minutesSince(current.startedAt, now)})
            </dd>
            <dt>Now</dt>
            <dd>
              {status?.absentSince
                ? `Absent since ${formatTime(status.absentSince)} (${minutesSince(status.absentSince, now)})`
                : 'Present'}
            </dd>
            <dt>Absences</dt>
            <dd>
              {current.absences.length === 0
                ? 'None'
                : current.absences
                    .map((a) => `${formatTime(a.startedAt)}–${a.returnedAt ? formatTime(a.returnedAt) : '…'}`)
                    .join(', ')}
            </dd>
          </dl>
        ) : (
          <p className="rp-warning">
            No Responsible Pharmacist is signed in. The pharmacy may not sell or supply medicines until one is.
          </p>
        )}
      </section>
      <div className="actions">
        {canSignIn && (
          <button disabled={busy} onClick={() => void run('rp.signIn')}>
            <kbd>S</kbd> Sign in as RP ({me?.displayName})
          </button>
        )}
        {mine && !absent && (
          <button disabled={busy} onClick={() => void run('rp.startAbsence')}>
            <kbd>A</kbd> Start absence
          </button>
        )}
        {mine && absent && (
          <button disabled={busy} onClick={() => void run('rp.endAbsence')}>
            <kbd>R</kbd> Record return
          </button>
        )}
        {mine && (
          <button disabled={busy} onClick={() => void signOut()}>
            <kbd>O</kbd> Sign out as RP
          </button>
        )}
        {canCloseOthers && !closing && (
          <button disabled={busy} onClick={() => setClosing(true)}>
            <kbd>O</kbd> Close {current?.pharmacistName}’s period
          </button>
        )}
      </div>
      {closing && (
        <Dialog label="Close the RP period" onClose={() => setClosing(false)}>
          <form
            onSubmit={(event) => {
              event.preventDefault()
              void submitClose()
            }}
          >
            <label>
              Why is {current?.pharmacistName}’s period being closed by someone else?
              <input
                ref={reasonField}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                maxLength={500}
              />
            </label>
            <DateField
              label="When did they stop being RP, London time? (empty: now; the record cannot be changed afterwards)"
              value={leftAt}
              onChange={setLeftAt}
              withTime
            />
            <div className="actions">
              <button type="submit" disabled={busy}>
                Close the period (Enter)
              </button>
              <button type="button" onClick={() => setClosing(false)}>
                Cancel (Esc)
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </main>
  )
}
