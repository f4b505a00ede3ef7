import type Database from 'better-sqlite3'
import type { FeedExceptionView, OutboxEventView } from '../../shared/contract'
import type { Handlers } from '../contract/handler'
import { requireActor } from '../contract/handler'
import { CounterError } from '../errors'
import type { Outbox, OutboxRow } from '../phensys/outbox'
import type { SyncService } from './sync-service'

type SyncCalls = 'sync.health' | 'sync.problems' | 'sync.history' | 'sync.resolveEvent' | 'sync.acknowledgeEntry'

function toOutboxView(row: OutboxRow): OutboxEventView {
  return {
    id: row.id,
    requestId: row.request_id,
    type: row.type,
    status: row.status,
    createdAt: row.created_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    settledAt: row.settled_at,
    body: JSON.parse(row.body) as unknown,
    phensysVersion: row.answer_version,
    phensysState: row.answer_state,
    phensysSnapshot: row.response ? (JSON.parse(row.response) as unknown) : null
  }
}

export function syncHandlers(deps: {
  sqlite: Database.Database
  outbox: Outbox
  sync: SyncService
}): Pick<Handlers, SyncCalls> {
  const unreadable = deps.sqlite.prepare(
    `SELECT id, category, cursor, kind, request_id AS requestId, reason, raw, received_at AS receivedAt, acknowledged_at AS acknowledgedAt
     FROM feed_exceptions WHERE category = 'unreadable' AND acknowledged_at IS NULL ORDER BY id`
  )
  const acknowledge = deps.sqlite.prepare(
    `UPDATE feed_exceptions SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL`
  )
  return {
    'sync.health': () => deps.sync.health(),
    'sync.problems': () => ({
      unreadable: unreadable.all() as FeedExceptionView[],
      events: deps.outbox.needingAPerson().map(toOutboxView)
    }),
    'sync.history': (_ctx, input) => deps.outbox.history(input.limit, input.requestId).map(toOutboxView),
    'sync.resolveEvent': (ctx, input) => {
      const before = deps.outbox.byId(input.id)
      const after = deps.outbox.resolve(input.id, input.action, ctx.now)
      if (!before || !after) throw new CounterError('not_found', `No event ${input.id} is waiting for a person.`)
      ctx.audit({
        entityType: 'request',
        entityId: after.request_id,
        summary: {
          event: after.id,
          type: after.type,
          before: before.status,
          after: after.status,
          previousKey: before.idempotency_key,
          key: after.idempotency_key
        }
      })
      return toOutboxView(after)
    },
    'sync.acknowledgeEntry': (ctx, input) => {
      const actor = requireActor(ctx)
      if (acknowledge.run(ctx.now.toISOString(), actor.displayName, input.id).changes !== 1) {
        throw new CounterError('not_found', `No unreadable entry ${input.id} is waiting for a person.`)
      }
      ctx.audit({ entityType: 'feed_entry', entityId: String(input.id) })
      return null
    }
  }
}
