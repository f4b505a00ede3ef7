import { TRANSITIONS, type Transition, type WorkflowCommand } from '../../shared/workflow/transitions'
import { STAGE_LABELS, type Stage } from '../../shared/workflow/stages'
import type { StatusEventData, StatusEventType } from '../../shared/phensys/events'
import type { RequestDetail } from '../../shared/contract'
import type { AuditTrail } from '../audit/trail'
import type { Handlers, HandlerContext } from '../contract/handler'
import { requireActor } from '../contract/handler'
import { CounterError } from '../errors'
import type { Outbox } from '../phensys/outbox'
import { requiresHardCopy, type RequestsRepo, type StoredRequest } from './requests-repo'

type WorkflowCalls = 'requests.accept' | 'requests.reject' | 'requests.raiseQuery'

export interface TransitionDeps {
  requests: RequestsRepo
  outbox: Outbox
  audit: AuditTrail
}

export interface WorkflowDeps extends TransitionDeps {
  /** Gives a stopped request's reserved stock back to the shelf. */
  releaseStock: (requestId: string, now: Date, why: string) => void
  /**
   * Takes back packs already dispensed for a request that is held: scanned ones to the shelf,
   * labelled ones to quarantine. After the hold the request goes through the stock check again.
   */
  takeBackPacks: (requestId: string, now: Date, why: string) => void
}

export type OutgoingEvent = { [T in StatusEventType]: { type: T; data: StatusEventData<T> } }[StatusEventType]

/**
 * Runs one transition of the table inside the caller's transaction: check the stage, then write
 * the new stage, the audit entry and the outbox events. The counter works offline, so Phensys's
 * last known state is not a guard here: events go in order, and a refusal comes back as a
 * conflict for a person.
 */
export function runTransition(
  deps: TransitionDeps,
  ctx: HandlerContext,
  id: string,
  command: WorkflowCommand,
  decide: (stored: StoredRequest) => { to: Stage; events: OutgoingEvent[]; note?: unknown }
): RequestDetail {
  const actor = requireActor(ctx)
  const rule: Transition = TRANSITIONS[command]
  const stored = deps.requests.get(id)
  if (!stored) throw new CounterError('not_found', `There is no request ${id} on this workstation.`)
  if (!rule.from.includes(stored.row.stage)) {
    throw new CounterError('conflict', `${rule.label} is not possible: ${id} is ${STAGE_LABELS[stored.row.stage]}.`)
  }
  const { to, events, note } = decide(stored)
  if (!rule.to.includes(to)) throw new Error(`${command} may not lead to ${to}`)
  deps.requests.setStage(id, to, ctx.now.toISOString())
  ctx.audit({
    entityType: 'request',
    entityId: id,
    summary: { before: stored.row.stage, after: to, ...(note === undefined ? {} : { note }) }
  })
  for (const event of events) {
    if (!rule.events.includes(event.type)) throw new Error(`${command} may not send ${event.type}`)
    deps.outbox.enqueue(id, event.type, event.data as never, {
      basedOnVersion: stored.version,
      actor: { id: actor.id, name: actor.displayName, role: actor.roles[0] ?? 'staff' },
      now: ctx.now
    })
  }
  ctx.broadcast('worklist.changed', { requestIds: [id] })
  return { ...deps.requests.get(id)!, timeline: deps.audit.list({ entityId: id, limit: 200 }) }
}

export function workflowHandlers(deps: WorkflowDeps): Pick<Handlers, WorkflowCalls> {
  return {
    'requests.accept': (ctx, input) =>
      runTransition(deps, ctx, input.id, 'accept', (stored) =>
        requiresHardCopy(stored.snapshot)
          ? {
              to: 'awaiting_hard_copy',
              events: [
                { type: 'accepted', data: {} },
                { type: 'hard_copy.awaiting', data: {} }
              ]
            }
          : { to: 'stock_check', events: [{ type: 'accepted', data: {} }] }
      ),
    'requests.reject': (ctx, input) =>
      runTransition(deps, ctx, input.id, 'reject', () => {
        deps.releaseStock(input.id, ctx.now, `rejected: ${input.reason}`)
        return {
          to: 'rejected',
          events: [{ type: 'rejected', data: { reason: input.reason, message: input.message } }],
          note: { reason: input.reason }
        }
      }),
    'requests.raiseQuery': (ctx, input) =>
      runTransition(deps, ctx, input.id, 'raiseQuery', () => {
        deps.takeBackPacks(input.id, ctx.now, `query raised: ${input.reason}`)
        return {
          to: 'query_raised',
          events: [{ type: 'query.raised', data: { reason: input.reason, message: input.message } }],
          note: { reason: input.reason }
        }
      })
  }
}
