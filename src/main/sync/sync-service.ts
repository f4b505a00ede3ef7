import { and, count, eq, isNull, sql } from 'drizzle-orm'
import type { Clock } from '../../shared/clock'
import type { SyncHealth } from '../../shared/contract'
import type { CounterDb } from '../db/open'
import { excluded, placeholders } from '../db/query-parts'
import { feedExceptions, syncState } from '../db/schema/sync'
import type { EventBus } from '../events'
import type { RequestsRepo } from '../fulfilment/requests-repo'
import type { EventOutcome, FeedEntry, PhensysClient } from '../phensys/phensys-client'
import type { IngestResult, SnapshotIngest } from './feed-ingest'
import type { Outbox, OutboxRow } from '../phensys/outbox'
import { Waker, backoffMs } from './waker'

export interface SyncTuning {
  /** Long-poll wait per feed call, seconds (the contract allows up to 30). */
  pollWaitSeconds: number
  pageLimit: number
  retryBaseMs: number
  retryMaxMs: number
  random: () => number
}

export const DEFAULT_SYNC_TUNING: SyncTuning = {
  pollWaitSeconds: 25,
  pageLimit: 200,
  retryBaseMs: 1_000,
  retryMaxMs: 5 * 60_000,
  random: Math.random
}

interface Deps {
  db: CounterDb
  client: PhensysClient
  ingest: SnapshotIngest
  outbox: Outbox
  requests: RequestsRepo
  clock: Clock
  events: EventBus
  mode: 'training' | 'live'
  tuning: SyncTuning
  log: (message: string, error?: unknown) => void
}

export type PullResult = 'page' | 'more' | 'expired' | 'retry'

const PUSH_BATCH = 64
const PUSH_CONCURRENCY = 8

