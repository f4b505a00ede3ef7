import { sql } from 'drizzle-orm'
import { sqliteTable, text, integer, index, uniqueIndex, blob } from 'drizzle-orm/sqlite-core'

/** The feed cursor and the sync bookkeeping, one JSON value per key. */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull()
})

/**
 * Feed entries the counter could not use as they came: `unreadable` (the snapshot failed
 * validation: a person must look), `awaiting_snapshot` (Phensys did not give it when asked; the
 * counter asks again and closes the item itself) or `unknown_kind` (kept for later versions, no
 * action needed).
 */
export const feedExceptions = sqliteTable(
  'feed_exceptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    category: text('category', { enum: ['unreadable', 'awaiting_snapshot', 'unknown_kind'] }).notNull(),
    cursor: text('cursor'),
    kind: text('kind'),
    requestId: text('request_id'),
    raw: text('raw').notNull(),
    rawHash: text('raw_hash').notNull(),
    reason: text('reason').notNull(),
    receivedAt: text('received_at').notNull(),
    acknowledgedAt: text('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by')
  },
  (table) => [uniqueIndex('feed_exceptions_raw').on(table.rawHash)]
)

/** The kinds of kept entry a person sees in F9 and the health count. */
export const FOR_A_PERSON = ['unreadable', 'awaiting_snapshot'] as const

/** Events packed alone (not yet with their closed request's), literally as the partial index says it. */
const OUTBOX_UNGROUPED = sql.raw('length("event_packed") > 0')

export const OUTBOX_STATUSES = ['pending', 'sent', 'superseded', 'conflict', 'failed', 'dismissed'] as const

/**
 * Status events for Phensys, written in the same transaction as the change they report and
 * never deleted. `pending` → `sent`; or `superseded` (Phensys had already stopped the request: a
 * 409 that leaves nothing to decide); or `conflict` (any other 409, with Phensys's snapshot) /
 * `failed` (400/401/404/422) for a person, who may retry or dismiss.
 *
 * A settled event keeps the version and state of the request in Phensys's answer, not the
 * snapshot: the snapshot itself is in `requests`. Only a conflict keeps Phensys's snapshot in
 * `response`, so a person sees both sides.
 *
 * Once an event is final (sent, superseded or set aside: it never goes again) it is packed (a year
 * is over a million events; phensys/outbox-packing.ts): its body, what was told to Phensys,
 * deflated, with its idempotency key, its times of creation, of its last try and of settling, and
 * the state Phensys answered, in `event_packed`; those columns are then emptied (`settled_at` and
 * `answer_state` NULL) and read back from it. Events
 * packed before kept only the body deflated, in `body_packed`, until they are packed again. A key
 * must be unique only while the event can still go (a key is a random UUID, made once), so only
 * those are in the unique index.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id').notNull(),
    type: text('type').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    body: text('body').notNull(),
    createdAt: text('created_at').notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    settledAt: text('settled_at'),
    answerVersion: integer('answer_version'),
    answerState: text('answer_state'),
    response: text('response'),
    bodyPacked: blob('body_packed', { mode: 'buffer' }),
    eventPacked: blob('event_packed', { mode: 'buffer' }),
    /**
     * When a try of the event under its key first may have reached Phensys (its bytes were sent: a
     * timeout or a reset after connecting, an answer that did not settle it), written with that
     * try's outcome; NULL while every try was refused before connecting (lapsed-keys.ts). A
     * person's retry, under a new key, clears it.
     */
    mayHaveReachedAt: text('may_have_reached_at')
  },
  (table) => [
    // Only the few unsettled events are ever looked up by status: these leave the year of sent ones
    // out. A query uses them only when it says the same condition.
    index('outbox_unsettled')
      .on(table.requestId, table.id)
      .where(sql`${table.status} IN ('pending', 'conflict', 'failed')`),
    index('outbox_waiting')
      .on(table.nextAttemptAt)
      .where(sql`${table.status} = 'pending'`),
    // A request's events (its history on the sync screen, the feed's look for a rejection), in id
    // order without naming it: every index entry ends with the rowid, which is the id.
    index('outbox_request').on(table.requestId),
    uniqueIndex('outbox_unsettled_key')
      .on(table.idempotencyKey)
      .where(sql`${table.status} IN ('pending', 'conflict', 'failed')`),
    // Final events not yet packed: few, once the packing has caught up.
    index('outbox_unpacked')
      .on(table.id)
      .where(sql`${table.status} IN ('sent', 'superseded', 'dismissed') AND ${table.eventPacked} IS NULL`),
    // Events packed alone, not yet with the rest of their closed request's: those of open requests
    // and of the last week's closed ones, once the grouping has caught up.
    index('outbox_ungrouped').on(table.requestId).where(OUTBOX_UNGROUPED)
  ]
)

/**
 * The final events of a request closed over a week, packed together (maintenance/closed-events.ts,
 * phensys/outbox-packing.ts): they repeat one another (the staff, the shape of each), so together
 * they take 60 % of what each does packed alone (65 bytes an event against 108 on the 30-day
 * trial). Each of their rows in `outbox` keeps its id, request, type, status, attempts and answer
 * version, and an empty `event_packed` saying its key, body and times are read from here.
 */
export const outboxClosed = sqliteTable('outbox_closed', {
  requestId: text('request_id').primaryKey(),
  events: blob('events', { mode: 'buffer' }).notNull()
})
