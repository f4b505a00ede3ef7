/**
 * An entry of a feed page that is no entry at all (`null`, a string, a number, a list) is kept as it
 * came where a person sees it (each its own item), and the feed goes on past it: the entries after
 * it (a cancellation, a new request) are read as usual, and the cursor moves on. An unreadable entry
 * without a request id delivered again (at least once) is the same item, whatever its fields' order.
 */
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { cancelledAtPhensys, readyToDispense, snapshotOf, stageOf, worldForFile } from '../helpers/literal-world'

const w = worldForFile()

it('null, a string, a number and a list among the entries: kept for a person, and the feed goes on', async () => {
  const id = 'fr_RF_MALFORMED_CANCEL'
  await readyToDispense(w, id)
  const cursorBefore = w.core.internals.sync.cursor()
  for (const value of [null, 'not an entry', 42, []]) w.lit.appendMalformed(value)
  cancelledAtPhensys(w, id)
  w.lit.create(snapshotOf('fr_RF_MALFORMED_AFTER'))
  await settle(w.core).catch((error: unknown) => {
    throw new Error(`the feed did not settle: ${String(error)}`)
  })
  expect(stageOf(w, id)).toBe('cancelled')
  expect(stageOf(w, 'fr_RF_MALFORMED_AFTER')).toBe('new')
  expect(w.core.internals.sync.cursor()).not.toBe(cursorBefore)
  const kept = w.core.internals.store.sqlite
    .prepare('SELECT raw FROM feed_exceptions WHERE request_id IS NULL ORDER BY id')
    .all() as Array<{ raw: string }>
  expect(kept.map((row) => JSON.parse(row.raw) as unknown)).toEqual([null, 'not an entry', 42, []])
  expect(w.lit.violations).toEqual([])
})

/** The unreadable entries without a request id kept with `marker` in them. */
function keptWith(marker: string): unknown[] {
  const rows = w.core.internals.store.sqlite
    .prepare("SELECT raw FROM feed_exceptions WHERE request_id IS NULL AND category = 'unreadable' AND raw LIKE ?")
    .all(`%${marker}%`) as Array<{ raw: string }>
  return rows.map((row) => JSON.parse(row.raw) as unknown)
}

it('an unreadable entry without a request id, sent again with its fields in another order: one item', async () => {
  // No id anywhere: the request's snapshot lost it, so it is unreadable and nobody can be told.
  const entry = {
    kind: 'request.created',
    version: 1,
    at: '2026-12-01T10:00:00Z',
    request: { version: 1, state: 'sent_to_provider', patient: { name: 'REORDERED', dateOfBirth: '1970-01-01' } }
  }
  const reordered = {
    request: { patient: { dateOfBirth: '1970-01-01', name: 'REORDERED' }, state: 'sent_to_provider', version: 1 },
    at: '2026-12-01T10:00:00Z',
    version: 1,
    kind: 'request.created'
  }
  w.lit.appendMalformed(entry)
  w.lit.appendMalformed(reordered)
  // Another entry (another version) is another item.
  w.lit.appendMalformed({ ...entry, version: 2, request: { ...entry.request, version: 2 } })
  await settle(w.core)
  expect(keptWith('REORDERED')).toHaveLength(2)
  expect(keptWith('REORDERED')[0]).toEqual(entry)
})

it('an entry kept before its fields were put in order, sent again as it came: still its one item', async () => {
  // Such rows hold the hash of the entry's fields as sent, without its cursor.
  const entry = { kind: 'request.updated', version: 4, request: { version: 4, note: 'KEPT-AS-SENT' } }
  const asSent = createHash('sha256').update(JSON.stringify(entry)).digest('hex')
  w.core.internals.store.sqlite
    .prepare(
      `INSERT INTO feed_exceptions (category, cursor, kind, request_id, raw, raw_hash, reason, received_at)
       VALUES ('unreadable', 'c_old', 'request.updated', NULL, ?, ?, 'the snapshot has no id', '2026-12-01T09:00:00Z')`
    )
    .run(JSON.stringify({ cursor: 'c_old', ...entry }), asSent)
  w.lit.appendMalformed({ cursor: 'c_old_again', ...entry })
  await settle(w.core)
  expect(keptWith('KEPT-AS-SENT')).toHaveLength(1)
})
