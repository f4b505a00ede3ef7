import { useState } from 'react'
import type { PrintJobView } from '@shared/contract/device-views'
import { printJobStatus } from '@shared/contract/print-status'
import { refreshCall, useCallQuery } from '../../api/queries'
import { useScope } from '../../keymap/keymap'
import { ReprintDialog } from './ReprintDialog'

const WHAT: Record<PrintJobView['kind'], string> = {
  dispensing: 'Dispensing labels',
  bag: 'Bag labels and dispatch note',
  test: 'Test label'
}

/**
 * The request's print jobs as they really stand (queued, sent, printer offline — job kept, no
 * printer configured…), the latest of each kind, and E to print labels again from here: all of
 * them, one set or one label, with a reason from the list.
 */
export function PrintJobsOfRequest({ requestId }: { requestId: string }): React.JSX.Element | null {
  const jobs = useCallQuery('print.jobs', { requestId })
  const devices = useCallQuery('devices.status', {})
  const [reprinting, setReprinting] = useState<PrintJobView | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const latest = (['dispensing', 'bag'] as const)
    .map((kind) => jobs.data?.find((job) => job.kind === kind))
    .filter((job): job is PrintJobView => job !== undefined)
  const reprintable = latest.find((job) => job.state === 'delivered')

  useScope('request', {
    keys: {
      reprint: () => {
        if (!reprintable) return false
        setReprinting(reprintable)
      }
    }
  })

  if (latest.length === 0 || !devices.data) return null
  return (
    <section className="print-jobs-of-request" aria-label="Printing">
      {latest.map((job) => {
        const status = printJobStatus(job, devices.data.printer)
        return (
          <p key={job.id} role="status" data-print-status={status.word}>
            {WHAT[job.kind]} ({job.labels}): {status.text}
            {job.state === 'delivered' && job === reprintable && (
              <>
                {' '}
                <button onClick={() => setReprinting(job)}>
                  Reprint <kbd>I</kbd>
                </button>
              </>
            )}
          </p>
        )
      })}
      {message && <p role="status">{message}</p>}
      {reprinting && (
        <ReprintDialog
          job={reprinting}
          title={`Reprint: ${WHAT[reprinting.kind].toLowerCase()}`}
          onDone={(job, text) => {
            setReprinting(null)
            setMessage(text)
            if (job) void refreshCall('print.jobs', { requestId })
          }}
        />
      )}
    </section>
  )
}
