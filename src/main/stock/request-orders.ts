import { and, asc, eq, isNull } from 'drizzle-orm'
import { type CounterDb, packs, wholesalerOrderLines, wholesalerOrders, wholesalers } from '../db'

export interface RequestOrderLine {
  lineId: string
  wholesaler: string
  reference: string
  packsPlaced: number
  packName: string
  reason: string | null
}

/** The wholesaler order lines a request's stock check placed (cancelled ones left out), oldest first. */
export function requestOrderLines(db: CounterDb, requestId: string): RequestOrderLine[] {
  return db
    .select({
      lineId: wholesalerOrderLines.lineId,
      wholesaler: wholesalers.name,
      reference: wholesalerOrders.reference,
      packsPlaced: wholesalerOrderLines.packsPlaced,
      packName: packs.name,
      reason: wholesalerOrderLines.reason
    })
    .from(wholesalerOrderLines)
    .innerJoin(wholesalerOrders, eq(wholesalerOrders.id, wholesalerOrderLines.orderId))
    .innerJoin(wholesalers, eq(wholesalers.id, wholesalerOrders.wholesalerId))
    .innerJoin(packs, eq(packs.amppId, wholesalerOrderLines.amppId))
    .where(and(eq(wholesalerOrderLines.requestId, requestId), isNull(wholesalerOrderLines.cancelledAt)))
    .orderBy(asc(wholesalerOrderLines.id))
    .all()
    .flatMap((row) => (row.lineId === null ? [] : [{ ...row, lineId: row.lineId }]))
}