async function mapConcurrently<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await run(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/**
 * Keeps the store in step with Phensys: a pull loop long-polls the feed, a push loop sends the
 * outbox in order per request. All durable state (cursor, outbox rows with their retry times)
 * lives in SQLite, so a restart resumes exactly where it stopped.
 */
export class SyncService {
  private running: AbortController | null = null
  private loops: Promise<void>[] = []
  private readonly pushWaker = new Waker()
  private connected = false
  private lastError: string | null = null
  private lastHealth = ''
  private readonly getState
  private readonly putState
  private readonly unreadableCount

  constructor(private readonly deps: Deps) {
    const { db } = deps
    this.getState = db
      .select({ value: syncState.value })
      .from(syncState)
      .where(eq(syncState.key, sql.placeholder('key')))
      .prepare()
    this.putState = db
      .insert(syncState)
      .values(placeholders(['key', 'value']))
      .onConflictDoUpdate({ target: syncState.key, set: { value: excluded(syncState.value) } })
      .prepare()
    const f = feedExceptions
    this.unreadableCount = db
      .select({ n: count() })
      .from(f)
      .where(and(eq(f.category, 'unreadable'), isNull(f.acknowledgedAt)))
      .prepare()
  }

  /** Runs `work` in one transaction on the store's connection. */
  private transaction(work: () => void): void {
    this.deps.db.$client.transaction(work)()
  }

  private setState(key: string, value: unknown): void {
    this.putState.run({ key, value: JSON.stringify(value) })
  }

  start(): void {
    if (this.running) return
    this.running = new AbortController()
    const signal = this.running.signal
    this.loops = [this.pullLoop(signal), this.pushLoop(signal)]
  }

  async stop(): Promise<void> {
    this.running?.abort()
    this.running = null
    await Promise.allSettled(this.loops)
    this.loops = []
  }

  /** Wakes the push loop: a command just committed an event. */
  notifyOutbox(): void {
    this.pushWaker.notify()
  }

  cursor(): string | null {
    const row = this.getState.get({ key: 'cursor' })
    return row ? (JSON.parse(row.value) as string | null) : null
  }

  /** One feed call; its entries, snapshots and the new cursor commit in one transaction. */
  async pullOnce(waitSeconds: number, signal?: AbortSignal): Promise<PullResult> {
    const outcome = await this.deps.client.feed(this.cursor(), waitSeconds, this.deps.tuning.pageLimit, signal)
    if (outcome.kind === 'retry') {
      this.noteFailure(outcome.reason)
      return 'retry'
    }
    this.noteSuccess()
    if (outcome.kind === 'cursor_expired') {
      await this.resync(signal)
      return 'expired'
    }
    const now = this.deps.clock.now()
    const result: IngestResult = { changed: [], unreadable: 0 }
    this.transaction(() => {
      for (const entry of outcome.entries) this.deps.ingest.entry(entry as FeedEntry, now, result)
      if (outcome.next) this.setState('cursor', outcome.next)
      this.setState('lastPullAt', now.toISOString())
    })
    this.announce(result)
    return outcome.more ? 'more' : 'page'
  }

  /**
   * After `410 cursor_expired`: take every open request from the list, refresh the ones the
   * counter still holds open that the list no longer has, then follow the feed from its start.
   */
  async resync(signal?: AbortSignal): Promise<void> {
    const seen = new Set<string>()
    const result: IngestResult = { changed: [], unreadable: 0 }
    let after: string | null = null
    for (;;) {
      const page = await this.deps.client.openRequests(after, signal)
      if (page.kind === 'retry') throw new Error(`re-sync interrupted: ${page.reason}`)
      const now = this.deps.clock.now()
      this.transaction(() => {
        for (const raw of page.requests) {
          const id = (raw as { id?: unknown } | null)?.id
          if (typeof id === 'string') seen.add(id)
          this.deps.ingest.snapshot(raw, now, result, { cursor: null, kind: 'resync' })
        }
      })
      if (!page.next) break
      after = page.next
    }
    for (const row of this.deps.requests.worklist(false).rows) {
      if (seen.has(row.id)) continue
      const answer = await this.deps.client.request(row.id, signal)
      if (answer.kind !== 'found') continue
      const now = this.deps.clock.now()
      this.transaction(() => this.deps.ingest.snapshot(answer.snapshot, now, result, { cursor: null, kind: 'resync' }))
    }
    this.transaction(() => this.setState('cursor', null))
    this.announce(result)
  }

  /**
   * Sends every event that is due. `due()` yields at most one event per request (its oldest
   * unsettled one), so a batch can go concurrently without breaking the order per request; the
   * answers are then settled in one transaction. Returns how many settled.
   */
  async pushOnce(signal?: AbortSignal): Promise<number> {
    let settled = 0
    for (;;) {
      const due = this.deps.outbox.due(this.deps.clock.now(), PUSH_BATCH)
      if (due.length === 0 || signal?.aborted) break
      const outcomes = await mapConcurrently(due, PUSH_CONCURRENCY, (row) =>
        this.deps.client.postEvent(row.requestId, row.idempotencyKey, row.body, signal)
      )
      const now = this.deps.clock.now()
      const result: IngestResult = { changed: [], unreadable: 0 }
      let progressed = 0
      this.transaction(() => {
        due.forEach((row, index) => {
          if (this.settle(row, outcomes[index]!, now, result)) progressed += 1
        })
      })
      this.announce(result)
      settled += progressed
      if (progressed === 0) break
    }
    if (settled > 0) this.emitHealth()
    return settled
  }

  /** Records Phensys's answer to one event; false when it is to be tried again later. */
  private settle(row: OutboxRow, outcome: EventOutcome, now: Date, result: IngestResult): boolean {
    if (outcome.kind === 'retry') {
      this.noteFailure(outcome.reason)
      const { retryBaseMs, retryMaxMs, random } = this.deps.tuning
      // Phensys's Retry-After is honoured, up to the longest wait the counter allows itself.
      const delay = Math.min(
        retryMaxMs,
        Math.max(outcome.retryAfterMs ?? 0, backoffMs(row.attempts, retryBaseMs, retryMaxMs, random))
      )
      this.deps.outbox.scheduleRetry(row.id, new Date(now.getTime() + delay), outcome.reason)
      return false
    }
    this.noteSuccess()
    if (outcome.kind === 'accepted') {
      this.deps.outbox.markSent(row.id, now, outcome.snapshot)
      this.setState('lastPushAt', now.toISOString())
      if (outcome.snapshot !== undefined)
        this.deps.ingest.snapshot(outcome.snapshot, now, result, { cursor: null, kind: 'event.answer' })
    } else if (outcome.kind === 'conflict') {
      this.deps.outbox.markForPerson(
        row.id,
        'conflict',
        now,
        `Phensys refused ${row.type}: ${outcome.message}`,
        outcome.snapshot
      )
      if (outcome.snapshot !== undefined)
        this.deps.ingest.snapshot(outcome.snapshot, now, result, { cursor: null, kind: 'event.conflict' })
    } else {
      this.deps.outbox.markForPerson(
        row.id,
        'failed',
        now,
        `Phensys refused ${row.type} (${outcome.status} ${outcome.code}): ${outcome.message}`,
        undefined
      )
    }
    return true
  }

  health(): SyncHealth {
    const depth = this.deps.outbox.depth()
    const state = (key: string): string | null => {
      const row = this.getState.get({ key })
      return row ? (JSON.parse(row.value) as string | null) : null
    }
    const unreadable = this.unreadableCount.get() ?? { n: 0 }
    return {
      mode: this.deps.mode,
      phensysUrl: this.deps.client.url,
      connected: this.connected,
      lastPullAt: state('lastPullAt'),
      lastPushAt: state('lastPushAt'),
      lastError: this.lastError,
      outboxDepth: depth.unsent,
      oldestUnsentAt: depth.oldestUnsentAt,
      unreadableEntries: unreadable.n,
      eventsNeedingAPerson: depth.needingAPerson
    }
  }

  emitHealth(): void {
    const health = this.health()
    const text = JSON.stringify(health)
    if (text === this.lastHealth) return
    this.lastHealth = text
    this.deps.events.broadcast('sync.health', health)
  }

  private announce(result: IngestResult): void {
    if (result.changed.length > 0) {
      this.deps.events.broadcast('requests.changed', { changes: result.changed })
      this.deps.events.broadcast('worklist.changed', { requestIds: result.changed.map((change) => change.requestId) })
    }
    this.emitHealth()
  }

  private noteFailure(reason: string): void {
    this.connected = false
    this.lastError = reason
  }

  private noteSuccess(): void {
    this.connected = true
    this.lastError = null
  }

  private async pullLoop(signal: AbortSignal): Promise<void> {
    const waker = new Waker()
    let failures = 0
    let caughtUp = false
    while (!signal.aborted) {
      try {
        // Catch up at once (and learn whether Phensys answers), then long-poll.
        const result = await this.pullOnce(caughtUp ? this.deps.tuning.pollWaitSeconds : 0, signal)
        failures = result === 'retry' ? failures + 1 : 0
        caughtUp = result === 'page'
      } catch (error) {
        if (signal.aborted) break
        failures += 1
        this.noteFailure((error as Error).message)
        this.deps.log('feed pull failed', error)
      }
      if (failures > 0) {
        this.emitHealth()
        await waker.sleep(
          backoffMs(failures, this.deps.tuning.retryBaseMs, this.deps.tuning.retryMaxMs, this.deps.tuning.random),
          signal
        )
      }
    }
  }

  private async pushLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.pushOnce(signal)
      } catch (error) {
        if (signal.aborted) break
        this.deps.log('outbox push failed', error)
      }
      const next = this.deps.outbox.nextAttemptAt()
      const wait = next ? Date.parse(next) - this.deps.clock.now().getTime() : 30_000
      await this.pushWaker.sleep(Math.min(Math.max(wait, 50), 30_000), signal)
    }
  }
}
