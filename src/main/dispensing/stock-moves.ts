/**
 * How dispensing moves stock: a scanned pack is dispensed from its own batch, consuming the
 * line's reservation (a reservation on another batch is released for it); a stopped request's
 * packs go back to the shelf before labelling, and to quarantine after.
 */
import { fromMilli } from '../../shared/stock/units'
import type { Ledger, StockEnv } from '../stock'
import type { DispensedPack } from './dispensed-packs-repo'

export function dispenseScannedPack(
  ledger: Ledger,
  requestId: string,
  lineId: string,
  batchId: number,
  quantityMilli: number,
  env: StockEnv
): void {
  const held = ledger.reservationsOf(requestId).filter((r) => r.lineId === lineId)
  const onScanned = held.find((r) => r.batchId === batchId)?.reservedMilli ?? 0
  let toRelease = Math.max(0, quantityMilli - onScanned)
  for (const other of held) {
    if (toRelease <= 0) break
    if (other.batchId === batchId) continue
    const amount = Math.min(other.reservedMilli, toRelease)
    ledger.release(other.batchId, amount, requestId, lineId, `dispensed from another batch (${batchId}) instead`, env)
    toRelease -= amount
  }
  ledger.dispense(batchId, quantityMilli, requestId, lineId, env)
}

/** Labelled packs are not restocked: they come back on the books only to go to quarantine. */
export function takeBackPack(
  ledger: Ledger,
  pack: DispensedPack,
  labelled: boolean,
  why: string,
  env: StockEnv
): 'returned' | 'quarantined' {
  const refs = { requestId: pack.requestId, lineId: pack.lineId }
  ledger.returnToStock(
    pack.batchId,
    pack.quantityMilli,
    labelled ? `labelled for ${pack.requestId}, to quarantine: ${why}` : `unlabelled, back to stock: ${why}`,
    refs,
    env
  )
  if (!labelled) return 'returned'
  ledger.writeOff(
    'quarantine',
    pack.batchId,
    pack.quantityMilli,
    `labelled for ${pack.requestId} (${fromMilli(pack.quantityMilli)}), ${why}`,
    refs,
    env
  )
  return 'quarantined'
}
