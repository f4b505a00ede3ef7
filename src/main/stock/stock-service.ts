/**
 * Stock, composed: the catalogue, the ledger, wholesalers and their orders, supply issues,
 * goods-in, stock-takes and the stock check. Every part runs inside the transaction of the
 * command that uses it. `start()` fills an empty store at first start: the catalogue from
 * resources/catalogue (the import report is logged and audited), the bank holidays (and, in
 * training, the sample wholesalers and opening stock) from resources/.
 */
import type { Clock } from '../../shared/clock'
import type { RequestStockOutcome } from '../../shared/contract'
import type { SnapshotItem } from '../../shared/phensys/snapshot'
import { fromMilli } from '../../shared/stock/units'
import type { AuditTrail } from '../audit'
import { type CounterDb, stockMovements } from '../db'
import { BatchRecalls } from './batch-recalls'
import { CatalogueRepo } from './catalogue'
import { importCatalogue } from './catalogue-import'
import { londonDate } from '../../shared/time/london'
import { GoodsIn } from './goods-in'
import { Ledger, type StockActor } from './ledger'
import { OrderDesk } from './orders'
import { ProductMatches } from './product-matches'
import { RequestLines } from './request-lines'
import { requestOrderLines, type RequestOrderLine } from './request-orders'
import { findResourcesDir } from '../resources'
import { readCatalogueFiles, readWholesalersFile } from './resources'
import { StockCheck, itemNeed, type CheckEnv } from './stock-check'
import { StockQueries } from './stock-queries'
import { StockTaking } from './stock-take'
import { SupplyIssues } from './supply-issues'
import { seedTrainingStock } from './training-stock'
import { SimulatedWholesalerLink, type WholesalerLink } from './wholesaler-link'
import { WholesalersRepo } from './wholesalers'

/** Check: stock expiring sooner than this is flagged at goods-in and listed as short-dated. */
const DEFAULT_SHORT_DATED_DAYS = 90

export interface StockServiceDeps {
  db: CounterDb
  audit: AuditTrail
  clock: Clock
  log: (message: string, error?: unknown) => void
  training: boolean
  /** Where the wholesaler orders go; the simulated link until a real integration replaces it. */
  link?: WholesalerLink
  /** Where resources/ is; found beside the app when absent. */
  resourcesDir?: string | null
  shortDatedDays?: number
}

const FIRST_START: StockActor = { id: null, name: 'Pharmetra Counter (first start)' }
const PHENSYS: StockActor = { id: null, name: 'Phensys' }

export class StockService {
  readonly catalogue: CatalogueRepo
  readonly ledger: Ledger
  readonly wholesalers: WholesalersRepo
  readonly supplyIssues: SupplyIssues
  readonly orders: OrderDesk
  readonly lines: RequestLines
  readonly matches: ProductMatches
  readonly check: StockCheck
  readonly goodsIn: GoodsIn
  readonly stockTaking: StockTaking
  readonly queries: StockQueries
  readonly recalls: BatchRecalls
  readonly shortDatedDays: number

  constructor(private readonly deps: StockServiceDeps) {
    const { db } = deps
    this.shortDatedDays = deps.shortDatedDays ?? DEFAULT_SHORT_DATED_DAYS
    this.catalogue = new CatalogueRepo(db)
    this.recalls = new BatchRecalls(db)
    this.ledger = new Ledger(db)
    this.wholesalers = new WholesalersRepo(db)
    this.supplyIssues = new SupplyIssues(db)
    this.orders = new OrderDesk(db, {
      catalogue: this.catalogue,
      supplyIssues: this.supplyIssues,
      link: deps.link ?? new SimulatedWholesalerLink(),
      wholesalers: this.wholesalers
    })
    this.lines = new RequestLines(db)
    this.matches = new ProductMatches(db, this.catalogue)
    this.check = new StockCheck(db.$client, {
      catalogue: this.catalogue,
      ledger: this.ledger,
      wholesalers: this.wholesalers,
      orders: this.orders,
      supplyIssues: this.supplyIssues,
      lines: this.lines,
      matches: this.matches
    })
    this.goodsIn = new GoodsIn(
      db,
      { catalogue: this.catalogue, ledger: this.ledger, orders: this.orders, recalls: this.recalls },
      { shortDatedDays: this.shortDatedDays }
    )
    this.stockTaking = new StockTaking(db, { catalogue: this.catalogue, ledger: this.ledger })
    this.queries = new StockQueries(db, {
      catalogue: this.catalogue,
      supplyIssues: this.supplyIssues,
      orders: this.orders
    })
  }

