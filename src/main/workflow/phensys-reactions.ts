import type { RequestStockOutcome, SnapshotChange } from '../../shared/contract'
import type { Snapshot } from '../../shared/phensys/snapshot'
import type { Stage } from '../../shared/workflow/stages'
import type { Workflow } from './workflow'

/**
 * Who stopped a request with a parcel still out: Phensys (cancelled or rejected there), a
 * pharmacist here (R), or the counter on a version from Phensys it cannot read.
 */
export type RecallStop = 'cancelled' | 'rejected' | 'rejected_by_pharmacy' | 'unreadable'

/** What the reactions need from stock and dispensing, to take back what a stopped request held. */
export interface ReactionPorts {
  /** The last stock check's answer for the request, or null when it was never checked. */
  stockOutcome(requestId: string): RequestStockOutcome | null
  /** Gives back what the request holds reserved; says whether no stock of it is still out. */
  releaseStock(requestId: string, now: Date, why: string): { stockReturned: boolean }
  /**
   * The lines whose need, as the snapshot prescribes it now, is more than the request holds
   * (reserved, or already in its bag; with `withOrders`, also what its wholesaler orders still
   * bring), with what each needs and holds (thousandths of its unit).
   */
  stockShortOf(
    requestId: string,
    snapshot: Snapshot,
    withOrders: boolean
  ): Array<{ lineId: string; neededMilli: number; heldMilli: number }>
  /**
   * A parcel of the request's last dispatch has not come back (with the carrier, or delivered): which
   * packs were in which parcel is not recorded, so the bag is not all in the pharmacy to take back.
   */
  parcelStillOut(requestId: string): boolean
  /**
   * Stopped with a parcel of its last dispatch still with the carrier: a flag tells a person, in
   * words, to have it returned and record it back. Raises none when every parcel is back or
   * delivered. Says whether one was raised.
   */
  flagParcelsOut(requestId: string, stopped: RecallStop, version: number, now: Date): boolean
  /** Packs already scanned for a stopped request: back to stock before labelling, to quarantine after. */
  takeBackPacks(requestId: string, now: Date, why: string): { stockReturned: boolean }
  /** The request needs its original, and none received matches the request as it is now. */
  originalAwaited(snapshot: Snapshot): boolean
  /** The request needs its original (Phensys says so, the upload route's paper, a Schedule 2 or 3 item). */
  originalRequired(requestId: string): boolean
  /** A pharmacist's clinical check of the request stands (made, and not voided). */
  clinicalCheckStands(requestId: string): boolean
  /** Voids the standing clinical check: Phensys changed the items in this version. */
  voidClinicalCheck(requestId: string, version: number, now: Date): void
  /** Voids the request's labels and accuracy check: they were made for items Phensys has since changed. */
  voidLabelsAndAccuracyCheck(requestId: string): void
  /** The bag's labels and accuracy check stand (made, and not voided since). */
  accuracyCheckStands(requestId: string): boolean
  /** Cancels the request's label jobs still waiting to print; marks those already at the printer. */
  withdrawPrintJobs(requestId: string, now: Date, why: string): { cancelled: number[]; atPrinter: number[] }
  /** Records the request's printed bag labels void, with why: it was stopped once they had printed. */
  voidBagLabels(requestId: string, now: Date, why: string): number[]
  /** Cancels what is still to come from wholesalers for the request, or marks it for a person. */
  withdrawOrders(requestId: string, now: Date, why: string): { cancelled: number[]; forAPerson: number[] }
  /**
   * Sets aside the request's events Phensys refused that its stopping has made moot (they wait for
   * no one any more), as superseded by its state; news of medicine already out stays for a person.
   */
  setAsideRefusedEvents(requestId: string, snapshot: Snapshot, now: Date): Array<{ id: number; type: string }>
  /**
   * The same when the counter rejects the request itself (`who`: the pharmacy, or the counter on an
   * unreadable version; at the version it holds), so its rejection does not wait behind events no one
   * need decide on any more.
   */
  setAsideOnOwnRejection(
    requestId: string,
    rejected: { who: string; version: number },
    now: Date
  ): Array<{ id: number; type: string }>
}

export interface PhensysChange {
  requestId: string
  /** The request arrived with this snapshot: the counter had not seen it before. */
  firstSeen: boolean
  snapshot: Snapshot
  changes: readonly SnapshotChange[]
  now: Date
}

/**
 * How the counter's stage follows what Phensys decides (cancellation, rejection, the patient's
 * choice, a resolved query, an answered address), and a change of items voiding the clinical check or
 * needing more than the stock held (back to the stock check). Each is a step of the transition table taken
 * by Phensys; a step the table does not allow from the request's stage changes nothing. Runs
 * inside the transaction that stores the snapshot.
 */
