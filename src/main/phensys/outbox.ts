import { and, eq, getTableColumns, inArray, lte, min, sql } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import {
  statusEventSchema,
  type EventActor,
  type StatusEventData,
  type StatusEventType
} from '../../shared/phensys/events'
import type { CounterDb } from '../db/open'
import { placeholders, setPlaceholders } from '../db/query-parts'
import { outbox, type OUTBOX_STATUSES } from '../db/schema/sync'

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

export type OutboxRow = typeof outbox.$inferSelect

/** Waiting to go, or waiting for a person: the events that hold back the later ones of their request. */
const UNSETTLED: OutboxStatus[] = ['pending', 'conflict', 'failed']
const FOR_A_PERSON: OutboxStatus[] = ['conflict', 'failed']

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
  private readonly retryByPerson
  private readonly dismiss
  private readonly selectById
  private readonly selectForRequest
  private readonly selectNeedingAPerson
  private readonly selectDepth

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
      .where(inArray(o.status, UNSETTLED))
      .groupBy(o.requestId)
      .as('f')
    this.nextDue = db
      .select(getTableColumns(o))
      .from(o)
      .innerJoin(first, eq(o.id, first.firstId))
      .where(and(eq(o.status, 'pending'), lte(o.nextAttemptAt, sql.placeholder('now'))))
      .orderBy(o.id)
      .limit(sql.placeholder('limit'))
      .prepare()
    this.nextWake = db
      .select({ at: min(o.nextAttemptAt) })
      .from(o)
      .where(eq(o.status, 'pending'))
      .prepare()
    this.sent = db
      .update(o)
      .set({ status: 'sent', lastError: null, attempts: attempted, ...setPlaceholders(['settledAt', 'response']) })
      .where(byId)
      .prepare()
    this.forPerson = db
      .update(o)
      .set({ attempts: attempted, ...setPlaceholders(['status', 'settledAt', 'lastError', 'response']) })
      .where(byId)
      .prepare()
    this.retryLater = db
      .update(o)
      .set({ attempts: attempted, ...setPlaceholders(['nextAttemptAt', 'lastError']) })
      .where(byId)
      .prepare()
    this.retryByPerson = db
      .update(o)
      .set({ status: 'pending', settledAt: null, ...setPlaceholders(['nextAttemptAt', 'idempotencyKey']) })
      .where(byId)
      .prepare()
    this.dismiss = db.update(o).set({ status: 'dismissed' }).where(byId).prepare()
    this.selectById = db.select().from(o).where(byId).prepare()
    this.selectForRequest = db
      .select()
      .from(o)
      .where(eq(o.requestId, sql.placeholder('requestId')))
      .orderBy(o.id)
      .prepare()
    this.selectNeedingAPerson = db.select().from(o).where(inArray(o.status, FOR_A_PERSON)).orderBy(o.id).prepare()
    this.selectDepth = db
      .select({
        unsent: sql<number | null>`SUM(CASE WHEN ${o.status} = 'pending' THEN 1 ELSE 0 END)`,
        oldest: sql<string | null>`MIN(CASE WHEN ${o.status} = 'pending' THEN ${o.createdAt} END)`,
        person: sql<number | null>`SUM(CASE WHEN ${o.status} IN ('conflict', 'failed') THEN 1 ELSE 0 END)`
      })
      .from(o)
      .where(inArray(o.status, UNSETTLED))
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
      idempotencyKey: `${this.workstation()}-${randomUUID()}`,
      body: JSON.stringify(body),
      createdAt: at,
      nextAttemptAt: at
    })
    return Number(result.lastInsertRowid)
  }

  due(now: Date, limit = 50): OutboxRow[] {
    return this.nextDue.all({ now: now.toISOString(), limit })
  }

  nextAttemptAt(): string | null {
    return this.nextWake.get()?.at ?? null
  }

  markSent(id: number, now: Date, responseSnapshot: unknown): void {
    this.sent.run({ settledAt: now.toISOString(), response: JSON.stringify(responseSnapshot ?? null), id })
  }

  markForPerson(id: number, status: 'conflict' | 'failed', now: Date, error: string, responseSnapshot: unknown): void {
    this.forPerson.run({
      status,
      settledAt: now.toISOString(),
      lastError: error,
      response: responseSnapshot === undefined ? null : JSON.stringify(responseSnapshot),
      id
    })
  }

  scheduleRetry(id: number, nextAttemptAt: Date, error: string): void {
    this.retryLater.run({ nextAttemptAt: nextAttemptAt.toISOString(), lastError: error, id })
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
        idempotencyKey: `${this.workstation()}-${randomUUID()}`,
        id
      })
    } else {
      this.dismiss.run({ id })
    }
    return this.byId(id)
  }

  byId(id: number): OutboxRow | undefined {
    return this.selectById.get({ id })
  }

  forRequest(requestId: string): OutboxRow[] {
    return this.selectForRequest.all({ requestId })
  }

  needingAPerson(): OutboxRow[] {
    return this.selectNeedingAPerson.all()
  }

  depth(): { unsent: number; oldestUnsentAt: string | null; needingAPerson: number } {
    const row = this.selectDepth.get()
    return { unsent: row?.unsent ?? 0, oldestUnsentAt: row?.oldest ?? null, needingAPerson: row?.person ?? 0 }
  }
}
