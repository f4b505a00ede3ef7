import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { FeedExceptionView, OutboxEventView } from '../../shared/contract'
import { type HandlerContext, type Handlers, requireActor } from '../contract'
import { type CounterDb, setPlaceholders, feedExceptions, FOR_A_PERSON } from '../db'
import { CounterError } from '../errors'
import type { RequestFlags } from '../flags'
import type { Outbox, OutboxRow } from '../phensys'
import { sentLateKey } from './lapsed-keys'
import type { SyncService } from './sync-service'

type SyncCalls =
  'sync.health' | 'sync.problems' | 'sync.history' | 'sync.resolveEvent' | 'sync.tryNow' | 'sync.acknowledgeEntry'

function toOutboxView(row: OutboxRow): OutboxEventView {
  return {
    id: row.id,
    requestId: row.requestId,
    type: row.type,
    status: row.status,
    createdAt: row.createdAt,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    settledAt: row.settledAt,
    body: JSON.parse(row.body) as unknown,
    phensysVersion: row.answerVersion,
    phensysState: row.answerState,
    phensysSnapshot: row.response ? (JSON.parse(row.response) as unknown) : null
  }
}

export function syncHandlers(deps: {
  db: CounterDb
  outbox: Outbox
  sync: SyncService
  flags: Pick<RequestFlags, 'settleKind'>
}): Pick<Handlers, SyncCalls> {
  /**
   * A day-old event held for a person (`lapsed-keys.ts`) is decided in F9: a pharmacist who sends it
   * again or sets it aside has looked at Phensys, which is what its flag asked, so the flag is settled
   * as theirs. An administrator's decision leaves it for a pharmacist.
   */
  const settleSentLate = (ctx: HandlerContext, row: OutboxRow, action: 'retry' | 'dismiss') => {
    const actor = requireActor(ctx)
    if (!actor.roles.includes('pharmacist')) return []
    const at = ctx.now.toISOString()
    const by = { id: actor.id, name: actor.displayName }
    return deps.flags.settleKind(
      row.requestId,
      'sent_late',
      'acknowledged',
      { event: row.id, action },
      by,
      at,
      sentLateKey(row.id)
    )
  }
  const f = feedExceptions
  const waiting = and(inArray(f.category, FOR_A_PERSON), isNull(f.acknowledgedAt))
  const unreadable = deps.db
    .select({
      id: f.id,
      category: f.category,
      cursor: f.cursor,
      kind: f.kind,
      requestId: f.requestId,
      reason: f.reason,
      raw: f.raw,
      receivedAt: f.receivedAt,
      acknowledgedAt: f.acknowledgedAt
    })
    .from(f)
    .where(waiting)
    .orderBy(f.id)
    .prepare()
  const acknowledge = deps.db
    .update(f)
    .set(setPlaceholders(['acknowledgedAt', 'acknowledgedBy']))
    .where(and(eq(f.id, sql.placeholder('id')), isNull(f.acknowledgedAt)))
    .prepare()
  return {
    'sync.health': () => deps.sync.health(),
    'sync.problems': () => ({
      unreadable: unreadable.all() satisfies FeedExceptionView[],
      events: deps.outbox.needingAPerson().map(toOutboxView)
    }),
    'sync.history': (_ctx, input) => deps.outbox.history(input.limit, input.requestId).map(toOutboxView),
    'sync.resolveEvent': (ctx, input) => {
      const before = deps.outbox.byId(input.id)
      const after = deps.outbox.resolve(input.id, input.action, ctx.now)
      if (!before || !after) throw new CounterError('not_found', `No event ${input.id} is waiting for a person.`)
      const settled = settleSentLate(ctx, after, input.action)
      ctx.audit({
        entityType: 'request',
        entityId: after.requestId,
        summary: {
          event: after.id,
          type: after.type,
          before: before.status,
          after: after.status,
          previousKey: before.idempotencyKey,
          key: after.idempotencyKey,
          ...(settled.length > 0 ? { settledFlags: settled.map((row) => row.id) } : {})
        }
      })
      return toOutboxView(after)
    },
    'sync.tryNow': (ctx) => {
      const waitedUntil = deps.sync.tryNow(ctx.now)
      ctx.audit({ entityType: 'sync', entityId: null, summary: { waitedUntil } })
      return deps.sync.health()
    },
    'sync.acknowledgeEntry': (ctx, input) => {
      const actor = requireActor(ctx)
      if (
        acknowledge.run({ acknowledgedAt: ctx.now.toISOString(), acknowledgedBy: actor.displayName, id: input.id })
          .changes !== 1
      ) {
        throw new CounterError('not_found', `No unreadable entry ${input.id} is waiting for a person.`)
      }
      ctx.audit({ entityType: 'feed_entry', entityId: String(input.id) })
      return null
    }
  }
}
