import type { SupplyIssueView } from '../../shared/contract'
import type { stockCalls } from '../../shared/contract/stock-calls'
import { CLOSED_STAGES, type Stage } from '../../shared/workflow/stages'
import { fromMilli, toMilli } from '../../shared/stock/units'
import { type HandlerContext, type Handlers, requireActor } from '../contract'
import { CounterError } from '../errors'
import type { RequestsRepo } from '../fulfilment'
import type { Workflow } from '../workflow'
import { identifyScan } from './identify'
import { readOwnLabel } from '../../shared/scan/own-labels'
import { makeVisible } from '../../shared/scan/visible'
import type { PlacedOrder } from './orders'
import { requestStockView } from './request-stock-view'
import { lineUnderNotice, linesUnderNotice, noticeWords } from './shortage-notices'
import type { BatchRecord, StockEnv } from './ledger'
import type { CheckEnv } from './stock-check'
import type { StockService } from './stock-service'

type StockCallName = keyof typeof stockCalls

export interface StockHandlerDeps {
  stock: StockService
  requests: RequestsRepo
  workflow: Workflow
  /** The ETA last told to Phensys for the request (its latest `stock.ordered`), if any. */
  relayedEta(requestId: string): string | null
  /** The CD register's side of a pharmacist's own stock changes (Schedule 2 only). */
  cdStock: {
    isScheduleTwo(batch: BatchRecord): boolean
    record(change: { batch: BatchRecord; changeMilli: number; note: string }, env: StockEnv): void
  }
}

/** Where a request may be when a pharmacist gives back its stock by hand. */
const RELEASABLE: readonly Stage[] = [...CLOSED_STAGES, 'query_raised', 'further_consultation']

