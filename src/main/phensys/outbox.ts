import { and, desc, eq, getTableColumns, gt, gte, inArray, isNotNull, lte, min, ne, notInArray, sql } from 'drizzle-orm'
import { createHash, randomBytes } from 'node:crypto'
import {
  statusEventSchema,
  type EventActor,
  type StatusEventData,
  type StatusEventType
} from '../../shared/phensys/events'
import { type CounterDb, jsonArrayValues, placeholders, setPlaceholders, outbox, outboxClosed } from '../db'
import { unpackedEventRow } from './outbox-packing'

export type OutboxRow = typeof outbox.$inferSelect

/** What a settled event keeps of Phensys's answer: the request's version and state then. */
export interface PhensysAnswer {
  version: number
  state: string
}

/**
 * Waiting to go, or waiting for a person: the events that hold back the later ones of their
 * request. Written as literals, exactly as the partial indexes of schema/sync.ts say them: a bound
 * value would hide the condition from the planner, which would then read a year of sent events.
 */
const UNSETTLED = sql`${outbox.status} IN ('pending', 'conflict', 'failed')`
const PENDING = sql`${outbox.status} = 'pending'`

/**
 * Writes status events for Phensys. `enqueue` must run inside the transaction of the change the
 * event reports; the key is made here, once, and travels with the event for every retry.
 */
export class Outbox {
  private readonly insert
  private readonly nextDue
  private readonly nextWake
  private readonly sent
  private readonly forPerson
  private readonly retryLater
  private readonly forward
  private readonly supersedeRows
  private readonly retryByPerson
  private readonly dismiss
  private readonly selectById
  private readonly selectForRequest
  private readonly recent
  private readonly recentForRequest
  private readonly selectNeedingAPerson
  private readonly selectDepth
  private readonly selectStuck

