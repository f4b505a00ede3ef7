/**
 * Scan-to-check: a scanned code → GTIN → pack (AMPP) → AMP → VMP, compared with what was
 * prescribed. A generic (VMP) prescription is met by any AMP of that VMP; a branded (AMP) one only
 * by that AMP: another supplier's equivalent is reported as such, for a person to decide.
 */
import type { IdentifyView, ScanMatch } from '../../shared/contract'
import type { CatalogueRepo } from './catalogue'
import { isPackScanError, parsePackScan } from './pack-scan'

export function identifyScan(
  catalogue: CatalogueRepo,
  code: string,
  prescribedDmdId: string | undefined,
  referenceYear: number
): IdentifyView {
  const scan = parsePackScan(code, { referenceYear })
  if (isPackScanError(scan)) {
    return {
      read: scan.read,
      gtin: null,
      batchNo: null,
      expiry: null,
      serial: null,
      pack: null,
      match: 'unknown_pack',
      message: `Could not read the code: ${scan.error}`
    }
  }
  const base = { read: scan.read, gtin: scan.gtin, batchNo: scan.batch, expiry: scan.expiry, serial: scan.serial }
  const found = catalogue.packByGtin(scan.gtin)
  const pack = found ? catalogue.packView(found.amppId) : null
  if (!found || !pack)
    return { ...base, pack: null, match: 'unknown_pack', message: `GTIN ${scan.gtin} is not in the catalogue.` }
  if (prescribedDmdId === undefined) return { ...base, pack, match: 'not_compared', message: pack.name }
  const prescribed = catalogue.product(prescribedDmdId)
  if (!prescribed) {
    return {
      ...base,
      pack,
      match: 'different_product',
      message: `The prescribed dm+d code ${prescribedDmdId} is not in the catalogue: this pack cannot be confirmed against it.`
    }
  }
  const match: ScanMatch =
    found.ampId === prescribed.dmdId || (prescribed.level === 'VMP' && found.vmpId === prescribed.dmdId)
      ? 'same_product'
      : found.vmpId === prescribed.vmpId
        ? 'equivalent_generic'
        : 'different_product'
  const message =
    match === 'same_product'
      ? `${pack.name} is ${prescribed.name}.`
      : match === 'equivalent_generic'
        ? `${pack.name} is the same medicine as ${prescribed.name} from another supplier; the prescription names the brand.`
        : `Wrong product: ${pack.name} is not ${prescribed.name}.`
  return { ...base, pack, match, message }
}
