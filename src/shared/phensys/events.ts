/**
 * The status events a provider sends to Phensys (Provider API v1,
 * `POST /v1/provider/requests/{id}/events`), as zod schemas shared by the workstation's client
 * (which builds and checks them before they enter the outbox) and the project's sandbox (which
 * validates them as Phensys would). Pure: no `node:`, `electron` or DOM imports.
 *
 * Decisions the contract leaves open (mirrored by the sandbox, see src/sandbox/README.md):
 * - Event bodies are strict: an unknown field anywhere in the body is `400 validation_failed`,
 *   so a misspelt field (`tracking_numbers`) fails loudly instead of being silently dropped.
 *   (Tolerance of unknown fields applies to what Phensys sends, not to what it accepts.)
 * - `data` is always required; events without data send `{}`.
 * - Timestamps are RFC 3339 in UTC with a `Z` suffix (fractional seconds allowed); dates are
 *   `YYYY-MM-DD`.
 * - `basedOnVersion` is the snapshot version the workstation acted on. It is recorded, not
 *   enforced: Phensys judges an event only by the request's current state (409 otherwise).
 * - `lines` are line ids of the request's items; Phensys does not check them against the current
 *   items (the items may have changed since `basedOnVersion`).
 * - An idempotency key is 8..128 visible ASCII characters (0x21..0x7E), e.g. a UUID.
 */
import { z } from 'zod'
import { opaqueId } from './opaque-id'

export const EVENT_TYPES = [
  'accepted',
  'hard_copy.awaiting',
  'hard_copy.received',
  'stock.available',
  'stock.ordered',
  'stock.supply_issue',
  'dispensing.started',
  'dispensing.labelled',
  'dispensing.checked',
  'packed',
  'dispatched',
  'delivered',
  'query.raised',
  'rejected',
  'cancellation.acknowledged'
] as const
export type StatusEventType = (typeof EVENT_TYPES)[number]

export const QUERY_REASONS = ['hard_copy_mismatch', 'hard_copy_overdue', 'clinical', 'address', 'other'] as const
const REJECTION_REASONS = ['request_unreadable', 'cannot_supply', 'clinical', 'other'] as const

/** Each reason as a person reads it (a print job's notice, a refusal), never the contract's code. */
export const QUERY_REASON_WORDS: Record<(typeof QUERY_REASONS)[number], string> = {
  hard_copy_mismatch: 'the original does not match',
  hard_copy_overdue: 'the original is overdue',
  clinical: 'clinical',
  address: 'address',
  other: 'other'
}
export const REJECTION_REASON_WORDS: Record<(typeof REJECTION_REASONS)[number], string> = {
  request_unreadable: 'the request could not be read',
  cannot_supply: 'cannot supply',
  clinical: 'clinical',
  other: 'other'
}

/** The `Idempotency-Key` header: 8..128 visible ASCII characters. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7E]{8,128}$/, 'an idempotency key is 8 to 128 visible ASCII characters')

const timestamp = z.iso.datetime({ message: 'expected an RFC 3339 UTC timestamp, e.g. 2026-11-26T10:02:11Z' })
const date = z.iso.date({ message: 'expected a date YYYY-MM-DD' })
const shortText = z.string().min(1).max(128)
const message = z.string().min(1).max(2000)
const lineIds = z.array(opaqueId).min(1)
const noData = z.strictObject({})

/** The `data` of each event type. */
export const eventDataSchemas = {
  accepted: noData,
  'hard_copy.awaiting': noData,
  'hard_copy.received': z.strictObject({ receivedAt: timestamp, matchesRequest: z.boolean() }),
  'stock.available': noData,
  'stock.ordered': z.strictObject({ eta: date, lines: lineIds, wholesaler: shortText }),
  'stock.supply_issue': z.strictObject({ lines: lineIds, reason: message, eta: date.nullable() }),
  'dispensing.started': noData,
  'dispensing.labelled': z.strictObject({ labels: z.number().int().min(1).max(1000) }),
  'dispensing.checked': z.strictObject({ clinicalCheckBy: shortText, accuracyCheckBy: shortText }),
  packed: z.strictObject({ parcels: z.number().int().min(1).max(100) }),
  dispatched: z.strictObject({
    carrier: shortText,
    service: shortText,
    trackingNumbers: z.array(z.string().min(1).max(64)).max(100),
    dispatchedAt: timestamp
  }),
  delivered: z.strictObject({ deliveredAt: timestamp }),
  'query.raised': z.strictObject({ reason: z.enum(QUERY_REASONS), message }),
  rejected: z.strictObject({ reason: z.enum(REJECTION_REASONS), message }),
  'cancellation.acknowledged': z.strictObject({ stockReturned: z.boolean() })
} as const satisfies Record<StatusEventType, z.ZodType>

export type StatusEventData<T extends StatusEventType> = z.infer<(typeof eventDataSchemas)[T]>

const actorSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  role: shortText
})
export type EventActor = z.infer<typeof actorSchema>

/** Who sends the events the counter makes by itself (a cancellation's acknowledgement, an unreadable entry's rejection). */
export const SYSTEM_ACTOR: EventActor = { id: 'system', name: 'Pharmetra Counter (automatic)', role: 'system' }

const envelope = {
  occurredAt: timestamp,
  basedOnVersion: z.number().int().positive(),
  workstation: z.string().min(1).max(64),
  actor: actorSchema
}

function eventOf<const T extends StatusEventType>(type: T) {
  return z.strictObject({ type: z.literal(type), ...envelope, data: eventDataSchemas[type] })
}

/** The whole body of `POST /v1/provider/requests/{id}/events`. */
export const statusEventSchema = z.discriminatedUnion('type', [
  eventOf('accepted'),
  eventOf('hard_copy.awaiting'),
  eventOf('hard_copy.received'),
  eventOf('stock.available'),
  eventOf('stock.ordered'),
  eventOf('stock.supply_issue'),
  eventOf('dispensing.started'),
  eventOf('dispensing.labelled'),
  eventOf('dispensing.checked'),
  eventOf('packed'),
  eventOf('dispatched'),
  eventOf('delivered'),
  eventOf('query.raised'),
  eventOf('rejected'),
  eventOf('cancellation.acknowledged')
])

export type StatusEvent = z.infer<typeof statusEventSchema>

/** The error body every Phensys error answer carries; a `409` adds the current snapshot. */
export const apiErrorSchema = z.looseObject({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    details: z.array(z.unknown()).optional()
  }),
  request: z.unknown().optional()
})

/** The `201` answer to a status event (the request stays raw: read it with `readSnapshot`, read-snapshot.ts). */
export const eventAcceptedSchema = z.looseObject({
  eventId: opaqueId,
  request: z.unknown()
})
