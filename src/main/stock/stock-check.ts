/**
 * The stock check of a request. Per line:
 * - in stock: reserved, first expiry first out;
 * - a shortfall: reserved as far as stock goes, the rest ordered from the wholesaler that
 *   delivers soonest (then the next, for what one cannot place), with its ETA;
 * - a supply issue: an active supply issue on the product, or a wholesaler's rejection: a real
 *   shortage (no stock, and no order possible), with a reason and an ETA or none.
 * A product the catalogue does not know (and no pharmacist has matched), or a unit no pack counts
 * in, is not a shortage: the check refuses to run, and the request waits at the counter for a
 * person (a product match, or a query to Phensys). The counter never tells the patient "supply
 * issue" for a gap in its own catalogue.
 * The request's answer for Phensys: all in stock → `stock.available`; everything missing ordered →
 * `stock.ordered` (latest ETA); otherwise `stock.supply_issue`.
 *
 * Everything runs inside the caller's transaction; a re-check keeps reservations that still fit
 * the prescription and releases the rest.
 */
import type Database from 'better-sqlite3'
import type { RequestStockOutcome, StockLineOutcome } from '../../shared/contract'
import type { SnapshotItem } from '../../shared/phensys/snapshot'
import {
  isSplittable,
  normaliseUnit,
  toMilli,
  fromMilli,
  formatQuantity,
  type PackUnit
} from '../../shared/stock/units'
import { CounterError } from '../errors'
import type { StoredRequest } from '../fulfilment'
import type { OutgoingEvent } from '../workflow'
import type { CatalogueRepo, PackRecord, ProductRecord } from './catalogue'
import { compareEta, dateWords, type Eta } from './eta'
import type { Ledger, StockEnv } from './ledger'
import type { ComingForRequest, OrderDesk, PlacedOrder } from './orders'
import { requestOutcome, type RequestLineRecord, type RequestLines } from './request-lines'
import type { ProductMatches } from './product-matches'
import { planReservation } from './reservation-plan'
import { courseOf, packExpiryProblem } from './expiry'
import type { SupplyIssues } from './supply-issues'
import { MANUFACTURER_REASONS } from './wholesaler-link'
import type { WholesalersRepo } from './wholesalers'

/**
 * What a prescribed item asks of stock, read from the item as it is now: the product it is
 * dispensed against (as prescribed, or the match a pharmacist confirmed), the unit, the quantity.
 */
export function itemNeed(
  item: SnapshotItem,
  matches: Pick<ProductMatches, 'effectiveCode'>
): { dmdId: string; unit: PackUnit | null; neededMilli: number } {
  return {
    dmdId: matches.effectiveCode(item.product.dmdCode),
    unit: normaliseUnit(item.unit),
    neededMilli: toMilli(item.quantity)
  }
}

export interface CheckEnv extends StockEnv {
  now: Date
}

export interface ResolvedLine {
  item: SnapshotItem
  lineId: string
  /** The product checked and dispensed against: as prescribed, or the match a pharmacist confirmed. */
  dmdId: string
  neededMilli: number
  unit: PackUnit | null
  product: ProductRecord | null
  /** Packs that can supply it, in the prescribed unit. */
  packs: PackRecord[]
  splittable: boolean
  /** Why it cannot be checked at all (unknown product, unit no pack counts in). */
  problem: string | null
}

export interface LineResult {
  lineId: string
  outcome: StockLineOutcome
  reason: string | null
  /** Ordered: when it comes. */
  eta: Eta | null
  /** Supply issue: when supply is expected back, if anyone knows. */
  expectedBack: string | null
  wholesalers: string[]
  supplyIssueId: number | null
}

export interface CheckResult {
  outcome: RequestStockOutcome
  lines: LineResult[]
  orders: PlacedOrder[]
  events: StockCheckEvent[]
}

interface Shortfall {
  line: ResolvedLine & { product: ProductRecord }
  remainingMilli: number
  orderable: PackRecord[]
  pack: PackRecord | null
  stopped: boolean
  parts: Array<{ wholesaler: string; eta: Eta }>
  notes: string[]
  supplyIssueId: number | null
}

