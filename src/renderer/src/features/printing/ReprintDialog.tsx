import { useState, type FormEvent } from 'react'
import { REPRINT_REASONS, type PrintJobView, type ReprintReason } from '@shared/contract/device-views'
import { call } from '../../api/client'
import { useCallQuery } from '../../api/queries'
import { Dialog } from '../../ui/Dialog'
import { ErrorLine, SubmitOrCancel } from '../../ui/FormParts'

const REASON_WORDS: Record<ReprintReason, string> = {
  damaged: 'Damaged',
  misprint: 'Misprinted',
  lost: 'Lost',
  other: 'Other (say why)'
}

/**
 * Prints a delivered job again, with a reason from the list (other: in words), all of it, one
 * set (a pack's labels, a parcel's) or one label. Any member of staff who labels may; the
 * reprint is a new job, recorded in the audit trail with the reason.
 */
export function ReprintDialog({
  job,
  title,
  onDone
}: {
  job: PrintJobView
  title: string
  onDone: (reprinted: PrintJobView | null, message: string | null) => void
}): React.JSX.Element {
  const labels = useCallQuery('print.jobLabels', { id: job.id })
  const [which, setWhich] = useState('all')
  const [reason, setReason] = useState<ReprintReason>('damaged')
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const sets = [...new Set((labels.data ?? []).map((label) => label.set))]

  function positions(): number[] | undefined {
    if (which === 'all') return undefined
    const [kind, n] = which.split(':')
    const all = labels.data ?? []
    return kind === 'set' ? all.filter((label) => label.set === Number(n)).map((label) => label.position) : [Number(n)]
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const chosen = positions()
    const answer = await call('print.reprint', { id: job.id, reason, note, ...(chosen ? { labels: chosen } : {}) })
    if (!answer.ok) return setError(answer.error.message)
    onDone(answer.value, `Job ${job.id} sent again as job ${answer.value.id}.`)
  }

  return (
    <Dialog label={title} onClose={() => onDone(null, null)}>
      <form onSubmit={(event) => void submit(event)}>
        <h2>{title}</h2>
        <label>
          What to print again
          <select value={which} onChange={(event) => setWhich(event.target.value)}>
            <option value="all">
              Everything ({job.labels} label{job.labels === 1 ? '' : 's'})
            </option>
            {sets.length > 1 &&
              sets.map((set) => (
                <option key={`set-${set}`} value={`set:${set}`}>
                  Set {set} of {sets.length}
                </option>
              ))}
            {(labels.data ?? []).length > 1 &&
              labels.data!.map((label) => (
                <option key={`label-${label.position}`} value={`label:${label.position}`}>
                  Label {label.position}: {label.text}
                  {label.pageCount > 1 ? ` (${label.page} of ${label.pageCount})` : ''}
                </option>
              ))}
          </select>
        </label>
        <label>
          Why is it printed again?
          <select autoFocus value={reason} onChange={(event) => setReason(event.target.value as ReprintReason)}>
            {REPRINT_REASONS.map((option) => (
              <option key={option} value={option}>
                {REASON_WORDS[option]}
              </option>
            ))}
          </select>
        </label>
        {reason === 'other' && (
          <label>
            In words
            <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={200} />
          </label>
        )}
        <ErrorLine>{error}</ErrorLine>
        <SubmitOrCancel submit="Reprint" onCancel={() => onDone(null, null)} />
      </form>
    </Dialog>
  )
}
