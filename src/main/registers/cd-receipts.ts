/**
 * Schedule 2 receipts into the CD register (a drug whose section Phensys's Schedule 2 opened too), as goods-in books each pack (same transaction). The
 * supplier is the wholesaler of the order the pack was booked against, with the address from its
 * settings; a pack no order expected is recorded with the supplier unknown, for a pharmacist to
 * put right with a correcting entry.
 */
import { eq, sql } from 'drizzle-orm'
import { type CounterDb, wholesalerOrderLines, wholesalerOrders, wholesalers } from '../db'
import type { BookedPack, StockEnv } from '../stock'
import type { CdRegister } from './cd-register'
import { packWords } from './register-text'

const SUPPLIER_UNKNOWN =
  'Not known: booked in with no open order (an over-delivery); record the supplier with a correcting entry'

export class CdReceipts {
  private readonly supplierOf

  constructor(
    db: CounterDb,
    private readonly cd: CdRegister
  ) {
    this.supplierOf = db
      .select({ name: wholesalers.name, config: wholesalers.config })
      .from(wholesalerOrderLines)
      .innerJoin(wholesalerOrders, eq(wholesalerOrders.id, wholesalerOrderLines.orderId))
      .innerJoin(wholesalers, eq(wholesalers.id, wholesalerOrders.wholesalerId))
      .where(eq(wholesalerOrderLines.id, sql.placeholder('orderLineId')))
      .prepare()
  }

  readonly record = (pack: BookedPack, env: StockEnv): void => {
    const product = this.cd.productOf(pack.amppId)
    if (!product || !this.cd.keeps(product)) return
    const supplier = pack.orderLineId === null ? undefined : this.supplierOf.get({ orderLineId: pack.orderLineId })
    const address = supplier ? (JSON.parse(supplier.config) as { address?: string }).address : undefined
    this.cd.append(this.cd.sectionFor(product, env.at), {
      kind: 'receipt',
      at: env.at,
      entryDate: env.today,
      changeMilli: pack.quantityMilli,
      supplierName: supplier?.name ?? SUPPLIER_UNKNOWN,
      supplierAddress: supplier
        ? (address ?? "No address in the wholesaler's settings: add it (Settings, wholesalers)")
        : null,
      productDetail: packWords({
        name: pack.packName,
        batchNo: pack.batchNo,
        expiry: pack.expiry,
        quantityMilli: pack.quantityMilli,
        unit: product.unit
      }),
      receiptLineId: pack.receiptLineId,
      recordedBy: { id: env.actor.id ?? 'system', name: env.actor.name }
    })
  }
}
