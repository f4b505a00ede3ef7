/**
 * The workflow's transitions, in one table: which stages a command starts from, where it may
 * lead, who may run it, the guards main checks, and the status events it sends to Phensys. Main
 * enforces it; the renderer reads it to decide which actions to offer.
 *
 * The flow, from arrival to delivery:
 *   new → accept → awaiting_hard_copy (original required) | stock_check
 *   awaiting_hard_copy → receiveHardCopy → stock_check | query_raised (mismatch)
 *   stock_check → checkStock → ready_to_dispense | awaiting_patient_decision (ordered / supply issue)
 *   awaiting_patient_decision → (patient waits, from Phensys) → awaiting_stock | supply_issue
 *   awaiting_* / supply_issue → (stock arrives at goods-in, automatic) → ready_to_dispense
 *   ready_to_dispense → startDispensing → dispensing → (every pack scanned) printLabels → labelled
 *   labelled → clinicalCheck → clinically_checked → accuracyCheck → accuracy_checked
 *   accuracy_checked → pack → packed → dispatch → dispatched → markDelivered → delivered
 *                                      packed → collect → delivered (handed over at the counter)
 *   dispatched → markReturned → returned_to_sender (a query to Phensys: only it talks to the patient)
 * Branches: raiseQuery (held until Phensys resolves it), reject, and from Phensys: cancellation,
 * further consultation (held; new items go back through the stock check).
 */
import type { Role } from '../roles'
import type { StatusEventType } from '../phensys/events'
import { CLOSED_STAGES, STAGES, type Stage } from './stages'

/** Conditions main checks before a command may run; each has a message for the person. */
export const GUARDS = {
  hardCopyInHand: 'The original prescription must be received and checked first.',
  prescriptionValid:
    'The prescription has expired (6 months; 28 days for Schedules 2–4) and can no longer be dispensed.',
  stockReserved: 'Every line needs its stock reserved first.',
  everyPackScanned: 'Every pack of every line must be scanned and matched first.',
  pharmacist: 'Only a pharmacist can do this.',
  notTheAssembler:
    'The accuracy check must be made by someone other than who assembled the item (unless the administrator allows self-checking).',
  everyLabelledPackRescanned: 'Re-scan every labelled pack for the accuracy check.',
  deliveryServiceKnown: 'The delivery service is not one this pharmacy knows; a person must choose the carrier.',
  bagScanned: "Scan the request's bag or request label to pack it.",
  trackingValid: 'Every parcel needs a tracking number valid for its carrier.',
  collectService: 'Only a request for collection is handed over at the counter.',
  responsiblePharmacist:
    'No Responsible Pharmacist is signed in: medicines may not leave the pharmacy until a pharmacist signs in as RP (F2).'
} as const
export type Guard = keyof typeof GUARDS

export interface Transition {
  label: string
  /** The key that runs it on the request screen. */
  shortcut: string
  from: readonly Stage[]
  /** Where it may lead; the handler picks one from what it finds (e.g. a stock shortfall). */
  to: readonly Stage[]
  roles: readonly Role[]
  guards: readonly Guard[]
  /** The status events it may send, in order. */
  events: readonly StatusEventType[]
  /** Runs by itself (from Phensys or from stock arriving), never offered as a button. */
  automatic?: true
}

const OPEN_STAGES = STAGES.filter((stage) => !CLOSED_STAGES.includes(stage))
const STAFF: readonly Role[] = ['pharmacist', 'dispenser', 'accuracy_checker']
const DISPENSING_STAFF: readonly Role[] = ['pharmacist', 'dispenser']