export function reactToPhensys(workflow: Workflow, ports: ReactionPorts, change: PhensysChange): void {
  const { requestId, firstSeen, snapshot, changes, now } = change
  // Nothing below moves a request on any other change (a new request, a state Phensys moved on):
  // its stage need not be read, for each of the feed's snapshots.
  if (snapshot.state !== 'rejected' && !changes.some((kind) => MOVES_THE_REQUEST.has(kind))) return
  let stage = workflow.stageOf(requestId)
  if (stage === undefined) return
  const note = { version: snapshot.version }

  if (changes.includes('cancelled')) {
    if (!workflow.allows('cancelledByPhensys', stage)) return
    return workflow.byPhensys('cancelledByPhensys', requestId, now, (request) => {
      // Never worked on here: nothing to give back or withdraw. Still acknowledged, as the contract
      // asks of every cancellation: entries may arrive out of order, and whether Phensys hears it
      // must not hang on whether its creation reached the counter first.
      if (firstSeen) return { to: 'cancelled', events: [acknowledged(true)], note }
      // The parcel is already with the carrier (or one of several came back and another has not):
      // the bag is not here to put on the shelf or in quarantine, and the supply stays in the
      // registers. The counter does not pretend otherwise: a flag tells a person, in words, to have
      // the carrier return each parcel still out; the bag goes to quarantine when its last parcel
      // comes back (which settles the flag).
      if (bagNotAllHere(ports, requestId, request.row.stage)) {
        const withdrawn = withdrawInFlight(ports, requestId, snapshot, now, CANCELLED)
        const recallFlagged = ports.flagParcelsOut(requestId, 'cancelled', snapshot.version, now)
        return { to: 'cancelled', events: [acknowledged(false)], note: { ...note, withdrawn, recallFlagged } }
      }
      // Everything in flight stops in this transaction: scanned packs first (unlabelled back to
      // stock, labelled to quarantine), then what is still reserved, the labels not yet printed,
      // what is still to come from wholesalers, and events Phensys refused that no longer matter.
      // The acknowledgement says whether everything went back on the shelf.
      const packs = ports.takeBackPacks(requestId, now, CANCELLED)
      const reserved = ports.releaseStock(requestId, now, CANCELLED)
      const withdrawn = withdrawInFlight(ports, requestId, snapshot, now, CANCELLED)
      return {
        to: 'cancelled',
        events: [acknowledged(packs.stockReturned && reserved.stockReturned)],
        note: { ...note, withdrawn }
      }
    })
  }
  if (snapshot.state === 'rejected') {
    if (!workflow.allows('rejectedByPhensys', stage)) return
    return workflow.byPhensys('rejectedByPhensys', requestId, now, (request) => {
      // As for a cancellation: a bag with the carrier (all of it, or a parcel of it) is not on the
      // shelf or in quarantine here, and its supply stays in the registers until its last parcel
      // comes back (markReturned, which quarantines the bag then).
      if (bagNotAllHere(ports, requestId, request.row.stage)) {
        const withdrawn = withdrawInFlight(ports, requestId, snapshot, now, REJECTED)
        const recallFlagged = ports.flagParcelsOut(requestId, 'rejected', snapshot.version, now)
        return { to: 'rejected', events: [], note: { ...note, withdrawn, recallFlagged } }
      }
      ports.takeBackPacks(requestId, now, REJECTED)
      ports.releaseStock(requestId, now, REJECTED)
      const withdrawn = withdrawInFlight(ports, requestId, snapshot, now, REJECTED)
      return { to: 'rejected', events: [], note: { ...note, withdrawn } }
    })
  }
  // The check was of other items, or of another patient's record: it is voided, and what is
  // prescribed now waits for a check of its own. So were the labels (printed or still queued; they
  // name the patient and the directions) and the accuracy check: labels not yet printed are
  // withdrawn, and a bag labelled, checked or packed goes back to dispensing, to be labelled and
  // checked again for what is prescribed now (it must never leave with the old labels).
  const voidsTheCheck = changes.includes('items_changed') || changes.includes('patient_changed')
  if (voidsTheCheck && ports.clinicalCheckStands(requestId) && workflow.allows('clinicalCheckVoided', stage)) {
    workflow.byPhensys('clinicalCheckVoided', requestId, now, (request) => {
      ports.voidClinicalCheck(requestId, snapshot.version, now)
      const why = changes.includes('patient_changed') ? OTHER_PATIENT : ITEMS_CHANGED
      const printJobs = ports.withdrawPrintJobs(requestId, now, why)
      ports.voidLabelsAndAccuracyCheck(requestId)
      const relabel = LABELLED_STAGES.has(request.row.stage)
      return {
        to: relabel ? 'dispensing' : workflow.stays('clinicalCheckVoided', request),
        events: [],
        note: withdrawnAny(printJobs) ? { ...note, withdrawn: { printJobs } } : note
      }
    })
    // A bag sent back to dispensing may now hold less than is prescribed: the steps below see where it is now.
    stage = workflow.stageOf(requestId) ?? stage
  }
  // Now an original is needed that is not in hand (a Schedule 2 line added, another patient than
  // the paper names, Phensys now saying a paper original is required): held for it.
  const originalMayBeNeeded = voidsTheCheck || changes.includes('hard_copy_changed')
  if (originalMayBeNeeded && workflow.allows('originalRequired', stage) && ports.originalAwaited(snapshot))
    return holdForTheOriginal(workflow, ports, requestId, stage, now, note)
  // Waiting for an original that nothing needs now (Phensys no longer requires it, and neither the
  // upload route's paper nor a Schedule 2 or 3 item does), or that is in hand again (one received
  // matches the request as it is now): it goes on to the stock check as if the original were in
  // hand. Phensys takes no event for it (the contract has none).
  if (originalMayBeNeeded && workflow.allows('originalNoLongerRequired', stage) && !ports.originalAwaited(snapshot)) {
    return workflow.byPhensys('originalNoLongerRequired', requestId, now, () => ({
      to: 'stock_check',
      events: [],
      note: { ...note, why: ports.originalRequired(requestId) ? ORIGINAL_MATCHES_NOW : NO_LONGER_REQUIRED }
    }))
  }
  // The labels print the patient's name: corrected (the same person, the check stands), the bag must
  // not leave under the old one. Labels still queued are withdrawn; a bag labelled, checked or packed
  // goes back to dispensing, to be labelled with the name as it is now and checked again. A bag back
  // from the carrier waits for the address answer as it is, its labels void: the answer sends it to
  // dispensing (below), not out again.
  if (changes.includes('patient_renamed') && workflow.allows('labelsVoided', stage)) {
    const returned = stage === 'returned_to_sender'
    workflow.byPhensys('labelsVoided', requestId, now, () => {
      const printJobs = ports.withdrawPrintJobs(requestId, now, RENAMED)
      ports.voidLabelsAndAccuracyCheck(requestId)
      return {
        to: returned ? 'returned_to_sender' : 'dispensing',
        events: [],
        note: withdrawnAny(printJobs) ? { ...note, withdrawn: { printJobs } } : note
      }
    })
    stage = workflow.stageOf(requestId) ?? stage
  }
  // The bag label prints the recipient, the address and the service: a bag packed for the old ones
  // is packed again (its bag label, if still queued, withdrawn) before it may be dispatched.
  if (changes.includes('delivery_changed') && workflow.allows('deliveryChanged', stage)) {
    workflow.byPhensys('deliveryChanged', requestId, now, () => {
      const printJobs = ports.withdrawPrintJobs(requestId, now, DELIVERY_CHANGED)
      return {
        to: 'accuracy_checked',
        events: [],
        note: withdrawnAny(printJobs) ? { ...note, withdrawn: { printJobs } } : note
      }
    })
    stage = workflow.stageOf(requestId) ?? stage
  }
  const choice = changes.includes('patient_decided') ? snapshot.patientDecision?.choice : undefined
  if (choice === 'further_consultation' && workflow.allows('furtherConsultation', stage)) {
    // Held for a new consultation that may change the items: what was dispensed is taken back, and
    // labels still waiting for the printer are withdrawn (their packs are no longer in a bag).
    return workflow.byPhensys('furtherConsultation', requestId, now, () => {
      ports.takeBackPacks(requestId, now, FURTHER_CONSULTATION)
      const printJobs = ports.withdrawPrintJobs(requestId, now, FURTHER_CONSULTATION)
      return {
        to: 'further_consultation',
        events: [],
        note: withdrawnAny(printJobs) ? { ...note, withdrawn: { printJobs } } : note
      }
    })
  }
  // More is prescribed than the stock check held for it: the rest must not come from stock held for
  // no one or for another patient. Back to the stock check; packs already in the bag go back to
  // the shelf (as for a query), and labels still waiting for the printer are withdrawn. A request
  // waiting for its order is short only of what the order does not bring: the check orders the rest.
  if (changes.includes('items_changed') && workflow.allows('itemsOutgrewStock', stage)) {
    const short = ports.stockShortOf(requestId, snapshot, stage === 'awaiting_stock')
    if (short.length > 0) {
      const why = `Phensys changed the items (version ${snapshot.version}): more is needed than the stock held`
      return workflow.byPhensys('itemsOutgrewStock', requestId, now, () => {
        ports.takeBackPacks(requestId, now, why)
        const printJobs = ports.withdrawPrintJobs(requestId, now, why)
        return { to: 'stock_check', events: [], note: { ...note, short, printJobs } }
      })
    }
  }
  if (choice === 'wait' && workflow.allows('patientWaits', stage)) {
    return workflow.byPhensys('patientWaits', requestId, now, () => ({
      to: ports.stockOutcome(requestId) === 'supply_issue' ? 'supply_issue' : 'awaiting_stock',
      events: [],
      note
    }))
  }
  if (!changes.includes('query_resolved')) return
  if (workflow.allows('queryResolved', stage)) {
    return workflow.byPhensys('queryResolved', requestId, now, () => ({
      to: ports.originalAwaited(snapshot) ? 'awaiting_hard_copy' : 'stock_check',
      events: [],
      note
    }))
  }
  // The address query of a returned parcel answered. Only an answer counts: Phensys's earlier
  // states reach the counter late when it was offline, and "in fulfilment" from then is not one.
  // The bag goes again only as it was checked: with other items since (the check voided, above or
  // by an earlier version) it is not what is prescribed now, and stays returned for a pharmacist
  // (the table's guard): what becomes of a bag no longer prescribed is a pharmacist's decision.
  // Its labels and accuracy check void (the name corrected, a recalled pack taken out), it is what
  // is prescribed but may not leave as it is: back to dispensing, to be labelled and checked again.
  if (workflow.allows('addressAnswered', stage) && ports.clinicalCheckStands(requestId)) {
    const to = ports.accuracyCheckStands(requestId) ? 'accuracy_checked' : 'dispensing'
    workflow.byPhensys('addressAnswered', requestId, now, () => ({ to, events: [], note }))
    // The bag goes out again only with the original Phensys now requires (asked for by this answer,
    // or by a version while the bag was with the carrier, when no hold was taken): held for it, as
    // before the first supply.
    if (workflow.allows('originalRequired', to) && ports.originalAwaited(snapshot))
      holdForTheOriginal(workflow, ports, requestId, to, now, note)
  }
}