/** What the stock check tells Phensys. */
type StockCheckEvent = OutgoingEvent<'stock.available' | 'stock.ordered' | 'stock.supply_issue'>

class Incomplete extends Error {}

export class StockCheck {
  constructor(
    private readonly sqlite: Database.Database,
    private readonly deps: {
      catalogue: CatalogueRepo
      ledger: Ledger
      wholesalers: WholesalersRepo
      orders: OrderDesk
      supplyIssues: SupplyIssues
      lines: RequestLines
      matches: ProductMatches
    }
  ) {}

  resolve(item: SnapshotItem): ResolvedLine {
    const { dmdId, unit, neededMilli } = itemNeed(item, this.deps.matches)
    const product = this.deps.catalogue.product(dmdId)
    const base = {
      item,
      lineId: item.lineId,
      dmdId,
      neededMilli,
      unit,
      product,
      splittable: unit ? isSplittable(unit) : true
    }
    if (!product) {
      return {
        ...base,
        packs: [],
        problem: `${item.product.name} (dm+d ${dmdId}) is not in this pharmacy's catalogue: it needs a product match (a dispenser matches it, a pharmacist confirms)`
      }
    }
    if (!unit)
      return {
        ...base,
        packs: [],
        problem: `${product.name} is prescribed in "${item.unit}", which is not a unit stock is counted in`
      }
    const packs = this.deps.catalogue.packsFor(dmdId).filter((pack) => pack.unit === unit)
    if (packs.length === 0) return { ...base, packs, problem: `no pack of ${product.name} is counted in ${unit}` }
    return { ...base, packs, problem: null }
  }

  check(stored: StoredRequest, env: CheckEnv): CheckResult {
    const requestId = stored.row.id
    const lines = stored.snapshot.prescription.items.map((item) => this.resolve(item))
    const unresolved = lines.filter((line) => line.problem !== null)
    if (unresolved.length > 0) {
      throw new CounterError(
        'precondition_failed',
        `The stock check cannot run yet: ${unresolved.map((line) => `line ${line.lineId}: ${line.problem}`).join('; ')}.`
      )
    }
    this.releaseWhatNoLongerFits(requestId, lines, env)
    const outlasted = this.releaseWhatNoLongerLasts(requestId, lines, env)
    const held = this.heldByLine(requestId)

    const results = new Map<string, LineResult>()
    const shortfalls: Shortfall[] = []
    const coming = this.deps.orders.comingFor(requestId)
    for (const line of lines) {
      if (!line.product) throw new Error(`line ${line.lineId} has no product`)
      const shortfallMilli = this.reserve(requestId, line, held.get(line.lineId) ?? 0, env)
      // What an earlier check ordered for the line and is still to come is not ordered twice (a
      // quantity Phensys raised while the request waited for it): only the rest is, and the line
      // is due when the last of its orders comes. An order a supply issue now covers (a shortage
      // notice) is not counted on: it may not come.
      const sizes = new Map(line.packs.map((pack) => [pack.amppId, pack.packSizeMilli]))
      const ofLine = coming.filter((order) => order.lineId === line.lineId && sizes.has(order.amppId))
      const onOrder = ofLine.length === 0 ? ofLine : this.stillComing(line, line.product, ofLine)
      const comingMilli = onOrder.reduce((sum, order) => sum + order.packs * (sizes.get(order.amppId) ?? 0), 0)
      const parts = onOrder.map((order) => ({ wholesaler: order.wholesaler, eta: order.eta }))
      if (shortfallMilli > 0 && shortfallMilli <= comingMilli) {
        results.set(line.lineId, orderedResult(line.lineId, parts, null))
      } else if (shortfallMilli <= 0) {
        results.set(line.lineId, {
          lineId: line.lineId,
          outcome: 'in_stock',
          reason: null,
          eta: null,
          expectedBack: null,
          wholesalers: [],
          supplyIssueId: null
        })
      } else {
        shortfalls.push({
          line: { ...line, product: line.product },
          remainingMilli: shortfallMilli - comingMilli,
          orderable: [],
          pack: null,
          stopped: false,
          parts,
          notes: [],
          supplyIssueId: null
        })
      }
    }
    const orders = this.order(requestId, shortfalls, env, results)
    // Said for the line: a supply issue's reason is Phensys's too, and says what is missing.
    for (const [lineId, words] of outlasted) {
      const result = results.get(lineId)
      if (!result || result.outcome === 'supply_issue') continue
      const then =
        result.outcome === 'in_stock' ? 'reserved again from a batch that lasts the course' : 'what it held is ordered'
      result.reason = [`${words.join('; ')}: released, and ${then}.`, result.reason].filter(Boolean).join(' ')
    }

    const answered = lines.map((line) => {
      const result = results.get(line.lineId)
      if (!result) throw new Error(`line ${line.lineId} has no result`)
      return { line, result }
    })
    this.deps.lines.save(
      requestId,
      answered.map(({ line, result }) => toRecord(requestId, line, result, env))
    )
    const ordered = answered.map(({ result }) => result)
    const outcome = requestOutcome(ordered.map((line) => line.outcome)) ?? 'available'
    return { outcome, lines: ordered, orders, events: [eventFor(outcome, ordered, lines, env)] }
  }

