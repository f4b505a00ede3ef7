/**
 * A pharmacist records an MHRA drug alert's batch recall (`stock.recallBatch`), typing the batch
 * number from the alert: "bx7a" for the batch the packs carry as "BX7A". Batch numbers are not told
 * apart by case or the spaces around them: the recall applies to BX7A (quarantine, the bag, later
 * scans refused), is kept as typed, and its answer names the batch as held here. (Found by review
 * 28d: it matched exactly, quarantined nothing and answered "no open request held it".)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import type { DispensedWorld } from '../helpers/dispensed-world'
import { baggedSertralinePack, sertralineWorld, type PackMaker } from '../helpers/sertraline-world'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { scan } from '../stock/helpers'

let w: DispensedWorld
let sertraline: PackMaker
beforeAll(async () => {
  ;({ w, sertraline } = await sertralineWorld())
  for (let i = 0; i < 3; i++) await scan(w.core, w.assembler, sertraline.code('BX7A', '280630'))
  const id = 'fr_RECALL_CASE'
  await baggedSertralinePack(w, sertraline, id, 'BX7A')
  const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  if (!packed.ok) throw new Error(JSON.stringify(packed))
  await settle(w.core)
}, 90_000)
afterAll(async () => w?.stop())

describe('a recall typed in another case than the batch on the packs', () => {
  it('stops the packed bag and the stock, or is refused naming the batch in stock', async () => {
    const id = 'fr_RECALL_CASE'
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('packed')
    const recalled = await w.core.call(w.pharmacist, 'stock.recallBatch', {
      gtin: sertraline.gtin,
      batchNo: 'bx7a',
      reference: 'MHRA drug alert EL(26)A/31',
      alertClass: 1
    })
    if (!recalled.ok) {
      // Refused: acceptable only in words that lead the pharmacist to the batch in stock.
      expect(recalled.error.message).toContain('BX7A')
      return
    }
    expect(recalled.value.message).not.toContain('no open request held it')
    expect(recalled.value.message, 'the answer names the batch as the packs carry it').toContain('held here as BX7A')
    expect(recalled.value.recall.batchNo, 'the recall is stored as typed').toBe('bx7a')
    expect(recalled.value.requests.map((r) => r.requestId)).toContain(id)
    const dispatched = await w.core.call(w.checker, 'requests.dispatch', {
      id,
      trackingNumbers: [trackingNumberFor(id)]
    })
    expect(dispatched.ok, 'a bag holding a pack of the recalled batch dispatched').toBe(false)
    const received = await scan(w.core, w.assembler, sertraline.code('BX7A', '280630'))
    expect(received.line.booked, 'a pack of the recalled batch booked in at goods-in').toBe(false)
    expect(received.line.flags.map((flag) => flag.code)).toContain('recalled')
  })
})
