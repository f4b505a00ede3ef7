import { useState, type FormEvent } from 'react'
import type { RequestDetail } from '@shared/contract'
import { CLINICAL_OUTCOMES, CLINICAL_OUTCOME_LABELS, type ClinicalOutcome } from '@shared/clinical/outcomes'
import { patientDisplayName } from '@shared/phensys/snapshot'
import { formatDate } from '@shared/time/london'
import { call } from '../../api/client'
import { refreshCall, useCallQuery } from '../../api/queries'
import { Dialog } from '../../ui/Dialog'
import { routeName, stageName } from '../../ui/words'
import { NotesList } from '../notes/NotesList'
import { SafetyFlagList } from './SafetyFlagList'
import { FlagActions } from '../flags/FlagsPanel'
import { ErrorLine, SubmitOrCancel } from '../../ui/FormParts'
import { formatQuantity } from '@shared/stock/units'

/**
 * The pharmacist's clinical check, with the patient in view: the prescription with its route and
 * prescriber, the patient's age, earlier supplies and other requests, every safety flag with why
 * (those that must be acknowledged are, with the reason, before approval), what Phensys sent that
 * is still to settle (as on the request screen's Flags panel, with the steps it holds back and the
 * same ways to settle it), and the notes. The outcome: approved, approved with an intervention note, a query to Phensys or a rejection.
 */