  /** The orders no active supply issue covers: on the product, its VMP, or the AMP of the pack coming. */
  private stillComing(line: ResolvedLine, product: ProductRecord, orders: ComingForRequest[]): ComingForRequest[] {
    const ampOf = new Map(line.packs.map((pack) => [pack.amppId, pack.ampId]))
    const issues = this.deps.supplyIssues.active([
      ...new Set([line.dmdId, product.vmpId, ...line.packs.map((pack) => pack.ampId)])
    ])
    const covered = new Set(issues.map((issue) => issue.dmdId))
    if (covered.has(line.dmdId) || covered.has(product.vmpId)) return []
    return orders.filter((order) => !covered.has(ampOf.get(order.amppId) ?? ''))
  }

  /**
   * Tries to reserve everything a waiting request still lacks. All or nothing: a request that
   * cannot be completed keeps only what it held before.
   */
  complete(stored: StoredRequest, env: CheckEnv): boolean {
    const requestId = stored.row.id
    const lines = stored.snapshot.prescription.items.map((item) => this.resolve(item))
    if (lines.some((line) => line.problem)) return false
    try {
      this.sqlite.transaction(() => {
        const held = this.heldByLine(requestId)
        for (const line of lines) {
          if (this.reserve(requestId, line, held.get(line.lineId) ?? 0, env) > 0) throw new Incomplete()
        }
      })()
    } catch (error) {
      if (error instanceof Incomplete) return false
      throw error
    }
    this.deps.lines.allInStock(requestId, env.at, env.actor.name)
    return true
  }

  /** Gives back everything the request holds reserved. */
  release(requestId: string, reason: string, env: StockEnv): number {
    let released = 0
    for (const held of this.deps.ledger.reservationsOf(requestId)) {
      this.deps.ledger.release(held.batchId, held.reservedMilli, requestId, held.lineId, reason, env)
      released += held.reservedMilli
    }
    return released
  }

  private heldByLine(requestId: string): Map<string, number> {
    const held = new Map<string, number>()
    for (const r of this.deps.ledger.reservationsOf(requestId))
      held.set(r.lineId, (held.get(r.lineId) ?? 0) + r.reservedMilli)
    return held
  }

