import { useState } from 'react'
import type { PrintJobView, PrinterStatusView } from '@shared/contract/device-views'
import { call } from '../../api/client'
import { useDevices } from './devices-store'
import { formatDateTime } from '@shared/time/london'
import { printJobStatus } from '@shared/contract/print-status'
import { ReprintDialog } from '../printing/ReprintDialog'

const KIND_WORDS: Record<PrintJobView['kind'], string> = {
  dispensing: 'Dispensing labels',
  bag: 'Bag labels and dispatch note',
  test: 'Test label'
}

/** The state in words, with what went wrong and how often it was tried. */
function jobStateText(job: PrintJobView, printer: PrinterStatusView): string {
  const tries = `${job.attempts} attempt${job.attempts === 1 ? '' : 's'}`
  const status = printJobStatus(job, printer)
  switch (job.state) {
    case 'delivered':
      return `Sent${job.deliveredAt ? ` ${formatDateTime(job.deliveredAt)}` : ''}`
    case 'unconfirmed':
      return `Unconfirmed (${tries}): ${job.lastError ?? status.text}`
    case 'queued':
    case 'retrying':
      return job.attempts > 0 ? `${status.text} (${tries})` : status.text
    default:
      return status.text
  }
}

/**
 * The recent print jobs. For a pharmacist, dispenser or checker: an unconfirmed job is settled by
 * looking at the printer, and a delivered job can be printed again, with a reason (audited).
 */
export function PrintQueue({
  jobs,
  printer,
  mayAct,
  onMessage
}: {
  jobs: PrintJobView[]
  printer: PrinterStatusView
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
        <ReprintDialog
          job={reprinting}
          title={`Reprint job ${reprinting.id}`}
          onDone={(job, text) => {
            setReprinting(null)
            if (job) useDevices.getState().putJob(job, null)
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
              <th>Printer</th>
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
                <td className="job-printer">{job.printer ? `sent to ${job.printer}` : `for ${job.destination}`}</td>
                <td className="job-state">
                  {jobStateText(job, printer)}
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
