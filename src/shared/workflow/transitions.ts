/**
 * The workflow's transitions, in one table: which stages each step starts from, where it may
 * lead, who makes it happen, the guards main checks (in this order) and the status events it may
 * send to Phensys. Main runs every stage change through it (src/main/workflow); the renderer reads
 * it to decide which actions to offer.
 *
 * The flow, from arrival to delivery:
 *   new → accept → awaiting_hard_copy (original required) | stock_check
 *   awaiting_hard_copy → receiveHardCopy → stock_check | query_raised (mismatch)
 *   awaiting_hard_copy → (Phensys: the original no longer required, no rule needing it) → stock_check
 *   stock_check → checkStock → ready_to_dispense | awaiting_patient_decision (ordered / supply issue)
 *   awaiting_patient_decision → (Phensys: the patient waits) → awaiting_stock | supply_issue
 *   awaiting_* / supply_issue → (stock booked in at goods-in) → ready_to_dispense
 *   awaiting_* / supply_issue → (a shortage notice on a product still on order) → awaiting_patient_decision
 *     while the patient is still deciding, else supply_issue (they chose to wait)
 *   ready_to_dispense → startDispensing → dispensing → (every pack scanned, clinically checked) printLabels
 *   ready_to_dispense / dispensing → (Phensys: items that need more than the stock held) → stock_check
 *   dispensing → (the printer has the labels) → labelled
 *   labelled → accuracyCheck (by someone who assembled none of it) → accuracy_checked
 * The pharmacist's clinical check is made with the patient's record in view as soon as the request
 * is accepted (and the original is in hand where required), before anything is assembled or
 * labelled; it moves no stage, and labels are not printed without it. A change to the items from
 * Phensys voids it (clinicalCheckVoided), so the new items are checked again.
 *   accuracy_checked → pack → packed → dispatch → dispatched → markDelivered → delivered
 *                                      packed → collect → delivered (handed over at the counter)
 *   dispatched → markReturned → returned_to_sender (a query to Phensys: only it talks to the patient)
 *   cancelled / rejected (after dispatch) → markReturned → the same (the bag to quarantine; Phensys hears nothing)
 *   returned_to_sender → (Phensys answers the address query) → accuracy_checked, packed again;
 *     with other items since (the clinical check voided), the bag that came back is not sent: it
 *     stays returned for a pharmacist (a query or a rejection)
 * Branches: raiseQuery (held until Phensys resolves it), reject, and from Phensys: cancellation,
 * rejection, further consultation (held; new items go back through the stock check).
 */
import type { Role } from '../roles'
import type { StatusEventType } from '../phensys/events'
import { CLOSED_STAGES, STAGES, type Stage } from './stages'

/** Conditions main checks before a step may run; each has a message for the person. */
export const GUARDS = {
  /** What Phensys sent that the counter does not know, or a person must decide first (src/main/flags). */
  noBlockingFlag: 'A flag on the request holds this step back until a person settles it (or raises a query).',
  hardCopyInHand: 'The original prescription must be received and checked first.',
  prescriptionValid:
    'The prescription has expired (6 months; 28 days for Schedules 2–4) and can no longer be dispensed or supplied.',
  stockReserved: 'Every line needs its stock reserved first.',
  everyPackScanned: 'Every pack of every line must be scanned and matched first.',
  labelsNotQueued: 'The labels are already in the print queue.',
  pharmacist: 'Only a pharmacist can do this.',
  notTheAssembler:
    'The accuracy check must be made by someone other than who assembled the item (unless the administrator allows self-checking).',
  everyLabelledPackRescanned: 'Re-scan every labelled pack for the accuracy check.',
  clinicallyChecked: 'The clinical check is not recorded; a pharmacist must make it first.',
  labelledAndCheckedNow:
    'The labels must be printed and accuracy-checked for the items as prescribed now (Phensys changed them since, or they were never made): label and check the bag again first.',
  notClinicallyChecked: 'The clinical check is already made.',
  deliveryServiceKnown: 'The delivery service is not one this pharmacy knows; a person must choose the carrier.',
  bagScanned: "Scan the request's bag or request label to pack it.",
  responsiblePharmacist:
    'No Responsible Pharmacist is signed in: medicines may not leave the pharmacy until a pharmacist signs in as RP (F2).',
  goesByCarrier: 'A request for collection is handed over at the counter, not dispatched.',
  trackingValid: 'Every parcel needs a tracking number valid for its carrier.',
  collectService: 'Only a request for collection is handed over at the counter.',
  packsLastTheCourse:
    'Every pack in the bag must be in date and last the course counted from today, as at the scan: one that no longer does is replaced first.',
  packOutOfDate:
    'Every pack in the bag is in date and lasts the course counted from today: there is no out-of-date pack to take out.'
} as const
export type Guard = keyof typeof GUARDS