  constructor(
    db: CounterDb,
    private readonly workstation: () => string
  ) {
    const o = outbox
    const byId = eq(o.id, sql.placeholder('id'))
    const attempted = sql`${o.attempts} + 1`
    this.insert = db
      .insert(o)
      .values({
        ...placeholders(['requestId', 'type', 'idempotencyKey', 'body', 'createdAt', 'nextAttemptAt']),
        status: 'pending',
        attempts: 0
      })
      .prepare()
    // Per request only its oldest unsettled event may go: order per request is kept, and an event
    // waiting for a person (conflict, failed) holds back the ones after it.
    const first = db
      .select({ firstId: min(o.id).as('first_id') })
      .from(o)
      .where(UNSETTLED)
      .groupBy(o.requestId)
      .as('f')
    this.nextDue = db
      .select(getTableColumns(o))
      .from(o)
      .innerJoin(first, eq(o.id, first.firstId))
      .where(and(PENDING, lte(o.nextAttemptAt, sql.placeholder('now'))))
      .orderBy(o.id)
      .limit(sql.placeholder('limit'))
      .prepare()
    // When the next event that may go (its request's oldest unsettled) is due; an event held back
    // behind one waiting for a person is not counted, or the push loop would wake for nothing.
    this.nextWake = db
      .select({ at: min(o.nextAttemptAt) })
      .from(o)
      .innerJoin(first, eq(o.id, first.firstId))
      .where(PENDING)
      .prepare()
    // An answer is the truth: a 201 settles the event as sent whatever this workstation had
    // concluded meanwhile (a superseded event was never sent, so this cannot happen to it in order).
    this.sent = db
      .update(o)
      .set({
        status: 'sent',
        lastError: null,
        attempts: attempted,
        response: null,
        ...setPlaceholders(['settledAt', 'answerVersion', 'answerState'])
      })
      .where(byId)
      .prepare()
    this.forPerson = db
      .update(o)
      .set({
        attempts: attempted,
        ...setPlaceholders(['status', 'settledAt', 'lastError', 'answerVersion', 'answerState', 'response'])
      })
      .where(byId)
      .prepare()
    // The try's outcome and whether it may have reached Phensys, in one write: once one may have,
    // the first such time is kept (a later refused try does not undo it).
    this.retryLater = db
      .update(o)
      .set({
        attempts: attempted,
        mayHaveReachedAt: sql`coalesce(${o.mayHaveReachedAt}, ${sql.placeholder('reachedAt')})`,
        ...setPlaceholders(['nextAttemptAt', 'lastError'])
      })
      .where(byId)
      .prepare()
    this.forward = db
      .update(o)
      .set(setPlaceholders(['nextAttemptAt']))
      .where(and(PENDING, gt(o.nextAttemptAt, sql.placeholder('nextAttemptAt'))))
      .prepare()
    this.supersedeRows = db
      .update(o)
      .set({ status: 'superseded', ...setPlaceholders(['settledAt', 'lastError', 'answerVersion', 'answerState']) })
      .where(
        and(
          eq(o.requestId, sql.placeholder('requestId')),
          UNSETTLED,
          inArray(o.status, jsonArrayValues('statuses')),
          notInArray(o.type, jsonArrayValues('except'))
        )
      )
      .returning({ id: o.id, type: o.type })
      .prepare()
    this.retryByPerson = db
      .update(o)
      .set({
        status: 'pending',
        settledAt: null,
        // A new key: no try under it has reached Phensys yet.
        mayHaveReachedAt: null,
        ...setPlaceholders(['nextAttemptAt', 'idempotencyKey'])
      })
      .where(byId)
      .prepare()
    this.dismiss = db.update(o).set({ status: 'dismissed' }).where(byId).prepare()
    // Each row with its closed request's events packed together, when it is kept there (outbox-packing.ts).
    const withGroup = () =>
      db
        .select({ row: getTableColumns(o), group: outboxClosed.events })
        .from(o)
        .leftJoin(outboxClosed, and(eq(outboxClosed.requestId, o.requestId), sql`length(${o.eventPacked}) = 0`))
    this.selectById = withGroup().where(byId).prepare()
    this.selectForRequest = withGroup()
      .where(eq(o.requestId, sql.placeholder('requestId')))
      .orderBy(o.id)
      .prepare()
    this.recent = withGroup()
      .where(ne(o.status, 'pending'))
      .orderBy(desc(o.id))
      .limit(sql.placeholder('limit'))
      .prepare()
    this.recentForRequest = withGroup()
      .where(and(eq(o.requestId, sql.placeholder('requestId')), ne(o.status, 'pending')))
      .orderBy(desc(o.id))
      .limit(sql.placeholder('limit'))
      .prepare()
    this.selectNeedingAPerson = db
      .select()
      .from(o)
      .where(and(UNSETTLED, ne(o.status, 'pending')))
      .orderBy(o.id)
      .prepare()
    this.selectDepth = db
      .select({
        unsent: sql<number | null>`SUM(CASE WHEN ${o.status} = 'pending' THEN 1 ELSE 0 END)`,
        oldest: sql<string | null>`MIN(CASE WHEN ${o.status} = 'pending' THEN ${o.createdAt} END)`,
        person: sql<number | null>`SUM(CASE WHEN ${o.status} IN ('conflict', 'failed') THEN 1 ELSE 0 END)`
      })
      .from(o)
      .where(UNSETTLED)
      .prepare()
    this.selectStuck = db
      .select({ requestId: o.requestId, type: o.type, attempts: o.attempts, lastError: o.lastError })
      .from(o)
      .where(and(UNSETTLED, PENDING, gte(o.attempts, sql.placeholder('attempts')), isNotNull(o.lastError)))
      .orderBy(o.id)
      .limit(1)
      .prepare()
  }

  enqueue<T extends StatusEventType>(
    requestId: string,
    type: T,
    data: StatusEventData<T>,
    meta: { basedOnVersion: number; actor: EventActor; now: Date }
  ): number {
    const body = statusEventSchema.parse({
      type,
      occurredAt: meta.now.toISOString(),
      basedOnVersion: meta.basedOnVersion,
      workstation: this.workstation(),
      actor: meta.actor,
      data
    })
    const at = meta.now.toISOString()
    const result = this.insert.run({
      requestId,
      type,
      idempotencyKey: this.newKey(meta.now),
      body: JSON.stringify(body),
      createdAt: at,
      nextAttemptAt: at
    })
    return Number(result.lastInsertRowid)
  }

