import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { packText, unpackText } from '../db'

/**
 * What status events usually say, for keeping settled events deflated (db/packing.ts): one event
 * of each type, in the shape the counter sends, with made-up values; the most common types last,
 * where deflate finds them cheapest. NEVER CHANGE IT: events packed with it are read with it.
 * (test/sync/outbox-packing.test.ts pins it.) A better one would be a second dictionary, with the
 * row saying which it was packed with.
 */
export const EVENT_DICTIONARY = Buffer.from(
  [
    '{"type":"rejected","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"pharmacist"},"data":{"reason":"clinical","message":"Not clinically appropriate; the prescriber has been told why."}}',
    '{"type":"query.raised","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"pharmacist"},"data":{"reason":"hard_copy_mismatch","message":"The hard copy does not match the request: please confirm with the prescriber."}}',
    '{"type":"stock.supply_issue","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"dispenser"},"data":{"lines":["l1"],"reason":"supply issue: Discontinued by the manufacturer. No date for resupply.","eta":null}}',
    '{"type":"stock.ordered","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"dispenser"},"data":{"eta":"2026-01-02","lines":["l1","l2"],"wholesaler":"AAH Pharmaceuticals"}}',
    '{"type":"cancellation.acknowledged","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"system","name":"Pharmetra Counter (automatic)","role":"system"},"data":{"stockReturned":true}}',
    '{"type":"hard_copy.received","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"pharmacist"},"data":{"receivedAt":"2026-01-01T12:00:00.000Z","matchesRequest":true}}',
    '{"type":"hard_copy.awaiting","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"dispenser"},"data":{}}',
    '{"type":"delivered","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"dispenser"},"data":{"deliveredAt":"2026-01-01T12:00:00.000Z"}}',
    '{"type":"dispatched","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"dispenser"},"data":{"carrier":"Royal Mail","service":"Tracked 48","trackingNumbers":["TT000000000GB"],"dispatchedAt":"2026-01-01T12:00:00.000Z"}}',
    '{"type":"packed","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"accuracy_checker"},"data":{"parcels":1}}',
    '{"type":"dispensing.checked","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"accuracy_checker"},"data":{"clinicalCheckBy":"","accuracyCheckBy":""}}',
    '{"type":"dispensing.labelled","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"dispenser"},"data":{"labels":1}}',
    '{"type":"dispensing.started","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"dispenser"},"data":{}}',
    '{"type":"stock.available","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"dispenser"},"data":{}}',
    '{"type":"accepted","occurredAt":"2026-01-01T12:00:00.000Z","basedOnVersion":2,"workstation":"counter-1","actor":{"id":"u_00000000-0000-4000-8000-000000000000","name":"","role":"dispenser"},"data":{}}'
  ].join('\n')
)

/** A settled event's body, deflated (how events were packed before `event_packed`: the body alone). */
export function packEventBody(body: string): Buffer {
  return packText(body, EVENT_DICTIONARY)
}

/** What a final event's packed bytes keep: its columns that are read back from them. */
export interface PackedEventFields {
  idempotencyKey: string
  body: string
  createdAt: string
  nextAttemptAt: string
  settledAt: string | null
  answerState: string | null
}

/**
 * The first byte of `event_packed` says how each field is kept; a field that cannot be kept the
 * short way is kept as its text (2 bytes of length, then UTF-8), so every event packs, exactly.
 */
const KEY_IS_WORKSTATION_UUID = 1 // `${body.workstation}-${uuid}` (as the outbox makes them): the UUID's 16 bytes
const CREATED_IS_OCCURRED = 2 // the body's occurredAt (the outbox writes both from one clock reading)
const NEXT_IS_CREATED = 4 // tried once: the time of its only try is its creation's
const SETTLED_MS = 8 // an ISO time, as 6 bytes of milliseconds
const NOT_SETTLED = 16
const ANSWER_STATE_LISTED = 32 // one of ANSWER_STATES: its place, one byte
const NO_ANSWER_STATE = 64
/** Phensys's states when this was written. NEVER CHANGE THEIR ORDER (add at the end): packed events name them by place. */
const ANSWER_STATES = [
  'sent_to_provider',
  'in_fulfilment',
  'awaiting_patient_decision',
  'further_consultation',
  'query_open',
  'dispatched',
  'delivered',
  'rejected',
  'cancelled'
]
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function isoMs(text: string): number | null {
  const ms = Date.parse(text)
  return Number.isInteger(ms) && ms >= 0 && ms < 2 ** 48 && new Date(ms).toISOString() === text ? ms : null
}

function literal(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8')
  const length = Buffer.alloc(2)
  length.writeUInt16BE(bytes.length)
  return Buffer.concat([length, bytes])
}

function parsedBody(body: string): { workstation?: unknown; occurredAt?: unknown } {
  try {
    const parsed = JSON.parse(body) as unknown
    return typeof parsed === 'object' && parsed !== null ? parsed : {}
  } catch {
    // Not JSON (never written so): nothing is taken from it, every field is kept as its text.
    return {}
  }
}

