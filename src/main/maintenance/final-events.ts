import { and, eq, sql } from 'drizzle-orm'
import { type CounterDb, outbox, setPlaceholders } from '../db'
import { packEvent, unpackedEventRow } from '../phensys'
import { BackgroundPacking } from './background-batches'

/**
 * Events packed per transaction: short enough not to hold a command up for long (each takes 30 to
 * 100 µs on a shared machine, so a batch 6 to 20 ms).
 */
const BATCH = 200
const DEFAULT_EVERY_MS = 60_000

/** Literal, as the partial index `outbox_unpacked` says it: final events not yet packed whole. */
const FINAL_UNPACKED = sql`${outbox.status} IN ('sent', 'superseded', 'dismissed') AND ${outbox.eventPacked} IS NULL`

/**
 * Keeps final outbox events (sent, superseded, set aside: they never go again) small: each packed
 * whole, its body (what was told to Phensys) deflated with its key and times, in one column
 * (phensys/outbox-packing.ts). In the background, a batch per transaction, every minute and until
 * none is left; all at once before the store is compacted. A store from before (bodies deflated
 * alone, or not yet) catches up the same way, without holding its first start up.
 */
export class FinalEventPacking extends BackgroundPacking {
  private readonly unpacked
  private readonly pack

  constructor(
    private readonly deps: {
      db: CounterDb
      log: (message: string, error?: unknown) => void
      everyMs?: number
    }
  ) {
    super({
      batch: BATCH,
      everyMs: deps.everyMs ?? DEFAULT_EVERY_MS,
      failed: 'could not pack the bodies of settled events',
      log: deps.log
    })
    const o = outbox
    this.unpacked = deps.db
      .select({
        id: o.id,
        idempotencyKey: o.idempotencyKey,
        body: o.body,
        createdAt: o.createdAt,
        nextAttemptAt: o.nextAttemptAt,
        settledAt: o.settledAt,
        answerState: o.answerState,
        bodyPacked: o.bodyPacked,
        eventPacked: o.eventPacked
      })
      .from(o)
      .where(FINAL_UNPACKED)
      .orderBy(o.id)
      .limit(sql.placeholder('limit'))
      .prepare()
    this.pack = deps.db
      .update(o)
      .set({
        idempotencyKey: '',
        body: '',
        createdAt: '',
        nextAttemptAt: '',
        settledAt: null,
        answerState: null,
        bodyPacked: null,
        ...setPlaceholders(['eventPacked'])
      })
      .where(and(eq(o.id, sql.placeholder('id')), FINAL_UNPACKED))
      .prepare()
  }

  /** Packs up to `limit` final events in one transaction; returns how many. */
  packSome(limit = BATCH): number {
    return this.deps.db.$client.transaction(() => {
      const rows = this.unpacked.all({ limit })
      for (const row of rows) this.pack.run({ eventPacked: packEvent(unpackedEventRow(row)), id: row.id })
      return rows.length
    })()
  }
}
