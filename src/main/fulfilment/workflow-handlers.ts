import { TRANSITIONS, type Transition, type WorkflowCommand } from '../../shared/workflow/transitions'
import { STAGE_LABELS } from '../../shared/workflow/stages'
import type { StatusEventData, StatusEventType } from '../../shared/phensys/events'
import type { RequestDetail } from '../../shared/contract'
import type { AuditTrail } from '../audit/trail'
import type { Handlers, HandlerContext } from '../contract/handler'
import { requireActor } from '../contract/handler'
import { CounterError } from '../errors'
import type { Outbox } from '../sync/outbox'
import type { RequestsRepo } from './requests-repo'

type WorkflowCalls = 'requests.accept' | 'requests.reject' | 'requests.raiseQuery'

interface Deps {
  requests: RequestsRepo
  outbox: Outbox
  audit: AuditTrail
}

/**
 * Runs one transition of the table: guard the stage and Phensys's state, then write the new
 * stage, the audit entry and the outbox event in the caller's transaction.
 */
function transition<T extends StatusEventType>(deps: Deps, ctx: HandlerContext, id: string, command: WorkflowCommand, data: StatusEventData<T>, note?: unknown): RequestDetail {
  const actor = requireActor(ctx)
  const rule: Transition = TRANSITIONS[command]
  const stored = deps.requests.get(id)
  if (!stored) throw new CounterError('not_found', `There is no request ${id} on this workstation.`)
  if (!rule.from.includes(stored.row.stage)) {
    throw new CounterError('conflict', `${rule.label} is not possible: ${id} is ${STAGE_LABELS[stored.row.stage]}.`)
  }
  if (!rule.phensysStates.includes(stored.snapshot.state)) {
    throw new CounterError('conflict', `${rule.label} is not possible while Phensys has ${id} as ${stored.snapshot.state}.`)
  }
  deps.requests.setStage(id, rule.to, ctx.now.toISOString())
  ctx.audit({ entityType: 'request', entityId: id, summary: { before: stored.row.stage, after: rule.to, ...(note ? { note } : {}) } })
  deps.outbox.enqueue(id, rule.event as T, data, {
    basedOnVersion: stored.version,
    actor: { id: actor.id, name: actor.displayName, role: actor.roles[0] ?? 'staff' },
    now: ctx.now
  })
  ctx.broadcast('worklist.changed', { requestIds: [id] })
  const after = deps.requests.get(id)!
  return { ...after, timeline: deps.audit.list({ entityId: id, limit: 200 }) }
}

export function workflowHandlers(deps: Deps): Pick<Handlers, WorkflowCalls> {
  return {
    'requests.accept': (ctx, input) => transition<'accepted'>(deps, ctx, input.id, 'accept', {}),
    'requests.reject': (ctx, input) =>
      transition<'rejected'>(deps, ctx, input.id, 'reject', { reason: input.reason, message: input.message }, { reason: input.reason }),
    'requests.raiseQuery': (ctx, input) =>
      transition<'query.raised'>(deps, ctx, input.id, 'raiseQuery', { reason: input.reason, message: input.message }, { reason: input.reason })
  }
}
