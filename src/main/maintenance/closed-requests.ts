import { and, eq, lt, sql } from 'drizzle-orm'
import { type CounterDb, packSnapshot, requests, UNPACKED_CLOSED_REQUEST } from '../db'
import { BackgroundPacking } from './background-batches'

/** Requests packed per transaction: each takes about 50 µs, so a batch 10 ms, more on a shared machine. */
const BATCH = 200
const DEFAULT_EVERY_MS = 60_000
/**
 * How long a request stays closed before its snapshot is deflated: its last days are when it is
 * still looked at (a question about a delivery, a return), and reading it deflated costs a little.
 */
const CLOSED_FOR_DAYS = 7

/**
 * Keeps closed requests (delivered, cancelled, rejected: nothing more happens to them at the
 * counter) small: Phensys's snapshot, kept for every request of every year, deflated in its own
 * column (db/snapshot-packing.ts) once the request has been closed a week. Every reader gets the
 * JSON as before. In the background, a batch per transaction, every minute and until none is left;
 * all at once before the store is compacted. A newer snapshot from Phensys is stored as text again.
 */
export class ClosedRequestPacking extends BackgroundPacking {
  private readonly unpacked
  private readonly pack

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
      failed: "could not pack closed requests' snapshots",
      log: deps.log
    })
    const r = requests
    this.unpacked = deps.db
      .select({ id: r.id, snapshot: r.snapshot })
      .from(r)
      .where(and(UNPACKED_CLOSED_REQUEST, lt(r.stageSince, sql.placeholder('closedBefore'))))
      .orderBy(r.stageSince)
      .limit(sql.placeholder('limit'))
      .prepare()
    this.pack = deps.db
      .update(r)
      .set({ snapshot: sql`${sql.placeholder('packed')}` })
      .where(and(eq(r.id, sql.placeholder('id')), UNPACKED_CLOSED_REQUEST))
      .prepare()
  }

  /** Packs up to `limit` closed requests' snapshots in one transaction; returns how many. */
  packSome(limit = BATCH): number {
    const closedBefore = new Date(this.deps.now().getTime() - CLOSED_FOR_DAYS * 86_400_000).toISOString()
    return this.deps.db.$client.transaction(() => {
      const rows = this.unpacked.all({ closedBefore, limit })
      for (const row of rows) this.pack.run({ packed: packSnapshot(row.snapshot), id: row.id })
      return rows.length
    })()
  }
}
