import { and, eq, sql } from 'drizzle-orm'
import { type CounterDb, outbox, outboxClosed } from '../db'
import { packEventGroup, unpackEventGroup, unpackedEventRow } from '../phensys'
import { BackgroundPacking } from './background-batches'

/**
 * Requests grouped per transaction: each takes 1 to 2 ms on a shared machine (its events read,
 * packed, read back to be sure, written: 131,559 in 281 s on the year store), so a batch 10 to 20 ms.
 */
const BATCH = 10
const DEFAULT_EVERY_MS = 60_000
/** As for the request's snapshot (closed-requests.ts): its last days are when it is still looked at. */
const CLOSED_FOR_DAYS = 7

/**
 * Keeps a year of outbox events small once their request is over: the final events of a request
 * closed (delivered, cancelled, rejected) more than a week, packed together in `outbox_closed`,
 * where they take 60 % of what each packed alone does (phensys/outbox-packing.ts). Each event's row
 * stays, with what is looked up or counted (its id, request, type, status, attempts, answer version);
 * its key, body and times are read back from the group, exactly. Only final events: they never go
 * again, so nothing here can be sent twice, and a key kept in the group is never made again; an
 * event that can still go (or waits for a person) keeps its row as it is, and joins the group once
 * it is final and packed. In the background, a batch per transaction, every minute and until none
 * is left; all at once before the store is compacted.
 */
export class ClosedEventGrouping extends BackgroundPacking {
  private readonly due
  private readonly eventsOf
  private readonly groupOf
  private readonly keep
  private readonly markGrouped
  /** Requests whose events would not come back exactly packed together (never seen): left alone. */
  private readonly skipped = new Set<string>()

  constructor(
    private readonly deps: {
      db: CounterDb
      now: () => Date
      log: (message: string, error?: unknown) => void
      everyMs?: number
    }
  ) {
    super({
      batch: BATCH,
      everyMs: deps.everyMs ?? DEFAULT_EVERY_MS,
      failed: "could not pack closed requests' events together",
      log: deps.log
    })
    const { $client: sqlite } = deps.db
    // Hand-written, the condition literally that of the partial index `outbox_ungrouped` (events
    // packed alone), and that index named: it is read, never a year of events.
    this.due = sqlite.prepare<{ closedBefore: string; skipped: string; limit: number }, { requestId: string }>(
      `SELECT DISTINCT o.request_id AS requestId FROM outbox o INDEXED BY outbox_ungrouped
       JOIN requests r ON r.id = o.request_id
       WHERE length("event_packed") > 0
         AND r.stage IN ('delivered', 'cancelled', 'rejected') AND r.stage_since < :closedBefore
         AND o.request_id NOT IN (SELECT value FROM json_each(:skipped))
       LIMIT :limit`
    )
    this.eventsOf = sqlite.prepare<
      [string],
      {
        id: number
        idempotencyKey: string
        body: string
        createdAt: string
        nextAttemptAt: string
        settledAt: string | null
        answerState: string | null
        bodyPacked: Buffer | null
        eventPacked: Buffer | null
      }
    >(
      `SELECT id, idempotency_key AS idempotencyKey, body, created_at AS createdAt, next_attempt_at AS nextAttemptAt,
              settled_at AS settledAt, answer_state AS answerState, body_packed AS bodyPacked, event_packed AS eventPacked
       FROM outbox INDEXED BY outbox_ungrouped WHERE request_id = ? AND length("event_packed") > 0 ORDER BY id`
    )
    this.groupOf = deps.db
      .select({ events: outboxClosed.events })
      .from(outboxClosed)
      .where(eq(outboxClosed.requestId, sql.placeholder('requestId')))
      .prepare()
    this.keep = deps.db
      .insert(outboxClosed)
      .values({ requestId: sql.placeholder('requestId'), events: sql.placeholder('events') })
      .onConflictDoUpdate({ target: outboxClosed.requestId, set: { events: sql`excluded.events` } })
      .prepare()
    this.markGrouped = deps.db
      .update(outbox)
      .set({ eventPacked: sql`x''` })
      .where(and(eq(outbox.id, sql.placeholder('id')), sql`length(${outbox.eventPacked}) > 0`))
      .prepare()
  }

  /** Groups the events of up to `limit` requests in one transaction; returns how many requests. */
  packSome(limit = BATCH): number {
    const closedBefore = new Date(this.deps.now().getTime() - CLOSED_FOR_DAYS * 86_400_000).toISOString()
    return this.deps.db.$client.transaction(() => {
      const due = this.due.all({ closedBefore, skipped: JSON.stringify([...this.skipped]), limit })
      for (const { requestId } of due) {
        const kept = this.groupOf.get({ requestId })
        const alone = this.eventsOf.all(requestId)
        const events = [
          ...(kept ? [...unpackEventGroup(kept.events)].map(([id, fields]) => ({ id, ...fields })) : []),
          ...alone.map((row) => unpackedEventRow(row))
        ]
        let packed: Buffer
        try {
          packed = packEventGroup(events)
        } catch (error) {
          // Its events stay packed alone, as they were: asked again at the next start.
          this.skipped.add(requestId)
          this.deps.log(`could not pack the events of ${requestId} together`, error)
          continue
        }
        this.keep.run({ requestId, events: packed })
        for (const row of alone) this.markGrouped.run({ id: row.id })
      }
      return due.length
    })()
  }
}
