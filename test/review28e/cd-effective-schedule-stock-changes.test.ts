/**
 * README (the CD register): a line Phensys sends as Schedule 2 that the catalogue has as no
 * controlled drug is entered, "its section opened with the stock held"; and "a pharmacist's own
 * stock changes of a Schedule 2 drug are entries of its section in the same transaction: waste,
 * destruction (refused without the authorised witness's name …) and adjustments". Once the section
 * is open, the counter keeps it (and its balance check) by the effective schedule, but its stock
 * changes ask the catalogue alone (`CdStockChanges.isScheduleTwo` and `record`, and goods-in's
 * receipt): a pack of it received after is no receipt entry (the section's own check then shows
 * the difference), its stock is destroyed with no witness and no entry, and an adjustment is no
 * entry either, so the register's running balance no longer matches the stock held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkedRequest, dispensedWorld, type DispensedWorld } from '../helpers/dispensed-world'
import { supplyByCarrier } from '../helpers/supply'
import { oneSertralinePack } from '../registers/one-sertraline-pack'

let w: DispensedWorld
beforeAll(async () => {
  w = await dispensedWorld()
}, 60_000)
afterAll(async () => w?.stop())

describe('a drug the CD register keeps as Schedule 2 because Phensys sent it so', () => {
  it('is destroyed only before the authorised witness, and its stock changes are entries of its section', async () => {
    const id = 'fr_R28E_CD_SENT_2'
    const sertraline = await oneSertralinePack(w, id, 'SR1', { schedule: 2 })
    await checkedRequest(w, id, sertraline.body, { l1: [sertraline.code] })
    await supplyByCarrier(w.core, w.checker, id)
    // Another pack of it on the shelf afterwards.
    await oneSertralinePack(w, 'fr_R28E_UNUSED', 'SR2')
    const sqlite = w.core.internals.store.sqlite
    const batch = sqlite.prepare(`SELECT id FROM batches WHERE batch_no = 'SR2'`).get() as { id: number }
    const section = async () => {
      const sections = await w.core.call(w.pharmacist, 'registers.cd.sections', {})
      if (!sections.ok) throw new Error(sections.error.message)
      return sections.value.find((s) => /sertraline/i.test(s.drug))!
    }
    expect
      .soft((await section()).check.difference, 'register against the stock held, a pack received after the supply')
      .toBe(0)
    const differenceBefore = (await section()).check.difference

    const unwitnessed = await w.core.call(w.pharmacist, 'stock.writeOff', {
      batchId: batch.id,
      quantity: 1,
      kind: 'destruction',
      reason: 'Damaged tablet, denatured'
    })
    expect
      .soft(unwitnessed.ok ? 'destroyed with no witness' : unwitnessed.error.message, 'destruction with no witness')
      .toMatch(/authorised witness/)

    const adjusted = await w.core.call(w.pharmacist, 'stock.adjust', {
      batchId: batch.id,
      delta: -1,
      reason: 'One tablet short at the count'
    })
    expect(adjusted.ok ? 'ok' : adjusted.error.message).toBe('ok')
    expect((await section()).check.difference, 'the difference after an adjustment entered').toBe(differenceBefore)
  })
})
