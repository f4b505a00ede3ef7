/**
 * The accuracy check's re-scans as a checker makes them: each pack's own code, then the dispensing
 * label stuck on it (which names that pack and the request's current label generation). A code that is none of the request's packs goes
 * alone: the check refuses it as not dispensed.
 */
import type { DispensingView } from '../../src/shared/contract/dispensing-views'
import { dispensingLabelPayload } from '../../src/shared/scan/own-labels'
import { isPackScanError, parsePackScan } from '../../src/main/stock/pack-scan'

export function rescansWithLabels(view: DispensingView, codes: readonly string[]): string[] {
  const packs = view.lines.flatMap((line) => line.packs).filter((pack) => pack.state === 'assembled')
  const used = new Set<number>()
  return codes.flatMap((code) => {
    const scan = parsePackScan(code, { referenceYear: 2026 })
    if (isPackScanError(scan)) return [code]
    const pack = packs.find(
      (candidate) =>
        !used.has(candidate.id) &&
        candidate.gtin === scan.gtin &&
        (candidate.serial !== null ? candidate.serial === scan.serial : candidate.batchNo === scan.batch)
    )
    if (!pack) return [code]
    used.add(pack.id)
    return [code, dispensingLabelPayload(view.requestId, pack.id, view.labelGeneration)]
  })
}
