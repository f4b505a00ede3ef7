/**
 * A drug the catalogue has as no controlled drug gets a CD register section when Phensys names it
 * Schedule 2 and it is supplied (`cd-schedule-from-phensys.test.ts`). From then on the register
 * follows its stock as any Schedule 2 drug's: a pack booked in at goods-in is a receipt entry of
 * that section, and a pharmacist's adjustment a dated correction, so the balance check still
 * shows no difference nobody caused.
 */
import { describe, expect, it } from 'vitest'
import { dispensedWorld, packMaker } from '../helpers/dispensed-world'
import { startedForFile } from '../helpers/started-for-file'
import { scan } from '../stock/helpers'
import { sertralineSection, suppliedAsSchedule2 } from './one-sertraline-pack'

const w = startedForFile(dispensedWorld)

describe('stock of a drug whose CD section Phensys opened', () => {
  it('is followed by the register: a receipt at goods-in and an adjustment are entries of that section', async () => {
    const id = 'fr_R28A_CD_RECEIPT_AFTER'
    await suppliedAsSchedule2(w, id, 'SR2')

    const { section, entries } = sertralineSection(w)
    const opened = await section()
    expect(opened.check.difference, 'the section opened by the supply').toBe(0)
    const before = (await entries()).length

    const pack = await packMaker(w, '39732311000001104')
    const booked = await scan(w.core, w.assembler, pack.code('SR3'), null)
    expect(booked.line.booked, 'the pack booked in').toBe(true)
    const receipt = (await entries()).slice(before)
    expect(receipt.map((e) => [e.kind, e.change, e.balance])).toEqual([
      ['receipt', pack.packSize, opened.balance + pack.packSize]
    ])
    expect(receipt[0]?.productDetail).toMatch(/SR3/)
    expect((await section()).check.difference, 'after the receipt').toBe(0)

    const batchId = (
      w.core.internals.store.sqlite.prepare(`SELECT id FROM batches WHERE batch_no = 'SR3'`).get() as { id: number }
    ).id
    const adjusted = await w.core.call(w.pharmacist, 'stock.adjust', {
      batchId,
      delta: -1,
      reason: 'One tablet found broken in the pack'
    })
    expect(adjusted.ok ? 'ok' : adjusted.error.message).toBe('ok')
    const adjustment = (await entries()).slice(before + 1)
    expect(adjustment.map((e) => [e.kind, e.change])).toEqual([['correction', -1]])
    expect((await section()).check.difference, 'after the adjustment').toBe(0)
  })
})