/**
 * Held for an original not in hand, as at acceptance: what was dispensed is taken back and labels
 * still waiting for the printer go with it, as for a query. Phensys hears it where it takes such
 * news: in fulfilment, not while it holds the request for the patient's choice.
 */
function holdForTheOriginal(
  workflow: Workflow,
  ports: ReactionPorts,
  requestId: string,
  stage: Stage,
  now: Date,
  note: { version: number }
): void {
  const withThePatient = WITH_THE_PATIENT.has(stage)
  workflow.byPhensys('originalRequired', requestId, now, () => {
    ports.takeBackPacks(requestId, now, ORIGINAL_REQUIRED)
    const printJobs = ports.withdrawPrintJobs(requestId, now, ORIGINAL_REQUIRED)
    const awaiting = { type: 'hard_copy.awaiting' as const, data: {} }
    return {
      to: 'awaiting_hard_copy',
      events: withThePatient ? [] : [awaiting],
      note: withdrawnAny(printJobs) ? { ...note, withdrawn: { printJobs } } : note
    }
  })
}

/**
 * A version of a request the counter holds that cannot be read (no items, say): what Phensys now
 * prescribes is unknown, and the contract has the provider reject it (`request_unreadable`). The
 * counter stops the request as it tells Phensys, as a rejection does, so nothing is supplied
 * against the version before: packs taken back (labelled ones to quarantine; a bag with a parcel
 * still out stays as supplied), reservations released, labels not yet printed and stock still to come
 * withdrawn, and events waiting for a person set aside. A request already supplied or
 * stopped takes no such step: nothing is sent, and the kept entry waits for a person. Runs inside
 * the transaction that keeps the entry.
 */
