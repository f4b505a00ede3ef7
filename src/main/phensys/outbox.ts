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

export type OutboxStatus = 'pending' | 'sent' | 'superseded' | 'conflict' | 'failed' | 'dismissed'

/** What a settled event keeps of Phensys's answer: the request's version and state then. */
export interface PhensysAnswer {
  version: number
  state: string
}

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
  answer_version: number | null
  answer_state: string | null
  /** A conflict's snapshot from Phensys, for a person to compare; null otherwise. */
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
  private readonly sent: Database.Statement<[string, number | null, string | null, number]>
  private readonly forPerson: Database.Statement<
    [string, string, string, number | null, string | null, string | null, number]
  >
  private readonly retryLater: Database.Statement<[string, string, number]>
  private readonly forward: Database.Statement<[string, string]>
  private readonly supersedeRows: Database.Statement<
    [string, string, number | null, string | null, string, string, string],
    { id: number; type: string }
  >
  private readonly recent: Database.Statement<[number], OutboxRow>
  private readonly waiting: Database.Statement<
    [],
    { unsent: number | null; oldest: string | null; person: number | null }
  >
  private readonly recentForRequest: Database.Statement<[string, number], OutboxRow>

  constructor(
    private readonly sqlite: Database.Database,
    private readonly workstation: () => string
  ) {
    this.insert = sqlite.prepare(
      `INSERT INTO outbox (request_id, type, idempotency_key, body, created_at, status, attempts, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)`
    )
    // Per request only its oldest unsettled event may go: order per request is kept, and an event
    // waiting for a person (conflict, failed) holds back the ones after it. The status conditions
    // are written as the partial indexes say them, so those indexes serve (schema/sync.ts).
    this.nextDue = sqlite.prepare(
      `SELECT o.* FROM outbox o
       JOIN (SELECT request_id, MIN(id) AS first_id FROM outbox WHERE status IN ('pending', 'conflict', 'failed') GROUP BY request_id) f
         ON o.id = f.first_id
       WHERE o.status = 'pending' AND o.next_attempt_at <= ?
       ORDER BY o.id LIMIT ?`
    )
    // When the next event that may go (its request's oldest unsettled) is due; an event held back
    // behind one waiting for a person is not counted, or the push loop would wake for nothing.
    this.nextWake = sqlite.prepare(
      `SELECT MIN(o.next_attempt_at) AS at FROM outbox o
       JOIN (SELECT MIN(id) AS first_id FROM outbox WHERE status IN ('pending', 'conflict', 'failed') GROUP BY request_id) f
         ON o.id = f.first_id
       WHERE o.status = 'pending'`
    )
    // An answer is the truth: a 201 settles the event as sent whatever this workstation had
    // concluded meanwhile (a superseded event was never sent, so this cannot happen to it in order).
    this.sent = sqlite.prepare(
      `UPDATE outbox SET status = 'sent', settled_at = ?, last_error = NULL, attempts = attempts + 1,
         answer_version = ?, answer_state = ?, response = NULL WHERE id = ?`
    )
    this.forPerson = sqlite.prepare(
      `UPDATE outbox SET status = ?, settled_at = ?, last_error = ?, attempts = attempts + 1,
         answer_version = ?, answer_state = ?, response = ? WHERE id = ?`
    )
    this.forward = sqlite.prepare(
      `UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending' AND next_attempt_at > ?`
    )
    this.supersedeRows = sqlite.prepare(
      `UPDATE outbox SET status = 'superseded', settled_at = ?, last_error = ?,
         answer_version = ?, answer_state = ?
       WHERE request_id = ? AND status IN ('pending', 'conflict', 'failed')
         AND status IN (SELECT value FROM json_each(?)) AND type NOT IN (SELECT value FROM json_each(?))
       RETURNING id, type`
    )
    this.recent = sqlite.prepare(`SELECT * FROM outbox WHERE status <> 'pending' ORDER BY id DESC LIMIT ?`)
    this.waiting = sqlite.prepare(
      `SELECT
         SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS unsent,
         MIN(CASE WHEN status = 'pending' THEN created_at END) AS oldest,
         SUM(CASE WHEN status IN ('conflict', 'failed') THEN 1 ELSE 0 END) AS person
       FROM outbox WHERE status IN ('pending', 'conflict', 'failed')`
    )
    this.recentForRequest = sqlite.prepare(
      `SELECT * FROM outbox WHERE request_id = ? AND status <> 'pending' ORDER BY id DESC LIMIT ?`
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

  markSent(id: number, now: Date, answer: PhensysAnswer | null): void {
    this.sent.run(now.toISOString(), answer?.version ?? null, answer?.state ?? null, id)
  }

  markForPerson(
    id: number,
    status: 'conflict' | 'failed',
    now: Date,
    error: string,
    responseSnapshot: unknown,
    answer: PhensysAnswer | null = null
  ): void {
    this.forPerson.run(
      status,
      now.toISOString(),
      error,
      answer?.version ?? null,
      answer?.state ?? null,
      responseSnapshot === undefined ? null : JSON.stringify(responseSnapshot),
      id
    )
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
    return this.supersedeRows.all(
      options.now.toISOString(),
      options.reason,
      options.answer?.version ?? null,
      options.answer?.state ?? null,
      requestId,
      JSON.stringify(options.statuses),
      JSON.stringify(options.except)
    )
  }

  /** Phensys answers again: every waiting event may go now instead of at its backoff time. */
  bringForward(now: Date): number {
    const at = now.toISOString()
    return this.forward.run(at, at).changes
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

  /** What was settled lately, newest first: sent, superseded, set aside or waiting for a person. */
  history(limit: number, requestId?: string): OutboxRow[] {
    return requestId ? this.recentForRequest.all(requestId, limit) : this.recent.all(limit)
  }

  needingAPerson(): OutboxRow[] {
    return this.sqlite
      .prepare(
        `SELECT * FROM outbox WHERE status IN ('pending', 'conflict', 'failed') AND status <> 'pending' ORDER BY id`
      )
      .all() as OutboxRow[]
  }

  depth(): { unsent: number; oldestUnsentAt: string | null; needingAPerson: number } {
    const row = this.waiting.get()
    return { unsent: row?.unsent ?? 0, oldestUnsentAt: row?.oldest ?? null, needingAPerson: row?.person ?? 0 }
  }
}
