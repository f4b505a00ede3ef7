import type { Clock } from '../../shared/clock'
import type { CounterDb } from '../db'
import type { Outbox, OutboxRow, EventOutcome, PhensysClient } from '../phensys'
import type { IngestResult } from './feed-ingest'

export interface PushTuning {
  /** Events in flight at once, each of a different request. */
  concurrency: number
  /** Due events read from the store at a time. */
  batch: number
}

interface Arrival {
  row: OutboxRow
  outcome: EventOutcome
  done: (settled: boolean) => void
}

interface Deps {
  db: CounterDb
  outbox: Outbox
  client: PhensysClient
  clock: Clock
  tuning: PushTuning
  /** Records one answer inside the commit's transaction; false when the event waits to be tried again. */
  record: (row: OutboxRow, outcome: EventOutcome, now: Date, result: IngestResult) => boolean
  /** Runs a commit's answers inside its transaction: what every answer would ask again is asked once. */
  together: <T>(work: () => T, now: Date) => T
  /** Once per commit, inside its transaction, after its answers. */
  recorded: (answers: ReadonlyArray<{ row: OutboxRow; outcome: EventOutcome }>, now: Date) => void
  /**
   * An event that must not go again by itself (`keyMayHaveLapsed`): held for a person instead, in
   * a transaction of its own; true when it was so held.
   */
  heldForAPerson: (row: OutboxRow, now: Date) => boolean
  /** Phensys asked for a wait (`Retry-After`) that is not over: no event is sent. */
  held: (now: Date) => boolean
  /** After each commit, in the order the answers came. */
  committed: (answers: ReadonlyArray<{ row: OutboxRow; outcome: EventOutcome }>, result: IngestResult) => void
  log: (message: string, error?: unknown) => void
}

/**
 * Sends the outbox. Each request's oldest unsettled event goes, many requests at once; when its
 * answer comes it is recorded at once, so a slow call holds back nothing but its own request and a
 * crash re-sends only events whose answer was never recorded (Phensys replays its answer for the
 * same key). Answers are committed as they arrive, together with any that arrived while the
 * previous commit was being written to disk (group commit): a durable commit costs milliseconds,
 * one per answer would cap the outbox at a few hundred events a second, and no answer waits for
 * another call. Each answer has its own savepoint, so one that cannot be recorded spoils no other.
 */
export class OutboxPusher {
  /** Requests with an event queued or in flight: at most one each, so order per request holds. */
  private readonly claimed = new Set<string>()
  private arrived: Arrival[] = []
  private flushQueued = false

  constructor(private readonly deps: Deps) {}

  /**
   * Sends every event that is due, until none is. Stops taking new ones once Phensys cannot be
   * reached (what is in flight finishes); the loop resumes when it is back. Returns how many
   * events were settled.
   */
  async drain(signal?: AbortSignal): Promise<number> {
    let settled = 0
    let unreachable = false
    const queue: OutboxRow[] = []
    // An event tried once in this drain waits for its retry time, not for the next refill.
    const tried = new Set<number>()
    const take = (): OutboxRow | undefined => {
      // Asked at each event: an answer with `Retry-After` may come while the drain goes on.
      if (this.deps.held(this.deps.clock.now())) return undefined
      if (queue.length === 0) {
        for (const row of this.deps.outbox.due(this.deps.clock.now(), this.deps.tuning.batch)) {
          if (this.claimed.has(row.requestId) || tried.has(row.id)) continue
          this.claimed.add(row.requestId)
          tried.add(row.id)
          queue.push(row)
        }
      }
      return queue.shift()
    }
    const worker = async (): Promise<void> => {
      while (!unreachable && !signal?.aborted) {
        const row = take()
        if (!row) return
        try {
          if (this.deps.heldForAPerson(row, this.deps.clock.now())) {
            settled += 1
            continue
          }
          const outcome = await this.deps.client.postEvent(row.requestId, row.idempotencyKey, row.body, signal)
          if (outcome.kind === 'retry' && outcome.unreachable) unreachable = true
          if (await this.recordSoon(row, outcome)) settled += 1
        } finally {
          this.claimed.delete(row.requestId)
        }
      }
    }
    try {
      await Promise.all(Array.from({ length: this.deps.tuning.concurrency }, worker))
    } finally {
      for (const row of queue) this.claimed.delete(row.requestId)
    }
    return settled
  }

  private recordSoon(row: OutboxRow, outcome: EventOutcome): Promise<boolean> {
    return new Promise((done) => {
      this.arrived.push({ row, outcome, done })
      if (this.flushQueued) return
      this.flushQueued = true
      // After the I/O callbacks of this turn: every answer that has arrived goes in one commit.
      setImmediate(() => this.flush())
    })
  }

  private flush(): void {
    this.flushQueued = false
    const batch = this.arrived
    this.arrived = []
    const now = this.deps.clock.now()
    const result: IngestResult = { changed: [], unreadable: 0 }
    const settled = batch.map(() => false)
    let committed = false
    try {
      this.deps.db.$client.transaction(() => {
        this.deps.together(
          () =>
            batch.forEach((arrival, index) => {
              try {
                settled[index] = this.deps.db.$client.transaction(() =>
                  this.deps.record(arrival.row, arrival.outcome, now, result)
                )()
              } catch (error) {
                // Left as it was: the event goes again under its key, and Phensys replays its answer.
                this.deps.log(`could not record Phensys's answer to event ${arrival.row.id}`, error)
              }
            }),
          now
        )
        this.deps.recorded(batch, now)
      })()
      committed = true
    } catch (error) {
      settled.fill(false)
      this.deps.log("could not record Phensys's answers", error)
    }
    batch.forEach((arrival, index) => arrival.done(settled[index]!))
    if (committed) this.deps.committed(batch, result)
  }
}
