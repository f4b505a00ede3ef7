/**
 * Phensys's state table for provider status events, exactly as the contract states it:
 * informational events and `dispatched` in `in_fulfilment`; `stock.*` and `hard_copy.received`
 * also while `awaiting_patient_decision`; `accepted` only in `sent_to_provider`; `delivered` in
 * `dispatched`; `query.raised` and `rejected` in any non-terminal state (an unknown state counts as
 * non-terminal); `cancellation.acknowledged` only in `cancelled`. Anything else is a 409.
 * Pure: no I/O.
 */
import type { StatusEventType } from '../shared/phensys/events'
import { isTerminalState, type PhensysState } from '../shared/phensys/snapshot'

interface Rule {
  /** States the event is accepted in; `non_terminal` means every state but the terminal ones. */
  allowedIn: readonly PhensysState[] | 'non_terminal'
  /** The state the event moves the request to, from a given state; absent: no change. */
  moves?: Partial<Record<PhensysState, PhensysState>> | { any: PhensysState }
}

const WORKING: readonly PhensysState[] = ['in_fulfilment']
const WORKING_OR_WAITING: readonly PhensysState[] = ['in_fulfilment', 'awaiting_patient_decision']

const EVENT_RULES: Record<StatusEventType, Rule> = {
  accepted: { allowedIn: ['sent_to_provider'], moves: { sent_to_provider: 'in_fulfilment' } },
  'hard_copy.awaiting': { allowedIn: WORKING },
  'hard_copy.received': { allowedIn: WORKING_OR_WAITING },
  'stock.available': { allowedIn: WORKING_OR_WAITING, moves: { awaiting_patient_decision: 'in_fulfilment' } },
  'stock.ordered': { allowedIn: WORKING_OR_WAITING, moves: { in_fulfilment: 'awaiting_patient_decision' } },
  'stock.supply_issue': { allowedIn: WORKING_OR_WAITING, moves: { in_fulfilment: 'awaiting_patient_decision' } },
  'dispensing.started': { allowedIn: WORKING },
  'dispensing.labelled': { allowedIn: WORKING },
  'dispensing.checked': { allowedIn: WORKING },
  packed: { allowedIn: WORKING },
  dispatched: { allowedIn: WORKING, moves: { in_fulfilment: 'dispatched' } },
  delivered: { allowedIn: ['dispatched'], moves: { dispatched: 'delivered' } },
  'query.raised': { allowedIn: 'non_terminal', moves: { any: 'query_open' } },
  rejected: { allowedIn: 'non_terminal', moves: { any: 'rejected' } },
  'cancellation.acknowledged': { allowedIn: ['cancelled'] }
}

export type EventVerdict =
  { accepted: true; nextState: string; changesState: boolean } | { accepted: false; reason: string }

/** Whether Phensys accepts `type` in `state`, and the state it leaves the request in. */
export function judgeEvent(type: StatusEventType, state: string): EventVerdict {
  const rule = EVENT_RULES[type]
  const allowed =
    rule.allowedIn === 'non_terminal' ? !isTerminalState(state) : (rule.allowedIn as readonly string[]).includes(state)
  if (!allowed) {
    const where = rule.allowedIn === 'non_terminal' ? 'a non-terminal state' : rule.allowedIn.join(' or ')
    return { accepted: false, reason: `${type} is accepted only in ${where}; the request is ${state || '(no state)'}` }
  }
  const moves = rule.moves
  const nextState = !moves
    ? state
    : 'any' in moves
      ? moves.any
      : ((moves as Record<string, string | undefined>)[state] ?? state)
  return { accepted: true, nextState, changesState: nextState !== state }
}
