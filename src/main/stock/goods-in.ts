/**
 * Goods-in: each pack of a delivery is scanned and booked in against the open orders. Every scan
 * is kept as a receipt line, booked or not, with what was read and what a person must look at:
 * - not booked: an unreadable code, an unknown GTIN, no batch or expiry in the code, expired
 *   stock, a known batch number with another expiry, the same serialised pack scanned twice;
 * - booked but flagged: short-dated stock, a pack no open order expects (over-delivery).
 * A booked pack is a goods_in movement of one pack's quantity into its batch.
 */
import type Database from 'better-sqlite3'
import type { DeliveryView, ReceiptFlag, ReceiptLineView } from '../../shared/contract'
import { addDays } from '../../shared/time/calendar'
import { makeVisible } from '../../shared/scan/visible'
import { CounterError } from '../errors'
import type { CatalogueRepo } from './catalogue'
import { dateWords } from './eta'
import { isExpired, isShortDated } from './expiry'
import type { Ledger, StockEnv } from './ledger'
import type { OrderDesk } from './orders'
import { isPackScanError, parsePackScan } from './pack-scan'

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

interface LineRow {
  id: number
  delivery_id: number
  at: string
  raw: string
  gtin: string | null
  batch_no: string | null
  expiry: string | null
  serial: string | null
  ampp_id: string | null
  pack_name: string | null
  booked: number
  flags: string
  order_line_id: number | null
  order_id: number | null
}

export interface GoodsInOptions {
  /** Stock expiring sooner than this many days is flagged at goods-in (check: the pharmacy's own rule). */
  shortDatedDays: number
}

export class GoodsIn {
  private readonly insertDelivery: Database.Statement
  private readonly deliveryById: Database.Statement<[number], { id: number; started_at: string; actor_name: string }>
  private readonly insertLine: Database.Statement
  private readonly serialBooked: Database.Statement<[string, string], { id: number }>
  private readonly lineById: Database.Statement<[number], LineRow>
  private readonly linesOfDelivery: Database.Statement<[number], LineRow>
  private readonly bookedHooks: BookedPackHook[] = []

  constructor(
    sqlite: Database.Database,
    private readonly deps: { catalogue: CatalogueRepo; ledger: Ledger; orders: OrderDesk },
    private readonly options: GoodsInOptions
  ) {
    this.insertDelivery = sqlite.prepare('INSERT INTO deliveries (started_at, actor_id, actor_name) VALUES (?, ?, ?)')
    this.deliveryById = sqlite.prepare('SELECT id, started_at, actor_name FROM deliveries WHERE id = ?')
    this.insertLine = sqlite.prepare(
      `INSERT INTO receipt_lines (delivery_id, at, raw, gtin, batch_no, expiry, serial, ampp_id, batch_id, order_line_id, booked, flags, actor_name)
       VALUES (@deliveryId, @at, @raw, @gtin, @batchNo, @expiry, @serial, @amppId, @batchId, @orderLineId, @booked, @flags, @actorName)`
    )
    this.serialBooked = sqlite.prepare('SELECT id FROM receipt_lines WHERE gtin = ? AND serial = ? AND booked = 1')
    const select = `SELECT r.*, p.name AS pack_name, l.order_id FROM receipt_lines r
       LEFT JOIN packs p ON p.ampp_id = r.ampp_id LEFT JOIN wholesaler_order_lines l ON l.id = r.order_line_id`
    this.lineById = sqlite.prepare(`${select} WHERE r.id = ?`)
    this.linesOfDelivery = sqlite.prepare(`${select} WHERE r.delivery_id = ? ORDER BY r.id DESC`)
  }

  /** Runs after each pack is booked, inside the booking's own transaction. */
  onBooked(hook: BookedPackHook): void {
    this.bookedHooks.push(hook)
  }

  startDelivery(env: StockEnv): number {
    return Number(this.insertDelivery.run(env.at, env.actor.id, env.actor.name).lastInsertRowid)
  }

  /** One scanned pack. Returns the receipt line and whether it was booked into stock. */
  receive(
    raw: string,
    deliveryId: number | null,
    env: StockEnv & { now: Date }
  ): { deliveryId: number; lineId: number; booked: boolean } {
    if (deliveryId !== null && !this.deliveryById.get(deliveryId))
      throw new CounterError('not_found', `There is no delivery ${deliveryId}.`)
    const delivery = deliveryId ?? this.startDelivery(env)
    const scan = parsePackScan(raw, { referenceYear: Number(env.today.slice(0, 4)) })
    const flags: Flag[] = []
    const line = {
      deliveryId: delivery,
      at: env.at,
      raw,
      gtin: null as string | null,
      batchNo: null as string | null,
      expiry: null as string | null,
      serial: null as string | null,
      amppId: null as string | null,
      batchId: null as number | null,
      orderLineId: null as number | null,
      booked: 0,
      flags: '[]',
      actorName: env.actor.name
    }
    if (isPackScanError(scan)) {
      flags.push({ code: 'unreadable', message: `Could not read the code: ${scan.error}` })
    } else {
      Object.assign(line, { gtin: scan.gtin, batchNo: scan.batch, expiry: scan.expiry, serial: scan.serial })
      const pack = this.deps.catalogue.packByGtin(scan.gtin)
      if (pack) line.amppId = pack.amppId
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
            message: `Batch ${scan.batch} is on record with expiry ${known.expiry}, this pack says ${scan.expiry}: not booked in; check the pack`
          })
        } else if (scan.serial && this.serialBooked.get(scan.gtin, scan.serial)) {
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
          line.booked = 1
        }
      }
    }
    line.flags = JSON.stringify(flags)
    const lineId = Number(this.insertLine.run(line).lastInsertRowid)
    if (line.booked === 1 && line.batchId !== null && line.amppId !== null) {
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
    return { deliveryId: delivery, lineId, booked: line.booked === 1 }
  }

  line(id: number): ReceiptLineView {
    const row = this.lineById.get(id)
    if (!row) throw new CounterError('not_found', `There is no receipt line ${id}.`)
    return toView(row)
  }

  delivery(id: number): DeliveryView {
    const delivery = this.deliveryById.get(id)
    if (!delivery) throw new CounterError('not_found', `There is no delivery ${id}.`)
    return {
      id,
      startedAt: delivery.started_at,
      startedBy: delivery.actor_name,
      lines: this.linesOfDelivery.all(id).map(toView)
    }
  }
}

function toView(row: LineRow): ReceiptLineView {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    at: row.at,
    read: makeVisible(row.raw),
    gtin: row.gtin,
    batchNo: row.batch_no,
    expiry: row.expiry,
    serial: row.serial,
    amppId: row.ampp_id,
    packName: row.pack_name,
    booked: row.booked === 1,
    flags: JSON.parse(row.flags) as Flag[],
    orderLineId: row.order_line_id,
    orderId: row.order_id
  }
}