/** A final event whole, in one column: about 110 bytes instead of 210 in six. */
export function packEvent(event: PackedEventFields): Buffer {
  return Buffer.concat([packEventFields(event, 0), packEventBody(event.body)])
}

/** The flags byte and the fields but the body, as packEvent keeps them (`extra`: flags of the caller's own). */
function packEventFields(event: PackedEventFields, extra: number): Buffer {
  const body = parsedBody(event.body)
  let flags = extra
  const parts: Buffer[] = []
  const prefix = `${String(body.workstation)}-`
  const uuid = event.idempotencyKey.startsWith(prefix) ? event.idempotencyKey.slice(prefix.length) : ''
  if (typeof body.workstation === 'string' && UUID.test(uuid)) {
    flags |= KEY_IS_WORKSTATION_UUID
    parts.push(Buffer.from(uuid.replaceAll('-', ''), 'hex'))
  } else parts.push(literal(event.idempotencyKey))
  if (event.createdAt === body.occurredAt) flags |= CREATED_IS_OCCURRED
  else parts.push(literal(event.createdAt))
  if (event.nextAttemptAt === event.createdAt) flags |= NEXT_IS_CREATED
  else parts.push(literal(event.nextAttemptAt))
  const settled = event.settledAt === null ? null : isoMs(event.settledAt)
  if (event.settledAt === null) flags |= NOT_SETTLED
  else if (settled !== null) {
    flags |= SETTLED_MS
    const ms = Buffer.alloc(6)
    ms.writeUIntBE(settled, 0, 6)
    parts.push(ms)
  } else parts.push(literal(event.settledAt))
  const state = event.answerState === null ? -1 : ANSWER_STATES.indexOf(event.answerState)
  if (event.answerState === null) flags |= NO_ANSWER_STATE
  else if (state >= 0) {
    flags |= ANSWER_STATE_LISTED
    parts.push(Buffer.from([state]))
  } else parts.push(literal(event.answerState))
  return Buffer.concat([Buffer.from([flags]), ...parts])
}

export function unpackEvent(packed: Buffer): PackedEventFields {
  const fields = readEventFields(packed, 0)
  return fields.complete(unpackText(packed.subarray(fields.end), EVENT_DICTIONARY))
}

/** The fields packEventFields kept from `start`: where they end, and the event once its body is known. */
interface EventFields {
  flags: number
  end: number
  complete: (body: string) => PackedEventFields
}

function readEventFields(packed: Buffer, start: number, flags = packed[start]!): EventFields {
  let at = start + 1
  const take = (length: number) => packed.subarray(at, (at += length))
  const readLiteral = () => take(packed.readUInt16BE(at) + 2).toString('utf8', 2)
  const uuid = flags & KEY_IS_WORKSTATION_UUID ? take(16).toString('hex') : null
  const key = uuid === null ? readLiteral() : null
  const created = flags & CREATED_IS_OCCURRED ? null : readLiteral()
  const next = flags & NEXT_IS_CREATED ? null : readLiteral()
  const settledAt =
    flags & NOT_SETTLED ? null : flags & SETTLED_MS ? new Date(take(6).readUIntBE(0, 6)).toISOString() : readLiteral()
  const answerState =
    flags & NO_ANSWER_STATE ? null : flags & ANSWER_STATE_LISTED ? ANSWER_STATES[take(1)[0]!]! : readLiteral()
  return {
    flags,
    end: at,
    complete: (body) => {
      const said =
        key === null || created === null ? (JSON.parse(body) as { workstation: string; occurredAt: string }) : null
      const createdAt = created ?? said!.occurredAt
      return {
        idempotencyKey:
          key ??
          `${said!.workstation}-${uuid!.slice(0, 8)}-${uuid!.slice(8, 12)}-${uuid!.slice(12, 16)}-${uuid!.slice(16, 20)}-${uuid!.slice(20)}`,
        body,
        createdAt,
        nextAttemptAt: next ?? createdAt,
        settledAt,
        answerState
      }
    }
  }
}

/** The first byte of a closed request's events packed together: how the rest is kept. */
const GROUP_FIELDS_THEN_BODIES = 2
/** An event's body keeps its occurredAt as its 6 bytes of milliseconds, beside it; in the text, this. */
const OCCURRED_SLOT = '"occurredAt":""'
/** Flags beside packEvent's own: the body's occurredAt kept as milliseconds; the body kept as a JSON string. */
const BODY_TIMED = 128
const BODY_ESCAPED = 256

/** The body with its occurredAt taken out, and the milliseconds to put back; null when it would not come back exactly. */
function timedBody(body: string): { text: string; ms: number } | null {
  const occurredAt = parsedBody(body).occurredAt
  const ms = typeof occurredAt === 'string' ? isoMs(occurredAt) : null
  if (ms === null) return null
  const field = `"occurredAt":"${occurredAt as string}"`
  const text = body.replace(field, OCCURRED_SLOT)
  return text !== body && text.indexOf(OCCURRED_SLOT) === body.indexOf(field) ? { text, ms } : null
}

function varint(value: number): Buffer {
  const bytes: number[] = []
  for (let rest = value; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) {
      bytes.push(rest)
      return Buffer.from(bytes)
    }
    bytes.push((rest % 128) | 128)
  }
}