export function stockHandlers(deps: StockHandlerDeps): Pick<Handlers, Exclude<StockCallName, 'stock.recallBatch'>> {
  const { stock } = deps
  const envOf = (ctx: HandlerContext): CheckEnv => {
    const actor = requireActor(ctx)
    return stock.env({ id: actor.id, name: actor.displayName }, ctx.now)
  }
  const today = (ctx: HandlerContext) => stock.today(ctx.now)

  const auditOrder = (ctx: HandlerContext, order: PlacedOrder): void => {
    ctx.audit({
      command: 'stock.orderPlaced',
      entityType: 'wholesaler_order',
      entityId: String(order.orderId),
      summary: {
        wholesaler: order.wholesaler.id,
        reference: order.reference,
        eta: order.eta.date,
        lines: order.lines.map((line) => ({
          pack: line.request.pack.amppId,
          packs: line.request.packs,
          status: line.status,
          placed: line.packsPlaced,
          reason: line.reasonCode
        })),
        supplyIssuesRaised: order.supplyIssues.map((issue) => issue.id)
      }
    })
  }

  /**
   * Requests waiting for stock that can now be completed move on by themselves, longest-waiting
   * first, each with `stock.available` for Phensys; the audit names whoever brought the stock in.
   */
  const causeOf = (ctx: HandlerContext) => ({
    person: requireActor(ctx),
    now: ctx.now,
    broadcast: (requestIds: string[]) => ctx.broadcast('worklist.changed', { requestIds })
  })
  const releaseWaiting = (ctx: HandlerContext, env: CheckEnv): string[] => {
    const released: string[] = []
    const cause = causeOf(ctx)
    for (const id of stock.lines.waitingRequests()) {
      const stored = deps.requests.get(id)
      if (!stored || !stock.check.complete(stored, env)) continue
      deps.workflow.bySystem('stockArrived', id, cause, () => ({
        to: 'ready_to_dispense',
        events: [{ type: 'stock.available', data: {} }],
        note: { stock: 'arrived' }
      }))
      released.push(id)
    }
    return released
  }

  /**
   * A shortage notice reaches the requests already waiting on an order for its product: each
   * hears `stock.supply_issue` once, for its lines still on order (which become supply issues, so
   * the notice recorded again finds none); the patient's choice stands (see the table's step). The
   * wholesaler order stays as placed: a person cancels it if it will not come.
   */
  const noticeReachesWaiting = (ctx: HandlerContext, env: CheckEnv, issue: SupplyIssueView): string[] => {
    const cause = causeOf(ctx)
    const line = lineUnderNotice(issue, env.today)
    const prescribedNow = (requestId: string, lineId: string): string | null => {
      const item = deps.requests.get(requestId)?.snapshot.prescription.items.find((i) => i.lineId === lineId)
      return item ? stock.need(item).dmdId : null
    }
    const reached = linesUnderNotice(stock, issue, prescribedNow)
    for (const { requestId, lineIds } of reached) {
      deps.workflow.bySystem('shortageNotified', requestId, cause, (request) => {
        for (const lineId of lineIds) stock.lines.supplyIssue(requestId, lineId, line, env.at, env.actor.name)
        // Phensys back at "in fulfilment" (a patient's wait taken as settled) asks the patient again
        // on a supply issue (the contract); otherwise a choice to wait stands, now for a supply issue.
        const askedAgain =
          request.row.stage === 'awaiting_patient_decision' || request.row.phensysState === 'in_fulfilment'
        return {
          to: askedAgain ? 'awaiting_patient_decision' : 'supply_issue',
          events: [
            {
              type: 'stock.supply_issue',
              data: { lines: lineIds, reason: noticeWords(issue), eta: issue.expectedReturn }
            }
          ],
          note: { supplyIssue: issue.id, lines: lineIds }
        }
      })
    }
    return reached.map((request) => request.requestId)
  }

  return {
    'requests.checkStock': (ctx, input) => {
      const env = envOf(ctx)
      const orders: PlacedOrder[] = []
      const detail = deps.workflow.command(ctx, 'checkStock', input.id, {}, (request) => {
        const result = stock.check.check(request, env)
        orders.push(...result.orders)
        // Checked again while the patient's choice to wait stands at Phensys (a recalled reservation
        // ordered again): the patient is asked again only if the wait grows past the ETA they chose on.
        const ordered = result.events.find((event) => event.type === 'stock.ordered')
        const relayed = deps.relayedEta(request.row.id)
        const choiceStands =
          ordered !== undefined &&
          result.outcome === 'ordered' &&
          request.snapshot.patientDecision?.choice === 'wait' &&
          request.row.phensysState === 'in_fulfilment' &&
          relayed !== null &&
          String(ordered.data.eta) <= relayed
        return {
          to:
            result.outcome === 'available'
              ? 'ready_to_dispense'
              : choiceStands
                ? 'awaiting_stock'
                : 'awaiting_patient_decision',
          events: choiceStands ? [] : result.events,
          note: {
            stock: result.outcome,
            lines: result.lines.map((line) => ({
              line: line.lineId,
              outcome: line.outcome,
              eta: line.eta?.date ?? line.expectedBack,
              reason: line.reason
            }))
          }
        }
      })
      for (const order of orders) auditOrder(ctx, order)
      return detail
    },

    'stock.request': (ctx, input) => {
      const stored = deps.requests.get(input.id)
      if (!stored) throw new CounterError('not_found', `There is no request ${input.id} on this workstation.`)
      return requestStockView(stock, input.id, stored.snapshot, today(ctx))
    },

    'stock.levels': (_ctx, input) => stock.queries.levels(input),
    'stock.pack': (ctx, input) => stock.queries.pack(input.amppId, today(ctx), stock.shortDatedDays),
    'stock.lowStock': () => stock.queries.lowStock(),
    'stock.shortExpiry': (ctx, input) => stock.queries.shortExpiry(input.days, today(ctx)),
    'stock.identify': (ctx, input) =>
      identifyScan(stock.catalogue, input.code, input.prescribedDmdId, Number(today(ctx).slice(0, 4))),

    'stock.orders': (_ctx, input) => stock.orders.list(input.openOnly),
    'stock.placeOrder': (ctx, input) => {
      const env = envOf(ctx)
      const lines = input.lines.map((line) => {
        const pack = stock.catalogue.pack(line.amppId)
        if (!pack) throw new CounterError('not_found', `There is no pack ${line.amppId} in the catalogue.`)
        return { pack, packs: line.packs }
      })
      let target
      if (input.wholesalerId) {
        const wholesaler = stock.wholesalers.get(input.wholesalerId)
        if (!wholesaler || !wholesaler.active)
          throw new CounterError('not_found', `There is no active wholesaler ${input.wholesalerId}.`)
        target = { wholesaler, eta: stock.wholesalers.eta(wholesaler, ctx.now) }
      } else {
        target = stock.wholesalers.bySoonest(ctx.now)[0]
        if (!target)
          throw new CounterError(
            'precondition_failed',
            'No wholesaler is set up to order from: an administrator adds one under Stock → Wholesalers.'
          )
      }
      const placed = stock.orders.place(target.wholesaler, target.eta, lines, env)
      auditOrder(ctx, placed)
      return stock.orders.order(placed.orderId)
    },
    'stock.cancelOrderLine': (ctx, input) => {
      const env = envOf(ctx)
      const { order, requestId, wholesaler } = stock.orders.cancelLine(input.id, input.reason, env)
      ctx.audit({
        entityType: 'wholesaler_order',
        entityId: String(order.id),
        summary: { line: input.id, reason: input.reason, wholesaler }
      })
      // A request waiting for it would wait for stock nothing brings: back to the stock check, where
      // S orders what is now missing (the patient's choice to wait stands unless the ETA gets later).
      const stage = requestId === null ? undefined : deps.workflow.stageOf(requestId)
      if (requestId !== null && stage !== undefined && deps.workflow.allows('orderLineCancelled', stage))
        deps.workflow.bySystem('orderLineCancelled', requestId, causeOf(ctx), () => ({
          to: 'stock_check',
          events: [],
          note: { order: order.reference, line: input.id, reason: input.reason }
        }))
      return order
    },

    'stock.receiveScan': (ctx, input) => {
      refuseOwnLabel(deps.requests, input.raw)
      const env = envOf(ctx)
      const received = stock.goodsIn.receive(input.raw, input.deliveryId, env)
      const line = stock.goodsIn.line(received.lineId)
      ctx.audit({
        entityType: 'receipt_line',
        entityId: String(line.id),
        summary: {
          delivery: line.deliveryId,
          booked: line.booked,
          pack: line.amppId,
          gtin: line.gtin,
          batch: line.batchNo,
          expiry: line.expiry,
          order: line.orderId,
          flags: line.flags.map((flag) => flag.code)
        }
      })
      const released = line.booked ? releaseWaiting(ctx, env) : []
      return { deliveryId: received.deliveryId, line, released }
    },
    'stock.delivery': (_ctx, input) => stock.goodsIn.delivery(input.id),
    'stock.receiptLine': (_ctx, input) => stock.goodsIn.line(input.id),

    'stock.adjust': (ctx, input) => {
      const env = envOf(ctx)
      stock.ledger.adjust(input.batchId, toMilli(input.delta), input.reason, {}, env)
      const batch = stock.ledger.batch(input.batchId)
      if (batch)
        deps.cdStock.record(
          { batch, changeMilli: toMilli(input.delta), note: `Stock adjusted by a pharmacist: ${input.reason}` },
          env
        )
      ctx.audit({
        entityType: 'batch',
        entityId: String(input.batchId),
        summary: { delta: input.delta, reason: input.reason }
      })
      if (input.delta > 0) releaseWaiting(ctx, env)
      return stock.queries.batch(input.batchId, env.today, stock.shortDatedDays)
    },
    'stock.writeOff': (ctx, input) => {
      const env = envOf(ctx)
      const batch = stock.ledger.batch(input.batchId)
      const witness = input.witness ?? null
      if (input.kind === 'destruction' && witness === null && batch && deps.cdStock.isScheduleTwo(batch))
        throw new CounterError(
          'invalid_input',
          'Schedule 2 stock is destroyed only before an authorised witness: give their name (they sign the paper record too).'
        )
      const fromQuarantine = input.from === 'quarantine' ? ' from quarantine' : ''
      const note =
        input.kind === 'destruction'
          ? `Destroyed${fromQuarantine}${witness ? ` in the presence of ${witness} (authorised witness)` : ''}: ${input.reason}`
          : input.kind === 'supplier_return'
            ? `Returned to the supplier${fromQuarantine}: ${input.reason}`
            : `Written off as waste: ${input.reason}`
      const quantityMilli = toMilli(input.quantity)
      if (input.kind === 'destruction' || input.kind === 'supplier_return') {
        if (input.from === 'quarantine')
          stock.ledger.disposeFromQuarantine(input.kind, input.batchId, quantityMilli, note, witness, env)
        else
          stock.ledger.writeOff(
            input.kind === 'destruction' ? 'waste' : 'supplier_return',
            input.batchId,
            quantityMilli,
            note,
            {},
            env,
            input.kind === 'destruction' ? 'destroy' : 'return to the supplier'
          )
      } else stock.ledger.writeOff(input.kind, input.batchId, quantityMilli, input.reason, {}, env)
      // Quarantined stock stays on the premises, and the register's check counts it: no entry.
      if (batch && input.kind !== 'quarantine') deps.cdStock.record({ batch, changeMilli: -quantityMilli, note }, env)
      ctx.audit({
        entityType: 'batch',
        entityId: String(input.batchId),
        summary: { kind: input.kind, from: input.from, quantity: input.quantity, reason: input.reason, witness }
      })
      return stock.queries.batch(input.batchId, env.today, stock.shortDatedDays)
    },
    'stock.stockTake': (ctx, input) => {
      const env = envOf(ctx)
      const take = stock.stockTaking.take(input.amppId, input.counts, input.note ?? null, env)
      // A Schedule 2 count is a dated entry per batch found different, so the balance is the count.
      for (const line of take.lines) {
        const batch = line.difference === 0 ? null : stock.ledger.batch(line.batchId)
        if (!batch) continue
        const counted = `Stock-take ${take.id} by ${env.actor.name}: counted ${line.counted}, expected ${line.expected}`
        deps.cdStock.record(
          { batch, changeMilli: toMilli(line.difference), note: input.note ? `${counted}. ${input.note}` : counted },
          env
        )
      }
      ctx.audit({
        entityType: 'stock_take',
        entityId: String(take.id),
        summary: {
          pack: input.amppId,
          lines: take.lines.map((line) => ({ batch: line.batchNo, expected: line.expected, counted: line.counted }))
        }
      })
      if (take.lines.some((line) => line.difference > 0)) releaseWaiting(ctx, env)
      return take
    },

    'stock.supplyIssues': (_ctx, input) => stock.supplyIssues.list(input.activeOnly),
    'stock.raiseSupplyIssue': (ctx, input) => {
      const env = envOf(ctx)
      if (!stock.catalogue.product(input.dmdId))
        throw new CounterError('not_found', `There is no product ${input.dmdId} in the catalogue.`)
      const issue = stock.supplyIssues.raise({ ...input, raisedBy: env.actor.name, at: env.at })
      const reached = noticeReachesWaiting(ctx, env, issue)
      ctx.audit({
        entityType: 'supply_issue',
        entityId: String(issue.id),
        summary: { product: input.dmdId, source: input.source, expectedReturn: input.expectedReturn, reached }
      })
      return issue
    },
    'stock.resolveSupplyIssue': (ctx, input) => {
      const env = envOf(ctx)
      const issue = stock.supplyIssues.resolve(input.id, env.actor.name, env.at, input.note ?? null)
      ctx.audit({
        entityType: 'supply_issue',
        entityId: String(issue.id),
        summary: { product: issue.dmdId, note: input.note ?? null }
      })
      return issue
    },

    'stock.wholesalers': (ctx) => stock.wholesalers.list().map((w) => stock.wholesalers.view(w, ctx.now)),
    'stock.saveWholesaler': (ctx, input) => {
      const saved = stock.wholesalers.save(input.wholesaler, input.active, ctx.now.toISOString())
      ctx.audit({ entityType: 'wholesaler', entityId: saved.id, summary: { name: saved.name, active: saved.active } })
      return stock.wholesalers.view(saved, ctx.now)
    },

    'stock.releaseRequest': (ctx, input) => {
      const env = envOf(ctx)
      const stored = deps.requests.get(input.id)
      if (!stored) throw new CounterError('not_found', `There is no request ${input.id} on this workstation.`)
      if (!RELEASABLE.includes(stored.row.stage)) {
        throw new CounterError(
          'conflict',
          `${input.id} is still being worked on (${stored.row.stage}); its stock is released when it closes or is re-checked.`
        )
      }
      const released = stock.check.release(input.id, input.reason, env)
      ctx.audit({
        entityType: 'request',
        entityId: input.id,
        summary: { released: fromMilli(released), reason: input.reason }
      })
      return requestStockView(stock, input.id, stored.snapshot, env.today)
    }
  }
}