  /** Reserves up to what the line still needs; answers the shortfall. */
  private reserve(requestId: string, line: ResolvedLine, alreadyMilli: number, env: StockEnv): number {
    const remaining = line.neededMilli - alreadyMilli
    if (remaining <= 0) return 0
    const sizes = new Map(line.packs.map((pack) => [pack.amppId, pack.packSizeMilli]))
    const batches = this.deps.ledger.levelsForPacks([...sizes.keys()]).map((b) => ({
      batchId: b.id,
      amppId: b.amppId,
      expiry: b.expiry,
      availableMilli: b.onHandMilli - b.reservedMilli,
      packSizeMilli: sizes.get(b.amppId) ?? 1
    }))
    const plan = planReservation(
      batches,
      remaining,
      env.today,
      line.splittable,
      courseOf(line.item, env.today)?.end ?? null
    )
    for (const pick of plan.picks)
      this.deps.ledger.reserve(pick.batchId, pick.quantityMilli, requestId, line.lineId, env)
    return plan.shortfallMilli
  }

  /**
   * Releases what the request holds of a batch that no longer lasts its line's course as counted
   * today (the scan's one rule, packExpiryProblem: expired, or expiring before the course's last
   * day): reserved days ago, it may not, and the scan would refuse its pack. The check then
   * reserves again from a batch that lasts, or orders. Answers, per line, what it said, in the
   * rule's finding.
   */
  private releaseWhatNoLongerLasts(
    requestId: string,
    lines: readonly ResolvedLine[],
    env: StockEnv
  ): Map<string, string[]> {
    const said = new Map<string, string[]>()
    for (const held of this.deps.ledger.reservationsOf(requestId)) {
      const line = lines.find((l) => l.lineId === held.lineId)
      const batch = this.deps.ledger.batch(held.batchId)
      if (!line || !batch) continue
      const problem = packExpiryProblem(
        `batch ${batch.batchNo} reserved at an earlier check`,
        batch.expiry,
        courseOf(line.item, env.today),
        env.today
      )
      if (problem === null) continue
      const counted = problem.reason === 'expires_before_course_end' ? ' as counted from today' : ''
      const words = `Batch ${batch.batchNo} reserved at an earlier check ${problem.finding}${counted}`
      this.deps.ledger.release(
        held.batchId,
        held.reservedMilli,
        requestId,
        held.lineId,
        'it no longer lasts the course counted from today',
        env
      )
      said.set(held.lineId, [...(said.get(held.lineId) ?? []), words])
    }
    return said
  }

  private releaseWhatNoLongerFits(requestId: string, lines: readonly ResolvedLine[], env: StockEnv): void {
    const byLine = new Map<string, Array<{ batchId: number; reservedMilli: number }>>()
    for (const r of this.deps.ledger.reservationsOf(requestId))
      byLine.set(r.lineId, [...(byLine.get(r.lineId) ?? []), r])
    for (const [lineId, holdings] of byLine) {
      const line = lines.find((l) => l.lineId === lineId)
      const packs = new Map(line?.packs.map((p) => [p.amppId, p.packSizeMilli]) ?? [])
      const total = holdings.reduce((sum, h) => sum + h.reservedMilli, 0)
      const heldPackSizes = holdings.map((h) => packs.get(this.deps.ledger.batch(h.batchId)?.amppId ?? '') ?? -1)
      const fits =
        line !== undefined &&
        line.problem === null &&
        heldPackSizes.every((size) => size > 0) &&
        (line.splittable ? total <= line.neededMilli : total - Math.max(...heldPackSizes) < line.neededMilli)
      if (fits) continue
      for (const h of holdings)
        this.deps.ledger.release(
          h.batchId,
          h.reservedMilli,
          requestId,
          lineId,
          'the prescription changed since the last stock check',
          env
        )
    }
  }