export function rejectUnreadable(
  workflow: Workflow,
  ports: ReactionPorts,
  change: { requestId: string; message: string; now: Date }
): void {
  const { requestId, message, now } = change
  const stage = workflow.stageOf(requestId)
  if (stage === undefined || !workflow.allows('unreadableVersion', stage)) return
  workflow.byPhensys('unreadableVersion', requestId, now, (request) => {
    // As for a rejection: a bag back from the carrier with a parcel still out stays as supplied
    // until its last parcel comes back (markReturned, which quarantines the bag then).
    if (!bagNotAllHere(ports, requestId, request.row.stage)) ports.takeBackPacks(requestId, now, UNREADABLE)
    ports.releaseStock(requestId, now, UNREADABLE)
    // A parcel still with the carrier is named for a person to recall, as after a stop from Phensys.
    const recallFlagged = ports.flagParcelsOut(requestId, 'unreadable', request.version, now)
    const withdrawn = {
      printJobs: ports.withdrawPrintJobs(requestId, now, UNREADABLE),
      ...bagLabelsVoided(ports, requestId, now, UNREADABLE),
      orderLines: ports.withdrawOrders(requestId, now, UNREADABLE),
      refusedEvents: ports.setAsideOnOwnRejection(
        requestId,
        { who: 'the counter, on a version it cannot read,', version: request.version },
        now
      )
    }
    return {
      to: 'rejected',
      events: [{ type: 'rejected', data: { reason: 'request_unreadable', message } }],
      note: recallFlagged ? { withdrawn, recallFlagged } : { withdrawn }
    }
  })
}