  /**
   * One event's Idempotency-Key: the workstation's id in its header-safe form (`keyPrefix`), then a
   * UUID that carries the time it was made (version 7), read back by `keyMadeAt`.
   */
  private newKey(now: Date): string {
    return `${keyPrefix(this.workstation())}-${timedUuid(now)}`
  }

  due(now: Date, limit = 50): OutboxRow[] {
    return this.nextDue.all({ now: now.toISOString(), limit })
  }

  nextAttemptAt(): string | null {
    return this.nextWake.get()?.at ?? null
  }

  markSent(id: number, now: Date, answer: PhensysAnswer | null): void {
    this.sent.run({
      settledAt: now.toISOString(),
      answerVersion: answer?.version ?? null,
      answerState: answer?.state ?? null,
      id
    })
  }

  markForPerson(
    id: number,
    status: 'conflict' | 'failed',
    now: Date,
    error: string,
    responseSnapshot: unknown,
    answer: PhensysAnswer | null = null
  ): void {
    this.forPerson.run({
      status,
      settledAt: now.toISOString(),
      lastError: error,
      answerVersion: answer?.version ?? null,
      answerState: answer?.state ?? null,
      response: responseSnapshot === undefined ? null : JSON.stringify(responseSnapshot),
      id
    })
  }

  /**
   * Settles a request's unsettled events that Phensys can no longer take, as superseded by its
   * state: never sent, kept, and never a problem for a person. `statuses` says which may be
   * settled so (an event in flight is pending: only the sync loop, which knows, passes pending);
   * `except` names the types Phensys may still take or a person must decide about.
   */
  supersede(
    requestId: string,
    options: {
      statuses: ReadonlyArray<'pending' | 'conflict' | 'failed'>
      except: readonly string[]
      reason: string
      answer: PhensysAnswer | null
      now: Date
    }
  ): Array<{ id: number; type: string }> {
    return this.supersedeRows.all({
      settledAt: options.now.toISOString(),
      lastError: options.reason,
      answerVersion: options.answer?.version ?? null,
      answerState: options.answer?.state ?? null,
      requestId,
      statuses: JSON.stringify(options.statuses),
      except: JSON.stringify(options.except)
    })
  }

  /** Phensys answers again: every waiting event may go now instead of at its backoff time. */
  bringForward(now: Date): number {
    return this.forward.run({ nextAttemptAt: now.toISOString() }).changes
  }

  /**
   * A try that did not settle the event: it goes again at `nextAttemptAt`. `reachedAt`: the try's
   * time when its bytes were sent (Phensys may have read it), null when it failed before connecting.
   */
  scheduleRetry(id: number, nextAttemptAt: Date, error: string, reachedAt: Date | null): void {
    this.retryLater.run({
      nextAttemptAt: nextAttemptAt.toISOString(),
      lastError: error,
      reachedAt: reachedAt?.toISOString() ?? null,
      id
    })
  }

  /** A person's decision on an event Phensys refused: send it again (same key) or set it aside (kept). */
  resolve(id: number, action: 'retry' | 'dismiss', now: Date): OutboxRow | undefined {
    const row = this.byId(id)
    if (!row || (row.status !== 'conflict' && row.status !== 'failed')) return undefined
    if (action === 'retry') {
      // Phensys's refusal settled the old key (it answers a 409 again for it), so a person's
      // retry is a new attempt under a new key; the old key stays in the audit trail.
      this.retryByPerson.run({
        nextAttemptAt: now.toISOString(),
        idempotencyKey: this.newKey(now),
        id
      })
    } else {
      this.dismiss.run({ id })
    }
    return this.byId(id)
  }

  // A final event may be kept packed, alone or with its closed request's (outbox-packing.ts): these
  // read it as it was before.
  byId(id: number): OutboxRow | undefined {
    const found = this.selectById.get({ id })
    return found && unpackedEventRow(found.row, found.group)
  }

