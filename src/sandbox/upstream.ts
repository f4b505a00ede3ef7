/**
 * Phensys's side of the sandbox: what happens to requests when the provider sends events and
 * when the control calls play Phensys or the patient. Each operation runs in one SQLite
 * transaction (request, event log, idempotency key and feed entry together); long-polls are woken
 * after the commit.
 */
import { randomInt } from 'node:crypto'
import type { StatusEvent } from '../shared/phensys/events'
import {
  isTerminalState,
  PATIENT_CHOICES,
  snapshotSchema,
  TERMINAL_PHENSYS_STATES,
  type PatientChoice
} from '../shared/phensys/snapshot'
import type { Db } from './db'
import { Feed, formatCursor, InvalidCursorError, parseCursor, type FeedPageResult } from './feed'
import { ApiError, errorBody, validationFailed, type Answer } from './http'
import { fingerprint, IdempotencyStore } from './idempotency'
import type { FeedWaiters } from './long-poll'
import { changed, deepMerge } from './snapshot-edit'
import { judgeEvent } from './state-table'
import { RequestStore, type RawSnapshot, type StoredRequest } from './store'
import { timestamp, type Clock } from './time'

type Snapshot = RawSnapshot & { id: string }

const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function newRequestId(): string {
  let id = 'fr_'
  for (let i = 0; i < 8; i += 1) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)] ?? '0'
  return id
}

function conflict(message: string, request: RawSnapshot): ApiError {
  return new ApiError(409, 'conflict', message, undefined, { request })
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'not_found', `no request ${id}`)
}

/** Phensys keeps its own contract: a snapshot it would send must fit it (`?unchecked=true` plays one that does not). */
function mustRead(snapshot: RawSnapshot): void {
  const parsed = snapshotSchema.safeParse(snapshot)
  if (!parsed.success) {
    const reason = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ')
    throw validationFailed(`the resulting snapshot does not fit the contract: ${reason}`)
  }
}

function read201(answer: Answer): string {
  return (answer.body as { id: string }).id
}