/** The changes a step below follows (with a rejection, whatever changed). */
const MOVES_THE_REQUEST = new Set<SnapshotChange>([
  'cancelled',
  'items_changed',
  'patient_changed',
  'patient_renamed',
  'delivery_changed',
  'hard_copy_changed',
  'patient_decided',
  'query_resolved'
])

/** Stages whose labels (and accuracy check, and bag) were made for the items as they were. */
const LABELLED_STAGES: ReadonlySet<Stage> = new Set(['labelled', 'accuracy_checked', 'packed'])

const ITEMS_CHANGED = 'the items changed at Phensys'
const UNREADABLE = 'Phensys sent a version the counter cannot read: rejected'
const CANCELLED = 'cancelled at Phensys'
const REJECTED = 'rejected at Phensys'
const OTHER_PATIENT = 'Phensys changed the patient'
const RENAMED = "Phensys corrected the patient's name"
const DELIVERY_CHANGED = 'Phensys changed the delivery'
const FURTHER_CONSULTATION = 'the patient chose a further consultation'
/** Stages in which Phensys holds the request for the patient's choice (after a delay was reported). */
const WITH_THE_PATIENT = new Set<Stage>(['awaiting_patient_decision', 'awaiting_stock', 'supply_issue'])
const ORIGINAL_REQUIRED = 'the original prescription is now required'
const ORIGINAL_MATCHES_NOW = 'an original received matches the request as it is now'
const NO_LONGER_REQUIRED =
  'Phensys no longer requires the original, and no rule does (not an upload-route paper prescription, no Schedule 2 or 3 item)'

/**
 * What a stopped request still had in flight besides its stock: labels waiting to print, orders
 * still to come from wholesalers, and events Phensys refused that were waiting for a person.
 * Kept in the step's audit entry, so the request's timeline says what was withdrawn.
 */
function withdrawInFlight(ports: ReactionPorts, requestId: string, snapshot: Snapshot, now: Date, why: string) {
  return {
    printJobs: ports.withdrawPrintJobs(requestId, now, why),
    ...bagLabelsVoided(ports, requestId, now, why),
    orderLines: ports.withdrawOrders(requestId, now, why),
    refusedEvents: ports.setAsideRefusedEvents(requestId, snapshot, now)
  }
}

/**
 * A stopped request's bag labels already printed, recorded void (named in the stop's audit entry
 * when there were any).
 */
export function bagLabelsVoided(
  ports: Pick<ReactionPorts, 'voidBagLabels'>,
  requestId: string,
  now: Date,
  why: string
): { bagLabelsVoided?: number[] } {
  const voided = ports.voidBagLabels(requestId, now, why)
  return voided.length > 0 ? { bagLabelsVoided: voided } : {}
}

/**
 * The bag went out and has not all come back: dispatched, or returned to sender with a parcel of
 * that dispatch still out (a bag back and sent again is another dispatch; one dispensed again after
 * a query is not the bag that went).
 */
export function bagNotAllHere(ports: Pick<ReactionPorts, 'parcelStillOut'>, requestId: string, stage: Stage): boolean {
  return stage === 'dispatched' || (stage === 'returned_to_sender' && ports.parcelStillOut(requestId))
}

function withdrawnAny(jobs: { cancelled: number[]; atPrinter: number[] }): boolean {
  return jobs.cancelled.length > 0 || jobs.atPrinter.length > 0
}

function acknowledged(stockReturned: boolean) {
  return { type: 'cancellation.acknowledged' as const, data: { stockReturned } }
}
