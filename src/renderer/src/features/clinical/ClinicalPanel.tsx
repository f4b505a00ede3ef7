import { CLINICAL_OUTCOME_LABELS } from '@shared/clinical/outcomes'
import { formatDateTime } from '@shared/time/london'
import { useCallQuery } from '../../api/queries'
import { NotesList } from '../notes/NotesList'

/**
 * On the request screen: the clinical check (who made it and how, or that it is still to make,
 * or that new items voided it) and the request's staff notes. Its safety flags are among its
 * flags, in the flags panel above.
 */
export function ClinicalPanel({ requestId }: { requestId: string }): React.JSX.Element {
  // Read again when the request changes (a check made or voided is a change of the request).
  const query = useCallQuery('clinical.view', { id: requestId })
  const view = query.data ?? null
  const error = query.error?.message ?? null

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    )
  if (!view) return <p>Loading the clinical check…</p>
  const voided = view.checks.find((check) => check.voided)
  return (
    <section className="clinical-panel" aria-labelledby="clinical-title">
      <h2 id="clinical-title">Clinical check</h2>
      {view.standing ? (
        <p className="clinical-standing">
          {CLINICAL_OUTCOME_LABELS[view.standing.outcome]} by {view.standing.by}, {formatDateTime(view.standing.at)}
          {view.standing.note ? `: ${view.standing.note}` : ''}
        </p>
      ) : (
        <p className="clinical-missing">
          Not made yet: a pharmacist checks it (C) before labels can print.
          {voided?.voided
            ? ` The check by ${voided.by} was voided ${formatDateTime(voided.voided.at)}: Phensys changed the items.`
            : ''}
        </p>
      )}
      <h3>Notes</h3>
      <NotesList notes={view.notes} empty="No notes on this request." />
    </section>
  )
}
