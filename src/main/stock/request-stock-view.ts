/**
 * A request's stock as the picker sees it, with the counter's reasons in words: each line's answer
 * from the last check (the product it was checked against when a pharmacist matched it, the
 * wholesaler order with its ETA, the supply issue's reason), and the reserved batches to pick,
 * first expiry first, with where they are, how they come off the shelf ("20 of 28 from an opened
 * pack") and a warning for a batch that expires before the course ends (course length estimated
 * from the directions) or has expired since.
 */
import type { PickView, RequestStockLineView, RequestStockView } from '../../shared/contract'
import type { Snapshot } from '../../shared/phensys/snapshot'
import { fromMilli } from '../../shared/stock/units'
import { formatDate } from '../../shared/time/london'
import type { CatalogueRepo } from './catalogue'
import { courseOf, isExpired } from './expiry'
import type { Ledger } from './ledger'
import { packWords, pickLocation } from './pick-location'
import { requestOutcome, type RequestLines } from './request-lines'
import type { RequestOrderLine } from './request-orders'

export function requestStockView(
  deps: {
    catalogue: CatalogueRepo
    ledger: Ledger
    lines: RequestLines
    orderLinesFor(requestId: string): RequestOrderLine[]
  },
  requestId: string,
  snapshot: Snapshot,
  today: string
): RequestStockView {
  const checked = deps.lines.of(requestId)
  const reservations = deps.ledger.reservationsOf(requestId)
  const orders = deps.orderLinesFor(requestId)
  const lines: RequestStockLineView[] = snapshot.prescription.items.map((item) => {
    const record = checked.find((line) => line.lineId === item.lineId)
    const course = courseOf(item, today)
    const courseDays = course?.days ?? null
    const courseEnd = course?.end ?? null
    const picks: PickView[] = reservations
      .filter((r) => r.lineId === item.lineId)
      .flatMap((r) => {
        const batch = deps.ledger.batch(r.batchId)
        if (!batch) return []
        const pack = deps.catalogue.pack(batch.amppId)
        const quantity = fromMilli(r.reservedMilli)
        return [
          {
            batchId: batch.id,
            batchNo: batch.batchNo,
            expiry: batch.expiry,
            expiryWords: formatDate(batch.expiry),
            amppId: batch.amppId,
            packName: pack?.name ?? batch.amppId,
            quantity,
            packWords: pack ? packWords(quantity, fromMilli(pack.packSizeMilli), pack.unit) : String(quantity),
            location: pickLocation(pack ? deps.catalogue.product(pack.ampId) : null),
            expired: isExpired(batch.expiry, today),
            expiresBeforeCourseEnd: courseEnd !== null && batch.expiry < courseEnd
          }
        ]
      })
      .sort((a, b) => (a.expiry === b.expiry ? a.batchId - b.batchId : a.expiry < b.expiry ? -1 : 1))
    const warnings = picks.flatMap((pick) =>
      pick.expired
        ? [`Batch ${pick.batchNo} expired on ${formatDate(pick.expiry)}: do not dispense it; check stock again.`]
        : pick.expiresBeforeCourseEnd && courseEnd !== null
          ? [
              `Batch ${pick.batchNo} expires ${formatDate(pick.expiry)}, before the course ends (about ${courseDays} days, to ${formatDate(courseEnd)}).`
            ]
          : []
    )
    const checkedAgainst = record && record.dmdId !== item.product.dmdCode ? deps.catalogue.product(record.dmdId) : null
    return {
      lineId: item.lineId,
      dmdId: item.product.dmdCode,
      prescribedName: item.product.name,
      matchedTo: checkedAgainst ? `${checkedAgainst.name} (dm+d ${checkedAgainst.dmdId})` : null,
      orders: orders
        .filter((order) => order.lineId === item.lineId)
        .map(
          (order) =>
            `Ordered from ${order.wholesaler} (ref ${order.reference}): ${order.packsPlaced} × ${order.packName}${
              record?.etaWords ? `, ${record.etaWords}` : ''
            }${order.reason ? ` (${order.reason})` : ''}`
        ),
      quantity: item.quantity,
      unit: item.unit,
      outcome: record?.outcome ?? null,
      reason: record?.reason ?? null,
      eta: record?.etaDate && record.etaWords ? { date: record.etaDate, words: record.etaWords } : null,
      reserved: picks.reduce((sum, pick) => sum + pick.quantity, 0),
      picks,
      courseDays,
      courseEnd,
      warnings
    }
  })
  return {
    requestId,
    checkedAt: checked[0]?.checkedAt ?? null,
    outcome: requestOutcome(checked.map((line) => line.outcome)),
    lines
  }
}
