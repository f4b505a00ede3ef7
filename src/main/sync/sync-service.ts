import { and, count, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm'
import { setMaxListeners } from 'node:events'
import { setImmediate } from 'node:timers/promises'
import type { Clock } from '../../shared/clock'
import type { SyncHealth } from '../../shared/contract'
import { fitsOpaqueId } from '../../shared/phensys/opaque-id'
import { statusEventName } from '../../shared/phensys/event-names'
import { TERMINAL_PHENSYS_STATES } from '../../shared/phensys/snapshot'
import type { AuditTrail } from '../audit'
import { type CounterDb, excluded, placeholders, feedExceptions, FOR_A_PERSON, requests, syncState } from '../db'
import type { EventBus } from '../events'
import type { RequestsRepo } from '../fulfilment'
import {
  feedEntryFields,
  type FeedEntry,
  type FeedOutcome,
  type LookUpOutcome,
  type PhensysClient,
  type Outbox,
  type Retry
} from '../phensys'
import type { RequestFlags } from '../flags'
import { holdForAPerson, keyMayHaveLapsed } from './lapsed-keys'
import { AnswerRecorder } from './answers'
import { ConnectionWatch } from './connection'
import { isKnownKind, type IngestResult, type SnapshotIngest } from './feed-ingest'
import { LookUps, type LookUp } from './look-ups'
import { OutboxPusher } from './outbox-pusher'
import { Waker, backoffMs } from './waker'

export interface SyncTuning {
  /** Long-poll wait per feed call, seconds (the contract allows up to 30). */
  pollWaitSeconds: number
  pageLimit: number
  retryBaseMs: number
  /** The longest backoff the counter gives itself between tries. */
  retryMaxMs: number
  /** The longest wait Phensys's `Retry-After` is kept to (`RETRY_AFTER_CEILING_MS`). */
  retryAfterMaxMs: number
  random: () => number
  /** How often Phensys's health check is asked while it cannot be reached. */
  probeIntervalMs: number
  /** Events in flight at once (each of a different request). */
  pushConcurrency: number
  /** Due events read from the store at a time. */
  pushBatch: number
  /** How long a call to Phensys other than the feed's long-poll waits for its answer (the client's). */
  requestTimeoutMs: number
}

/**
 * The longest `Retry-After` the counter keeps to. Phensys may ask for a long wait (a maintenance
 * window, a rate limit reset) and is obeyed, well past the counter's own 5-minute backoff; but a
 * wait of hours or days is a mistake upstream, and events would pile up unseen behind it. A person
 * may still ask to try sooner (`sync.tryNow`).
 */
const RETRY_AFTER_CEILING_MS = 60 * 60_000

export const DEFAULT_SYNC_TUNING: SyncTuning = {
  pollWaitSeconds: 25,
  pageLimit: 200,
  retryBaseMs: 1_000,
  retryMaxMs: 5 * 60_000,
  retryAfterMaxMs: RETRY_AFTER_CEILING_MS,
  random: Math.random,
  probeIntervalMs: 500,
  pushConcurrency: 16,
  pushBatch: 256,
  requestTimeoutMs: 15_000
}

/**
 * `sync_state` key: the end of the last wait Phensys asked for with `Retry-After`, on any call: no
 * event of any request is sent before it (the key's name is from when it held back only the event).
 */
const EVENTS_WAIT_UNTIL = 'eventsRetryAfterUntil'
/** `sync_state` key: the end of the last wait Phensys asked for on the pull's calls (the feed, a look-up): not polled before it. */
const FEED_WAIT_UNTIL = 'feedRetryAfterUntil'
type WaitKey = typeof EVENTS_WAIT_UNTIL | typeof FEED_WAIT_UNTIL
/** A long-poll answers within its wait; this much more is allowed before the last pull is stale. */
const PULL_GRACE_MS = 5_000
/**
 * The least time between long-polls that came back empty sooner than their wait (a Phensys, or
 * something in between, that does not hold the call): without it the feed is asked in a tight loop.
 */
const EMPTY_POLL_FLOOR_MS = 2_000
/** Tries after which an event that still has not gone is shown in F9 with why (one or two are passing weather). */
const PERSISTENT_FAILURE_TRIES = 3
/** How often the windows are told the health while nothing else changes (a pull growing stale). */
const HEALTH_TICK_MS = 1_000
/** The most often the windows are told the health while the outbox drains. */
const HEALTH_EVERY_MS = 250
/** The longest the push loop sleeps while nothing is due. */
const PUSH_IDLE_MS = 30_000
/**
 * Pulls (or re-syncs) in a row that one failing look-up of a request may hold back, each after the
 * pull loop's backoff: then the counter goes on without that request and asks for it again later.
 */
const LOOKUP_TRIES = 3
/** What a look-up answered `404` said, in a person's words. */
const GONE = 'it does not know the request (404)'
/** Requests asked for again at one pull, at most: the feed is not held up behind a long list. */
const LOOKUPS_PER_PULL = 20

/** A feed entry whose snapshot Phensys did not give, and why. */
interface Unanswered {
  entry: FeedEntry & { requestId: string }
  /** None when the request is already waiting to be asked for again. */
  answer: Retry | { kind: 'refused'; reason: string } | null
}

interface Deps {
  db: CounterDb
  client: PhensysClient
  ingest: SnapshotIngest
  outbox: Outbox
  requests: RequestsRepo
  audit: AuditTrail
  flags: RequestFlags
  clock: Clock
  events: EventBus
  mode: 'training' | 'live'
  tuning: SyncTuning
  log: (message: string, error?: unknown) => void
}

export type PullResult = 'page' | 'more' | 'expired' | 'retry'

/**
 * Keeps the store in step with Phensys: a pull loop long-polls the feed, a push loop sends the
 * outbox in order per request, and while Phensys cannot be reached its health check is asked so
 * both resume as soon as it is back. All durable state (cursor, outbox rows with their retry
 * times) lives in SQLite, so a restart resumes exactly where it stopped.
 */
export class SyncService {
  private running: AbortController | null = null
  private loops: Promise<void>[] = []
  private readonly pushWaker = new Waker()
  private readonly pullWaker = new Waker()
  private readonly connection: ConnectionWatch
  private readonly pusher: OutboxPusher
  private lastHealth = ''
  private lastHealthAt = 0
  private healthTimer: NodeJS.Timeout | null = null
  private readonly getState
  private readonly putState
  private readonly unreadableCount
  private readonly openAtPhensys
  /** The next page of the feed, asked for while the one before it was stored. */
  private ahead: { after: string; outcome: Promise<FeedOutcome | null> } | null = null
  private readonly lookUps: LookUps
  /** The page (the cursor before it) that failed look-ups held back, and how many pulls so far. */
  private heldBack: { after: string | null; tries: number } | null = null
  /** How many entries the last feed page held. */
  private lastPageEntries = 0
  /** Re-syncs in a row that a failed look-up stopped. */
  private resyncTries = 0
  /** The ends of the waits Phensys asked for (ms), as stored in `sync_state` (see `waitEnds`). */
  private readonly waitsAskedFor = new Map<WaitKey, number>()

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
      .where(and(inArray(f.category, FOR_A_PERSON), isNull(f.acknowledgedAt)))
      .prepare()
    // Read only at a re-sync: a scan of the requests is affordable there, and needs no index kept up.
    this.openAtPhensys = db
      .select({ id: requests.id })
      .from(requests)
      .where(notInArray(requests.phensysState, [...TERMINAL_PHENSYS_STATES]))
      .prepare()
    this.lookUps = new LookUps({
      read: () => this.state<Record<string, LookUp>>('lookUpAgain'),
      write: (all) => this.setState('lookUpAgain', all)
    })
    this.connection = new ConnectionWatch({
      tuning: deps.tuning,
      healthy: (signal) => deps.client.healthy(signal),
      askedToWaitMs: () => {
        const now = deps.clock.now()
        return Math.max(0, (this.waitAskedFor(FEED_WAIT_UNTIL, now)?.getTime() ?? 0) - now.getTime())
      },
      onBack: ({ bringForward }) => {
        // Every event waiting out its backoff may go now (but not before a wait Phensys asked
        // for), and the pull need not wait out its own.
        if (bringForward) {
          const now = deps.clock.now()
          deps.outbox.bringForward(this.waitAskedFor(EVENTS_WAIT_UNTIL, now) ?? now)
        }
        this.pushWaker.notify()
        this.pullWaker.notify()
      },
      onChange: () => this.emitHealth()
    })
    const recorder = new AnswerRecorder({
      outbox: deps.outbox,
      ingest: deps.ingest,
      requests: deps.requests,
      audit: deps.audit,
      tuning: deps.tuning
    })
    this.pusher = new OutboxPusher({
      db: deps.db,
      outbox: deps.outbox,
      client: deps.client,
      clock: deps.clock,
      tuning: { concurrency: deps.tuning.pushConcurrency, batch: deps.tuning.pushBatch },
      record: (row, outcome, now, result) => recorder.record(row, outcome, now, result),
      together: (work, now) => deps.ingest.batch(work, now),
      recorded: (answers, now) => {
        if (answers.some(({ outcome }) => outcome.kind === 'accepted')) this.setState('lastPushAt', now.toISOString())
        for (const { outcome } of answers)
          if (outcome.kind === 'retry' && outcome.retryAfterMs) this.askedToWait(now, outcome.retryAfterMs, 'events')
      },
      heldForAPerson: (row, now) => {
        if (!keyMayHaveLapsed(row, now)) return false
        this.transaction(() => holdForAPerson(deps, row, now))
        return true
      },
      held: (now) => this.waitAskedFor(EVENTS_WAIT_UNTIL, now) !== null,
      committed: (answers, result) => {
        for (const { outcome } of answers) {
          if (outcome.kind === 'retry') this.connection.failed(outcome.reason, outcome.unreachable)
          // Phensys answers but does not take this workstation's token: every call will fail so until
          // a person puts it right, and health must keep saying so, not read the answer as all well.
          else if (outcome.kind === 'refused' && outcome.status === 401)
            this.connection.failed(`Phensys refused this workstation's token (401): ${outcome.message}`, false)
          else this.connection.answered()
        }
        this.announce(result)
      },
      log: deps.log
    })
  }

  /** Runs `work` in one transaction on the store's connection. */
  private transaction(work: () => void): void {
    this.deps.db.$client.transaction(work)()
  }

  private setState(key: string, value: unknown): void {
    this.putState.run({ key, value: JSON.stringify(value) })
  }

  /**
   * Phensys answered with `Retry-After` (a 429, or a 503 while its health check may still pass): a
   * wait for this workstation, not for one call. No event of any request is sent before it, and,
   * asked on the pull's calls, the feed is not polled before it either. Kept to the ceiling
   * (`retryAfterMaxMs`) and remembered across restarts; an answer meanwhile, or a shorter wait,
   * shortens nothing: only a person asking (`tryNow`).
   */
  private askedToWait(now: Date, retryAfterMs: number | null, on: 'events' | 'feed'): void {
    if (!retryAfterMs) return
    const until = now.getTime() + Math.min(this.deps.tuning.retryAfterMaxMs, retryAfterMs)
    const keys: WaitKey[] = on === 'feed' ? [EVENTS_WAIT_UNTIL, FEED_WAIT_UNTIL] : [EVENTS_WAIT_UNTIL]
    for (const key of keys) {
      if (this.waitEnds(key) >= until) continue
      this.setState(key, new Date(until).toISOString())
      this.waitsAskedFor.set(key, until)
    }
  }

  /** The end of the wait Phensys asked for (events, or the feed's poll), while it is still ahead; else null. */
  private waitAskedFor(key: WaitKey, now: Date): Date | null {
    const until = this.waitEnds(key)
    return until > now.getTime() ? new Date(until) : null
  }

  /**
   * The end of the last wait asked for, read from the store once (it outlasts a restart), then kept
   * here: the push asks it at every event. Read back, it is capped again from now: kept while the
   * clock ran ahead (set right since), it would otherwise hold every event for as long. A wait so
   * capped is stored so, or each restart would cap it from its own now and wait the ceiling again.
   */
  private waitEnds(key: WaitKey): number {
    let until = this.waitsAskedFor.get(key)
    if (until === undefined) {
      const stored = this.state<string>(key)
      const asked = stored === null ? 0 : Date.parse(stored) || 0
      until = Math.min(asked, this.deps.clock.now().getTime() + this.deps.tuning.retryAfterMaxMs)
      if (until < asked) this.setState(key, new Date(until).toISOString())
      this.waitsAskedFor.set(key, until)
    }
    return until
  }

  /**
   * A person asks to try Phensys now: the waits it asked for end, every waiting event may go, and
   * both loops and the health check wake. Answers the end of the wait there was, if any.
   */
  tryNow(now: Date): string | null {
    const waited = this.waitAskedFor(EVENTS_WAIT_UNTIL, now)
    for (const key of [EVENTS_WAIT_UNTIL, FEED_WAIT_UNTIL] as const) {
      this.setState(key, null)
      this.waitsAskedFor.set(key, 0)
    }
    this.deps.outbox.bringForward(now)
    this.pushWaker.notify()
    this.pullWaker.notify()
    this.connection.wake()
    return waited?.toISOString() ?? null
  }

  start(): void {
    if (this.running) return
    this.running = new AbortController()
    const signal = this.running.signal
    // Every call of the loops listens for this one signal: the push alone has up to 64 in flight.
    setMaxListeners(256, signal)
    this.loops = [this.pullLoop(signal), this.pushLoop(signal), this.connection.watch(signal), this.healthLoop(signal)]
  }

  async stop(): Promise<void> {
    this.running?.abort()
    this.running = null
    await Promise.allSettled(this.loops)
    this.loops = []
    if (this.healthTimer) clearTimeout(this.healthTimer)
    this.healthTimer = null
  }

  /** Wakes the push loop: events were just committed. */
  notifyOutbox(): void {
    this.pushWaker.notify()
  }

  cursor(): string | null {
    return this.state<string>('cursor')
  }

  /** One feed call; its entries, snapshots and the new cursor commit in one transaction. */
  async pullOnce(waitSeconds: number, signal?: AbortSignal): Promise<PullResult> {
    const after = this.cursor()
    const outcome = await this.feed(after, waitSeconds, signal)
    if (outcome.kind === 'retry') {
      this.connection.failed(outcome.reason, outcome.unreachable)
      this.askedToWait(this.deps.clock.now(), outcome.retryAfterMs, 'feed')
      return 'retry'
    }
    this.connection.answered()
    if (outcome.kind === 'cursor_expired') {
      await this.resync(signal)
      return 'expired'
    }
    if (outcome.more && outcome.next) {
      // Catching up: the next page is there already. It is asked for now, so that Phensys makes and
      // sends it while this one is stored; the request leaves before the store holds the thread.
      this.askAhead(outcome.next, signal)
      await setImmediate()
    }
    const entries = await this.withSnapshots(outcome.entries, after, signal)
    if (entries.kind === 'retry') {
      this.connection.failed(entries.reason, entries.unreachable)
      this.askedToWait(this.deps.clock.now(), entries.retryAfterMs, 'feed')
      return 'retry'
    }
    const now = this.deps.clock.now()
    const result: IngestResult = { changed: [], unreadable: 0 }
    this.transaction(() => {
      this.deps.ingest.page(entries.entries, now, result)
      for (const unanswered of entries.unanswered) this.awaitSnapshot(unanswered, now)
      if (outcome.next) this.setState('cursor', outcome.next)
      this.setState('lastPullAt', now.toISOString())
    })
    this.heldBack = null
    this.lastPageEntries = outcome.entries.length
    await this.lookUpAgain(result, signal)
    // Reading the feed may have made events (an acknowledgement, a rejection): they go now.
    if (outcome.entries.length > 0 || result.changed.length > 0) this.pushWaker.notify()
    this.announce(result)
    return outcome.more ? 'more' : 'page'
  }

  /**
   * Keeps a feed entry whose snapshot did not come where a person sees it, and remembers its request
   * to be asked for again: the page commits and the cursor moves on without it. Inside the page's transaction.
   */
  private awaitSnapshot({ entry, answer }: Unanswered, now: Date): void {
    const waiting = this.lookUps.get(entry.requestId)
    const said = answer?.reason ?? waiting?.reason ?? 'no answer'
    const words =
      `Phensys did not give this request's snapshot: asked for it by its id, it answered "${said}". ` +
      'Nothing was rejected: the counter asks Phensys again at its next pulls, and closes this item when the snapshot comes.'
    // One item a request while it waits: a later entry of it is answered by the same look-up.
    const kept = waiting?.kept ?? this.deps.ingest.awaitingSnapshot(entry, words.slice(0, 2000), now)
    if (!answer && waiting) return this.lookUps.put(entry.requestId, { ...waiting, kept })
    const tries = (waiting?.tries ?? 0) + (answer?.kind === 'retry' ? LOOKUP_TRIES : 1)
    const nextAt = this.nextLookUpAt(tries, answer ?? { kind: 'refused' }, now)
    this.lookUps.put(entry.requestId, { tries, nextAt, kept, reason: said })
  }

  /** When a request whose look-up failed is asked for again: its backoff, Phensys's `Retry-After`, or long after a refusal. */
  private nextLookUpAt(tries: number, answer: Retry | { kind: 'refused' }, now: Date): string {
    const { retryBaseMs, retryMaxMs, random } = this.deps.tuning
    const wait =
      answer.kind === 'refused'
        ? retryMaxMs
        : Math.min(retryMaxMs, Math.max(answer.retryAfterMs ?? 0, backoffMs(tries, retryBaseMs, retryMaxMs, random)))
    return new Date(now.getTime() + wait).toISOString()
  }

  /**
   * Asks Phensys again for the requests whose snapshot it did not give (see `awaitSnapshot`, and a
   * re-sync that went on without one), each once its wait is over, after a page was stored.
   */
  private async lookUpAgain(result: IngestResult, signal?: AbortSignal): Promise<void> {
    for (const [id, waiting] of this.lookUps.due(this.deps.clock.now()).slice(0, LOOKUPS_PER_PULL)) {
      const answer: LookUpOutcome = fitsOpaqueId(id) ? await this.deps.client.request(id, signal) : { kind: 'gone' }
      const now = this.deps.clock.now()
      this.transaction(() => {
        if (answer.kind === 'found') {
          if (waiting.kept) this.deps.ingest.snapshotArrived(waiting.kept, now)
          this.deps.ingest.snapshot(answer.snapshot, now, result, { cursor: null, kind: 'look-up' })
          this.lookUps.remove(id)
        } else if (answer.kind === 'gone') {
          if (waiting.kept)
            this.deps.ingest.reword(
              waiting.kept,
              "Phensys did not give this request's snapshot, and now answers that it does not know the request (404)."
            )
          this.lookUps.remove(id)
        } else {
          const tries = waiting.tries + 1
          this.lookUps.put(id, {
            ...waiting,
            tries,
            nextAt: this.nextLookUpAt(tries, answer, now),
            reason: answer.reason
          })
          if (answer.kind === 'retry') this.askedToWait(now, answer.retryAfterMs, 'feed')
        }
      })
      // Phensys itself away, or asking for a wait: the others would fail the same way, or add to its load.
      if (answer.kind === 'retry' && (answer.unreachable || answer.retryAfterMs)) return
    }
  }

  /**
   * An entry of a kind the counter knows that names its request but carries no snapshot (or null) is given
   * the request as Phensys holds it now (`GET /requests/{id}`): read without one, it would be taken
   * for an unreadable request and rejected. A call that fails leaves the page uncommitted (the
   * cursor stays), so it is asked again, for up to `LOOKUP_TRIES` pulls; then, or at once when
   * Phensys refuses the question (400, 403…), the entry is kept for a person and its request asked for
   * again at later pulls (`awaitSnapshot`), and the feed goes on. Other entries go as they came.
   */
  private async withSnapshots(
    entries: readonly unknown[],
    after: string | null,
    signal?: AbortSignal
  ): Promise<{ kind: 'entries'; entries: unknown[]; unanswered: Unanswered[] } | Retry> {
    const filled: unknown[] = []
    const unanswered: Unanswered[] = []
    for (const sent of entries) {
      const entry = feedEntryFields(sent)
      // Not an entry at all (null, a string): the ingest keeps it as it came, for a person.
      if (!entry) {
        filled.push(sent)
        continue
      }
      const { kind, requestId } = entry
      if (
        (entry.request !== undefined && entry.request !== null) ||
        !isKnownKind(kind) ||
        typeof requestId !== 'string' ||
        !fitsOpaqueId(requestId)
      ) {
        filled.push(entry)
        continue
      }
      const bare = { ...entry, requestId }
      const waiting = this.lookUps.get(requestId)
      if (waiting) {
        // Already asked for again at its own time: this entry does not hold the feed back a second time.
        unanswered.push({ entry: bare, answer: null })
        continue
      }
      const answer = await this.deps.client.request(requestId, signal)
      if (answer.kind === 'found') filled.push({ ...entry, request: answer.snapshot })
      // Phensys does not know the request: there is no snapshot to read, so nothing unreadable to
      // reject (nor a request here to stop). Kept for a person, asked for once more later.
      else if (answer.kind === 'gone') unanswered.push({ entry: bare, answer: { kind: 'refused', reason: GONE } })
      else if (answer.kind === 'refused') unanswered.push({ entry: bare, answer })
      else {
        const tries = (this.heldBack?.after === after ? this.heldBack.tries : 0) + 1
        this.heldBack = { after, tries }
        if (tries < LOOKUP_TRIES) return answer
        unanswered.push({ entry: bare, answer })
      }
    }
    return { kind: 'entries', entries: filled, unanswered }
  }

  /**
   * The page after `after`: the one asked for ahead when it is that page and an answer came (a
   * catching-up call, which does not wait), or Phensys's Retry-After to it, else asked now. A cursor moved elsewhere (a re-sync, a
   * page that did not commit) leaves the page asked ahead unused.
   */
  private async feed(after: string | null, waitSeconds: number, signal?: AbortSignal): Promise<FeedOutcome> {
    const ahead = this.ahead
    this.ahead = null
    if (ahead && ahead.after === after && waitSeconds === 0) {
      const outcome = await ahead.outcome
      if (outcome?.kind === 'page') return outcome
      // Phensys asked for a wait: asking again at once would be a call it asked not to have.
      if (outcome?.kind === 'retry' && outcome.retryAfterMs !== null) return outcome
    }
    return this.deps.client.feed(after, waitSeconds, this.deps.tuning.pageLimit, signal)
  }

  private askAhead(after: string, signal?: AbortSignal): void {
    this.ahead = {
      after,
      // A failure here is nobody's: the page is asked again when it is wanted.
      outcome: this.deps.client.feed(after, 0, this.deps.tuning.pageLimit, signal).catch(() => null)
    }
  }

  /**
   * After `410 cursor_expired`: take every open request from the list, refresh the ones the
   * counter still holds open, or holds as open at Phensys (a dispatched request is closed on the
   * worklist but not at Phensys, which may yet deliver or cancel it), that the list no longer has,
   * then follow the feed from its start.
   */
  async resync(signal?: AbortSignal): Promise<void> {
    const seen = new Set<string>()
    const result: IngestResult = { changed: [], unreadable: 0 }
    let after: string | null = null
    for (;;) {
      const page = await this.deps.client.openRequests(after, signal)
      if (page.kind === 'retry') throw this.interrupted(page)
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
    const held = new Set([
      ...this.deps.requests.worklist(false).rows.map((row) => row.id),
      ...this.openAtPhensys.all().map((row) => row.id)
    ])
    const unanswered: Array<{ id: string; answer: Retry | { kind: 'refused'; reason: string } }> = []
    for (const id of held) {
      if (seen.has(id) || !fitsOpaqueId(id)) continue
      const answer = await this.deps.client.request(id, signal)
      // Skipped for good, the request would stay as it was: the feed followed from its start may not
      // tell it. So the re-sync starts over a few times, then finishes and asks for it again later.
      if (answer.kind === 'retry' && this.resyncTries + 1 < LOOKUP_TRIES) {
        this.resyncTries += 1
        throw this.interrupted(answer)
      }
      if (answer.kind === 'retry' || answer.kind === 'refused') {
        unanswered.push({ id, answer })
        continue
      }
      if (answer.kind === 'gone') continue
      const now = this.deps.clock.now()
      this.transaction(() => this.deps.ingest.snapshot(answer.snapshot, now, result, { cursor: null, kind: 'resync' }))
    }
    const now = this.deps.clock.now()
    this.transaction(() => {
      for (const { id, answer } of unanswered) {
        const waiting = this.lookUps.get(id)
        const tries = (waiting?.tries ?? 0) + (answer.kind === 'retry' ? LOOKUP_TRIES : 1)
        const nextAt = this.nextLookUpAt(tries, answer, now)
        this.lookUps.put(id, { tries, nextAt, kept: waiting?.kept ?? null, reason: answer.reason })
      }
      this.setState('cursor', null)
    })
    this.resyncTries = 0
    if (unanswered.length > 0)
      this.deps.log(`re-sync finished without ${unanswered.length} request(s), asked for again later`)
    this.pushWaker.notify()
    this.announce(result)
  }

  /**
   * A re-sync stopped by a call to be tried again: the cursor is kept, so the next pull meets
   * `410` and starts the re-sync over; Phensys's `Retry-After` holds back the pull and the events.
   */
  private interrupted(retry: Retry): Error {
    this.askedToWait(this.deps.clock.now(), retry.retryAfterMs, 'feed')
    return new Error(`re-sync interrupted: ${retry.reason}`)
  }

  /** Sends every event that is due, recording each answer as it comes. Returns how many settled. */
  async pushOnce(signal?: AbortSignal): Promise<number> {
    const settled = await this.pusher.drain(signal)
    if (settled > 0) this.emitHealth()
    return settled
  }

  /**
   * Connected only while Phensys answers and the last pull is recent: a long-poll answers within
   * its wait, so a pull older than that (and a little more) means the feed is not being read,
   * whatever the last call said.
   */
  health(): SyncHealth {
    const depth = this.deps.outbox.depth()
    const lastPullAt = this.state<string>('lastPullAt')
    const pollIntervalMs = this.deps.tuning.pollWaitSeconds * 1000 + PULL_GRACE_MS
    const now = this.deps.clock.now()
    const fresh = lastPullAt !== null && now.getTime() - Date.parse(lastPullAt) <= pollIntervalMs
    return {
      mode: this.deps.mode,
      phensysUrl: this.deps.client.url,
      connected: this.connection.reachable && fresh,
      pollIntervalMs,
      lastPullAt,
      lastPushAt: this.state<string>('lastPushAt'),
      lastError: this.connection.lastError,
      outboxDepth: depth.unsent,
      oldestUnsentAt: depth.oldestUnsentAt,
      unsentProblem: this.unsentProblem(),
      unreadableEntries: this.unreadableCount.get()?.n ?? 0,
      eventsNeedingAPerson: depth.needingAPerson,
      phensysWaitUntil: this.waitAskedFor(EVENTS_WAIT_UNTIL, now)?.toISOString() ?? null
    }
  }

  private unsentProblem(): string | null {
    const stuck = this.deps.outbox.stuck(PERSISTENT_FAILURE_TRIES)
    return stuck
      ? `${statusEventName(stuck.type)} for ${stuck.requestId} not confirmed after ${stuck.attempts} tries (still trying): ${stuck.lastError}`
      : null
  }

  emitHealth(): void {
    const health = this.health()
    const text = JSON.stringify(health)
    if (text === this.lastHealth) return
    this.lastHealth = text
    this.lastHealthAt = Date.now()
    this.deps.events.broadcast('sync.health', health)
  }

  /**
   * While the outbox drains, answers come hundreds a second: the windows are told at most every
   * quarter second (and once more after the last), not after every commit.
   */
  private emitHealthSoon(): void {
    if (this.healthTimer) return
    const wait = Math.max(0, this.lastHealthAt + HEALTH_EVERY_MS - Date.now())
    if (wait === 0) return this.emitHealth()
    this.healthTimer = setTimeout(() => {
      this.healthTimer = null
      this.emitHealth()
    }, wait)
  }

  private state<T>(key: string): T | null {
    const row = this.getState.get({ key })
    return row ? (JSON.parse(row.value) as T | null) : null
  }

  private announce(result: IngestResult): void {
    if (result.changed.length > 0) {
      this.deps.events.broadcast('requests.changed', { changes: result.changed })
      this.deps.events.broadcast('worklist.changed', { requestIds: result.changed.map((change) => change.requestId) })
    }
    this.emitHealthSoon()
  }

  private async pullLoop(signal: AbortSignal): Promise<void> {
    let failures = 0
    let caughtUp = false
    while (!signal.aborted) {
      // Phensys said when to ask again (429, 503, here or before a restart): not sooner, whatever
      // else answers meanwhile.
      const held = this.waitAskedFor(FEED_WAIT_UNTIL, this.deps.clock.now())
      if (held) {
        // Woken early only to look again (Phensys back, a person asking to try now: `tryNow`).
        await this.pullWaker.sleep(held.getTime() - this.deps.clock.now().getTime(), signal)
        continue
      }
      let result: PullResult
      const waitSeconds = caughtUp ? this.deps.tuning.pollWaitSeconds : 0
      const asked = performance.now()
      try {
        // Catch up at once (and learn whether Phensys answers), then long-poll.
        result = await this.pullOnce(waitSeconds, signal)
      } catch (error) {
        if (signal.aborted) break
        this.connection.failed((error as Error).message, false)
        this.deps.log('feed pull failed', error)
        result = 'retry'
      }
      if (result !== 'retry') {
        failures = 0
        caughtUp = result === 'page'
        // A long-poll answered empty before its wait was held by no one: not asked again at once.
        const early = Math.min(waitSeconds * 1000, EMPTY_POLL_FLOOR_MS) - (performance.now() - asked)
        if (result === 'page' && this.lastPageEntries === 0 && early > 0) await this.pullWaker.sleep(early, signal)
        continue
      }
      failures += 1
      caughtUp = false
      this.emitHealth()
      const { retryBaseMs, retryMaxMs, random } = this.deps.tuning
      // A wait Phensys asked for is kept at the loop's top; else the backoff, woken early when
      // Phensys is back (an answer elsewhere, or its health check).
      if (!this.waitAskedFor(FEED_WAIT_UNTIL, this.deps.clock.now()))
        await this.pullWaker.sleep(backoffMs(failures, retryBaseMs, retryMaxMs, random), signal)
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
      // While Phensys is away nothing is sent until it is back (the loop is woken then); while it
      // asked for a wait, nothing before its end.
      const now = this.deps.clock.now()
      const held = this.waitAskedFor(EVENTS_WAIT_UNTIL, now)
      const next = held ? held.toISOString() : this.connection.reachable ? this.deps.outbox.nextAttemptAt() : null
      const wait = next ? Date.parse(next) - now.getTime() : PUSH_IDLE_MS
      await this.pushWaker.sleep(Math.min(Math.max(wait, 20), PUSH_IDLE_MS), signal)
    }
  }

  private async healthLoop(signal: AbortSignal): Promise<void> {
    const tick = new Waker()
    while (!signal.aborted) {
      this.emitHealth()
      await tick.sleep(HEALTH_TICK_MS, signal)
    }
  }
}