  /** Who, when and the pharmacy's local date, for the movements a command writes. */
  env(actor: StockActor, now: Date): CheckEnv {
    return { actor, at: now.toISOString(), today: londonDate(now), now }
  }

  today(now: Date = this.deps.clock.now()): string {
    return londonDate(now)
  }

  /** First start: fills what is empty. Safe to call on every start. */
  start(): void {
    const env = this.env(FIRST_START, this.deps.clock.now())
    const dir = this.deps.resourcesDir === undefined ? findResourcesDir() : this.deps.resourcesDir
    this.deps.db.$client.transaction(() => {
      if (this.catalogue.isEmpty()) this.importCatalogue(dir, env)
      if (dir && this.wholesalers.bankHolidays().length === 0) {
        const file = readWholesalersFile(dir)
        if (file) this.wholesalers.load(file, env.at, this.deps.training && this.wholesalers.isEmpty())
      }
      if (this.deps.training && this.ledgerIsEmpty() && !this.catalogue.isEmpty()) {
        const seeded = seedTrainingStock(
          { catalogue: this.catalogue, ledger: this.ledger, supplyIssues: this.supplyIssues },
          env
        )
        this.deps.audit.append({
          at: env.at,
          actorId: null,
          actorName: env.actor.name,
          command: 'stock.trainingStock',
          entityType: 'stock',
          entityId: null,
          summary: seeded
        })
      }
    })()
  }

  /** The wholesaler order lines placed for a request. */
  orderLinesFor(requestId: string): RequestOrderLine[] {
    return requestOrderLines(this.deps.db, requestId)
  }

  /** What a prescribed item asks of stock now: dispensing counts against this, never an earlier check's figure. */
  need(item: SnapshotItem): ReturnType<typeof itemNeed> {
    return itemNeed(item, this.matches)
  }

  /**
   * The lines of these items (as prescribed now) that what the request holds no longer covers:
   * stock reserved for the line, or already in its bag (`inBag`), of a pack the line can be
   * dispensed from, short of what the line needs now. A line that cannot be resolved (a product
   * the catalogue lacks) is short: only a stock check, behind its flag, can settle it. `withOrders`:
   * what the wholesalers' orders for the line still bring counts as held (a request waiting for them).
   */
  shortOf(
    requestId: string,
    items: readonly SnapshotItem[],
    inBag: ReadonlyArray<{ lineId: string; batchId: number; quantityMilli: number }>,
    withOrders = false
  ): Array<{ lineId: string; neededMilli: number; heldMilli: number }> {
    const reserved = this.ledger.reservationsOf(requestId).map((r) => ({ ...r, quantityMilli: r.reservedMilli }))
    const held = [...reserved, ...inBag]
    const coming = withOrders ? this.orders.comingFor(requestId) : []
    return items.flatMap((item) => {
      const line = this.check.resolve(item)
      const sizes = new Map(line.packs.map((pack) => [pack.amppId, pack.packSizeMilli]))
      const heldMilli =
        held
          .filter((h) => h.lineId === item.lineId && sizes.has(this.ledger.batch(h.batchId)?.amppId ?? ''))
          .reduce((sum, h) => sum + h.quantityMilli, 0) +
        coming
          .filter((order) => order.lineId === item.lineId)
          .reduce((sum, order) => sum + order.packs * (sizes.get(order.amppId) ?? 0), 0)
      return line.problem !== null || heldMilli < line.neededMilli
        ? [{ lineId: item.lineId, neededMilli: line.neededMilli, heldMilli }]
        : []
    })
  }