/**
 * Who makes a step happen: a person at the counter (a call, offered on the request screen),
 * Phensys (its new snapshot says so), or the counter by itself once something else has happened
 * (stock booked in, the printer took the labels), on behalf of the person who did that.
 */
export type Mover = 'person' | 'phensys' | 'system'

export interface Transition {
  label: string
  by: Mover
  /** The key that runs it on the request screen (a person's steps only). */
  shortcut: string
  from: readonly Stage[]
  /** Where it may lead; the step picks one from what it finds (e.g. a stock shortfall). */
  to: readonly Stage[]
  /** Who may run a person's step (the contract's access for its call). */
  roles: readonly Role[]
  /** Checked in this order before the step runs. */
  guards: readonly Guard[]
  /** The status events it may send, in order. */
  events: readonly StatusEventType[]
  /**
   * The person taking this step claims the request, at their bench, while it stays in the stage
   * the step leads to: nobody else works it meanwhile unless a pharmacist takes it over.
   */
  claims?: true
  /**
   * Made beside whoever holds the request: a claim does not hold this step back. The pharmacist's
   * clinical check reads the prescription and the patient, not the packs a dispenser is assembling.
   */
  alongsideClaim?: true
}

const OPEN_STAGES = STAGES.filter((stage) => !CLOSED_STAGES.includes(stage))
const STAFF: readonly Role[] = ['pharmacist', 'dispenser', 'accuracy_checker']
const DISPENSING_STAFF: readonly Role[] = ['pharmacist', 'dispenser']
const AUTOMATIC = { shortcut: '', roles: [] } as const
/**
 * Where the clinical check can be made: from acceptance (the original guard holds it back until
 * the original is in hand where one is required) until the labels print. It stays in the stage.
 */
const CLINICAL_CHECK_STAGES = [
  'awaiting_hard_copy',
  'stock_check',
  'awaiting_patient_decision',
  'awaiting_stock',
  'supply_issue',
  'ready_to_dispense',
  'dispensing'
] as const satisfies readonly Stage[]

/**
 * After the stock check and before the supply: the request holds its stock (reserved, or packs in
 * the bag) or waits for it. What changes under it there (a recalled batch, an original now
 * required) sends it back; a request held for a query or a consultation has given its packs back
 * already, and a parcel back from the carrier waits for the address answer.
 */
const STOCK_CHECKED_UNTIL_SUPPLY = [
  'awaiting_patient_decision',
  'awaiting_stock',
  'supply_issue',
  'ready_to_dispense',
  'dispensing',
  'labelled',
  'accuracy_checked',
  'packed'
] as const satisfies readonly Stage[]