export function ClinicalCheckDialog({
  detail,
  onClose
}: {
  detail: RequestDetail
  onClose: (message: string | null) => void
}): React.JSX.Element {
  const id = detail.row.id
  const query = useCallQuery('clinical.view', { id })
  const view = query.data ?? null
  const [outcome, setOutcome] = useState<ClinicalOutcome>('approved')
  const [note, setNote] = useState('')
  const [message, setMessage] = useState('')
  const [refused, setError] = useState<string | null>(null)
  const error = refused ?? query.error?.message ?? null
  const load = () => refreshCall('clinical.view', { id })

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const basedOnRevision = detail.row.revision
    const answer =
      outcome === 'approved'
        ? await call('requests.clinicalCheck', { id, basedOnRevision, outcome })
        : outcome === 'approved_with_note'
          ? await call('requests.clinicalCheck', { id, basedOnRevision, outcome, note })
          : await call('requests.clinicalCheck', { id, basedOnRevision, outcome, note, message })
    if (!answer.ok) {
      setError(answer.error.message)
      return void load()
    }
    onClose(
      outcome === 'query'
        ? 'Clinical query sent to Phensys; the request is held until it is resolved.'
        : outcome === 'reject'
          ? 'Rejected on clinical grounds; Phensys will route it elsewhere.'
          : `Clinical check recorded (${CLINICAL_OUTCOME_LABELS[outcome].toLowerCase()}): labels may be printed once every pack is scanned.`
    )
  }

  const { snapshot } = detail
  const rx = snapshot.prescription
  const waiting = view?.flags.filter((flag) => flag.mustAcknowledge && !flag.acknowledged).length ?? 0
  const approving = outcome === 'approved' || outcome === 'approved_with_note'
  return (
    <Dialog label="Clinical check" wide onClose={() => onClose(null)}>
      <div className="clinical-check">
        <h2>
          Clinical check · <span className="mono">{id}</span> · {patientDisplayName(snapshot)}
        </h2>
        <section aria-label="Prescription">
          <h3>Prescription</h3>
          <p>
            {routeName(snapshot.route)} · prescriber {rx.prescriber.name}
            {rx.prescriber.registrationBody
              ? ` (${rx.prescriber.registrationBody} ${rx.prescriber.registrationNumber ?? ''})`
              : ''}{' '}
            · issued {formatDate(rx.issuedAt)}
          </p>
          <ul>
            {rx.items.map((item) => (
              <li key={item.lineId}>
                <strong>{item.product.name}</strong> × {formatQuantity(item.quantity, item.unit)}: {item.directions}
              </li>
            ))}
          </ul>
        </section>
        {view && (
          <>
            <section aria-label="Patient">
              <h3>
                Patient: {view.record.patient.name}, {view.record.patient.age} years (born{' '}
                {formatDate(view.record.patient.dateOfBirth)})
              </h3>
              <h4>Earlier supplies</h4>
              {view.record.supplies.length === 0 ? (
                <p className="empty">None here.</p>
              ) : (
                <ul className="earlier-supplies">
                  {view.record.supplies.slice(0, 20).map((supply) => (
                    <li key={`${supply.requestId} ${supply.lineId}`}>
                      {formatDate(supply.suppliedAt)}: {supply.medicine} ×{' '}
                      {formatQuantity(supply.quantity, supply.unit)} ({supply.requestId}, {supply.prescriber})
                    </li>
                  ))}
                </ul>
              )}
              <h4>Other requests</h4>
              <ul>
                {view.record.requests
                  .filter((row) => row.id !== id)
                  .slice(0, 10)
                  .map((row) => (
                    <li key={row.id}>
                      <span className="mono">{row.id}</span> {stageName(row.stage)}: {row.items}
                    </li>
                  ))}
              </ul>
            </section>
            {view.intakeFlags.length > 0 && (
              <section aria-label="Flags to settle">
                <h3>Flags to settle ({view.intakeFlags.length})</h3>
                <ul className="flag-list">
                  {view.intakeFlags.map((flag) => (
                    <li
                      key={flag.id}
                      className={`flag-item${flag.blocks.length > 0 ? ' blocking' : ''}`}
                      data-flag-kind={flag.kind}
                    >
                      <p>
                        <span className="flag warning">{flag.short}</span>{' '}
                        {flag.lineId ? <strong>Line {flag.lineId}: </strong> : null}
                        {flag.words}
                      </p>
                      <p className="hint">Holds back: {flag.blocksWords || 'nothing: shown for a person to see'}</p>
                      <FlagActions
                        flag={flag}
                        onSettled={() => {
                          void load()
                          void refreshCall('requests.flags', { id })
                        }}
                      />
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <section aria-label="Safety flags">
              <h3>Safety flags</h3>
              <SafetyFlagList flags={view.flags} onChanged={() => void load()} />
            </section>
            {view.notes.length > 0 && (
              <section aria-label="Notes">
                <h3>Notes</h3>
                <NotesList notes={view.notes} empty="" />
              </section>
            )}
          </>
        )}
        {/* The flags' own forms sit above: a form is never inside another. */}
        <form onSubmit={(event) => void submit(event)}>
          <fieldset>
            <legend>Outcome</legend>
            {CLINICAL_OUTCOMES.map((option) => (
              <label key={option} className="choice">
                <input
                  type="radio"
                  name="outcome"
                  value={option}
                  checked={outcome === option}
                  // The outcome chosen has the focus: arrows choose another, Enter records it.
                  autoFocus={option === 'approved'}
                  onChange={() => setOutcome(option)}
                />
                {CLINICAL_OUTCOME_LABELS[option]}
              </label>
            ))}
          </fieldset>
          {outcome !== 'approved' && (
            <label>
              Intervention note (kept here)
              <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
            </label>
          )}
          {(outcome === 'query' || outcome === 'reject') && (
            <label>
              Message for Phensys
              <textarea value={message} onChange={(e) => setMessage(e.target.value)} rows={3} />
            </label>
          )}
          {approving && waiting > 0 && (
            <p role="status" className="hint">
              {waiting} flag{waiting === 1 ? '' : 's'} to acknowledge before approval.
            </p>
          )}
          <ErrorLine>{error}</ErrorLine>
          <SubmitOrCancel submit="Record the check ⏎" onCancel={() => onClose(null)} />
        </form>
      </div>
    </Dialog>
  )
}
