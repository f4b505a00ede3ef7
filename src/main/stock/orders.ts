import { and, count, desc, eq, getTableColumns, gt, inArray, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { OrderLineView, OrderView, SupplyIssueView } from '../../shared/contract'
import {
  type CounterDb,
  jsonArrayValues,
  placeholders,
  setPlaceholders,
  packs,
  receiptLines,
  wholesalerOrderLines,
  wholesalerOrders,
  wholesalers
} from '../db'
import { CounterError } from '../errors'
import type { CatalogueRepo, PackRecord } from './catalogue'
import { etaWords, type Eta } from './eta'
import type { StockEnv } from './ledger'
import type { SupplyIssues } from './supply-issues'
import {
  MANUFACTURER_REASONS,
  type LinkCancelAnswer,
  type LinkLineAnswer,
  type WholesalerLink
} from './wholesaler-link'
import type { StoredWholesaler, WholesalersRepo } from './wholesalers'

export interface OrderLineRequest {
  pack: PackRecord
  packs: number
  requestId?: string | null
  lineId?: string | null
  /** Packs acceptable instead of this one; default: every other pack of its VMP. */
  alternatives?: readonly PackRecord[]
}

export interface PlacedLine extends LinkLineAnswer {
  orderLineId: number
  request: OrderLineRequest
}

export interface PlacedOrder {
  orderId: number
  reference: string
  wholesaler: StoredWholesaler
  eta: Eta
  lines: PlacedLine[]
  /** Supply issues the wholesaler's rejections raised. */
  supplyIssues: SupplyIssueView[]
}

export interface OpenOrderLine {
  id: number
  orderId: number
  outstanding: number
}

type OrderRow = typeof wholesalerOrders.$inferSelect & { wholesalerName: string }
/** Packs still to come from a wholesaler for a line of a request. */
export interface ComingForRequest {
  lineId: string
  amppId: string
  packs: number
  wholesaler: string
  eta: Eta
}

type LineRow = typeof wholesalerOrderLines.$inferSelect & {
  packName: string
  pipCode: string | null
  suppliedName: string | null
  received: number
}

const l = wholesalerOrderLines

/**
 * Wholesaler orders: placing them through the link, recording each line's answer, turning a
 * manufacturer-level rejection into a supply issue, and what is still to come for goods-in.
 * Received quantities are counted from booked receipt lines.
 */
export class OrderDesk {
  private readonly insertOrder
  private readonly setReference
  private readonly insertLine
  private readonly openForPack
  private readonly orderById
  private readonly recentOrders
  private readonly openOrders
  private readonly linesOf
  private readonly lineById
  private readonly cancel
  private readonly openForRequest
  private readonly needsAPerson

  constructor(
    db: CounterDb,
    private readonly deps: {
      catalogue: CatalogueRepo
      supplyIssues: SupplyIssues
      link: WholesalerLink
      wholesalers: Pick<WholesalersRepo, 'get'>
    }
  ) {
    const o = wholesalerOrders
    // Packs booked in against the order line; the literal `booked = 1` lets the planner use
    // `receipt_lines_order_line`. A subquery, not a sql`` template: see db/query-parts.ts.
    const received = sql<number>`(${db
      .select({ n: count() })
      .from(receiptLines)
      .where(and(eq(receiptLines.orderLineId, l.id), sql`${receiptLines.booked} = 1`))})`
    this.insertOrder = db
      .insert(o)
      .values({
        ...placeholders([
          'wholesalerId',
          'placedAt',
          'actorId',
          'actorName',
          'cutOffDate',
          'cutOffTime',
          'etaDate',
          'etaSlot',
          'requestId'
        ]),
        // The link answers with its reference once it has the order's number.
        reference: ''
      })
      .prepare()
    this.setReference = db
      .update(o)
      .set(setPlaceholders(['reference']))
      .where(eq(o.id, sql.placeholder('id')))
      .prepare()
    this.insertLine = db
      .insert(l)
      .values(
        placeholders([
          'orderId',
          'amppId',
          'packsOrdered',
          'status',
          'packsPlaced',
          'suppliedAmppId',
          'reasonCode',
          'reason',
          'requestId',
          'lineId'
        ])
      )
      .prepare()
    // Literal conditions: the partial index `wholesaler_order_lines_open` answers this.
    this.openForPack = db
      .select({ id: l.id, orderId: l.orderId, packsPlaced: l.packsPlaced, received: received })
      .from(l)
      .where(
        and(eq(l.suppliedAmppId, sql.placeholder('amppId')), sql`${l.cancelledAt} IS NULL AND ${l.packsPlaced} > 0`)
      )
      .orderBy(l.id)
      .prepare()
    const orders = () =>
      db
        .select({ ...getTableColumns(o), wholesalerName: wholesalers.name })
        .from(o)
        .innerJoin(wholesalers, eq(wholesalers.id, o.wholesalerId))
    this.orderById = orders()
      .where(eq(o.id, sql.placeholder('id')))
      .prepare()
    this.recentOrders = orders().orderBy(desc(o.id)).limit(200).prepare()
    this.openOrders = orders()
      .where(
        inArray(
          o.id,
          db
            .select({ orderId: l.orderId })
            .from(l)
            .where(and(isNull(l.cancelledAt), gt(l.packsPlaced, received)))
        )
      )
      .orderBy(o.etaDate, o.id)
      .prepare()
    const supplied = alias(packs, 'supplied')
    const lines = () =>
      db
        .select({
          ...getTableColumns(l),
          // A line whose pack has left the catalogue is still listed: the wholesaler may still send it.
          packName: sql<string>`coalesce(${packs.name}, 'pack ' || ${l.amppId})`,
          pipCode: packs.pipCode,
          suppliedName: supplied.name,
          received: received
        })
        .from(l)
        .leftJoin(packs, eq(packs.amppId, l.amppId))
        .leftJoin(supplied, eq(supplied.amppId, l.suppliedAmppId))
    this.linesOf = lines()
      .where(inArray(l.orderId, jsonArrayValues('orderIds')))
      .orderBy(l.id)
      .prepare()
    this.lineById = lines()
      .where(eq(l.id, sql.placeholder('id')))
      .prepare()
    this.cancel = db
      .update(l)
      .set(setPlaceholders(['cancelledAt', 'cancelledBy', 'cancelReason']))
      .where(eq(l.id, sql.placeholder('id')))
      .prepare()
    // Literal `request_id IS NOT NULL`: the partial index `wholesaler_order_lines_request` answers this.
    this.openForRequest = lines()
      .where(
        and(
          eq(l.requestId, sql.placeholder('requestId')),
          sql`${l.requestId} IS NOT NULL`,
          isNull(l.cancelledAt),
          gt(l.packsPlaced, received)
        )
      )
      .orderBy(l.id)
      .prepare()
    this.needsAPerson = db
      .update(l)
      .set(setPlaceholders(['attention']))
      .where(eq(l.id, sql.placeholder('id')))
      .prepare()
  }

  /** Sends one order to one wholesaler and records its answer. Runs inside the caller's transaction. */
  place(
    wholesaler: StoredWholesaler,
    eta: Eta,
    lines: readonly OrderLineRequest[],
    env: StockEnv & { now: Date },
    requestId: string | null = null
  ): PlacedOrder {
    const orderId = Number(
      this.insertOrder.run({
        wholesalerId: wholesaler.id,
        placedAt: env.at,
        actorId: env.actor.id,
        actorName: env.actor.name,
        cutOffDate: eta.cutOff.date,
        cutOffTime: eta.cutOff.time,
        etaDate: eta.date,
        etaSlot: eta.slot,
        requestId
      }).lastInsertRowid
    )
    const sent = this.deps.link.send(wholesaler.config, {
      number: orderId,
      placedAt: env.now,
      lines: lines.map((line) => ({
        pack: line.pack,
        packs: line.packs,
        cdSchedule: this.deps.catalogue.product(line.pack.ampId)?.cdSchedule ?? null,
        alternatives:
          line.alternatives ??
          this.deps.catalogue.packsFor(line.pack.vmpId).filter((p) => p.amppId !== line.pack.amppId)
      }))
    })
    this.setReference.run({ reference: sent.reference, id: orderId })
    const placed: PlacedLine[] = []
    const raised: SupplyIssueView[] = []
    lines.forEach((line, index) => {
      const answer = sent.lines[index]
      if (!answer) throw new Error(`the wholesaler link answered ${sent.lines.length} lines for ${lines.length}`)
      const orderLineId = Number(
        this.insertLine.run({
          orderId,
          amppId: line.pack.amppId,
          packsOrdered: line.packs,
          status: answer.status,
          packsPlaced: answer.packsPlaced,
          suppliedAmppId: answer.supplied?.amppId ?? null,
          reasonCode: answer.reasonCode,
          reason: answer.reason,
          requestId: line.requestId ?? null,
          lineId: line.lineId ?? null
        }).lastInsertRowid
      )
      placed.push({ ...answer, orderLineId, request: line })
      if (answer.status === 'rejected' && answer.reasonCode && MANUFACTURER_REASONS.has(answer.reasonCode)) {
        const ampId = line.pack.ampId
        if (this.deps.supplyIssues.active([ampId, line.pack.vmpId]).length === 0) {
          raised.push(
            this.deps.supplyIssues.raise({
              dmdId: ampId,
              source: 'wholesaler',
              reference: `${wholesaler.name} ${sent.reference}`,
              reason: answer.reason ?? 'Rejected by the wholesaler',
              expectedReturn: null,
              raisedBy: env.actor.name,
              at: env.at
            })
          )
        }
      }
    })
    return { orderId, reference: sent.reference, wholesaler, eta, lines: placed, supplyIssues: raised }
  }

  /** Order lines still expecting this pack, oldest first. */
  /** A request's order lines with packs still to come: the pack ordered, and the pack the wholesaler sends. */
  outstandingFor(requestId: string): Array<{ lineId: string | null; amppId: string; suppliedAmppId: string | null }> {
    return this.openForRequest.all({ requestId })
  }

  /**
   * What is still to come for a request, per order line: the pack the wholesaler sends, how many
   * of it, from whom and when (the order's ETA). Lines placed for no line of the request are left out.
   */
  comingFor(requestId: string): ComingForRequest[] {
    return this.openForRequest.all({ requestId }).flatMap((line) => {
      const order = this.orderById.get({ id: line.orderId })
      if (!order || line.lineId === null) return []
      return [
        {
          lineId: line.lineId,
          amppId: line.suppliedAmppId ?? line.amppId,
          packs: line.packsPlaced - line.received,
          wholesaler: order.wholesalerName,
          eta: {
            date: order.etaDate,
            slot: order.etaSlot,
            words: etaWords(order.etaDate, order.etaSlot, order.cutOffDate),
            cutOff: { date: order.cutOffDate, time: order.cutOffTime }
          }
        }
      ]
    })
  }

  openLinesFor(amppId: string): OpenOrderLine[] {
    return this.openForPack
      .all({ amppId })
      .filter((row) => row.received < row.packsPlaced)
      .map((row) => ({ id: row.id, orderId: row.orderId, outstanding: row.packsPlaced - row.received }))
  }

  list(openOnly: boolean): OrderView[] {
    return this.views((openOnly ? this.openOrders : this.recentOrders).all())
  }

  order(id: number): OrderView {
    const row = this.orderById.get({ id })
    if (!row) throw new CounterError('not_found', `There is no order ${id}.`)
    const [view] = this.views([row])
    if (!view) throw new Error('unreachable')
    return view
  }

  /**
   * A person cancels what is still to come of a line. The wholesaler is told, as when a request is
   * stopped; where it cannot take the line back (past the cut-off, the goods on their way) the line
   * is still cancelled here, at the person's word (the wholesaler may have said by phone it will not
   * come), and the wholesaler's answer stays on the line for whoever receives the goods. Answers its
   * order, the request it was for (if any), and what the wholesaler said: `cancelled`, or its words.
   */
  cancelLine(
    id: number,
    reason: string,
    env: StockEnv & { now: Date }
  ): { order: OrderView; requestId: string | null; wholesaler: string } {
    const line = this.lineById.get({ id })
    if (!line) throw new CounterError('not_found', `There is no order line ${id}.`)
    if (line.cancelledAt) throw new CounterError('conflict', `Order line ${id} is already cancelled.`)
    if (line.packsPlaced <= line.received)
      throw new CounterError('conflict', `Order line ${id} has nothing outstanding to cancel.`)
    const answer = this.cancelWithWholesaler(line, env.now)
    this.cancel.run({ cancelledAt: env.at, cancelledBy: env.actor.name, cancelReason: reason, id })
    if (!answer.cancelled)
      this.needsAPerson.run({
        attention: `${answer.reason}. Cancelled here by ${env.actor.name} (${reason}): return the packs when they come, or keep them as stock.`,
        id
      })
    return {
      order: this.order(line.orderId),
      requestId: line.requestId,
      wholesaler: answer.cancelled ? 'cancelled' : answer.reason
    }
  }

  /** Asks the line's wholesaler to cancel what is still to come of it. */
  private cancelWithWholesaler(line: LineRow, now: Date): LinkCancelAnswer {
    const order = this.orderById.get({ id: line.orderId })
    const pack = this.deps.catalogue.pack(line.suppliedAmppId ?? line.amppId)
    if (order && !pack)
      return {
        cancelled: false,
        reason: `The pack this line brings is no longer in this pharmacy's catalogue, so ${order.wholesalerName} was not told (order ${order.reference}): ask ${order.wholesalerName} to cancel it`
      }
    return this.askToCancel(line.orderId, pack ? [{ line, pack }] : [], now)
  }

  /** Asks an order's wholesaler to cancel what is still to come of these of its lines. */
  private askToCancel(orderId: number, lines: Array<{ line: LineRow; pack: PackRecord }>, now: Date): LinkCancelAnswer {
    const order = this.orderById.get({ id: orderId })
    const wholesaler = order ? this.deps.wholesalers.get(order.wholesalerId) : null
    if (!order || !wholesaler)
      return { cancelled: false, reason: `The wholesaler of order ${orderId} is no longer set up` }
    return this.deps.link.cancel(wholesaler.config, {
      reference: order.reference,
      cutOff: { date: order.cutOffDate, time: order.cutOffTime },
      lines: lines.map(({ line, pack }) => ({ pack, packs: line.packsPlaced - line.received })),
      at: now
    })
  }

  /**
   * The request was stopped: what is still to come for it is cancelled with the wholesaler, order
   * by order; where the wholesaler cannot (the goods are on their way) the lines stay open, marked
   * for a person with the wholesaler's reason. A line whose pack has left the catalogue cannot be
   * named to the wholesaler: it is not sent, so it is not cancelled here either; it stays open,
   * marked for a person to cancel it with the wholesaler. Inside the transaction that stops the request.
   */
  withdrawFor(
    requestId: string,
    why: string,
    env: StockEnv & { now: Date }
  ): { cancelled: number[]; forAPerson: number[] } {
    const cancelled: number[] = []
    const forAPerson: number[] = []
    const byOrder = new Map<number, LineRow[]>()
    for (const line of this.openForRequest.all({ requestId })) {
      byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), line])
    }
    for (const [orderId, lines] of byOrder) {
      const order = this.orderById.get({ id: orderId })
      const sent = lines.flatMap((line) => {
        const pack = this.deps.catalogue.pack(line.suppliedAmppId ?? line.amppId)
        return pack ? [{ line, pack }] : []
      })
      for (const line of lines.filter((one) => !sent.some((named) => named.line === one))) {
        const who = order?.wholesalerName ?? 'the wholesaler'
        const brings =
          line.suppliedAmppId === null ? line.packName : (line.suppliedName ?? `pack ${line.suppliedAmppId}`)
        this.needsAPerson.run({
          attention: `The pack this line brings (${brings}) is no longer in this pharmacy's catalogue, so its cancellation was not sent to ${who} (order ${order?.reference ?? orderId}): ask ${who} to cancel it. Its request was ${why}: return the packs when they come, or keep them as stock.`,
          id: line.id
        })
        forAPerson.push(line.id)
      }
      if (sent.length === 0) continue
      const answer = this.askToCancel(orderId, sent, env.now)
      for (const { line } of sent) {
        if (answer.cancelled) {
          this.cancel.run({ cancelledAt: env.at, cancelledBy: env.actor.name, cancelReason: why, id: line.id })
          cancelled.push(line.id)
        } else {
          this.needsAPerson.run({
            attention: `${answer.reason}. Its request was ${why}: return the packs when they come, or keep them as stock.`,
            id: line.id
          })
          forAPerson.push(line.id)
        }
      }
    }
    return { cancelled, forAPerson }
  }

  private views(rows: OrderRow[]): OrderView[] {
    if (rows.length === 0) return []
    const lines = this.linesOf.all({ orderIds: JSON.stringify(rows.map((row) => row.id)) })
    return rows.map((row) => {
      const own = lines.filter((line) => line.orderId === row.id).map(toLineView)
      return {
        id: row.id,
        wholesalerId: row.wholesalerId,
        wholesalerName: row.wholesalerName,
        reference: row.reference,
        placedAt: row.placedAt,
        placedBy: row.actorName,
        cutOff: { date: row.cutOffDate, time: row.cutOffTime },
        eta: { date: row.etaDate, slot: row.etaSlot, words: etaWords(row.etaDate, row.etaSlot, row.cutOffDate) },
        requestId: row.requestId,
        lines: own,
        open: own.some((line) => line.outstanding > 0)
      }
    })
  }
}

function toLineView(row: LineRow): OrderLineView {
  const cancelled = row.cancelledAt !== null
  return {
    id: row.id,
    orderId: row.orderId,
    amppId: row.amppId,
    packName: row.packName,
    pipCode: row.pipCode,
    packsOrdered: row.packsOrdered,
    status: row.status,
    packsPlaced: row.packsPlaced,
    suppliedAmppId: row.suppliedAmppId,
    suppliedPackName: row.suppliedName,
    reason: row.reason,
    packsReceived: row.received,
    outstanding: cancelled ? 0 : Math.max(0, row.packsPlaced - row.received),
    requestId: row.requestId,
    lineId: row.lineId,
    cancelled,
    attention: row.attention
  }
}
