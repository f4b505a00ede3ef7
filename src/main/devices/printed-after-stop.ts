import type { AuditTrail } from '../audit'
import { PRINTED_AFTER_STOP, type DeliveredHook } from './print-queue'

/**
 * A label that printed for a request already stopped is put on the request's timeline, where the
 * person who picks up the request sees it, besides the notice in the print queue.
 */
export function recordPrintedAfterStop(audit: AuditTrail): DeliveredHook {
  return (job, now) => {
    if (job.notice !== PRINTED_AFTER_STOP || !job.requestId) return
    audit.append({
      at: now.toISOString(),
      actorId: null,
      actorName: null,
      command: 'print.printedAfterStop',
      entityType: 'request',
      entityId: job.requestId,
      summary: { job: job.id, kind: job.kind, labels: job.labels, notice: job.notice }
    })
  }
}