  requestOutcome(requestId: string): RequestStockOutcome | null {
    return this.lines.outcome(requestId)
  }

  /** Phensys cancelled or rejected the request: give its reserved stock back. */
  /** What is still to come from wholesalers for a stopped request: cancelled, or marked for a person. */
  withdrawOrders(requestId: string, now: Date, why: string): { cancelled: number[]; forAPerson: number[] } {
    const env = this.env(PHENSYS, now)
    const withdrawn = this.orders.withdrawFor(requestId, why, env)
    if (withdrawn.cancelled.length > 0 || withdrawn.forAPerson.length > 0) {
      this.deps.audit.append({
        at: env.at,
        actorId: null,
        actorName: PHENSYS.name,
        command: 'stock.ordersWithdrawn',
        entityType: 'request',
        entityId: requestId,
        summary: { why, cancelledLines: withdrawn.cancelled, linesForAPerson: withdrawn.forAPerson }
      })
    }
    return withdrawn
  }

  releaseForRequest(requestId: string, now: Date, why: string): { stockReturned: boolean } {
    const env = this.env(PHENSYS, now)
    const released = this.check.release(requestId, why, env)
    if (released > 0) {
      this.deps.audit.append({
        at: env.at,
        actorId: null,
        actorName: PHENSYS.name,
        command: 'stock.released',
        entityType: 'request',
        entityId: requestId,
        summary: { released: fromMilli(released), why }
      })
    }
    return { stockReturned: this.ledger.dispensedOutFor(requestId) === 0 }
  }

  /**
   * A request handed over: stock still reserved for it (Phensys lessened its items after the stock
   * check, and nothing more will be dispensed) goes back to the shelf for others, in that transaction.
   */
  releaseLeftover(requestId: string, actor: { id: string; name: string }, now: Date): void {
    const env = this.env(actor, now)
    const why = 'handed over: reserved and not dispensed'
    const released = this.check.release(requestId, why, env)
    if (released > 0)
      this.deps.audit.append({
        at: env.at,
        actorId: actor.id,
        actorName: actor.name,
        command: 'stock.released',
        entityType: 'request',
        entityId: requestId,
        summary: { released: fromMilli(released), why }
      })
  }

  private importCatalogue(dir: string | null, env: CheckEnv): void {
    if (!dir) {
      this.deps.log(
        'stock: resources/catalogue was not found; the catalogue is empty and every prescribed product will be flagged'
      )
      return
    }
    const imported = importCatalogue(readCatalogueFiles(dir), { asOf: env.today })
    this.catalogue.load(imported)
    const { accepted, rejected, warnings } = imported.report
    const counts = Object.entries(accepted)
      .map(([file, n]) => `${n} ${file}`)
      .join(', ')
    this.deps.log(
      `stock: catalogue imported from ${dir}/catalogue: ${counts}; ${rejected.length} rows rejected, ${warnings.length} warnings` +
        rejected
          .slice(0, 5)
          .map((issue) => `\n  rejected ${issue.file} line ${issue.line}: ${issue.reason}`)
          .join('')
    )
    this.deps.audit.append({
      at: env.at,
      actorId: null,
      actorName: env.actor.name,
      command: 'stock.catalogueImported',
      entityType: 'catalogue',
      entityId: null,
      summary: { accepted, rejected: rejected.slice(0, 50), warnings: warnings.length }
    })
  }

  private ledgerIsEmpty(): boolean {
    return this.deps.db.select({ id: stockMovements.id }).from(stockMovements).limit(1).get() === undefined
  }
}