  private order(
    requestId: string,
    shortfalls: Shortfall[],
    env: CheckEnv,
    results: Map<string, LineResult>
  ): PlacedOrder[] {
    const supplyIssue = (
      s: Shortfall,
      reason: string,
      expectedBack: string | null,
      supplyIssueId: number | null
    ): void => {
      results.set(s.line.lineId, {
        lineId: s.line.lineId,
        outcome: 'supply_issue',
        reason,
        eta: null,
        expectedBack,
        wholesalers: [],
        supplyIssueId
      })
    }
    const soonest = shortfalls.length > 0 ? this.deps.wholesalers.bySoonest(env.now) : []
    const ordering: Shortfall[] = []
    for (const s of shortfalls) {
      const { line } = s
      const issues = this.deps.supplyIssues.active([
        ...new Set([line.dmdId, line.product.vmpId, ...line.packs.map((p) => p.ampId)])
      ])
      const whole = issues.find((i) => i.dmdId === line.dmdId || i.dmdId === line.product.vmpId)
      const blocked = new Set(issues.map((i) => i.dmdId))
      s.orderable = whole ? [] : line.packs.filter((p) => !blocked.has(p.ampId))
      if (s.orderable.length === 0) {
        const issue = whole ?? issues[0]
        const back = whole ? whole.expectedReturn : earliest(issues.map((i) => i.expectedReturn))
        supplyIssue(
          s,
          issue ? `${issue.reason}${issue.reference ? ` (${issue.reference})` : ''}` : 'no pack can be ordered',
          back,
          issue?.id ?? null
        )
        continue
      }
      if (soonest.length === 0) {
        supplyIssue(s, 'no wholesaler is set up to order from (Stock → Wholesalers)', null, null)
        continue
      }
      s.pack = choosePack(s.orderable, s.remainingMilli)
      ordering.push(s)
    }

    const orders: PlacedOrder[] = []
    for (const { wholesaler, eta } of soonest) {
      const pending = ordering.flatMap((s) =>
        !s.stopped && s.remainingMilli > 0 && s.pack ? [{ s, pack: s.pack }] : []
      )
      if (pending.length === 0) break
      const placed = this.deps.orders.place(
        wholesaler,
        eta,
        pending.map(({ s, pack }) => ({
          pack,
          packs: Math.ceil(s.remainingMilli / pack.packSizeMilli),
          requestId,
          lineId: s.line.lineId,
          alternatives: s.orderable.filter((p) => p.amppId !== pack.amppId)
        })),
        env,
        requestId
      )
      orders.push(placed)
      placed.lines.forEach((answer, index) => {
        const s = pending[index]?.s
        if (!s) return
        if (answer.packsPlaced > 0 && answer.supplied) {
          s.remainingMilli -= answer.packsPlaced * answer.supplied.packSizeMilli
          s.parts.push({ wholesaler: wholesaler.name, eta })
        }
        if (answer.reason) s.notes.push(`${wholesaler.name}: ${answer.reason}`)
        if (answer.status !== 'rejected' || !answer.reasonCode) return
        if (answer.reasonCode === 'no_pip') s.stopped = true
        if (MANUFACTURER_REASONS.has(answer.reasonCode)) {
          const failedAmp = answer.request.pack.ampId
          s.supplyIssueId = placed.supplyIssues.find((i) => i.dmdId === failedAmp)?.id ?? s.supplyIssueId
          s.orderable = s.orderable.filter((p) => p.ampId !== failedAmp)
          if (s.orderable.length === 0) s.stopped = true
          else s.pack = choosePack(s.orderable, s.remainingMilli)
        }
      })
    }

    for (const s of ordering) {
      if (s.remainingMilli <= 0) {
        results.set(
          s.line.lineId,
          orderedResult(s.line.lineId, s.parts, s.notes.length > 0 ? s.notes.join('; ') : null)
        )
        continue
      }
      const ordered =
        s.parts.length > 0
          ? `only part could be ordered (${formatQuantity(fromMilli(s.remainingMilli), s.line.unit ?? 'unit')} still missing); `
          : ''
      supplyIssue(
        s,
        `${ordered}${s.notes.length > 0 ? s.notes.join('; ') : 'no wholesaler could supply it'}`,
        null,
        s.supplyIssueId
      )
    }
    return orders
  }
}

/** A line wholly on order: due when the latest of its orders comes. */
function orderedResult(
  lineId: string,
  parts: ReadonlyArray<{ wholesaler: string; eta: Eta }>,
  reason: string | null
): LineResult {
  const latest = parts.reduce<Eta | null>(
    (best, part) => (best === null || compareEta(part.eta, best) > 0 ? part.eta : best),
    null
  )
  return {
    lineId,
    outcome: 'ordered',
    reason,
    eta: latest,
    expectedBack: null,
    wholesalers: [...new Set(parts.map((p) => p.wholesaler))],
    supplyIssueId: null
  }
}

