/**
 * The workflow's transitions, in one table: which stages a command starts from, where it leads,
 * who may run it, and the status event it sends to Phensys. Main enforces it; the renderer reads
 * it to decide which actions to offer.
 */
import type { Role } from '../roles'
import type { StatusEventType } from '../phensys/events'
import { CLOSED_STAGES, STAGES, type Stage } from './stages'

export interface Transition {
  label: string
  /** The key that runs it on the request screen. */
  shortcut: string
  from: readonly Stage[]
  to: Stage
  roles: readonly Role[]
  /** The Phensys states in which Phensys accepts the event (the contract's state table). */
  phensysStates: readonly string[]
  event: StatusEventType
}

const OPEN_STAGES = STAGES.filter((stage) => !CLOSED_STAGES.includes(stage))
const NON_TERMINAL_PHENSYS = ['sent_to_provider', 'in_fulfilment', 'awaiting_patient_decision', 'further_consultation', 'query_open', 'dispatched']

export const TRANSITIONS = {
  accept: {
    label: 'Accept',
    shortcut: 'a',
    from: ['new'],
    to: 'accepted',
    roles: ['pharmacist', 'dispenser'],
    phensysStates: ['sent_to_provider'],
    event: 'accepted'
  },
  reject: {
    label: 'Reject',
    shortcut: 'r',
    from: OPEN_STAGES.filter((stage) => stage !== 'packed'),
    to: 'rejected',
    roles: ['pharmacist'],
    phensysStates: NON_TERMINAL_PHENSYS,
    event: 'rejected'
  },
  raiseQuery: {
    label: 'Raise query',
    shortcut: 'q',
    from: OPEN_STAGES.filter((stage) => stage !== 'query_raised'),
    to: 'query_raised',
    roles: ['pharmacist'],
    phensysStates: NON_TERMINAL_PHENSYS,
    event: 'query.raised'
  }
} as const satisfies Record<string, Transition>

export type WorkflowCommand = keyof typeof TRANSITIONS

/** The commands this user may run on a request in this stage. */
export function availableCommands(stage: Stage, phensysState: string, roles: readonly Role[]): WorkflowCommand[] {
  return (Object.keys(TRANSITIONS) as WorkflowCommand[]).filter((command) => {
    const transition: Transition = TRANSITIONS[command]
    return (
      transition.from.includes(stage) &&
      transition.phensysStates.includes(phensysState) &&
      transition.roles.some((role) => roles.includes(role))
    )
  })
}
