import type Database from 'better-sqlite3'
import type { OrderLineView, OrderView, SupplyIssueView } from '../../shared/contract'
import type { DeliverySlot } from '../../shared/stock/wholesaler'
import { CounterError } from '../errors'
import type { CatalogueRepo, PackRecord } from './catalogue'
import { etaWords, type Eta } from './eta'
import type { StockEnv } from './ledger'
import type { SupplyIssues } from './supply-issues'
import { MANUFACTURER_REASONS, type LinkLineAnswer, type WholesalerLink } from './wholesaler-link'
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

interface OrderRow {
  id: number
  wholesaler_id: string
  wholesaler_name: string
  reference: string
  placed_at: string
  actor_name: string
  cut_off_date: string
  cut_off_time: string
  eta_date: string
  eta_slot: DeliverySlot
  request_id: string | null
}

interface LineRow {
  id: number
  order_id: number
  ampp_id: string
  pack_name: string
  pip_code: string | null
  packs_ordered: number
  status: OrderLineView['status']
  packs_placed: number
  supplied_ampp_id: string | null
  supplied_name: string | null
  reason: string | null
  request_id: string | null
  line_id: string | null
  cancelled_at: string | null
  attention: string | null
  received: number
}

const RECEIVED = `(SELECT COUNT(*) FROM receipt_lines r WHERE r.order_line_id = l.id AND r.booked = 1)`

/**
 * Wholesaler orders: placing them through the link, recording each line's answer, turning a
 * manufacturer-level rejection into a supply issue, and what is still to come for goods-in.
 * Received quantities are counted from booked receipt lines.
 */
export class OrderDesk {
  private readonly insertOrder: Database.Statement
  private readonly setReference: Database.Statement
  private readonly insertLine: Database.Statement
  private readonly openForPack: Database.Statement<
    [string],
    { id: number; order_id: number; packs_placed: number; received: number }
  >
  private readonly orderById: Database.Statement<[number], OrderRow>
  private readonly recentOrders: Database.Statement<[], OrderRow>
  private readonly openOrders: Database.Statement<[], OrderRow>
  private readonly linesOf: Database.Statement<[string], LineRow>
  private readonly lineById: Database.Statement<[number], LineRow>
  private readonly cancel: Database.Statement
  private readonly openForRequest: Database.Statement<[string], LineRow>
  private readonly needsAPerson: Database.Statement<[string, number]>

