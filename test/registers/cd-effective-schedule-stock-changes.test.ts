/**
 * README (the CD register): a line Phensys sends as Schedule 2 that the catalogue has as no
 * controlled drug is entered, "its section opened with the stock held"; and "a pharmacist's own
 * stock changes of a Schedule 2 drug are entries of its section in the same transaction: waste,
 * destruction (refused without the authorised witness's name …) and adjustments". Once the section
 * is open, its receipts and stock changes follow it too (`CdRegister.keeps`): a pack received after
 * is a receipt entry, its destruction needs the witness and is an entry, and so is an adjustment, so
 * the running balance matches the stock held. (Found by review 28e, when they asked the catalogue alone.)
 */
import { describe, expect, it } from 'vitest'
import { dispensedWorld } from '../helpers/dispensed-world'
import { startedForFile } from '../helpers/started-for-file'
import { oneSertralinePack, sertralineSection, suppliedAsSchedule2 } from './one-sertraline-pack'

const w = startedForFile(dispensedWorld)

describe('a drug the CD register keeps as Schedule 2 because Phensys sent it so', () => {
  it('is destroyed only before the authorised witness, and its stock changes are entries of its section', async () => {
    const id = 'fr_R28E_CD_SENT_2'
    await suppliedAsSchedule2(w, id, 'SR1')
    // Another pack of it on the shelf afterwards.
    await oneSertralinePack(w, 'fr_R28E_UNUSED', 'SR2')
    const sqlite = w.core.internals.store.sqlite
    const batch = sqlite.prepare(`SELECT id FROM batches WHERE batch_no = 'SR2'`).get() as { id: number }
    const { section } = sertralineSection(w)
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
