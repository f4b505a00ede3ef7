/**
 * Opening stock for training mode only, so the demo day shows every answer of the stock check:
 * most demo products in stock (amoxicillin with a short-dated batch first in line), doxycycline
 * out of stock (ordered when prescribed), zolmitriptan under a Medicine Supply Notification; and
 * every other stocked line with one to three packs, every seventh empty, so the low-stock list
 * has something on it. Never on a live workstation.
 */
import demoProducts from '../../../resources/demo/products.json'
import { addDays } from '../../shared/time/calendar'
import type { CatalogueRepo, PackRecord } from './catalogue'
import type { Ledger, StockEnv } from './ledger'
import type { SupplyIssues } from './supply-issues'

const OUT_OF_STOCK = new Set(['39732611000001108']) // Doxycycline 100mg capsules
const UNDER_MSN = '39733311000001106' // Zolmitriptan 2.5mg tablets
const SHORT_DATED = new Set(['39732411000001106']) // Amoxicillin 500mg capsules

export function seedTrainingStock(
  deps: { catalogue: CatalogueRepo; ledger: Ledger; supplyIssues: SupplyIssues },
  env: StockEnv
): { packs: number } {
  let booked = 0
  const bookIn = (pack: PackRecord, batchNo: string, expiry: string, packs: number): void => {
    if (packs <= 0) return
    const batch = deps.ledger.ensureBatch(pack.amppId, batchNo, expiry, env.at)
    deps.ledger.goodsIn(batch.id, packs * pack.packSizeMilli, {}, env)
    booked += packs
  }

  for (const product of demoProducts.products) {
    const pack = deps.catalogue.packsFor(product.dmdCode)[0]
    if (!pack || OUT_OF_STOCK.has(product.dmdCode) || product.dmdCode === UNDER_MSN) continue
    const packs = product.controlledDrugSchedule === 2 ? 2 : Math.max(3, Math.ceil(120_000 / pack.packSizeMilli))
    const tag = product.dmdCode.slice(2, 6)
    if (SHORT_DATED.has(product.dmdCode)) bookIn(pack, `TR${tag}S`, addDays(env.today, 25), 1)
    bookIn(pack, `TR${tag}A`, addDays(env.today, 150), Math.floor(packs / 3))
    bookIn(pack, `TR${tag}B`, addDays(env.today, 420), packs - Math.floor(packs / 3))
  }
  deps.supplyIssues.raise({
    dmdId: UNDER_MSN,
    source: 'msn',
    reference: 'MSN/2026/045 (training example)',
    reason: 'Medicine Supply Notification: manufacturing delay, all strengths',
    expectedReturn: addDays(env.today, 45),
    raisedBy: env.actor.name,
    at: env.at
  })

  const demoCodes = new Set(demoProducts.products.map((p) => p.dmdCode))
  let index = 0
  for (const vmpId of deps.catalogue.stockedVmps(10_000)) {
    if (demoCodes.has(vmpId)) continue
    const pack = deps.catalogue.packsFor(vmpId)[0]
    index += 1
    if (!pack || index % 7 === 0) continue
    bookIn(pack, `TR${vmpId.slice(2, 6)}${index}`, addDays(env.today, 100 + ((index * 37) % 500)), (index % 3) + 1)
  }
  return { packs: booked }
}