export const TRANSITIONS = {
  accept: {
    label: 'Accept',
    by: 'person',
    shortcut: 'a',
    from: ['new'],
    to: ['awaiting_hard_copy', 'stock_check'],
    roles: DISPENSING_STAFF,
    guards: ['noBlockingFlag'],
    events: ['accepted', 'hard_copy.awaiting']
  },
  receiveHardCopy: {
    label: 'Receive hard copy',
    by: 'person',
    shortcut: 'h',
    // Paper that arrives after the request was cancelled or rejected is still recorded, as received:
    // the request stays stopped, and Phensys, which has closed it, hears nothing.
    from: ['awaiting_hard_copy', 'cancelled', 'rejected'],
    to: ['stock_check', 'query_raised', 'cancelled', 'rejected'],
    roles: DISPENSING_STAFF,
    guards: [],
    events: ['hard_copy.received', 'query.raised']
  },
  checkStock: {
    label: 'Check stock',
    by: 'person',
    shortcut: 's',
    // Back at the stock check while the patient's choice to wait stands, and nothing comes later than
    // the ETA they chose on: waiting for stock again, the patient not asked again.
    from: ['stock_check'],
    to: ['ready_to_dispense', 'awaiting_patient_decision', 'awaiting_stock'],
    roles: DISPENSING_STAFF,
    guards: ['noBlockingFlag', 'hardCopyInHand', 'prescriptionValid'],
    events: ['stock.available', 'stock.ordered', 'stock.supply_issue']
  },
  patientWaits: {
    label: 'The patient waits',
    by: 'phensys',
    ...AUTOMATIC,
    from: ['awaiting_patient_decision'],
    // Waiting for an order differs from waiting out a supply issue: the stock check said which.
    to: ['awaiting_stock', 'supply_issue'],
    guards: [],
    events: []
  },
  stockArrived: {
    label: 'Stock arrived',
    by: 'system',
    ...AUTOMATIC,
    from: ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue'],
    to: ['ready_to_dispense'],
    guards: [],
    events: ['stock.available']
  },
  shortageNotified: {
    label: 'Shortage notice: now a supply issue',
    by: 'system',
    ...AUTOMATIC,
    // A request waiting on an order for a product a shortage notice now covers: the delay is a
    // supply issue. A patient still deciding decides knowing it; one who chose to wait now waits
    // out a supply issue (as patientWaits would have put it), until they choose otherwise at Phensys.
    from: ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue'],
    to: ['awaiting_patient_decision', 'supply_issue'],
    guards: [],
    events: ['stock.supply_issue']
  },
  orderLineCancelled: {
    label: 'An order it waited on was cancelled',
    by: 'system',
    ...AUTOMATIC,
    from: ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue'],
    to: ['stock_check'],
    guards: [],
    events: []
  },
  itemsOutgrewStock: {
    label: 'Items changed: more needed than the stock held',
    by: 'phensys',
    ...AUTOMATIC,
    // Phensys raised a quantity, added a line or changed a product after the stock check: what the
    // request holds no longer covers what is prescribed now. The rest is never dispensed from stock
    // held for no one or for another patient: the stock check runs again (a person's S), reserving
    // what is on the shelf and ordering what is not, as the first check did. A request waiting for
    // its order (the patient chose to wait) whose new figure the order does not cover goes back
    // too: the check orders only the rest, and Phensys hears `stock.ordered` with the line's latest
    // ETA when it is later than the one relayed (the patient decides again, knowing it; see checkStock).
    from: ['ready_to_dispense', 'dispensing', 'awaiting_stock'],
    to: ['stock_check'],
    guards: [],
    events: []
  },
  batchRecalled: {
    label: 'A batch it held was recalled',
    by: 'system',
    ...AUTOMATIC,
    // A pharmacist recorded a recall (stock.recallBatch): packs of the batch in the bag went to
    // quarantine, so labels and accuracy check made with them stand no more and the bag is
    // dispensed again (a replacement pack, labelled and checked); where no other stock of the
    // pack is free to replace it, the request goes back to the stock check (a person's S), its
    // packs taken back as for a query. A request waiting for stock that loses a reservation so goes
    // back too (as itemsOutgrewStock): it would wait for an order that no longer makes it whole,
    // and the check orders what is now missing (Phensys hears the latest ETA).
    from: STOCK_CHECKED_UNTIL_SUPPLY,
    to: ['dispensing', 'stock_check'],
    guards: [],
    events: []
  },
  startDispensing: {
    label: 'Start dispensing',
    by: 'person',
    shortcut: 'd',
    from: ['ready_to_dispense'],
    to: ['dispensing'],
    roles: DISPENSING_STAFF,
    // A flag may hold it: Phensys holding the request in a state it does not list refuses the
    // `dispensing.started` it sends, and may cancel or change the request there: packs scanned
    // for it would be stock taken off the shelf, and labelled, for nothing.
    guards: ['noBlockingFlag', 'hardCopyInHand', 'prescriptionValid', 'stockReserved'],
    events: ['dispensing.started'],
    claims: true
  },
  printLabels: {
    label: 'Print labels',
    by: 'person',
    shortcut: 'l',
    // The request stays in dispensing until the printer has the labels (labelsPrinted).
    from: ['dispensing'],
    to: ['dispensing'],
    roles: DISPENSING_STAFF,
    guards: ['noBlockingFlag', 'prescriptionValid', 'clinicallyChecked', 'everyPackScanned', 'labelsNotQueued'],
    events: []
  },
  labelsPrinted: {
    label: 'Labels printed',
    by: 'system',
    ...AUTOMATIC,
    from: ['dispensing'],
    to: ['labelled'],
    guards: [],
    events: ['dispensing.labelled']
  },
  clinicalCheck: {
    label: 'Clinical check',
    by: 'person',
    shortcut: 'c',
    from: CLINICAL_CHECK_STAGES,
    to: CLINICAL_CHECK_STAGES,
    roles: ['pharmacist'],
    guards: ['pharmacist', 'noBlockingFlag', 'hardCopyInHand', 'prescriptionValid', 'notClinicallyChecked'],
    events: [],
    alongsideClaim: true
  },
  clinicalCheckVoided: {
    label: 'Clinical check voided: the items or the patient changed',
    by: 'phensys',
    ...AUTOMATIC,
    // Phensys changed what is prescribed, or for whom: the check was of other items or of another
    // patient's record, and so were any labels and accuracy check. A request labelled, checked or
    // packed goes back to dispensing (its packs stay in the bag, scanned), to be labelled and checked
    // again once the new items are checked; a returned parcel stays for a pharmacist
    // (addressAnswered); elsewhere the stage stays.
    from: OPEN_STAGES.filter((stage) => stage !== 'new'),
    to: OPEN_STAGES.filter((stage) => stage !== 'new'),
    guards: [],
    events: []
  },
  labelsVoided: {
    label: "Labels voided: Phensys corrected the patient's name",
    by: 'phensys',
    ...AUTOMATIC,
    // The same person (the clinical check stands), but every label prints the name as it was: labels
    // still queued are withdrawn, and a bag labelled, checked or packed goes back to dispensing, its
    // packs still in the bag and scanned, to be labelled with the name as it is now and checked again.
    // A bag back from the carrier stays for the address answer (addressAnswered), its labels void.
    from: ['dispensing', 'labelled', 'accuracy_checked', 'packed', 'returned_to_sender'],
    to: ['dispensing', 'returned_to_sender'],
    guards: [],
    events: []
  },
  deliveryChanged: {
    label: 'Packing voided: Phensys changed the delivery',
    by: 'phensys',
    ...AUTOMATIC,
    // The bag label prints the recipient, the address and the service: a bag packed for the old ones
    // goes back to accuracy checked, to be packed again with a bag label for the new ones.
    from: ['packed'],
    to: ['accuracy_checked'],
    guards: [],
    events: []
  },
  accuracyCheck: {
    label: 'Accuracy check',
    by: 'person',
    shortcut: 'k',
    from: ['labelled'],
    to: ['accuracy_checked'],
    roles: ['accuracy_checker', 'pharmacist'],
    // A flag may hold it: Phensys holding the request in a state it does not list may refuse the
    // `dispensing.checked` it sends, and a bag checked there is one step from going out.
    // A pack that lasted the course when scanned may not days later: read again against today.
    guards: [
      'noBlockingFlag',
      'notTheAssembler',
      'everyLabelledPackRescanned',
      'clinicallyChecked',
      'packsLastTheCourse'
    ],
    events: ['dispensing.checked']
  },
  outOfDatePackTakenOut: {
    label: 'Take the out-of-date pack out',
    by: 'person',
    // U: the pack out (T is the request screen's patient return).
    shortcut: 'u',
    // The remedy for packsLastTheCourse: a pack that lasted the course when scanned and no longer
    // does (expired, or expiring before the course ends counted from today) goes out of the bag to
    // quarantine in the books, and the labels and accuracy check made with it stand no more: back to
    // dispensing for a replacement reserved from a batch that lasts (labelled and checked again), or
    // to the stock check where none is free (as batchRecalled). Only those packs; Phensys hears
    // nothing (inside the pharmacy). Whoever dispenses takes a pack out and scans its replacement:
    // a dispenser or pharmacist (as printLabels), not an accuracy checker alone, who checks what others
    // assemble. No flag holds it back: it is how a bag held for its packs is mended.
    from: ['labelled', 'accuracy_checked', 'packed'],
    to: ['dispensing', 'stock_check'],
    roles: DISPENSING_STAFF,
    guards: ['packOutOfDate'],
    events: []
  },
  pack: {
    label: 'Pack',
    by: 'person',
    shortcut: 'p',
    from: ['accuracy_checked'],
    to: ['packed'],
    roles: STAFF,
    // The bag goes out only as checked: for the items prescribed now, the clinical check standing.
    // The original where one is required: a backstop (packing, dispatch and hand-over alike) behind
    // originalRequired, which takes a request back to wait for it before it gets this far.
    // A pack that lasted the course at the accuracy check may not days later: read again against
    // today, as dispatch and hand-over do (the remedy, U, is offered from here).
    guards: [
      'noBlockingFlag',
      'hardCopyInHand',
      'clinicallyChecked',
      'labelledAndCheckedNow',
      'packsLastTheCourse',
      'deliveryServiceKnown',
      'bagScanned'
    ],
    events: ['packed']
  },
  dispatch: {
    label: 'Dispatch',
    by: 'person',
    shortcut: 'x',
    from: ['packed'],
    to: ['dispatched'],
    roles: STAFF,
    guards: [
      'responsiblePharmacist',
      'noBlockingFlag',
      'hardCopyInHand',
      'prescriptionValid',
      'clinicallyChecked',
      'labelledAndCheckedNow',
      'packsLastTheCourse',
      'goesByCarrier',
      'deliveryServiceKnown',
      'trackingValid'
    ],
    events: ['dispatched']
  },
  collect: {
    label: 'Hand over (collection)',
    by: 'person',
    shortcut: 'o',
    from: ['packed'],
    to: ['delivered'],
    roles: STAFF,
    guards: [
      'responsiblePharmacist',
      'noBlockingFlag',
      'hardCopyInHand',
      'prescriptionValid',
      'clinicallyChecked',
      'labelledAndCheckedNow',
      'packsLastTheCourse',
      'collectService'
    ],
    events: ['dispatched', 'delivered']
  },
  markDelivered: {
    label: 'Mark delivered',
    by: 'person',
    shortcut: 'v',
    from: ['dispatched'],
    to: ['delivered'],
    roles: STAFF,
    guards: [],
    events: ['delivered']
  },
  markReturned: {
    label: 'Returned to sender',
    by: 'person',
    shortcut: 'n',
    // Cancelled or rejected at Phensys after dispatch, a parcel back is still recorded (the
    // registers' return, the bag to quarantine), and the request stays as it is: Phensys has closed
    // it and hears nothing.
    from: ['dispatched', 'cancelled', 'rejected'],
    to: ['returned_to_sender', 'cancelled', 'rejected'],
    roles: STAFF,
    guards: [],
    events: ['query.raised']
  },
  addressAnswered: {
    label: 'Address answered: pack again',
    by: 'phensys',
    ...AUTOMATIC,
    // The checked bag is packed again (new bag labels, for the address Phensys now gives) and sent:
    // only while its clinical check stands (new items void it, and then the bag is not what is prescribed).
    // Its labels and accuracy check void (a corrected name, a recalled pack out), back to dispensing.
    from: ['returned_to_sender'],
    to: ['accuracy_checked', 'dispensing'],
    guards: ['clinicallyChecked'],
    events: []
  },
  originalRequired: {
    label: 'The original now required: Phensys changed the request',
    by: 'phensys',
    ...AUTOMATIC,
    // A new version needs an original not in hand (a Schedule 2 or 3 line added, say): before the
    // supply, the request goes back to wait for it, listed and chased like one just accepted.
    from: ['stock_check', ...STOCK_CHECKED_UNTIL_SUPPLY],
    to: ['awaiting_hard_copy'],
    guards: [],
    events: ['hard_copy.awaiting']
  },
  originalNoLongerRequired: {
    label: 'The original no longer required: Phensys changed the request',
    by: 'phensys',
    ...AUTOMATIC,
    // Waiting only because Phensys required the original, and a new version no longer does: no rule
    // needs it (not the upload route's paper, nor a Schedule 2 or 3 item), so it goes on as if in hand.
    // So does one whose original received matches the request again as it is now.
    from: ['awaiting_hard_copy'],
    to: ['stock_check'],
    guards: [],
    events: []
  },
  raiseQuery: {
    label: 'Raise query',
    by: 'person',
    shortcut: 'q',
    from: OPEN_STAGES.filter((stage) => stage !== 'query_raised' && stage !== 'new'),
    to: ['query_raised'],
    roles: ['pharmacist'],
    guards: [],
    events: ['query.raised']
  },
  queryResolved: {
    label: 'Query resolved',
    by: 'phensys',
    ...AUTOMATIC,
    // New items go through the stock check again, behind the original where one is needed.
    from: ['query_raised', 'further_consultation'],
    to: ['awaiting_hard_copy', 'stock_check'],
    guards: [],
    events: []
  },
  furtherConsultation: {
    label: 'Further consultation',
    by: 'phensys',
    ...AUTOMATIC,
    from: OPEN_STAGES.filter((stage) => stage !== 'further_consultation'),
    to: ['further_consultation'],
    guards: [],
    events: []
  },
  reject: {
    label: 'Reject',
    by: 'person',
    shortcut: 'r',
    // A pharmacist may decline the supply at any stage before it leaves, a packed bag too.
    from: OPEN_STAGES,
    to: ['rejected'],
    roles: ['pharmacist'],
    guards: [],
    events: ['rejected']
  },
  unreadableVersion: {
    label: 'Rejected: Phensys sent a version the counter cannot read',
    by: 'phensys',
    ...AUTOMATIC,
    // Not once supplied: a rejection makes Phensys route the request elsewhere, a second supply.
    from: OPEN_STAGES,
    to: ['rejected'],
    guards: [],
    events: ['rejected']
  },
  rejectedByPhensys: {
    label: 'Rejected at Phensys',
    by: 'phensys',
    ...AUTOMATIC,
    from: [...OPEN_STAGES, 'dispatched'],
    to: ['rejected'],
    guards: [],
    events: []
  },
  cancelledByPhensys: {
    label: 'Cancelled at Phensys',
    by: 'phensys',
    ...AUTOMATIC,
    // A dispatched parcel is with the carrier: the counter acknowledges and a person follows up.
    from: [...OPEN_STAGES, 'dispatched'],
    to: ['cancelled'],
    guards: [],
    events: ['cancellation.acknowledged']
  }
} as const satisfies Record<string, Transition>

export type WorkflowCommand = keyof typeof TRANSITIONS
/** The steps of each mover: a person's are contract calls, the others happen by themselves. */
export type CommandBy<M extends Mover> = {
  [C in WorkflowCommand]: (typeof TRANSITIONS)[C]['by'] extends M ? C : never
}[WorkflowCommand]
/** Where a step may lead, and the events it may send, as types. */
export type TargetOf<C extends WorkflowCommand> = (typeof TRANSITIONS)[C]['to'][number]
export type EventOf<C extends WorkflowCommand> = (typeof TRANSITIONS)[C]['events'][number]
export type GuardOf<C extends WorkflowCommand> = (typeof TRANSITIONS)[C]['guards'][number]

/** The steps this user may take on a request in this stage (only a person's steps are offered). */
export function availableCommands(stage: Stage, roles: readonly Role[]): Array<CommandBy<'person'>> {
  return (Object.keys(TRANSITIONS) as WorkflowCommand[]).filter((command): command is CommandBy<'person'> => {
    const transition: Transition = TRANSITIONS[command]
    return (
      transition.by === 'person' &&
      transition.from.includes(stage) &&
      transition.roles.some((role) => roles.includes(role))
    )
  })
}
