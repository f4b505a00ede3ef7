import type Database from 'better-sqlite3'
import { packText, unpackText } from './packing'

/**
 * What Phensys's snapshots of a request say, for keeping closed requests' snapshots deflated
 * (packing.ts): one snapshot in the shape Phensys sends, with made-up particulars. NEVER CHANGE IT:
 * snapshots packed with it are read with it (test/closed-snapshots.test.ts pins it).
 */
export const SNAPSHOT_DICTIONARY = Buffer.from(
  '{"id":"fr_","createdAt":"2026-01-01T12:00:00Z","updatedAt":"2026-01-01T12:00:00Z","tenant":{"id":"lovemylife","name":"LoveMyLife"},"route":"online_form","prescription":{"id":"rx_","kind":"private_paper","issuedAt":"2026-01-01","prescriber":{"name":"Dr A Smith","profession":"doctor","registrationBody":"GMC","registrationNumber":"1000000","address":"1 High Street, Leeds"},"hardCopy":{"required":true,"reason":"controlled_drug"},"items":[{"lineId":"l2","product":{"dmdCode":"41000000000001100","name":"Paracetamol 500mg capsules","strength":"500mg","form":"capsule","controlledDrugSchedule":"CD2"},"quantity":56,"unit":"capsule","directions":"Take TWO capsules TWICE a day","cautionaryLabels":[21,25]}],"notes":null},' +
    '"patient":{"id":"pt_","name":{"title":"Mrs","given":"","family":""},"dateOfBirth":"1970-01-01","phone":"+447700900000","email":"@example.org"},"delivery":{"recipientName":"","address":{"line1":" Road","line2":null,"city":"Manchester","postcode":"M1 1AA","country":"GB"},"service":"royal_mail_tracked_48","instructions":null},"payment":{"status":"paid","payer":"patient","reference":"pay_"},"version":2,"state":"delivered"}' +
    '{"id":"fr_","createdAt":"2026-01-01T12:00:00Z","updatedAt":"2026-01-01T12:00:00Z","tenant":{"id":"lovemylife","name":"LoveMyLife"},"route":"video_consultation","prescription":{"id":"rx_","kind":"consultation","issuedAt":"2026-01-01","prescriber":{"name":"Dr B Jones","profession":"doctor","registrationBody":"GMC","registrationNumber":"2000000","address":"2 Station Road, London"},"hardCopy":{"required":false,"reason":null},"items":[{"lineId":"l1","product":{"dmdCode":"41000000000001100","name":" tablets","strength":"50microgram","form":"tablet","controlledDrugSchedule":null},"quantity":28,"unit":"tablet","directions":"Take ONE tablet daily","cautionaryLabels":[]}],"notes":null},"patient":{"id":"pt_","name":{"title":"Mr","given":"","family":""},"dateOfBirth":"1980-01-01","phone":"+447700900000","email":"@example.org"},"delivery":{"recipientName":"","address":{"line1":" Street","line2":null,"city":"Birmingham","postcode":"B1 1AA","country":"GB"},"service":"collect","instructions":null},"payment":{"status":"paid","payer":"patient","reference":"pay_"},"version":4,"state":"delivered"}'
)

/** A closed request's snapshot (its JSON), deflated. */
export function packSnapshot(json: string): Buffer {
  return packText(json, SNAPSHOT_DICTIONARY)
}

/** The snapshot's JSON, however the request keeps it: as text, or deflated once the request closed. */
export function readSnapshot(stored: string | Buffer): string {
  return typeof stored === 'string' ? stored : unpackText(stored, SNAPSHOT_DICTIONARY)
}

/**
 * `counter_snapshot(requests.snapshot)`: the snapshot's JSON for a query that reads inside it
 * (json_extract, json_each), whether or not it is kept deflated. On the app's own connection.
 */
export function registerSnapshotFunction(sqlite: Database.Database): void {
  sqlite.function('counter_snapshot', { deterministic: true }, (stored: unknown) =>
    stored === null ? null : readSnapshot(stored as string | Buffer)
  )
}
