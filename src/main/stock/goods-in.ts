/**
 * Goods-in: each pack of a delivery is scanned and booked in against the open orders. Every scan
 * is kept as a receipt line, booked or not, with what was read and what a person must look at:
 * - not booked: an unreadable code, an unknown GTIN, no batch or expiry in the code, expired
 *   stock, a known batch number with another expiry, the same serialised pack scanned twice;
 * - booked but flagged: short-dated stock, a pack no open order expects (over-delivery).
 * A booked pack is a goods_in movement of one pack's quantity into its batch.
 */
import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm'
import type { DeliveryView, ReceiptFlag, ReceiptLineView } from '../../shared/contract'
import { addDays } from '../../shared/time/calendar'
import { makeVisible } from '../../shared/scan/visible'
import { type CounterDb, placeholders, deliveries, packs, receiptLines, wholesalerOrderLines } from '../db'
import { CounterError } from '../errors'
import type { BatchRecalls } from './batch-recalls'
import type { CatalogueRepo } from './catalogue'
import { dateWords } from './eta'
import { isExpired, isShortDated } from './expiry'
import type { Ledger, StockEnv } from './ledger'
import type { OrderDesk } from './orders'
import { isPackScanError, parsePackScan } from './pack-scan'
import { formatDate } from '../../shared/time/london'

type Flag = { code: ReceiptFlag; message: string }

/** A pack booked into stock, as the hooks hear of it (the CD register records Schedule 2 receipts). */
export interface BookedPack {
  receiptLineId: number
  amppId: string
  packName: string
  batchNo: string
  expiry: string
  quantityMilli: number
  orderLineId: number | null
}

export type BookedPackHook = (pack: BookedPack, env: StockEnv) => void

type LineRow = typeof receiptLines.$inferSelect & { packName: string | null; orderId: number | null }

export interface GoodsInOptions {
  /** Stock expiring sooner than this many days is flagged at goods-in (check: the pharmacy's own rule). */
  shortDatedDays: number
}

export class GoodsIn {
  private readonly insertDelivery
  private readonly deliveryById
  private readonly insertLine
  private readonly serialBooked
  private readonly lineById
  private readonly linesOfDelivery
  private readonly bookedHooks: BookedPackHook[] = []

  constructor(
    db: CounterDb,
    private readonly deps: { catalogue: CatalogueRepo; ledger: Ledger; orders: OrderDesk; recalls: BatchRecalls },
    private readonly options: GoodsInOptions
  ) {
    const r = receiptLines
    this.insertDelivery = db
      .insert(deliveries)
      .values(placeholders(['startedAt', 'actorId', 'actorName']))
      .prepare()
    this.deliveryById = db
      .select({ id: deliveries.id, startedAt: deliveries.startedAt, actorName: deliveries.actorName })
      .from(deliveries)
      .where(eq(deliveries.id, sql.placeholder('id')))
      .prepare()
    this.insertLine = db
      .insert(r)
      .values(
        placeholders([
          'deliveryId',
          'at',
          'raw',
          'gtin',
          'batchNo',
          'expiry',
          'serial',
          'amppId',
          'batchId',
          'orderLineId',
          'booked',
          'flags',
          'actorName'
        ])
      )
      .prepare()
    // The literal `booked = 1` lets the planner use the partial index `receipt_lines_serial`.
    this.serialBooked = db
      .select({ id: r.id })
      .from(r)
      .where(and(eq(r.gtin, sql.placeholder('gtin')), eq(r.serial, sql.placeholder('serial')), sql`${r.booked} = 1`))
      .prepare()
    const lines = () =>
      db
        .select({ ...getTableColumns(r), packName: packs.name, orderId: wholesalerOrderLines.orderId })
        .from(r)
        .leftJoin(packs, eq(packs.amppId, r.amppId))
        .leftJoin(wholesalerOrderLines, eq(wholesalerOrderLines.id, r.orderLineId))
    this.lineById = lines()
      .where(eq(r.id, sql.placeholder('id')))
      .prepare()
    this.linesOfDelivery = lines()
      .where(eq(r.deliveryId, sql.placeholder('deliveryId')))
      .orderBy(desc(r.id))
      .prepare()
  }

  /** Runs after each pack is booked, inside the booking's own transaction. */
  onBooked(hook: BookedPackHook): void {
    this.bookedHooks.push(hook)
  }

  startDelivery(env: StockEnv): number {
    return Number(
      this.insertDelivery.run({ startedAt: env.at, actorId: env.actor.id, actorName: env.actor.name }).lastInsertRowid
    )
  }

