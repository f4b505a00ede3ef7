import { useState, type FormEvent } from 'react'
import type { SafetyFlagView } from '@shared/contract'
import { formatDateTime } from '@shared/time/london'
import { call } from '../../api/client'
import { useSession } from '../../session/session-store'

/**
 * A request's safety flags, each with why. One that must be acknowledged holds the clinical check
 * back until a pharmacist gives the reason; an acknowledged one shows who, when and why.
 */
export function SafetyFlagList({
  flags,
  onChanged
}: {
  flags: readonly SafetyFlagView[]
  onChanged: () => void
}): React.JSX.Element {
  if (flags.length === 0) return <p className="empty">No safety flags.</p>
  return (
    <ul className="safety-flags">
      {flags.map((flag) => (
        <SafetyFlagItem key={flag.id} flag={flag} onChanged={onChanged} />
      ))}
    </ul>
  )
}

function SafetyFlagItem({ flag, onChanged }: { flag: SafetyFlagView; onChanged: () => void }): React.JSX.Element {
  const pharmacist = useSession((state) => state.session?.user.roles.includes('pharmacist') ?? false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)

  async function acknowledge(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer = await call('flags.acknowledge', { id: flag.id, reason })
    if (!answer.ok) return setError(answer.error.message)
    setError(null)
    onChanged()
  }

  const waiting = flag.mustAcknowledge && !flag.acknowledged
  return (
    <li className={waiting ? 'safety-flag waiting' : 'safety-flag'} data-flag-kind={flag.kind}>
      <strong>{flag.short}</strong>
      {flag.lineId ? ` (line ${flag.lineId})` : ''}: {flag.words}
      {flag.acknowledged ? (
        <p className="acknowledged">
          Acknowledged by {flag.acknowledged.by}, {formatDateTime(flag.acknowledged.at)}: {flag.acknowledged.reason}
        </p>
      ) : waiting ? (
        pharmacist ? (
          <form className="acknowledge" onSubmit={(event) => void acknowledge(event)}>
            <label>
              Why the supply may go on
              <input value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <button type="submit">Acknowledge</button>
            {error && (
              <span role="alert" className="error">
                {error}
              </span>
            )}
          </form>
        ) : (
          <p className="hint">A pharmacist must acknowledge it, with the reason, before the clinical check.</p>
        )
      ) : (
        <p className="hint">For information: it holds nothing back.</p>
      )}
    </li>
  )
}
