import type { Snapshot } from '../../shared/phensys/snapshot'
import type { SnapshotChange } from '../../shared/contract'
import type { Stage } from '../../shared/workflow/stages'
import type { AuditTrail } from '../audit/trail'
import type { Outbox } from '../sync/outbox'
import { SYSTEM_ACTOR } from '../sync/outbox'
import { requiresHardCopy, type RequestsRepo } from './requests-repo'

/**
 * How the counter's stage follows what Phensys decides (cancellation, the patient's choice, a
 * resolved query). Runs inside the transaction that stores the snapshot.
 */
export function reactToPhensys(
  deps: { requests: RequestsRepo; outbox: Outbox; audit: AuditTrail; hardCopyInHand: (requestId: string) => boolean },
  requestId: string,
  stageBefore: Stage | undefined,
  snapshot: Snapshot,
  changes: SnapshotChange[],
  now: Date
): void {
  const at = now.toISOString()
  const move = (stage: Stage, why: string): void => {
    deps.requests.setStage(requestId, stage, at)
    deps.audit.append({
      at, actorId: null, actorName: 'Phensys', command: `phensys.${why}`, entityType: 'request', entityId: requestId,
      summary: { before: stageBefore ?? null, after: stage, version: snapshot.version }
    })
  }
  const closed = stageBefore === 'cancelled' || stageBefore === 'rejected' || stageBefore === 'delivered'

  if (changes.includes('cancelled')) {
    if (stageBefore !== undefined && !closed) {
      move('cancelled', 'cancelled')
      // Nothing is reserved or labelled before the stock and dispensing steps hold stock; those
      // steps return it (or quarantine it) before this acknowledgement goes.
      deps.outbox.enqueue(requestId, 'cancellation.acknowledged', { stockReturned: true }, { basedOnVersion: snapshot.version, actor: SYSTEM_ACTOR, now })
    } else if (stageBefore === undefined) {
      move('cancelled', 'cancelled')
    }
    return
  }
  if (closed) return
  if (snapshot.state === 'rejected') return move('rejected', 'rejected')
  if (changes.includes('patient_decided') && snapshot.patientDecision?.choice === 'further_consultation') {
    return move('further_consultation', 'patientDecided')
  }
  if (changes.includes('patient_decided') && snapshot.patientDecision?.choice === 'wait' && stageBefore === 'awaiting_patient_decision') {
    return move('awaiting_stock', 'patientDecided')
  }
  // Back to work after a query or a further consultation: new items go through the stock check
  // again, behind the original prescription where one is needed.
  if (changes.includes('query_resolved') && (stageBefore === 'query_raised' || stageBefore === 'further_consultation')) {
    return move(requiresHardCopy(snapshot) && !deps.hardCopyInHand(requestId) ? 'awaiting_hard_copy' : 'stock_check', 'queryResolved')
  }
}
