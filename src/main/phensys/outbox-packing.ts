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

/** A settled event's body, deflated: `body` is then emptied and `body_packed` holds it. */
export function packEventBody(body: string): Buffer {
  return packText(body, EVENT_DICTIONARY)
}

/** The row with its body as it was sent, whether or not it has been packed since. */
export function withEventBody<Row extends { body: string; bodyPacked: Buffer | null }>(row: Row): Row {
  return row.body === '' && row.bodyPacked ? { ...row, body: unpackText(row.bodyPacked, EVENT_DICTIONARY) } : row
}
