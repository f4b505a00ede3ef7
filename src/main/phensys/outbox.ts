import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import { statusEventSchema, type StatusEventData, type StatusEventType } from '../../shared/phensys/events'

export interface EventActor {
  id: string
  name: string
  role: string
}

/** Who sends events the counter makes by itself (an unreadable entry's rejection). */
export const SYSTEM_ACTOR: EventActor = { id: 'system', name: 'Pharmetra Counter (automatic)', role: 'system' }

export type OutboxStatus = 'pending' | 'sent' | 'conflict' | 'failed' | 'dismissed'

export interface OutboxRow {
  id: number
  request_id: string
  type: string
  idempotency_key: string
  body: string
  created_at: string
  status: OutboxStatus
  attempts: number
  next_attempt_at: string
  last_error: string | null
  settled_at: string | null
  response: string | null
}

/**
 * Writes status events for Phensys. `enqueue` must run inside the transaction of the change the
 * event reports; the key is made here, once, and travels with the event for every retry.
 */
export class Outbox {
  private readonly insert: Database.Statement
  private readonly nextDue: Database.Statement<[string, number], OutboxRow>
  private readonly nextWake: Database.Statement<[], { at: string | null }>
  private readonly sent: Database.Statement<[string, string, number]>
  private readonly forPerson: Database.Statement<[string, string, string, string | null, number]>
  private readonly retryLater: Database.Statement<[string, string, number]>

  constructor(
    private readonly sqlite: Database.Database,
    private readonly workstation: () => string
  ) {
    this.insert = sqlite.prepare(
      `INSERT INTO outbox (request_id, type, idempotency_key, body, created_at, status, attempts, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)`
    )
    // Per request only its oldest unsettled event may go: order per request is kept, and an event
    // waiting for a person (conflict, failed) holds back the ones after it.
    this.nextDue = sqlite.prepare(
      `SELECT o.* FROM outbox o
       JOIN (SELECT request_id, MIN(id) AS first_id FROM outbox WHERE status IN ('pending', 'conflict', 'failed') GROUP BY request_id) f
         ON o.id = f.first_id
       WHERE o.status = 'pending' AND o.next_attempt_at <= ?
       ORDER BY o.id LIMIT ?`
    )
    this.nextWake = sqlite.prepare(`SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status = 'pending'`)
    this.sent = sqlite.prepare(
      `UPDATE outbox SET status = 'sent', settled_at = ?, last_error = NULL, attempts = attempts + 1, response = ? WHERE id = ?`
    )
    this.forPerson = sqlite.prepare(
      'UPDATE outbox SET status = ?, settled_at = ?, last_error = ?, attempts = attempts + 1, response = ? WHERE id = ?'
    )
    this.retryLater = sqlite.prepare(
      'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?'
    )
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
    const result = this.insert.run(
      requestId,
      type,
      `${this.workstation()}-${randomUUID()}`,
      JSON.stringify(body),
      at,
      at
    )
    return Number(result.lastInsertRowid)
  }

  due(now: Date, limit = 50): OutboxRow[] {
    return this.nextDue.all(now.toISOString(), limit)
  }

  nextAttemptAt(): string | null {
    return this.nextWake.get()?.at ?? null
  }

  markSent(id: number, now: Date, responseSnapshot: unknown): void {
    this.sent.run(now.toISOString(), JSON.stringify(responseSnapshot ?? null), id)
  }

  markForPerson(id: number, status: 'conflict' | 'failed', now: Date, error: string, responseSnapshot: unknown): void {
    this.forPerson.run(
      status,
      now.toISOString(),
      error,
      responseSnapshot === undefined ? null : JSON.stringify(responseSnapshot),
      id
    )
  }

  scheduleRetry(id: number, nextAttemptAt: Date, error: string): void {
    this.retryLater.run(nextAttemptAt.toISOString(), error, id)
  }

  /** A person's decision on an event Phensys refused: send it again (same key) or set it aside (kept). */
  resolve(id: number, action: 'retry' | 'dismiss', now: Date): OutboxRow | undefined {
    const row = this.byId(id)
    if (!row || (row.status !== 'conflict' && row.status !== 'failed')) return undefined
    if (action === 'retry') {
      // Phensys's refusal settled the old key (it answers a 409 again for it), so a person's
      // retry is a new attempt under a new key; the old key stays in the audit trail.
      this.sqlite
        .prepare(
          `UPDATE outbox SET status = 'pending', settled_at = NULL, next_attempt_at = ?, idempotency_key = ? WHERE id = ?`
        )
        .run(now.toISOString(), `${this.workstation()}-${randomUUID()}`, id)
    } else {
      this.sqlite.prepare(`UPDATE outbox SET status = 'dismissed' WHERE id = ?`).run(id)
    }
    return this.byId(id)
  }

  byId(id: number): OutboxRow | undefined {
    return this.sqlite.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined
  }

  forRequest(requestId: string): OutboxRow[] {
    return this.sqlite.prepare('SELECT * FROM outbox WHERE request_id = ? ORDER BY id').all(requestId) as OutboxRow[]
  }

  needingAPerson(): OutboxRow[] {
    return this.sqlite
      .prepare(`SELECT * FROM outbox WHERE status IN ('conflict', 'failed') ORDER BY id`)
      .all() as OutboxRow[]
  }

  depth(): { unsent: number; oldestUnsentAt: string | null; needingAPerson: number } {
    const row = this.sqlite
      .prepare(
        `SELECT
           SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS unsent,
           MIN(CASE WHEN status = 'pending' THEN created_at END) AS oldest,
           SUM(CASE WHEN status IN ('conflict', 'failed') THEN 1 ELSE 0 END) AS person
         FROM outbox WHERE status IN ('pending', 'conflict', 'failed')`
      )
      .get() as { unsent: number | null; oldest: string | null; person: number | null }
    return { unsent: row.unsent ?? 0, oldestUnsentAt: row.oldest, needingAPerson: row.person ?? 0 }
  }
}
