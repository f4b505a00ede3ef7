import type { AuditTrail } from '../audit'
import type { RequestsRepo } from '../fulfilment'
import { type Outbox, type OutboxRow, type PhensysAnswer, type EventOutcome, meaningOfRefusal } from '../phensys'
import type { IngestResult, SnapshotIngest } from './feed-ingest'
import { backoffMs } from './waker'

export interface RetryTuning {
  retryBaseMs: number
  retryMaxMs: number
  random: () => number
}

interface Deps {
  outbox: Outbox
  ingest: SnapshotIngest
  requests: RequestsRepo
  audit: AuditTrail
  tuning: RetryTuning
}

/** The version and state in an answer's snapshot, read without validating the whole of it. */
function answerOf(snapshot: unknown): PhensysAnswer | null {
  const fields = snapshot as { version?: unknown; state?: unknown } | null | undefined
  return typeof fields?.version === 'number' && typeof fields.state === 'string'
    ? { version: fields.version, state: fields.state }
    : null
}

/**
 * Records Phensys's answer to one status event, inside the caller's transaction. A snapshot that
 * came back is stored only when it is newer than the one held: most answers repeat what the
 * counter already knows, and validating and storing it again would cost more than the send.
 */
export class AnswerRecorder {
  constructor(private readonly deps: Deps) {}

  /** False when the event is to be tried again later. */
  record(row: OutboxRow, outcome: EventOutcome, now: Date, result: IngestResult): boolean {
    switch (outcome.kind) {
      case 'retry': {
        const { retryBaseMs, retryMaxMs, random } = this.deps.tuning
        // The event's own next try is its backoff, at most `retryMaxMs`: a longer Retry-After is kept
        // by the wait the sync service holds every event behind (`askedToWait`), to its own ceiling.
        const delay = Math.min(
          retryMaxMs,
          Math.max(outcome.retryAfterMs ?? 0, backoffMs(row.attempts, retryBaseMs, retryMaxMs, random))
        )
        this.deps.outbox.scheduleRetry(
          row.id,
          new Date(now.getTime() + delay),
          outcome.reason,
          outcome.mayHaveReached ? now : null
        )
        return false
      }
      case 'accepted': {
        const answer = answerOf(outcome.snapshot)
        this.deps.outbox.markSent(row.id, now, answer)
        this.storeIfNewer(row.requestId, outcome.snapshot, answer, now, result, 'event.answer')
        return true
      }
      case 'conflict':
        this.conflict(row, outcome.snapshot, outcome.message, now, result)
        return true
      case 'refused':
        this.deps.outbox.markForPerson(
          row.id,
          'failed',
          now,
          `Phensys refused ${row.type} (${outcome.status} ${outcome.code}): ${outcome.message}`,
          undefined
        )
        return true
    }
  }

  /**
   * A 409: Phensys's snapshot is taken first (a cancellation then stops the request here and
   * queues its acknowledgement). When Phensys has stopped the request, every event it can no longer
   * take is superseded at once, this one included, so the acknowledgement goes next; otherwise
   * the event waits for a person with both sides.
   */
  private conflict(row: OutboxRow, snapshot: unknown, message: string, now: Date, result: IngestResult): void {
    const answer = answerOf(snapshot)
    this.storeIfNewer(row.requestId, snapshot, answer, now, result, 'event.conflict')
    const meaning = meaningOfRefusal(row.type, answer?.state ?? null)
    if (meaning.kind === 'for_a_person') {
      this.deps.outbox.markForPerson(
        row.id,
        'conflict',
        now,
        `Phensys refused ${row.type}: ${message}`,
        snapshot,
        answer
      )
      return
    }
    const superseded = this.deps.outbox.supersede(row.requestId, {
      statuses: ['pending', 'conflict', 'failed'],
      except: meaning.stillToGo,
      reason: `Not sent: Phensys had already ${answer?.state ?? 'stopped'} the request (version ${answer?.version ?? '?'}).`,
      answer,
      now
    })
    this.deps.audit.append({
      at: now.toISOString(),
      actorId: null,
      actorName: 'Phensys',
      command: 'sync.superseded',
      entityType: 'request',
      entityId: row.requestId,
      summary: { phensysState: answer?.state ?? null, version: answer?.version ?? null, events: superseded }
    })
  }

  private storeIfNewer(
    requestId: string,
    snapshot: unknown,
    answer: PhensysAnswer | null,
    now: Date,
    result: IngestResult,
    kind: 'event.answer' | 'event.conflict'
  ): void {
    // No snapshot in the answer (left out, or null: alike in JSON): nothing to store. It is not
    // an entry of the feed, so nothing to keep as an unreadable request either.
    if (snapshot === undefined || snapshot === null) return
    const held = this.deps.requests.versionOf(requestId)
    if (answer && held !== undefined && answer.version <= held) return
    // A 201's snapshot most often only echoes this event: the ingest records that cheaply.
    if (kind === 'event.answer') this.deps.ingest.answer(snapshot, now, result, kind)
    else this.deps.ingest.snapshot(snapshot, now, result, { cursor: null, kind })
  }
}
