import { useState, type FormEvent } from 'react'
import type { FlagView } from '@shared/contract'
import { call } from '../../api/client'
import { refreshCall, useCallQuery } from '../../api/queries'
import { useSession } from '../../session/session-store'
import { formatDateTime } from '@shared/time/london'
import { ProductMatchDialog } from './ProductMatchDialog'
import { ServiceChoice } from './ServiceChoice'
import { ErrorLine } from '../../ui/FormParts'

/**
 * What holds this request back, flag by flag: the words, the raw value as Phensys sent it (hidden
 * characters shown), the steps it blocks, and what this person may do about it. A query to Phensys
 * (Q) is always open besides. Settled flags and those a newer version removed are listed below.
 */
export function FlagsPanel({
  requestId,
  onSettled
}: {
  requestId: string
  onSettled: () => void
}): React.JSX.Element | null {
  const query = useCallQuery('requests.flags', { id: requestId })
  const flags = query.data ?? null
  const error = query.error?.message ?? null
  const load = () => refreshCall('requests.flags', { id: requestId })

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    )
  if (!flags || flags.length === 0) return null
  const waiting = flags.filter((flag) => flag.status === 'open' || flag.status === 'proposed')
  const done = flags.filter((flag) => flag.status === 'resolved' || flag.status === 'no_longer_applies')
  const settled = () => {
    void load()
    onSettled()
  }
  return (
    <section className="flags" aria-label="Flags">
      <h2>Flags {waiting.length > 0 ? `(${waiting.length} to settle)` : '(all settled)'}</h2>
      {waiting.length > 0 && (
        <p className="hint">
          A flag holds back the step it names until a person settles it, or raises a query to Phensys (Q).
        </p>
      )}
      <ul className="flag-list">
        {waiting.map((flag) => (
          <li
            key={flag.id}
            className={`flag-item${flag.blocks.length > 0 ? ' blocking' : ''}`}
            data-flag-kind={flag.kind}
          >
            <FlagHeading flag={flag} />
            <FlagActions flag={flag} onSettled={settled} />
          </li>
        ))}
      </ul>
      {done.length > 0 && (
        <details>
          <summary>Settled ({done.length})</summary>
          <ul className="flag-list">
            {done.map((flag) => (
              <li key={flag.id} className="flag-item settled" data-flag-kind={flag.kind}>
                <FlagHeading flag={flag} />
                {flag.resolution && (
                  <p>
                    {flag.resolution.words} — {flag.resolution.by}, {formatDateTime(flag.resolution.at)}
                  </p>
                )}
                {flag.closed && <p>No longer applies: version {flag.closed.version} no longer carries it.</p>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  )
}

/** Who raised a flag of the counter's own, in words. */
const RAISED_BY: Record<FlagView['source'], string> = {
  intake: 'the counter, on what Phensys sent',
  safety: "the counter's clinical safety check",
  dispatch: "the counter, on a parcel's outcome",
  recall: 'the counter, on a batch recall a pharmacist recorded',
  sync: 'the counter, sending an event to Phensys'
}

function FlagHeading({ flag }: { flag: FlagView }): React.JSX.Element {
  return (
    <>
      <p>
        <span className="flag warning">{flag.short}</span> {flag.lineId ? <strong>Line {flag.lineId}: </strong> : null}
        {flag.words}
      </p>
      <dl className="flag-facts">
        {flag.rawShown === null ? (
          <>
            <dt>Raised by</dt>
            <dd>{RAISED_BY[flag.source]}</dd>
          </>
        ) : (
          <>
            <dt>Sent by Phensys</dt>
            <dd className="mono raw-value">{flag.rawShown}</dd>
            <dt>Where</dt>
            <dd className="mono">
              {flag.path} (version {flag.raisedVersion})
            </dd>
          </>
        )}
        <dt>Holds back</dt>
        <dd>{flag.blocksWords || 'nothing: shown for a person to see'}</dd>
      </dl>
    </>
  )
}

export function FlagActions({ flag, onSettled }: { flag: FlagView; onSettled: () => void }): React.JSX.Element {
  const roles = useSession((state) => state.session?.user.roles ?? [])
  const pharmacist = roles.includes('pharmacist')
  const dispensing = pharmacist || roles.includes('dispenser')
  const [error, setError] = useState<string | null>(null)
  const [matching, setMatching] = useState(false)
  const answered = (answer: { ok: boolean; error?: { message: string } }) => {
    if (!answer.ok) return setError(answer.error?.message ?? 'Refused.')
    setError(null)
    onSettled()
  }
  const can = (method: FlagView['resolutions'][number]) => flag.resolutions.includes(method)

  return (
    <div className="flag-actions">
      {flag.status === 'proposed' && flag.proposal && (
        <div>
          <p>
            Match proposed by {flag.proposal.by}: <strong>{flag.proposal.name}</strong> ({flag.proposal.level}, dm+d{' '}
            {flag.proposal.dmdId})
          </p>
          {pharmacist ? (
            <DecideMatch flagId={flag.id} onAnswer={answered} />
          ) : (
            <p className="hint">A pharmacist confirms the match.</p>
          )}
        </div>
      )}
      {can('cleaned_text_confirmed') && flag.cleanedText !== null && (
        <div>
          <p>
            A label prints: <strong className="mono">"{flag.cleanedText}"</strong>
          </p>
          <button
            onClick={async () =>
              answered(await call('flags.confirmCleanedText', { id: flag.id, text: flag.cleanedText ?? '' }))
            }
          >
            Confirm the cleaned text
          </button>
        </div>
      )}
      {can('wording_chosen') &&
        (pharmacist ? (
          <ChooseWording flagId={flag.id} onAnswer={answered} />
        ) : (
          <p className="hint">A pharmacist chooses the wording.</p>
        ))}
      {can('product_matched') &&
        (dispensing ? (
          <>
            <button onClick={() => setMatching(true)}>Match a product from the catalogue…</button>
            {matching && (
              <ProductMatchDialog
                flagId={flag.id}
                onClose={(answer) => {
                  setMatching(false)
                  if (answer) answered(answer)
                }}
              />
            )}
          </>
        ) : (
          <p className="hint">A dispenser matches it; a pharmacist confirms.</p>
        ))}
      {can('service_chosen') && <ServiceChoice requestId={flag.requestId} onAnswer={answered} />}
      {can('acknowledged') &&
        (pharmacist ? (
          <Acknowledge flag={flag} onAnswer={answered} />
        ) : (
          <p className="hint">A pharmacist may acknowledge it.</p>
        ))}
      {flag.status === 'open' && flag.resolutions.length === 0 && (
        <p className="hint">Only Phensys can mend this: raise a query (Q), or reject the request.</p>
      )}
      <ErrorLine>{error}</ErrorLine>
    </div>
  )
}

type Answer = (answer: { ok: boolean; error?: { message: string } }) => void

function ChooseWording({ flagId, onAnswer }: { flagId: number; onAnswer: Answer }): React.JSX.Element {
  const known = useCallQuery('flags.cautionaryWordings', {}).data ?? []
  const [bnfNumber, setBnfNumber] = useState<number | null>(null)
  const [wording, setWording] = useState('')
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    onAnswer(await call('flags.chooseWording', { id: flagId, wording, bnfNumber }))
  }
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)} aria-label="Choose the wording">
      <label>
        A BNF label's wording
        <select
          value={bnfNumber ?? ''}
          onChange={(event) => {
            const number = event.target.value === '' ? null : Number(event.target.value)
            setBnfNumber(number)
            setWording(known.find((label) => label.number === number)?.text ?? wording)
          }}
        >
          <option value="">(my own wording)</option>
          {known.map((label) => (
            <option key={label.number} value={label.number}>
              {label.number}: {label.text}
            </option>
          ))}
        </select>
      </label>
      <label>
        Wording to print
        <input value={wording} onChange={(event) => setWording(event.target.value)} maxLength={300} />
      </label>
      <button type="submit">Use this wording</button>
    </form>
  )
}

function Acknowledge({ flag, onAnswer }: { flag: FlagView; onAnswer: Answer }): React.JSX.Element {
  const [reason, setReason] = useState('')
  const leaveOff = flag.kind === 'unknown_cautionary_label'
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    onAnswer(await call('flags.acknowledge', { id: flag.id, reason }))
  }
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)} aria-label="Acknowledge">
      <label>
        {leaveOff ? 'Or leave it off the label, because' : 'Acknowledge, because'}
        <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} />
      </label>
      <button type="submit">{leaveOff ? 'Leave it off' : 'Acknowledge'}</button>
    </form>
  )
}

function DecideMatch({ flagId, onAnswer }: { flagId: number; onAnswer: Answer }): React.JSX.Element {
  const [reason, setReason] = useState('')
  return (
    <div className="inline-form">
      <button onClick={async () => onAnswer(await call('flags.decideMatch', { id: flagId, confirm: true }))}>
        Confirm the match
      </button>
      <label>
        Or decline, because
        <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} />
      </label>
      <button onClick={async () => onAnswer(await call('flags.decideMatch', { id: flagId, confirm: false, reason }))}>
        Decline
      </button>
    </div>
  )
}
