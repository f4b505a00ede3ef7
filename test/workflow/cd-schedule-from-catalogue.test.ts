/**
 * Phensys sends morphine sulfate 10mg MR tablets without a `controlledDrugSchedule` (the contract
 * makes it nullable) and without asking for the original. The counter's own catalogue (dm+d)
 * says Schedule 2, and the counter itself writes the supply in the Schedule 2 CD register from it.
 * A private Schedule 2 prescription exists only as a paper FP10PCD, valid 28 days: the counter
 * must hold the request until the original is in hand, whatever Phensys's flag says (domain
 * brief). Today the request goes straight to the stock check and can be dispensed and supplied
 * without any original.
 */
import { describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { cdWorld, expectRefused, matchingFp10pcd, morphineRequest, ok, stageOf } from '../helpers/cd-world'
import { startedForFile } from '../helpers/started-for-file'

const w = startedForFile(() => cdWorld(2))

describe("a Schedule 2 drug by the counter's own catalogue, sent without a schedule", () => {
  it('is held for the original FP10PCD like any Schedule 2 item', async () => {
    const id = 'fr_R27B_CD_NOSCHED'
    await w.l.phensys.post('/sandbox/requests', morphineRequest(id, w.morphine.packSize, null))
    await settle(w.core)
    ok(await w.core.call(w.assembler, 'requests.accept', { id }), 'accept')
    expect(stageOf(w, id)).toBe('awaiting_hard_copy')
    expectRefused(await w.core.call(w.assembler, 'requests.startDispensing', { id }), 'dispensing without the original')
  })

  it('is valid for 28 days, not 6 months: the original in hand, the stock check still refuses it', async () => {
    const id = 'fr_R27B_CD_NOSCHED_OLD'
    // A paper prescription Phensys says must be in hand, dated 40 days before the counter's today
    // (2026-11-26): long expired for a Schedule 2 drug.
    const body = morphineRequest(id, w.morphine.packSize, null, { route: 'upload' })
    const prescription = body.prescription as Record<string, unknown>
    await w.l.phensys.post('/sandbox/requests', {
      ...body,
      prescription: {
        ...prescription,
        kind: 'private_paper',
        issuedAt: '2026-10-17',
        hardCopy: { required: true, reason: 'paper_prescription' }
      }
    })
    await settle(w.core)
    ok(await w.core.call(w.assembler, 'requests.accept', { id }), 'accept')
    expect(stageOf(w, id)).toBe('awaiting_hard_copy')
    ok(
      await w.core.call(w.pharmacist, 'requests.receiveHardCopy', matchingFp10pcd(id, w.morphine.packSize)),
      'original'
    )
    expect(stageOf(w, id)).toBe('stock_check')
    expectRefused(
      await w.core.call(w.assembler, 'requests.checkStock', { id }),
      'stock check of an expired CD prescription'
    )
  })
})
