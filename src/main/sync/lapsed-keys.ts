/**
 * Phensys keeps an event's Idempotency-Key "for at least 24 hours" (the contract): an event sent
 * again after that, under the same key, may be recorded a second time if an earlier try reached
 * Phensys and only its answer was lost. The contract gives no way to ask whether an event was
 * recorded (the request's look-up shows its state and version, and an informational event need
 * change neither), so the counter does not guess: it holds such an event for a person, who looks
 * at Phensys and then sends it again or sets it aside (F9), and raises a flag that says so in words.
 * Only an event a try of which may have reached Phensys (`outbox.may_have_reached_at`, written with
 * the try's outcome) is held: one whose every try was refused before connecting left nothing at
 * Phensys, and a key Phensys no longer keeps is, to it, a new key: it goes as a first sending would.
 */
import { formatDateTime } from '../../shared/time/london'
import type { AuditTrail } from '../audit'
import type { RequestFlags } from '../flags'
import type { RequestsRepo } from '../fulfilment'
import { type Outbox, type OutboxRow, keyMadeAt } from '../phensys'

/** How long the contract says Phensys keeps a key at least, counted here from the key's making (before its first sending). */
const KEY_KEPT_MS = 24 * 60 * 60 * 1000

/**
 * Events Phensys takes only in a state they themselves end (`accepted` only in `sent_to_provider`,
 * `dispatched` only in `in_fulfilment`, `delivered` only in `dispatched`, `rejected` into a
 * terminal state): one recorded already makes a second a `409`, which a person sees, never a
 * second record. They go again whatever the key's age.
 */
const ONCE_BY_STATE: ReadonlySet<string> = new Set(['accepted', 'dispatched', 'delivered', 'rejected'])

/**
 * Whether this event, about to go again, may already be at Phensys under a key it no longer keeps:
 * a try of it may have reached Phensys (its bytes were sent; a try refused before connecting, or
 * never made, reached no one), its key older than Phensys keeps keys, and of a type Phensys would
 * take twice. Events tried before migration 0049 count as reached when tried at all.
 */
export function keyMayHaveLapsed(row: OutboxRow, now: Date): boolean {
  return (
    row.attempts > 0 &&
    row.mayHaveReachedAt !== null &&
    !ONCE_BY_STATE.has(row.type) &&
    now.getTime() - keyMadeAt(row) >= KEY_KEPT_MS
  )
}

/** The key of an event's sent-late flag: one flag per event. */
export function sentLateKey(eventId: number): string {
  return `sent_late:${eventId}`
}

/**
 * Holds the event for a person (failed, shown in F9 with these words) and raises the request's
 * flag, in the caller's transaction. A person's "send again" makes a new key (Outbox.resolve).
 */
export function holdForAPerson(
  deps: {
    outbox: Outbox
    flags: Pick<RequestFlags, 'raise'>
    requests: Pick<RequestsRepo, 'versionOf'>
    audit: AuditTrail
  },
  row: OutboxRow,
  now: Date
): void {
  const at = now.toISOString()
  const made = new Date(keyMadeAt(row))
  const words = `Sent after more than a day: check Phensys shows it once. The ${row.type} event was first tried more than a day ago (its key was made ${formatDateTime(made)}) and never confirmed, and a try may have reached Phensys; Phensys keeps an event's key only a day, so sent again now it could be recorded twice. It is held: if Phensys shows it, set it aside in F9; if it does not, send it again there.`
  deps.outbox.markForPerson(row.id, 'failed', now, words, undefined)
  deps.flags.raise(
    row.requestId,
    {
      kind: 'sent_late',
      source: 'sync',
      key: sentLateKey(row.id),
      path: 'outbox',
      lineId: null,
      raw: {
        event: row.id,
        type: row.type,
        idempotencyKey: row.idempotencyKey,
        keyMadeAt: made.toISOString(),
        mayHaveReachedAt: row.mayHaveReachedAt
      },
      words,
      blocks: []
    },
    deps.requests.versionOf(row.requestId) ?? 0,
    at
  )
  deps.audit.append({
    at,
    actorId: null,
    actorName: null,
    command: 'sync.heldForAPerson',
    entityType: 'request',
    entityId: row.requestId,
    summary: { event: row.id, type: row.type, idempotencyKey: row.idempotencyKey, keyMadeAt: made.toISOString() }
  })
}