/**
 * A closed request's final events packed together (`outbox_closed`): first, in the order of their
 * ids (each kept as its distance from the one before), each event's fields the way packEvent keeps
 * them (its flags, the key's UUID as 16 bytes, times as 6 bytes of milliseconds, Phensys's state as
 * its place), with two flags of the group's own and the body's occurredAt and length; then every
 * body, the time taken out, deflated together (they repeat one another: the staff, the shape of
 * each event). A body that is not well-formed Unicode is kept as a JSON string, so that it comes
 * back exactly; the whole is read back before it is kept.
 */
export function packEventGroup(events: ReadonlyArray<PackedEventFields & { id: number }>): Buffer {
  const count = Buffer.alloc(2)
  count.writeUInt16BE(events.length)
  const fields: Buffer[] = [Buffer.from([GROUP_FIELDS_THEN_BODIES]), count]
  const bodies: Buffer[] = []
  let previousId = 0
  for (const event of [...events].sort((a, b) => a.id - b.id)) {
    const id = varint(event.id - previousId)
    previousId = event.id
    const escaped = LONE_SURROGATE.test(event.body)
    const timed = escaped ? null : timedBody(event.body)
    const own = packEventFields(event, 0)
    const flags = Buffer.alloc(2)
    flags.writeUInt16BE(own[0]! | (timed ? BODY_TIMED : 0) | (escaped ? BODY_ESCAPED : 0))
    const body = Buffer.from(escaped ? JSON.stringify(event.body) : (timed?.text ?? event.body), 'utf8')
    fields.push(id, flags, own.subarray(1), varint(body.length))
    if (timed) {
      const ms = Buffer.alloc(6)
      ms.writeUIntBE(timed.ms, 0, 6)
      fields.push(ms)
    }
    bodies.push(body)
  }
  const packed = Buffer.concat([
    ...fields,
    deflateRawSync(Buffer.concat(bodies), { dictionary: EVENT_DICTIONARY, level: 9 })
  ])
  const back = unpackEventGroup(packed)
  for (const event of events) {
    const read = back.get(event.id)
    if (!read || FIELDS.some((field) => read[field] !== event[field]))
      throw new Error(`Outbox event ${event.id} would not read back as it was packed with its request's`)
  }
  return packed
}

/** Text that is not well-formed Unicode (UTF-8 would not give it back). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const FIELDS = ['idempotencyKey', 'body', 'createdAt', 'nextAttemptAt', 'settledAt', 'answerState'] as const

export function unpackEventGroup(packed: Buffer): Map<number, PackedEventFields> {
  if (packed[0] !== GROUP_FIELDS_THEN_BODIES)
    throw new Error(`Closed request's events packed an unknown way (${packed[0]})`)
  const count = packed.readUInt16BE(1)
  let at = 3
  const read: Array<{ id: number; flags: number; length: number; timedMs: number | null; fields: EventFields }> = []
  const readVarint = () => {
    let value = 0
    for (let shift = 1; ; shift *= 128) {
      const byte = packed[at++]!
      value += (byte & 127) * shift
      if (byte < 128) return value
    }
  }
  let id = 0
  for (let n = 0; n < count; n++) {
    id += readVarint()
    const flags = packed.readUInt16BE(at)
    // The fields as packEvent keeps them, after its flags (here the low byte of two).
    const fields = readEventFields(packed, at + 1, flags & 255)
    at = fields.end
    const length = readVarint()
    const timedMs = flags & BODY_TIMED ? packed.readUIntBE(at, 6) : null
    if (timedMs !== null) at += 6
    read.push({ id, flags, length, timedMs, fields })
  }
  const bodies = inflateRawSync(packed.subarray(at), { dictionary: EVENT_DICTIONARY })
  let from = 0
  return new Map(
    read.map(({ id, flags, length, timedMs, fields }) => {
      const text = bodies.toString('utf8', from, (from += length))
      const body =
        flags & BODY_ESCAPED
          ? (JSON.parse(text) as string)
          : timedMs === null
            ? text
            : text.replace(OCCURRED_SLOT, `"occurredAt":"${new Date(timedMs).toISOString()}"`)
      return [id, fields.complete(body)]
    })
  )
}

/**
 * The row as it was before it was packed, whichever way it was packed (or not yet). An empty
 * `event_packed` says the event is kept with its closed request's, `group` (read beside the row).
 */
export function unpackedEventRow<
  Row extends PackedEventFields & { id: number; bodyPacked: Buffer | null; eventPacked: Buffer | null }
>(row: Row, group: Buffer | null = null): Row {
  if (row.eventPacked?.length === 0) {
    const fields = group && unpackEventGroup(group).get(row.id)
    if (!fields) throw new Error(`Outbox event ${row.id} is kept with its request's events, which are missing`)
    return { ...row, ...fields }
  }
  if (row.eventPacked) return { ...row, ...unpackEvent(row.eventPacked) }
  return row.body === '' && row.bodyPacked ? { ...row, body: unpackText(row.bodyPacked, EVENT_DICTIONARY) } : row
}