  constructor(
    sqlite: Database.Database,
    private readonly deps: {
      catalogue: CatalogueRepo
      supplyIssues: SupplyIssues
      link: WholesalerLink
      wholesalers: Pick<WholesalersRepo, 'get'>
    }
  ) {
    this.insertOrder = sqlite.prepare(
      `INSERT INTO wholesaler_orders (wholesaler_id, reference, placed_at, actor_id, actor_name, cut_off_date, cut_off_time, eta_date, eta_slot, request_id)
       VALUES (@wholesalerId, '', @at, @actorId, @actorName, @cutOffDate, @cutOffTime, @etaDate, @etaSlot, @requestId)`
    )
    this.setReference = sqlite.prepare('UPDATE wholesaler_orders SET reference = ? WHERE id = ?')
    this.insertLine = sqlite.prepare(
      `INSERT INTO wholesaler_order_lines (order_id, ampp_id, packs_ordered, status, packs_placed, supplied_ampp_id, reason_code, reason, request_id, line_id)
       VALUES (@orderId, @amppId, @packsOrdered, @status, @packsPlaced, @suppliedAmppId, @reasonCode, @reason, @requestId, @lineId)`
    )
    this.openForPack = sqlite.prepare(
      `SELECT l.id, l.order_id, l.packs_placed, ${RECEIVED} AS received FROM wholesaler_order_lines l
       WHERE l.supplied_ampp_id = ? AND l.cancelled_at IS NULL AND l.packs_placed > 0 ORDER BY l.id`
    )
    const orderSelect = `SELECT o.*, w.name AS wholesaler_name FROM wholesaler_orders o JOIN wholesalers w ON w.id = o.wholesaler_id`
    this.orderById = sqlite.prepare(`${orderSelect} WHERE o.id = ?`)
    this.recentOrders = sqlite.prepare(`${orderSelect} ORDER BY o.id DESC LIMIT 200`)
    this.openOrders = sqlite.prepare(
      `${orderSelect} WHERE o.id IN (SELECT l.order_id FROM wholesaler_order_lines l WHERE l.cancelled_at IS NULL AND l.packs_placed > ${RECEIVED})
       ORDER BY o.eta_date, o.id`
    )
    const lineSelect = `SELECT l.*, p.name AS pack_name, p.pip_code, s.name AS supplied_name, ${RECEIVED} AS received
       FROM wholesaler_order_lines l JOIN packs p ON p.ampp_id = l.ampp_id LEFT JOIN packs s ON s.ampp_id = l.supplied_ampp_id`
    this.linesOf = sqlite.prepare(`${lineSelect} WHERE l.order_id IN (SELECT value FROM json_each(?)) ORDER BY l.id`)
    this.lineById = sqlite.prepare(`${lineSelect} WHERE l.id = ?`)
    this.cancel = sqlite.prepare(
      'UPDATE wholesaler_order_lines SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ? WHERE id = ?'
    )
    this.openForRequest = sqlite.prepare(
      `${lineSelect} WHERE l.request_id = ? AND l.request_id IS NOT NULL AND l.cancelled_at IS NULL
         AND l.packs_placed > ${RECEIVED} ORDER BY l.id`
    )
    this.needsAPerson = sqlite.prepare('UPDATE wholesaler_order_lines SET attention = ? WHERE id = ?')
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
        at: env.at,
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
    this.setReference.run(sent.reference, orderId)
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
  openLinesFor(amppId: string): OpenOrderLine[] {
    return this.openForPack
      .all(amppId)
      .filter((row) => row.received < row.packs_placed)
      .map((row) => ({ id: row.id, orderId: row.order_id, outstanding: row.packs_placed - row.received }))
  }

  list(openOnly: boolean): OrderView[] {
    return this.views((openOnly ? this.openOrders : this.recentOrders).all())
  }

  order(id: number): OrderView {
    const row = this.orderById.get(id)
    if (!row) throw new CounterError('not_found', `There is no order ${id}.`)
    const [view] = this.views([row])
    if (!view) throw new Error('unreachable')
    return view
  }

  cancelLine(id: number, reason: string, by: string, at: string): OrderView {
    const line = this.lineById.get(id)
    if (!line) throw new CounterError('not_found', `There is no order line ${id}.`)
    if (line.cancelled_at) throw new CounterError('conflict', `Order line ${id} is already cancelled.`)
    if (line.packs_placed <= line.received)
      throw new CounterError('conflict', `Order line ${id} has nothing outstanding to cancel.`)
    this.cancel.run(at, by, reason, id)
    return this.order(line.order_id)
  }

  /**
   * The request was stopped: what is still to come for it is cancelled with the wholesaler, order
   * by order; where the wholesaler cannot (the goods are on their way) the lines stay open, marked
   * for a person with the wholesaler's reason. Inside the transaction that stops the request.
   */
  withdrawFor(
    requestId: string,
    why: string,
    env: StockEnv & { now: Date }
  ): { cancelled: number[]; forAPerson: number[] } {
    const cancelled: number[] = []
    const forAPerson: number[] = []
    const byOrder = new Map<number, LineRow[]>()
    for (const line of this.openForRequest.all(requestId)) {
      byOrder.set(line.order_id, [...(byOrder.get(line.order_id) ?? []), line])
    }
    for (const [orderId, lines] of byOrder) {
      const order = this.orderById.get(orderId)
      const wholesaler = order ? this.deps.wholesalers.get(order.wholesaler_id) : null
      const answer =
        order && wholesaler
          ? this.deps.link.cancel(wholesaler.config, {
              reference: order.reference,
              cutOff: { date: order.cut_off_date, time: order.cut_off_time },
              lines: lines.flatMap((line) => {
                const pack = this.deps.catalogue.pack(line.supplied_ampp_id ?? line.ampp_id)
                return pack ? [{ pack, packs: line.packs_placed - line.received }] : []
              }),
              at: env.now
            })
          : { cancelled: false as const, reason: `The wholesaler of order ${orderId} is no longer set up` }
      for (const line of lines) {
        if (answer.cancelled) {
          this.cancel.run(env.at, env.actor.name, why, line.id)
          cancelled.push(line.id)
        } else {
          this.needsAPerson.run(
            `${answer.reason}. Its request was ${why}: return the packs when they come, or keep them as stock.`,
            line.id
          )
          forAPerson.push(line.id)
        }
      }
    }
    return { cancelled, forAPerson }
  }

  private views(rows: OrderRow[]): OrderView[] {
    if (rows.length === 0) return []
    const lines = this.linesOf.all(JSON.stringify(rows.map((row) => row.id)))
    return rows.map((row) => {
      const own = lines.filter((line) => line.order_id === row.id).map(toLineView)
      return {
        id: row.id,
        wholesalerId: row.wholesaler_id,
        wholesalerName: row.wholesaler_name,
        reference: row.reference,
        placedAt: row.placed_at,
        placedBy: row.actor_name,
        cutOff: { date: row.cut_off_date, time: row.cut_off_time },
        eta: { date: row.eta_date, slot: row.eta_slot, words: etaWords(row.eta_date, row.eta_slot, row.cut_off_date) },
        requestId: row.request_id,
        lines: own,
        open: own.some((line) => line.outstanding > 0)
      }
    })
  }
}

function toLineView(row: LineRow): OrderLineView {
  const cancelled = row.cancelled_at !== null
  return {
    id: row.id,
    orderId: row.order_id,
    amppId: row.ampp_id,
    packName: row.pack_name,
    pipCode: row.pip_code,
    packsOrdered: row.packs_ordered,
    status: row.status,
    packsPlaced: row.packs_placed,
    suppliedAmppId: row.supplied_ampp_id,
    suppliedPackName: row.supplied_name,
    reason: row.reason,
    packsReceived: row.received,
    outstanding: cancelled ? 0 : Math.max(0, row.packs_placed - row.received),
    requestId: row.request_id,
    lineId: row.line_id,
    cancelled,
    attention: row.attention
  }
}