export const TRANSITIONS = {
  accept: {
    label: 'Accept',
    shortcut: 'a',
    from: ['new'],
    to: ['awaiting_hard_copy', 'stock_check'],
    roles: DISPENSING_STAFF,
    guards: [],
    events: ['accepted', 'hard_copy.awaiting']
  },
  receiveHardCopy: {
    label: 'Receive hard copy',
    shortcut: 'h',
    from: ['awaiting_hard_copy'],
    to: ['stock_check', 'query_raised'],
    roles: DISPENSING_STAFF,
    guards: [],
    events: ['hard_copy.received', 'query.raised']
  },
  checkStock: {
    label: 'Check stock',
    shortcut: 's',
    from: ['stock_check'],
    to: ['ready_to_dispense', 'awaiting_patient_decision'],
    roles: DISPENSING_STAFF,
    guards: ['hardCopyInHand', 'prescriptionValid'],
    events: ['stock.available', 'stock.ordered', 'stock.supply_issue']
  },
  patientWaits: {
    label: 'Patient waits',
    shortcut: '',
    from: ['awaiting_patient_decision'],
    to: ['awaiting_stock', 'supply_issue'],
    roles: [],
    guards: [],
    events: [],
    automatic: true
  },
  stockArrived: {
    label: 'Stock arrived',
    shortcut: '',
    from: ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue'],
    to: ['ready_to_dispense'],
    roles: [],
    guards: [],
    events: ['stock.available'],
    automatic: true
  },
  startDispensing: {
    label: 'Start dispensing',
    shortcut: 'd',
    from: ['ready_to_dispense'],
    to: ['dispensing'],
    roles: DISPENSING_STAFF,
    guards: ['hardCopyInHand', 'prescriptionValid', 'stockReserved'],
    events: ['dispensing.started']
  },
  printLabels: {
    label: 'Print labels',
    shortcut: 'l',
    from: ['dispensing'],
    to: ['labelled'],
    roles: DISPENSING_STAFF,
    guards: ['everyPackScanned', 'prescriptionValid'],
    events: ['dispensing.labelled']
  },
  clinicalCheck: {
    label: 'Clinical check',
    shortcut: 'c',
    from: ['labelled'],
    to: ['clinically_checked'],
    roles: ['pharmacist'],
    guards: ['pharmacist', 'prescriptionValid'],
    events: []
  },
  accuracyCheck: {
    label: 'Accuracy check',
    shortcut: 'k',
    from: ['clinically_checked'],
    to: ['accuracy_checked'],
    roles: ['accuracy_checker', 'pharmacist'],
    guards: ['notTheAssembler', 'everyLabelledPackRescanned'],
    events: ['dispensing.checked']
  },
  pack: {
    label: 'Pack',
    shortcut: 'p',
    from: ['accuracy_checked'],
    to: ['packed'],
    roles: STAFF,
    guards: ['deliveryServiceKnown', 'bagScanned'],
    events: ['packed']
  },
  dispatch: {
    label: 'Dispatch',
    shortcut: 'x',
    from: ['packed'],
    to: ['dispatched'],
    roles: STAFF,
    guards: ['deliveryServiceKnown', 'trackingValid', 'responsiblePharmacist'],
    events: ['dispatched']
  },
  collect: {
    label: 'Hand over (collection)',
    shortcut: 'o',
    from: ['packed'],
    to: ['delivered'],
    roles: STAFF,
    guards: ['collectService', 'responsiblePharmacist'],
    events: ['dispatched', 'delivered']
  },
  markDelivered: {
    label: 'Mark delivered',
    shortcut: 'v',
    from: ['dispatched'],
    to: ['delivered'],
    roles: STAFF,
    guards: [],
    events: ['delivered']
  },
  markReturned: {
    label: 'Returned to sender',
    shortcut: 'n',
    from: ['dispatched'],
    to: ['returned_to_sender'],
    roles: STAFF,
    guards: [],
    events: ['query.raised']
  },
  raiseQuery: {
    label: 'Raise query',
    shortcut: 'q',
    from: OPEN_STAGES.filter((stage) => stage !== 'query_raised' && stage !== 'new'),
    to: ['query_raised'],
    roles: ['pharmacist'],
    guards: [],
    events: ['query.raised']
  },
  reject: {
    label: 'Reject',
    shortcut: 'r',
    from: OPEN_STAGES.filter((stage) => stage !== 'packed'),
    to: ['rejected'],
    roles: ['pharmacist'],
    guards: [],
    events: ['rejected']
  }
} as const satisfies Record<string, Transition>

export type WorkflowCommand = keyof typeof TRANSITIONS

/** The commands this user may run on a request in this stage (automatic ones are never offered). */
export function availableCommands(stage: Stage, roles: readonly Role[]): WorkflowCommand[] {
  return (Object.keys(TRANSITIONS) as WorkflowCommand[]).filter((command) => {
    const transition: Transition = TRANSITIONS[command]
    return (
      !transition.automatic && transition.from.includes(stage) && transition.roles.some((role) => roles.includes(role))
    )
  })
}
