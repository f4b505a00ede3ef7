/**
 * A request in work whose next version from Phensys cannot be read (no items list) is kept for a
 * person and rejected once (`request_unreadable`), as the contract says, and the counter stops it
 * as it tells Phensys (the table's `unreadableVersion` step): what it held is given back, and the
 * bag labelled for the version before never leaves for a request Phensys rejects and routes elsewhere.
 */
import { describe, expect, it } from 'vitest'
import { countRows } from '../helpers/count-rows'
import { settle } from '../helpers/linked'
import { bagScanFor, supplyByCarrier } from '../helpers/supply'
import { accuracyChecked, readyToDispense, stageOf, worldForFile } from '../helpers/literal-world'
import type { Json } from '../sync/literal-phensys'

const w = worldForFile()

function itemsLostAtPhensys(id: string): void {
  w.lit.change(
    id,
    (s) => {
      delete (s.prescription as Json).items
    },
    'request.updated'
  )
}

function sent(id: string): Array<[string, unknown]> {
  return w.lit.accepted(id).map((e) => [e.type, (e.body.data as Json).reason])
}

function keptUnreadable(id: string): number {
  return countRows(
    w.core.internals.store.sqlite,
    "SELECT count(*) AS n FROM feed_exceptions WHERE category = 'unreadable' AND request_id = ?",
    id
  )
}

/** Phensys's next version of `id` cannot be read: kept for a person once, and rejected once at Phensys and here. */
async function rejectedAsUnreadable(id: string): Promise<void> {
  itemsLostAtPhensys(id)
  await settle(w.core)
  await settle(w.core)
  expect(keptUnreadable(id)).toBe(1)
  expect(sent(id).filter(([type]) => type === 'rejected')).toEqual([['rejected', 'request_unreadable']])
  expect(stageOf(w, id)).toBe('rejected')
}

describe('an unreadable version of a request in work', () => {
  it('ready to dispense: rejected once at Phensys and here, its stock released', async () => {
    const id = 'fr_RF_UNREAD_READY'
    await readyToDispense(w, id)
    await rejectedAsUnreadable(id)
    const started = await w.core.call(w.assembler, 'requests.startDispensing', { id })
    expect(started.ok).toBe(false)
    expect(w.lit.violations).toEqual([])
  })

  it('accuracy checked: the bag is not packed for a request Phensys rejected', async () => {
    const id = 'fr_RF_UNREAD_CHECKED'
    await accuracyChecked(w, id)
    await rejectedAsUnreadable(id)
    const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    expect(packed.ok, `pack after Phensys rejected it: ${JSON.stringify(packed)}`).toBe(false)
    expect(w.lit.violations).toEqual([])
  })

  it('dispatched: kept for a person, and no rejection that would have Phensys supply it again elsewhere', async () => {
    const id = 'fr_RF_UNREAD_DISPATCHED'
    await accuracyChecked(w, id)
    await supplyByCarrier(w.core, w.assembler, id)
    await settle(w.core)
    expect(w.lit.snapshot(id).state).toBe('dispatched')
    itemsLostAtPhensys(id)
    await settle(w.core)
    await settle(w.core)
    expect(keptUnreadable(id)).toBe(1)
    expect(sent(id).filter(([type]) => type === 'rejected')).toEqual([])
    expect(w.core.internals.outbox.forRequest(id).filter((row) => row.type === 'rejected')).toEqual([])
    expect(stageOf(w, id)).toBe('dispatched')
    expect(w.lit.violations).toEqual([])
  })
})
