/**
 * Scan-to-verify while dispensing: one scanned pack checked against one prescribed line. Every
 * refusal names what was scanned and what was expected, and there is no override: a mismatch is
 * scanned again with the right pack. Picking the wrong product is the commonest dispensing error
 * (about 60% of them in UK community pharmacy, Ashcroft 2005), and scanning every pack cut errors
 * by over 90% where it was measured (Poon 2006): an override would give that back.
 */
import type { ScanRefusal } from '../../shared/contract'
import { formatQuantity, fromMilli } from '../../shared/stock/units'
import { CounterError } from '../errors'
import {
  type CatalogueRepo,
  type PackRecord,
  identifyScan,
  packExpiryProblem,
  type BatchRecord,
  type Ledger
} from '../stock'
import type { DispensedPack, DispensedPacksRepo } from './dispensed-packs-repo'
import { formatDate } from '../../shared/time/london'

export interface LineToFill {
  lineId: string
  dmdId: string
  productName: string
  /** The pack unit the stock check counts the line in; null when no pack counts in it. */
  unit: string | null
  neededMilli: number
  countedMilli: number
  /**
   * The course this supply is for, read from the directions (`estimateCourseDays`): a pack must
   * not expire before its last day. Null when the directions give no course length.
   */
  course: { days: number; end: string } | null
}

export interface VerifiedPack {
  gtin: string
  pack: PackRecord
  packName: string
  batch: BatchRecord
  serial: string | null
  /** What of the pack goes to the line: the whole pack, or the rest of the line from a split pack. */
  quantityMilli: number
  read: string
}

export interface VerifyDeps {
  catalogue: CatalogueRepo
  ledger: Ledger
  packs: DispensedPacksRepo
  /** The recall of a batch of a pack, if it is recalled. */
  recallOf: (amppId: string, batchNo: string) => { words: string } | null
}

function refuse(reason: ScanRefusal, message: string, scanned: string | null, expected: string): never {
  throw new CounterError('precondition_failed', message, { details: { reason, scanned, expected } })
}

export function verifyScan(deps: VerifyDeps, line: LineToFill, raw: string, today: string): VerifiedPack {
  const expected = line.productName
  const id = identifyScan(deps.catalogue, raw, line.dmdId, Number(today.slice(0, 4)))
  if (id.match === 'unknown_pack') {
    const reason: ScanRefusal = id.gtin ? 'unknown_pack' : 'unreadable'
    refuse(reason, `${id.message} Scanned ${id.read}; expected ${expected}.`, id.gtin ?? id.read, expected)
  }
  const pack = id.gtin ? deps.catalogue.packByGtin(id.gtin) : null
  if (!id.gtin || !pack || !id.pack)
    return refuse(
      'unknown_pack',
      `GTIN ${id.gtin ?? id.read} is not in the catalogue; expected ${expected}.`,
      id.gtin,
      expected
    )
  const scannedName = id.pack.name
  if (id.match !== 'same_product') {
    refuse(
      'wrong_product',
      `Wrong product: scanned ${scannedName}, expected ${expected}. ${id.message} Put it back and scan the prescribed product.`,
      scannedName,
      expected
    )
  }
  if (line.unit !== null && pack.unit !== line.unit) {
    refuse(
      'wrong_product',
      `Wrong product: scanned ${scannedName}, counted in ${pack.unit}; ${expected} is counted in ${line.unit}.`,
      scannedName,
      expected
    )
  }
  if (!id.batchNo || !id.expiry) {
    refuse(
      'no_batch_or_expiry',
      `Scanned ${scannedName} without its batch and expiry: scan the pack's 2D code (DataMatrix), not the linear barcode.`,
      scannedName,
      expected
    )
  }
  // Before anything else about the batch: a recalled pack goes to quarantine, in date or not.
  const recall = deps.recallOf(pack.amppId, id.batchNo)
  if (recall)
    refuse('recalled', `${recall.words}.`, `${scannedName} batch ${id.batchNo}`, `${expected}, of a batch not recalled`)
  const outOfDate = packExpiryProblem(`scanned ${scannedName} batch ${id.batchNo}`, id.expiry, line.course, today)
  if (outOfDate?.reason === 'expired') {
    refuse(
      'expired',
      `${outOfDate.words} Expired stock is never dispensed: quarantine the pack and scan another.`,
      `${scannedName} batch ${id.batchNo} (expiry ${formatDate(id.expiry)})`,
      `${expected}, in date`
    )
  }
  if (outOfDate?.reason === 'expires_before_course_end' && line.course !== null) {
    refuse(
      'expires_before_course_end',
      `${outOfDate.words} scan a pack of a batch that lasts the course.`,
      `${scannedName} batch ${id.batchNo} (expiry ${formatDate(id.expiry)})`,
      `${expected}, in date to ${formatDate(line.course.end)}`
    )
  }
  const batch = deps.ledger.findBatch(pack.amppId, id.batchNo)
  if (!batch) {
    refuse(
      'unknown_batch',
      `Scanned ${scannedName} batch ${id.batchNo}, which was never booked in on this workstation: book it in at goods-in first.`,
      `${scannedName} batch ${id.batchNo}`,
      expected
    )
  }
  if (batch.expiry !== id.expiry) {
    refuse(
      'unknown_batch',
      `Scanned ${scannedName} batch ${id.batchNo} with expiry ${formatDate(id.expiry)}, but that batch was booked in with expiry ${formatDate(batch.expiry)}. Check the pack.`,
      `${scannedName} batch ${id.batchNo}`,
      expected
    )
  }
  if (id.serial) {
    const holder = deps.packs.holderOfSerial(id.gtin, id.serial)
    if (holder)
      refuse(
        'serial_already_scanned',
        `This pack (${scannedName}, serial ${id.serial}) was already scanned ${where(holder)}. Scan each pack once.`,
        `${scannedName} serial ${id.serial}`,
        `another pack of ${expected}`
      )
  }
  const unitWord = line.unit ?? pack.unit
  const remaining = line.neededMilli - line.countedMilli
  if (remaining <= 0) {
    refuse(
      'line_complete',
      `Over: ${expected} is complete, ${formatQuantity(fromMilli(line.countedMilli), unitWord)} of ${formatQuantity(fromMilli(line.neededMilli), unitWord)} counted; this pack would add ${formatQuantity(fromMilli(pack.packSizeMilli), unitWord)} too many.`,
      scannedName,
      `no more packs for line ${line.lineId}`
    )
  }
  return {
    gtin: id.gtin,
    pack,
    packName: scannedName,
    batch,
    serial: id.serial,
    quantityMilli: Math.min(pack.packSizeMilli, remaining),
    read: id.read
  }
}

function where(pack: DispensedPack): string {
  return `for ${pack.requestId} line ${pack.lineId} by ${pack.assembledByName} at ${pack.assembledAt}`
}
