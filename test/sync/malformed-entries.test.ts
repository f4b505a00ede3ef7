/**
 * An entry of a feed page that is no entry at all (`null`, a string, a number, a list) is kept as it
 * came where a person sees it (each its own item), and the feed goes on past it: the entries after
 * it (a cancellation, a new request) are read as usual, and the cursor moves on.
 */
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