/**
 * One of our own labels read at goods-in (a parcel back at the counter, its bag label scanned where
 * wholesalers' packs are booked in): not a pack, and never read as one. Said in words: which
 * request's label it is (its parcel), or that no request here carries it, with what was read.
 */
function refuseOwnLabel(requests: Pick<RequestsRepo, 'get' | 'idOfLabelRef'>, raw: string): void {
  const label = readOwnLabel(raw.trim())
  if (label === null || label.kind === 'damaged') return
  const id = label.requestId ?? (label.shortRef ? requests.idOfLabelRef(label.shortRef) : null)
  const what = label.kind === 'bag-label' ? 'a bag label' : "a request's label"
  if (id === null || !requests.get(id))
    throw new CounterError(
      'invalid_input',
      `That is ${what}, not a pack, and it is not known here: no request on this workstation carries it (read: ${makeVisible(raw.trim())}); it may be from another pharmacy. Nothing is booked in.`
    )
  throw new CounterError(
    'invalid_input',
    label.kind === 'bag-label'
      ? `That is the bag label of request ${id} (parcel ${label.parcelNo}), not a pack from a wholesaler: nothing is booked in. Open the request to record what became of its parcel.`
      : `That is a label of request ${id}, not a pack from a wholesaler: nothing is booked in.`
  )
}