/** A pack with a PIP code, covering the need with the least over-supply; the stocked line on a tie. */
function choosePack(packs: readonly PackRecord[], neededMilli: number): PackRecord {
  const ranked = [...packs].sort((a, b) => {
    const pip = Number(b.pipCode !== null) - Number(a.pipCode !== null)
    const over = (p: PackRecord) => Math.ceil(neededMilli / p.packSizeMilli) * p.packSizeMilli - neededMilli
    return pip || over(a) - over(b) || b.reorderLevelMilli - a.reorderLevelMilli || a.amppId.localeCompare(b.amppId)
  })
  const best = ranked[0]
  if (!best) throw new Error('choosePack needs at least one pack')
  return best
}

function earliest(dates: ReadonlyArray<string | null>): string | null {
  const known = dates.filter((d): d is string => d !== null).sort()
  return known[0] ?? null
}

function toRecord(requestId: string, line: ResolvedLine, result: LineResult, env: StockEnv): RequestLineRecord {
  return {
    requestId,
    lineId: line.lineId,
    dmdId: line.dmdId,
    unit: line.unit,
    neededMilli: Math.max(1, line.neededMilli),
    outcome: result.outcome,
    reason: result.reason,
    etaDate: result.eta?.date ?? result.expectedBack,
    etaWords:
      result.eta?.words ?? (result.expectedBack ? `expected back ${dateWords(result.expectedBack, env.today)}` : null),
    supplyIssueId: result.supplyIssueId,
    checkedAt: env.at,
    checkedBy: env.actor.name
  }
}

const MAX_REASON = 2000
const MAX_WHOLESALER = 128

function eventFor(
  outcome: RequestStockOutcome,
  results: readonly LineResult[],
  lines: readonly ResolvedLine[],
  env: StockEnv
): StockCheckEvent {
  if (outcome === 'available') return { type: 'stock.available', data: {} }
  const missing = results.filter((r) => r.outcome !== 'in_stock')
  const orderedEtas = missing.flatMap((r) => (r.outcome === 'ordered' && r.eta ? [r.eta.date] : []))
  if (outcome === 'ordered') {
    const eta = [...orderedEtas].sort().at(-1)
    if (!eta) throw new Error('an ordered request without an ETA')
    const wholesaler = [...new Set(missing.flatMap((r) => r.wholesalers))].join(', ').slice(0, MAX_WHOLESALER)
    return { type: 'stock.ordered', data: { eta, lines: missing.map((r) => r.lineId), wholesaler } }
  }
  const name = (lineId: string) =>
    lines.find((l) => l.lineId === lineId)?.product?.name ??
    lines.find((l) => l.lineId === lineId)?.item.product.name ??
    lineId
  const reason = missing
    .map((r) => {
      if (r.outcome === 'ordered')
        return `${r.lineId} ${name(r.lineId)}: ordered from ${r.wholesalers.join(', ')}, ${r.eta?.words ?? 'date unknown'}.`
      const back = r.expectedBack ? ` Expected back ${dateWords(r.expectedBack, env.today)}.` : ' No date for resupply.'
      return `${r.lineId} ${name(r.lineId)}: supply issue: ${r.reason ?? 'unavailable'}.${back}`
    })
    .join(' ')
  const issues = missing.filter((r) => r.outcome !== 'ordered')
  // An ETA only when every line that has an issue has a date for its return.
  const backDates = issues.flatMap((r) => (r.expectedBack === null ? [] : [r.expectedBack]))
  const eta = backDates.length === issues.length ? ([...backDates, ...orderedEtas].sort().at(-1) ?? null) : null
  return {
    type: 'stock.supply_issue',
    data: { lines: missing.map((r) => r.lineId), reason: truncate(reason, MAX_REASON), eta }
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
