import { useCallback, useEffect, useState } from 'react'
import type { ClinicalView } from '../../../../shared/contract'
import { CLINICAL_OUTCOME_LABELS } from '../../../../shared/clinical/outcomes'
import { formatDateTime } from '../../../../shared/time/london'
import { call, onEvent } from '../../api/client'
import { NotesList } from '../notes/NotesList'

/**
 * On the request screen: the clinical check (who made it and how, or that it is still to make,
 * or that new items voided it) and the request's staff notes. Its safety flags are among its
 * flags, in the flags panel above.
 */
export function ClinicalPanel({ requestId, version }: { requestId: string; version: number }): React.JSX.Element {
  const [view, setView] = useState<ClinicalView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(async () => {
    const answer = await call('clinical.view', { id: requestId })
    if (answer.ok) setView(answer.value)
    else setError(answer.error.message)
  }, [requestId])
  useEffect(() => void load(), [load, version])
  useEffect(
    () =>
      onEvent((event) => {
        if (event.name === 'worklist.changed' && event.payload.requestIds.includes(requestId)) void load()
      }),
    [requestId, load]
  )

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