  /** One scanned pack. Returns the receipt line and whether it was booked into stock. */
  receive(
    raw: string,
    deliveryId: number | null,
    env: StockEnv & { now: Date }
  ): { deliveryId: number; lineId: number; booked: boolean } {
    if (deliveryId !== null && !this.deliveryById.get({ id: deliveryId }))
      throw new CounterError('not_found', `There is no delivery ${deliveryId}.`)
    const delivery = deliveryId ?? this.startDelivery(env)
    const scan = parsePackScan(raw, { referenceYear: Number(env.today.slice(0, 4)) })
    const flags: Flag[] = []
    const line: Required<Omit<typeof receiptLines.$inferInsert, 'id'>> = {
      deliveryId: delivery,
      at: env.at,
      raw,
      gtin: null,
      batchNo: null,
      expiry: null,
      serial: null,
      amppId: null,
      batchId: null,
      orderLineId: null,
      booked: false,
      flags: '[]',
      actorName: env.actor.name
    }
    if (isPackScanError(scan)) {
      flags.push({ code: 'unreadable', message: `Could not read the code: ${scan.error}` })
    } else {
      Object.assign(line, { gtin: scan.gtin, batchNo: scan.batch, expiry: scan.expiry, serial: scan.serial })
      const pack = this.deps.catalogue.packByGtin(scan.gtin)
      if (pack) line.amppId = pack.amppId
      const recall = pack && scan.batch ? this.deps.recalls.of(pack.amppId, scan.batch) : null
      if (!pack) {
        flags.push({
          code: 'unknown_gtin',
          message: `GTIN ${scan.gtin} is not in the catalogue: a person must find which pack this is`
        })
      } else if (!scan.batch || !scan.expiry) {
        flags.push({
          code: 'no_batch_or_expiry',
          message: "The code has no batch or expiry: scan the pack's 2D code (DataMatrix), not its linear barcode"
        })
      } else if (recall) {
        flags.push({ code: 'recalled', message: `${recall.words}; it is not booked in` })
      } else if (isExpired(scan.expiry, env.today)) {
        flags.push({
          code: 'expired',
          message: `Expired on ${scan.expiry}: not booked in; return it to the wholesaler`
        })
      } else {
        const known = this.deps.ledger.findBatch(pack.amppId, scan.batch)
        if (known && known.expiry !== scan.expiry) {
          flags.push({
            code: 'batch_expiry_mismatch',
            message: `Batch ${scan.batch} is on record with expiry ${formatDate(known.expiry)}, this pack says ${formatDate(scan.expiry)}: not booked in; check the pack`
          })
        } else if (scan.serial && this.serialBooked.get({ gtin: scan.gtin, serial: scan.serial })) {
          flags.push({
            code: 'already_received',
            message: `This pack (serial ${scan.serial}) was already booked in: scanned twice?`
          })
        } else {
          if (isShortDated(scan.expiry, env.today, this.options.shortDatedDays)) {
            flags.push({
              code: 'short_dated',
              message: `Short-dated: expires ${dateWords(scan.expiry, env.today)}, within ${this.options.shortDatedDays} days (before ${addDays(env.today, this.options.shortDatedDays)})`
            })
          }
          const open = this.deps.orders.openLinesFor(pack.amppId)[0]
          if (open) line.orderLineId = open.id
          else
            flags.push({
              code: 'over_delivery',
              message: 'No open order expects this pack: booked in as an over-delivery; check the invoice'
            })
          line.batchId = this.deps.ledger.ensureBatch(pack.amppId, scan.batch, scan.expiry, env.at).id
          line.booked = true
        }
      }
    }
    line.flags = JSON.stringify(flags)
    const lineId = Number(this.insertLine.run(line).lastInsertRowid)
    if (line.booked && line.batchId !== null && line.amppId !== null) {
      const pack = this.deps.catalogue.pack(line.amppId)
      if (!pack) throw new Error(`pack ${line.amppId} vanished`)
      this.deps.ledger.goodsIn(
        line.batchId,
        pack.packSizeMilli,
        { receiptLineId: lineId, orderLineId: line.orderLineId },
        env
      )
      const booked: BookedPack = {
        receiptLineId: lineId,
        amppId: line.amppId,
        packName: pack.name,
        batchNo: line.batchNo ?? '',
        expiry: line.expiry ?? '',
        quantityMilli: pack.packSizeMilli,
        orderLineId: line.orderLineId
      }
      for (const hook of this.bookedHooks) hook(booked, env)
    }
    return { deliveryId: delivery, lineId, booked: line.booked }
  }

  line(id: number): ReceiptLineView {
    const row = this.lineById.get({ id })
    if (!row) throw new CounterError('not_found', `There is no receipt line ${id}.`)
    return toView(row)
  }

  delivery(id: number): DeliveryView {
    const delivery = this.deliveryById.get({ id })
    if (!delivery) throw new CounterError('not_found', `There is no delivery ${id}.`)
    return {
      id,
      startedAt: delivery.startedAt,
      startedBy: delivery.actorName,
      lines: this.linesOfDelivery.all({ deliveryId: id }).map(toView)
    }
  }
}

function toView(row: LineRow): ReceiptLineView {
  return {
    id: row.id,
    deliveryId: row.deliveryId,
    at: row.at,
    read: makeVisible(row.raw),
    gtin: row.gtin,
    batchNo: row.batchNo,
    expiry: row.expiry,
    serial: row.serial,
    amppId: row.amppId,
    packName: row.packName,
    booked: row.booked,
    flags: JSON.parse(row.flags) as Flag[],
    orderLineId: row.orderLineId,
    orderId: row.orderId
  }
}