export class Upstream {
  readonly store: RequestStore
  readonly feed: Feed
  private readonly keys: IdempotencyStore

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly waiters: FeedWaiters,
    retentionMs?: number
  ) {
    this.store = new RequestStore(db)
    this.feed = new Feed(db, clock, retentionMs)
    this.keys = new IdempotencyStore(db)
  }

  private now(): string {
    return timestamp(this.clock())
  }

  /** Runs `work` in one transaction, then wakes long-polls if it appended to the feed. */
  private tx<T>(work: () => T): T {
    try {
      return this.db.transaction(work)()
    } finally {
      if (this.feed.appended) {
        this.feed.appended = false
        this.waiters.notify()
      }
    }
  }

  private existing(id: string): StoredRequest {
    const request = this.store.get(id)
    if (!request) throw notFound(id)
    return request
  }

  private commitChange(snapshot: Snapshot, kind: string): Answer {
    this.store.update(snapshot)
    this.feed.append({ kind, request: snapshot })
    return { status: 200, body: snapshot }
  }

  // ---- provider API ----------------------------------------------------------------------------

  getRequest(id: string): Answer {
    return { status: 200, body: this.existing(id).snapshot }
  }

  listRequests(options: { open: boolean; after: string | null; limit: number }): Answer {
    const page = this.store.list({ ...options, terminalStates: TERMINAL_PHENSYS_STATES })
    return { status: 200, body: { requests: page.requests.map((request) => request.snapshot), next: page.next } }
  }

  feedPage(after: string | null, limit: number): FeedPageResult {
    return this.tx(() => this.feed.page(after, limit))
  }

  redeliver(seq: number): void {
    this.tx(() => this.feed.redeliver(seq))
  }

  /** `POST /v1/provider/requests/{id}/events` once the body is valid. */
  postEvent(requestId: string, key: string, event: StatusEvent, rawBody: unknown): Answer {
    return this.tx(() => {
      const print = fingerprint(requestId, rawBody)
      const stored = this.keys.find(key)
      if (stored) {
        if (stored.fingerprint !== print) {
          throw new ApiError(
            422,
            'idempotency_key_reused',
            'this Idempotency-Key was used with a different body or request; make a new key for a new event'
          )
        }
        return { status: stored.status, body: stored.body, headers: { 'Idempotent-Replayed': 'true' } }
      }
      const current = this.existing(requestId)
      const verdict = judgeEvent(event.type, current.state)
      const now = this.now()
      let answer: Answer
      if (!verdict.accepted) {
        answer = {
          status: 409,
          body: errorBody(
            'conflict',
            verdict.reason,
            [{ message: verdict.reason, state: current.state, type: event.type }],
            {
              request: current.snapshot
            }
          )
        }
      } else {
        let snapshot: Snapshot = { ...current.snapshot, id: current.id }
        if (verdict.changesState) {
          snapshot = changed(snapshot, verdict.nextState, now)
          this.store.update(snapshot)
          this.feed.append({ kind: 'request.updated', request: snapshot })
        }
        const eventId = this.store.nextEventId()
        this.store.recordEvent({
          eventId,
          requestId,
          idempotencyKey: key,
          type: event.type,
          body: rawBody,
          receivedAt: now,
          stateBefore: current.state,
          stateAfter: verdict.nextState,
          versionAfter: typeof snapshot.version === 'number' ? snapshot.version : current.version
        })
        answer = { status: 201, body: { eventId, request: snapshot } }
      }
      this.keys.save({ key, fingerprint: print, requestId, status: answer.status, body: answer.body }, now)
      return answer
    })
  }

  // ---- control calls ---------------------------------------------------------------------------

  /** Creates a request from a snapshot; `unchecked` stores it even when it does not fit the contract. */
  createRequest(body: RawSnapshot, options: { unchecked: boolean; at?: string }): Answer {
    const now = this.now()
    const id = body.id ?? newRequestId()
    if (typeof id !== 'string' || id.length < 1 || id.length > 64) {
      throw validationFailed('id must be a string of 1 to 64 characters', [{ path: 'id', message: 'invalid id' }])
    }
    const snapshot: Snapshot = {
      ...body,
      id,
      version: body.version ?? 1,
      state: body.state ?? 'sent_to_provider',
      createdAt: body.createdAt ?? now,
      updatedAt: body.updatedAt ?? body.createdAt ?? now
    }
    if (snapshot.state === 'awaiting_patient_decision' && snapshot.options === undefined) {
      snapshot.options = [...PATIENT_CHOICES]
    }
    if (!options.unchecked) mustRead(snapshot)
    return this.tx(() => {
      const existing = this.store.get(id)
      if (existing) throw conflict(`request ${id} already exists`, existing.snapshot)
      this.store.insert(snapshot)
      this.feed.append({ kind: 'request.created', request: snapshot, ...(options.at ? { at: options.at } : {}) })
      return { status: 201, body: snapshot }
    })
  }

  /** Creates many requests in one transaction: all of them or, on the first refusal, none. */
  createMany(bodies: readonly RawSnapshot[], options: { unchecked: boolean }): Answer {
    return this.tx(() => {
      const ids = bodies.map((body) => read201(this.createRequest(body, options)))
      return { status: 201, body: { created: ids.length, ids } }
    })
  }

  /** Loads seed snapshots into an empty sandbox; answers how many it loaded. */
  seed(snapshots: readonly Snapshot[]): number {
    return this.tx(() => {
      if (this.store.count() > 0) return 0
      const ordered = [...snapshots].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)))
      for (const snapshot of ordered) {
        this.createRequest(snapshot, { unchecked: false, at: String(snapshot.createdAt) })
      }
      return ordered.length
    })
  }

  cancel(id: string, reason: string): Answer {
    return this.tx(() => {
      const current = this.existing(id)
      if (isTerminalState(current.state) || current.state === 'dispatched') {
        throw conflict(`a request in ${current.state} cannot be cancelled`, current.snapshot)
      }
      const now = this.now()
      const next = changed({ ...current.snapshot, id }, 'cancelled', now, {
        cancellation: { reason, cancelledAt: now }
      })
      return this.commitChange(next, 'request.cancelled')
    })
  }

  decide(id: string, choice: PatientChoice): Answer {
    return this.tx(() => {
      const current = this.existing(id)
      if (current.state !== 'awaiting_patient_decision') {
        throw conflict(
          `the patient decides only in awaiting_patient_decision; the request is ${current.state}`,
          current.snapshot
        )
      }
      const offered = current.snapshot.options
      if (Array.isArray(offered) && !offered.includes(choice)) {
        throw conflict(`${choice} is not among the options offered (${offered.join(', ')})`, current.snapshot)
      }
      const now = this.now()
      const patientDecision = { choice, decidedAt: now }
      const snapshot = { ...current.snapshot, id }
      const next =
        choice === 'cancel'
          ? changed(snapshot, 'cancelled', now, {
              patientDecision,
              cancellation: { reason: 'patient_request', cancelledAt: now }
            })
          : choice === 'further_consultation'
            ? changed(snapshot, 'further_consultation', now, { patientDecision })
            : changed(snapshot, 'awaiting_patient_decision', now, { patientDecision })
      return this.commitChange(next, 'patient.decided')
    })
  }

  /** Resolves an open query (or ends a further consultation) with changes; back to `state`. */
  resolve(id: string, changes: RawSnapshot, state: string): Answer {
    return this.tx(() => {
      const current = this.existing(id)
      if (current.state !== 'query_open' && current.state !== 'further_consultation') {
        throw conflict(
          `only a request in query_open or further_consultation can be resolved; the request is ${current.state}`,
          current.snapshot
        )
      }
      const merged = { ...deepMerge(current.snapshot, changes), id }
      const next = changed(merged, state, this.now())
      mustRead(next)
      return this.commitChange(next, current.state === 'query_open' ? 'query.resolved' : 'request.updated')
    })
  }

  /** Phensys changes a request without changing its state (e.g. a corrected address). */
  update(id: string, changes: RawSnapshot): Answer {
    return this.tx(() => {
      const current = this.existing(id)
      if (isTerminalState(current.state))
        throw conflict(`a request in ${current.state} no longer changes`, current.snapshot)
      const merged = { ...deepMerge(current.snapshot, changes), id }
      const next = changed(merged, current.state, this.now())
      mustRead(next)
      return this.commitChange(next, 'request.updated')
    })
  }

  events(id: string): Answer {
    this.existing(id)
    const events = this.store.events(id).map((event) => ({
      eventId: event.eventId,
      type: event.type,
      idempotencyKey: event.idempotencyKey,
      receivedAt: event.receivedAt,
      stateBefore: event.stateBefore,
      stateAfter: event.stateAfter,
      versionAfter: event.versionAfter,
      event: event.body
    }))
    return { status: 200, body: { events } }
  }

  expireFeed(before: string): Answer {
    let seq: number
    try {
      seq = parseCursor(before)
    } catch (error) {
      if (error instanceof InvalidCursorError) throw validationFailed(error.message)
      throw error
    }
    return this.tx(() => {
      this.feed.expireBefore(seq)
      const purged = this.feed.purgedThrough()
      return {
        status: 200,
        body: { purgedThrough: purged > 0 ? formatCursor(purged) : null, oldest: this.feed.oldestCursor() }
      }
    })
  }
}
