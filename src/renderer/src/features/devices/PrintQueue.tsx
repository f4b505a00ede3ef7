import { Dialog } from '../../ui/Dialog'
import { useState, type FormEvent } from 'react'
import type { PrintJobView } from '@shared/contract/device-views'
import { call } from '../../api/client'
import { useDevices } from './devices-store'
import { formatDateTime } from '@shared/time/london'

const KIND_WORDS: Record<PrintJobView['kind'], string> = {
  dispensing: 'Dispensing labels',
  bag: 'Bag labels and dispatch note',
  test: 'Test label'
}

/** The state in words, with what went wrong and how often it was tried. */
function jobStateText(job: PrintJobView): string {
  const tries = `${job.attempts} attempt${job.attempts === 1 ? '' : 's'}`
  switch (job.state) {
    case 'queued':
      return job.attempts > 0 ? `Waiting to send again (${tries})` : 'Waiting to send'
    case 'sending':
      return 'Sending…'
    case 'delivered':
      return `Delivered${job.deliveredAt ? ` ${formatDateTime(job.deliveredAt)}` : ''}`
    case 'retrying':
      return `Retrying (${tries})${job.lastError ? `: ${job.lastError}` : ''}`
    case 'unconfirmed':
      return `Unconfirmed (${tries})${job.lastError ? `: ${job.lastError}` : ''}`
    case 'cancelled':
      return 'Cancelled'
  }
}

/**
 * The recent print jobs. For a pharmacist, dispenser or checker: an unconfirmed job is settled by
 * looking at the printer, and a delivered job can be printed again, with a reason (audited).
 */
export function PrintQueue({
  jobs,
  mayAct,
  onMessage
}: {
  jobs: PrintJobView[]
  mayAct: boolean
  onMessage: (text: string, bad: boolean) => void
}): React.JSX.Element {
  const [reprinting, setReprinting] = useState<PrintJobView | null>(null)

  async function resolve(job: PrintJobView, printed: boolean): Promise<void> {
    const answer = await call('print.resolveUnconfirmed', { id: job.id, printed })
    if (!answer.ok) return onMessage(answer.error.message, true)
    useDevices.getState().putJob(answer.value, job)
    onMessage(printed ? `Job ${job.id} recorded as printed.` : `Job ${job.id} will be sent again.`, false)
  }

  return (
    <section className="devices-panel wide" aria-labelledby="queue-title">
      <h2 id="queue-title">Print queue</h2>
      {reprinting && (
        <ReprintForm
          job={reprinting}
          onDone={(text) => {
            setReprinting(null)
            if (text) onMessage(text, false)
          }}
        />
      )}
      {jobs.length === 0 ? (
        <p className="empty">Nothing has been printed yet.</p>
      ) : (
        <table className="print-jobs" aria-label="Print jobs">
          <thead>
            <tr>
              <th>Job</th>
              <th>What</th>
              <th>Request</th>
              <th>Made</th>
              <th>State</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id} data-job-id={job.id} className={`job-${job.state}`}>
                <td className="mono">{job.id}</td>
                <td>
                  {KIND_WORDS[job.kind]} ({job.labels})
                  {job.reprintOf !== null && <div className="note">reprint of job {job.reprintOf}</div>}
                </td>
                <td className="mono">{job.requestId ?? '—'}</td>
                <td>{formatDateTime(job.createdAt)}</td>
                <td className="job-state">
                  {jobStateText(job)}
                  {job.notice && <div className="job-notice">{job.notice}</div>}
                </td>
                <td>
                  <div className="job-actions">
                    {mayAct && job.state === 'unconfirmed' && (
                      <>
                        <button onClick={() => void resolve(job, true)}>It printed</button>
                        <button onClick={() => void resolve(job, false)}>It did not print</button>
                      </>
                    )}
                    {mayAct && job.state === 'delivered' && (
                      <button onClick={() => setReprinting(job)}>Reprint job {job.id}</button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!mayAct && jobs.some((job) => job.state === 'unconfirmed' || job.state === 'delivered') && (
        <p className="empty">A pharmacist, dispenser or checker confirms unconfirmed jobs and reprints.</p>
      )}
    </section>
  )
}

function ReprintForm({
  job,
  onDone
}: {
  job: PrintJobView
  onDone: (message: string | null) => void
}): React.JSX.Element {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer = await call('print.reprint', { id: job.id, reason })
    if (!answer.ok) return setError(answer.error.message)
    useDevices.getState().putJob(answer.value, null)
    onDone(`Job ${job.id} sent again as job ${answer.value.id}.`)
  }
  return (
    <Dialog label={`Reprint job ${job.id}`} onClose={() => onDone(null)}>
      <form onSubmit={(event) => void submit(event)}>
        <strong>
          Reprint job {job.id}: {KIND_WORDS[job.kind].toLowerCase()}
          {job.requestId ? ` for ${job.requestId}` : ''}
        </strong>
        <label>
          Why is it printed again?
          <input
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            minLength={3}
            maxLength={200}
            required
            autoFocus
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit">Reprint</button>
          <button type="button" onClick={() => onDone(null)}>
            Cancel (Esc)
          </button>
        </div>
      </form>
    </Dialog>
  )
}
