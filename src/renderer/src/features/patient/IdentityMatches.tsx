import { useState } from 'react'
import type { PatientRecord } from '@shared/contract'
import { call } from '../../api/client'
import { ErrorLine } from '../../ui/FormParts'

/**
 * Other Phensys ids with the same name, date of birth and postcode: possibly this patient. A
 * person confirms (their records are then read together, flags included) or sets them apart,
 * with the reason; nothing is joined by itself.
 */
export function IdentityMatches({
  record,
  onDecided
}: {
  record: PatientRecord
  onDecided: (record: PatientRecord) => void
}): React.JSX.Element | null {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const matches = record.patient.possibleMatches
  if (matches.length === 0) return null

  async function decide(otherPatientId: string, samePerson: boolean): Promise<void> {
    const answer = await call('patients.decideIdentity', {
      patientId: record.patient.patientId,
      otherPatientId,
      samePerson,
      reason
    })
    if (!answer.ok) return setError(answer.error.message)
    setError(null)
    onDecided(answer.value)
  }

  return (
    <section className="identity-matches" aria-label="Possibly the same patient">
      <h2>Possibly the same patient: confirm or set apart</h2>
      <label>
        Why (what you checked)
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <ul>
        {matches.map((match) => (
          <li key={match.patientId}>
            {match.name} · Phensys id <span className="mono">{match.patientId}</span> · {match.requests} request
            {match.requests === 1 ? '' : 's'}{' '}
            <button onClick={() => void decide(match.patientId, true)}>The same person</button>{' '}
            <button onClick={() => void decide(match.patientId, false)}>Not the same</button>
          </li>
        ))}
      </ul>
      <ErrorLine>{error}</ErrorLine>
    </section>
  )
}
