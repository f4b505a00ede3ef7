/**
 * The stock room through the year, worked through the contract: goods-in scans every pack of
 * each delivery as it arrives, the afternoon's reorder brings the shelf lines back up from the
 * low-stock list, and on Mondays a pharmacist writes off what has expired. Packs carry GS1
 * DataMatrix codes (GTIN, batch, expiry, serial) as real ones do; a batch is a pack's month of
 * manufacture, with its own expiry, and a few arrive short-dated.
 */
import type { Core } from '../../src/main/core'
import type { OrderView } from '../../src/shared/contract'
import { encodeGs1, packFields } from '../../src/shared/gs1'
import { addDays, gs1Date } from './calendar'
import type { YearCatalogue } from './catalogue'
import type { SharedClock } from './phensys'
import { Random } from './random'
import { must } from './staff'

const SECONDS_PER_SCAN = 4_000

export class StockRoom {
  private readonly gtins = new Map<string, string>()
  private readonly packSizes = new Map<string, number>()
  /** Serials of the packs of each batch on the shelf, oldest first (`ampp|batch`). */
  private readonly shelf = new Map<string, string[]>()
  private serial = 0
  goodsInScans = 0

  constructor(
    private readonly core: Core,
    private readonly clock: SharedClock,
    catalogue: YearCatalogue,
    private readonly random: Random
  ) {
    for (const vmp of catalogue.vmps)
      for (const pack of vmp.packs) {
        this.gtins.set(pack.amppId, pack.gtin)
        this.packSizes.set(pack.amppId, pack.packSize)
      }
  }

  packSize(amppId: string): number {
    return this.packSizes.get(amppId) ?? 1
  }

  /** The DataMatrix of one pack, as the scanner reads it. */
  code(amppId: string, batchNo: string, expiry: string, serial: string): string {
    const gtin = this.gtins.get(amppId)
    if (!gtin) throw new Error(`no GTIN for pack ${amppId}`)
    return `]d2${encodeGs1(packFields({ gtin, batch: batchNo, expiry: gs1Date(expiry), serial }))}`
  }

  /** A pack of this batch from the shelf, for dispensing (a fresh serial if the shelf's are used up by split packs). */
  takeSerial(amppId: string, batchNo: string): string {
    return this.shelf.get(`${amppId}|${batchNo}`)?.shift() ?? this.newSerial()
  }

  /**
   * The deliveries due by now: every open order line whose ETA has come, scanned pack by pack,
   * one delivery per order. Lines that waiting requests need come first, so they are released
   * as soon as their stock is in. Returns the requests goods-in released.
   */
  async goodsIn(session: string, today: string, afternoon: boolean): Promise<string[]> {
    const orders = (await must(this.core, session, 'stock.orders', { openOnly: true })).filter(
      (order) => order.eta.date < today || (order.eta.date === today && (afternoon || order.eta.slot === 'morning'))
    )
    orders.sort((a, b) => Number(b.requestId !== null) - Number(a.requestId !== null) || a.id - b.id)
    const released: string[] = []
    for (const order of orders) released.push(...(await this.receive(session, order, today)))
    return released
  }

  private async receive(session: string, order: OrderView, today: string): Promise<string[]> {
    const released: string[] = []
    let deliveryId: number | null = null
    const scan = async (raw: string): Promise<void> => {
      this.clock.advance(SECONDS_PER_SCAN)
      const answer = await must(this.core, session, 'stock.receiveScan', { raw, deliveryId })
      deliveryId = answer.deliveryId
      released.push(...answer.released)
      this.goodsInScans += 1
    }
    for (const line of order.lines) {
      const amppId = line.suppliedAmppId ?? line.amppId
      for (let n = 0; n < line.outstanding; n++) {
        const batch = this.batchOf(amppId, today)
        const serial = this.newSerial()
        // Now and then a pack is scanned by its linear barcode first (no batch, no expiry: not booked).
        if (this.random.chance(0.003)) await scan(this.gtins.get(amppId)!)
        await scan(this.code(amppId, batch.batchNo, batch.expiry, serial))
        const key = `${amppId}|${batch.batchNo}`
        const shelf = this.shelf.get(key)
        if (shelf) shelf.push(serial)
        else this.shelf.set(key, [serial])
      }
    }
    return released
  }

  /** The afternoon reorder: every shelf line below its reorder level is ordered up to twice it. */
  async reorder(session: string): Promise<number> {
    const low = await must(this.core, session, 'stock.lowStock', {})
    const lines = low.flatMap((row) => {
      const packs = Math.ceil((2 * row.reorderLevel - row.available) / row.packSize)
      return packs > 0 && row.pipCode !== null ? [{ amppId: row.amppId, packs: Math.min(packs, 999) }] : []
    })
    for (let i = 0; i < lines.length; i += 100) {
      this.clock.advance(60_000)
      await must(this.core, session, 'stock.placeOrder', { lines: lines.slice(i, i + 100) })
    }
    return lines.length
  }

  /** A pharmacist takes expired packs off the shelf (waste), as the short-expiry list shows them. */
  async writeOffExpired(session: string): Promise<void> {
    for (const row of await must(this.core, session, 'stock.shortExpiry', { days: 30 })) {
      const quantity = row.onHand - row.reserved
      if (!row.expired || quantity <= 0) continue
      this.clock.advance(30_000)
      await must(this.core, session, 'stock.writeOff', {
        batchId: row.batchId,
        quantity,
        kind: 'waste',
        reason: `Expired ${row.expiry}: removed from the shelf for disposal`
      })
    }
  }

  /** A pack's batch for a delivery: one batch a month per pack, with its own expiry; about 1 in 80 short-dated. */
  private batchOf(amppId: string, today: string): { batchNo: string; expiry: string } {
    const month = today.slice(0, 7)
    const hash = fnv(`${amppId}|${month}`)
    const letters = String.fromCharCode(65 + (hash % 26), 65 + ((hash >>> 5) % 26))
    const batchNo = `${letters}${(hash >>> 10) % 10_000}${month.slice(2, 4)}${month.slice(5, 7)}`
    if (hash % 80 === 0) return { batchNo, expiry: addDays(`${month}-01`, 120) }
    const months = 15 + ((hash >>> 3) % 22)
    const end = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + months + 1, 0))
    return { batchNo, expiry: end.toISOString().slice(0, 10) }
  }

  private newSerial(): string {
    this.serial += 1
    return `S${this.serial.toString(36).toUpperCase().padStart(8, '0')}`
  }
}

function fnv(text: string): number {
  let hash = 2166136261
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619)
  return hash >>> 0
}