  forRequest(requestId: string): OutboxRow[] {
    return this.selectForRequest.all({ requestId }).map(({ row, group }) => unpackedEventRow(row, group))
  }

  /** The ETA of the request's latest `stock.ordered`: the one the patient was asked on. */
  relayedEta(requestId: string): string | null {
    const latest = this.forRequest(requestId)
      .filter((row) => row.type === 'stock.ordered')
      .reduce<OutboxRow | null>((last, row) => (last === null || row.id > last.id ? row : last), null)
    if (!latest) return null
    const eta: unknown = (JSON.parse(latest.body) as { data?: { eta?: unknown } }).data?.eta
    return typeof eta === 'string' ? eta : null
  }

  /** What was settled lately, newest first: sent, superseded, set aside or waiting for a person. */
  history(limit: number, requestId?: string): OutboxRow[] {
    return (requestId ? this.recentForRequest.all({ requestId, limit }) : this.recent.all({ limit })).map(
      ({ row, group }) => unpackedEventRow(row, group)
    )
  }

  needingAPerson(): OutboxRow[] {
    return this.selectNeedingAPerson.all()
  }

  /**
   * The oldest event still waiting to go that has failed at least `attempts` times, with why: a
   * failure that persists (Phensys refusing to confirm, something in between answering) is shown
   * to a person, where a passing one is not.
   */
  stuck(attempts: number): { requestId: string; type: string; attempts: number; lastError: string } | null {
    const row = this.selectStuck.get({ attempts })
    return row?.lastError ? { ...row, lastError: row.lastError } : null
  }

  depth(): { unsent: number; oldestUnsentAt: string | null; needingAPerson: number } {
    const row = this.selectDepth.get()
    return { unsent: row?.unsent ?? 0, oldestUnsentAt: row?.oldest ?? null, needingAPerson: row?.person ?? 0 }
  }
}

/** Characters a key's workstation part keeps as they are: letters, digits and `.`, `_`, `~`, `-`. */
const PLAIN_ID = /^[A-Za-z0-9._~-]+$/
/** The longest workstation part of a key: with `-` and a UUID, 101 of the contract's 128 characters. */
const PREFIX_MAX = 64

/**
 * The workstation's id as it goes into an Idempotency-Key, a header's value: as it is when plain
 * ASCII, else percent-encoded ("Bench Ω 2" → `Bench%20%CE%A9%202`), else, when that is too long,
 * a hash of it. A function of the id alone, so the same id always gives the same part; the key is
 * made once and stored with its event, so every retry and a restart send it unchanged.
 */
function keyPrefix(workstation: string): string {
  if (PLAIN_ID.test(workstation) && workstation.length <= PREFIX_MAX) return workstation
  const encoded = encodeURIComponent(workstation).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`
  )
  return encoded.length <= PREFIX_MAX
    ? encoded
    : `ws-${createHash('sha256').update(workstation).digest('hex').slice(0, 32)}`
}

/** A version 7 UUID: the time in ms in its first 48 bits, then random bits (RFC 9562). */
function timedUuid(now: Date): string {
  const time = now.getTime().toString(16).padStart(12, '0').slice(-12)
  const bytes = randomBytes(10)
  bytes[0] = (bytes[0]! & 0x0f) | 0x70
  bytes[2] = (bytes[2]! & 0x3f) | 0x80
  const rest = bytes.toString('hex')
  return `${time.slice(0, 8)}-${time.slice(8)}-${rest.slice(0, 4)}-${rest.slice(4, 8)}-${rest.slice(8)}`
}

const TIMED_UUID_AT_END = /([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/**
 * When an event's key was made: read from its UUID (`timedUuid`). A key made before keys carried
 * their time was made with its event, or later by a person's retry: the event's own time is the
 * earliest it can have been made (taken as older than it is, it is held sooner, never later).
 */
export function keyMadeAt(row: Pick<OutboxRow, 'idempotencyKey' | 'createdAt'>): number {
  const timed = TIMED_UUID_AT_END.exec(row.idempotencyKey)
  return timed ? parseInt(`${timed[1]}${timed[2]}`, 16) : Date.parse(row.createdAt)
}
