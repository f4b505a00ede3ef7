import type { Snapshot } from '../../shared/phensys/snapshot'
import type { RequestStockOutcome, SnapshotChange } from '../../shared/contract'
import type { Stage } from '../../shared/workflow/stages'
import type { AuditTrail } from '../audit/trail'
import type { Outbox } from '../phensys/outbox'
import { SYSTEM_ACTOR } from '../phensys/outbox'
import { stoppedStillToGo } from '../phensys/refusals'
import { requiresHardCopy, type RequestsRepo } from './requests-repo'

/** What the reactions need from stock (src/main/stock/stock-service.ts). */
export interface StockReactions {
  /** The last stock check's answer for the request, or null when it was never checked. */
  requestOutcome(requestId: string): RequestStockOutcome | null
  /** Gives back what the request holds reserved; says whether no stock of it is still out. */
  releaseForRequest(requestId: string, now: Date, why: string): { stockReturned: boolean }
  /** Cancels what is still to come from wholesalers for the request, or marks it for a person. */
  withdrawOrders(requestId: string, now: Date, why: string): { cancelled: number[]; forAPerson: number[] }
}

/** What the reactions need from the print queue (src/main/devices/print-queue.ts). */
export interface PrintReactions {
  /** Cancels the request's jobs still waiting; marks those already at the printer. */
  withdrawFor(requestId: string, now: Date, why: string): { cancelled: number[]; atPrinter: number[] }
}

export interface ReactionDeps {
  requests: RequestsRepo
  outbox: Outbox
  audit: AuditTrail
  hardCopyInHand: (requestId: string) => boolean
  /** Absent where stock is not wired (then nothing is held, and a waiting patient waits for stock). */
  stock?: StockReactions
  /** Packs already scanned for a stopped request: back to stock before labelling, to quarantine after. */
  dispensing?: DispensingReactions
  /** Absent where no printer is wired: nothing is waiting to print. */
  printing?: PrintReactions
}

/** What the reactions need from dispensing (src/main/dispensing). */
export interface DispensingReactions {
  onStopped(requestId: string, now: Date, why: string): { stockReturned: boolean }
}

/**
 * How the counter's stage follows what Phensys decides (cancellation, the patient's choice, a
 * resolved query). Runs inside the transaction that stores the snapshot.
 */
export function reactToPhensys(
  deps: ReactionDeps,
  requestId: string,
  stageBefore: Stage | undefined,
  snapshot: Snapshot,
  changes: SnapshotChange[],
  now: Date
): void {
  const at = now.toISOString()
  const move = (stage: Stage, why: string, note: object = {}): void => {
    deps.requests.setStage(requestId, stage, at)
    deps.audit.append({
      at,
      actorId: null,
      actorName: 'Phensys',
      command: `phensys.${why}`,
      entityType: 'request',
      entityId: requestId,
      summary: { before: stageBefore ?? null, after: stage, version: snapshot.version, ...note }
    })
  }
  const closed = stageBefore === 'cancelled' || stageBefore === 'rejected' || stageBefore === 'delivered'

  if (changes.includes('cancelled')) {
    if (stageBefore === 'dispatched') {
      // The parcel is already with the carrier: nothing is on the shelf or in quarantine here, and
      // the supply stays in the registers. A person sees the refused dispatch (F9) and acts.
      const withdrawn = withdrawInFlight(deps, requestId, snapshot, now)
      move('cancelled', 'cancelled', { withdrawn })
      deps.outbox.enqueue(
        requestId,
        'cancellation.acknowledged',
        { stockReturned: false },
        { basedOnVersion: snapshot.version, actor: SYSTEM_ACTOR, now }
      )
    } else if (stageBefore !== undefined && !closed) {
      // Everything in flight stops in this transaction: scanned packs first (unlabelled back to
      // stock, labelled to quarantine), then what is still reserved, the labels not yet printed,
      // what is still to come from wholesalers, and events Phensys refused that no longer matter.
      // The acknowledgement says whether everything went back on the shelf.
      const packs = deps.dispensing?.onStopped(requestId, now, 'cancelled at Phensys') ?? { stockReturned: true }
      const reserved = deps.stock?.releaseForRequest(requestId, now, 'cancelled at Phensys') ?? { stockReturned: true }
      const withdrawn = withdrawInFlight(deps, requestId, snapshot, now)
      move('cancelled', 'cancelled', { withdrawn })
      const stockReturned = packs.stockReturned && reserved.stockReturned
      deps.outbox.enqueue(
        requestId,
        'cancellation.acknowledged',
        { stockReturned },
        { basedOnVersion: snapshot.version, actor: SYSTEM_ACTOR, now }
      )
    } else if (stageBefore === undefined) {
      move('cancelled', 'cancelled')
    }
    return
  }
  if (closed) return
  if (snapshot.state === 'rejected') {
    deps.dispensing?.onStopped(requestId, now, 'rejected at Phensys')
    deps.stock?.releaseForRequest(requestId, now, 'rejected at Phensys')
    return move('rejected', 'rejected')
  }
  if (changes.includes('patient_decided') && snapshot.patientDecision?.choice === 'further_consultation') {
    // Held for a new consultation that may change the items: what was dispensed is taken back.
    deps.dispensing?.onStopped(requestId, now, 'further consultation')
    return move('further_consultation', 'patientDecided')
  }
  if (
    changes.includes('patient_decided') &&
    snapshot.patientDecision?.choice === 'wait' &&
    stageBefore === 'awaiting_patient_decision'
  ) {
    // Waiting for an order differs from waiting out a supply issue: the check said which.
    return move(
      deps.stock?.requestOutcome(requestId) === 'supply_issue' ? 'supply_issue' : 'awaiting_stock',
      'patientDecided'
    )
  }
  // Back to work after a query or a further consultation: new items go through the stock check
  // again, behind the original prescription where one is needed.
  if (
    changes.includes('query_resolved') &&
    (stageBefore === 'query_raised' || stageBefore === 'further_consultation')
  ) {
    return move(
      requiresHardCopy(snapshot) && !deps.hardCopyInHand(requestId) ? 'awaiting_hard_copy' : 'stock_check',
      'queryResolved'
    )
  }
  // A parcel back from the carrier, its address query answered: the checked bag is packed again
  // (new bag labels, for the address Phensys now gives) and sent.
  if (stageBefore === 'returned_to_sender' && snapshot.state === 'in_fulfilment') {
    return move('accuracy_checked', 'queryResolved')
  }
}

const CANCELLED_AT_PHENSYS = 'cancelled at Phensys'

/**
 * What a cancelled request still had in flight besides its stock: labels waiting to print, orders
 * still to come from wholesalers, and events Phensys refused that were waiting for a person (a
 * refusal about a request Phensys has since cancelled leaves nothing to decide, except medicine
 * that has left the pharmacy).
 */
function withdrawInFlight(deps: ReactionDeps, requestId: string, snapshot: Snapshot, now: Date) {
  const printJobs = deps.printing?.withdrawFor(requestId, now, CANCELLED_AT_PHENSYS) ?? { cancelled: [], atPrinter: [] }
  const orderLines = deps.stock?.withdrawOrders(requestId, now, CANCELLED_AT_PHENSYS) ?? {
    cancelled: [],
    forAPerson: []
  }
  const refusedEvents = deps.outbox.supersede(requestId, {
    statuses: ['conflict', 'failed'],
    except: stoppedStillToGo('cancelled'),
    reason: `Set aside: Phensys cancelled the request (version ${snapshot.version}).`,
    answer: { version: snapshot.version, state: snapshot.state },
    now
  })
  return { printJobs, orderLines, refusedEvents }
}
