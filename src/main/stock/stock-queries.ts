/**
 * What the stock screens read: levels per pack (with search), one pack's batches and movements,
 * the low-stock and short-expiry lists. Every level is a sum over the ledger, computed per page:
 * the page of packs is chosen first (by name, through its index), then only its batches are summed.
 */
import { and, desc, eq, gt, lt, sql } from 'drizzle-orm'
import type Database from 'better-sqlite3'
import type {
  BatchView,
  MovementView,
  PackDetailView,
  ShortExpiryRow,
  StockLevelRow,
  StockLevelsView
} from '../../shared/contract'
import { addDays, daysBetween } from '../../shared/time/calendar'
import { fromMilli } from '../../shared/stock/units'
import { type CounterDb, batches, batchLevels, packs, quarantineDisposals, stockMovements, type products } from '../db'
import { CounterError } from '../errors'
import type { CatalogueRepo } from './catalogue'
import { isExpired, isShortDated } from './expiry'
import type { OrderDesk } from './orders'
import type { SupplyIssues } from './supply-issues'

export type LevelsFilter = 'all' | 'in_stock' | 'low'

type Pack = typeof packs.$inferSelect
type Product = typeof products.$inferSelect

/**
 * A pack's line on the stock screen as the hand-tuned statements below return it: their SQL
 * names each column with these camelCase aliases.
 */
type LevelRow = Pick<Pack, 'amppId' | 'ampId' | 'packSizeMilli' | 'unit' | 'pipCode' | 'reorderLevelMilli'> &
  Pick<Product, 'supplier' | 'cdSchedule'> & {
    packName: Pack['name']
    productName: Product['name']
    vmpId: string
    onHand: number | null
    reserved: number | null
    nextExpiry: string | null
  }

const LEVEL_COLUMNS = `p.ampp_id AS amppId, p.name AS packName, v.name AS productName, a.vmp_id AS vmpId, p.amp_id AS ampId,
  a.supplier AS supplier, v.cd_schedule AS cdSchedule, p.pack_size_milli AS packSizeMilli, p.unit AS unit,
  p.pip_code AS pipCode, p.reorder_level_milli AS reorderLevelMilli,
  (SELECT SUM(l.on_hand_milli) FROM batches b JOIN batch_levels l ON l.batch_id = b.id WHERE b.ampp_id = p.ampp_id) AS onHand,
  (SELECT SUM(l.reserved_milli) FROM batches b JOIN batch_levels l ON l.batch_id = b.id WHERE b.ampp_id = p.ampp_id) AS reserved,
  (SELECT MIN(b.expiry) FROM batches b JOIN batch_levels l ON l.batch_id = b.id
     WHERE b.ampp_id = p.ampp_id AND l.on_hand_milli > 0) AS nextExpiry`

const LEVEL_FROM = `FROM packs p JOIN products a ON a.dmd_id = p.amp_id JOIN products v ON v.dmd_id = a.vmp_id`

/**
 * A search is a code (a pack, AMP or VMP dm+d code, a PIP code or a GTIN: indexed look-ups) or
 * text: any part of the pack's or its product's name, through the trigram index `pack_search`
 * (kept by triggers in the migration); text under 3 characters is matched on pack names directly.
 */
type SearchKind = 'none' | 'code' | 'text' | 'short'
const SEARCHES: Record<SearchKind, string> = {
  none: '1',
  code: `p.ampp_id IN (SELECT @q UNION SELECT ampp_id FROM packs WHERE amp_id = @q OR pip_code = @q
    UNION SELECT ampp_id FROM packs WHERE amp_id IN (SELECT dmd_id FROM products WHERE vmp_id = @q)
    UNION SELECT ampp_id FROM pack_gtins WHERE gtin = @gtin)`,
  text: `p.ampp_id IN (SELECT ampp_id FROM pack_search WHERE text LIKE @like)`,
  short: `p.name LIKE @like`
}

function searchKind(q: string): SearchKind {
  if (q === '') return 'none'
  if (/^\d{6,20}$/.test(q)) return 'code'
  return q.length >= 3 ? 'text' : 'short'
}

const FILTERS: Record<Exclude<LevelsFilter, 'all'>, string> = {
  in_stock: 'COALESCE(onHand, 0) > 0',
  low: 'reorderLevelMilli > 0 AND COALESCE(onHand, 0) - COALESCE(reserved, 0) < reorderLevelMilli'
}

const m = stockMovements

/**
 * The stock screens' queries. Levels per pack (with and without search, and the low-stock list)
 * stay hand-written SQL: the page-first CTE with its CROSS JOIN planner hint and the trigram
 * search table are what keep them fast on a year-sized ledger. The rest are built with drizzle.
 * Levels are the batches' running totals (`batch_levels`, kept with every movement): summing a
 * year of movements for each pack made the low-stock list alone read the whole ledger.
 */
export class StockQueries {
  private readonly levelsStmts = new Map<string, Database.Statement<Record<string, string | number>, LevelRow>>()
  private readonly lowStmt: Database.Statement<[], LevelRow>
  private readonly shortStmt
  private readonly batchesOfPack
  private readonly batchOne
  private readonly movementsOfPack
  private readonly sqlite: Database.Database

  constructor(
    db: CounterDb,
    private readonly deps: { catalogue: CatalogueRepo; supplyIssues: SupplyIssues; orders: OrderDesk }
  ) {
    this.sqlite = db.$client
    this.lowStmt = this.sqlite.prepare(
      `SELECT * FROM (SELECT ${LEVEL_COLUMNS} ${LEVEL_FROM} WHERE p.reorder_level_milli > 0) WHERE ${FILTERS.low}
       ORDER BY (COALESCE(onHand, 0) - COALESCE(reserved, 0)) * 1.0 / reorderLevelMilli, packName`
    )
    this.shortStmt = db
      .select({
        batchId: batches.id,
        amppId: batches.amppId,
        packName: packs.name,
        batchNo: batches.batchNo,
        expiry: batches.expiry,
        onHand: batchLevels.onHandMilli,
        reserved: batchLevels.reservedMilli
      })
      .from(batches)
      .innerJoin(packs, eq(packs.amppId, batches.amppId))
      .innerJoin(batchLevels, eq(batchLevels.batchId, batches.id))
      .where(and(lt(batches.expiry, sql.placeholder('before')), gt(batchLevels.onHandMilli, 0)))
      .orderBy(batches.expiry, packs.name)
      .prepare()
    // A batch no movement has touched has no totals yet: nothing on hand, nothing reserved.
    const onHand = sql<number>`COALESCE(${batchLevels.onHandMilli}, 0)`
    const batchesWithLevels = () =>
      db
        .select({
          id: batches.id,
          batchNo: batches.batchNo,
          expiry: batches.expiry,
          onHand,
          reserved: sql<number>`COALESCE(${batchLevels.reservedMilli}, 0)`,
          // Quarantined, less what has since been destroyed or returned from there.
          quarantined: sql<number>`COALESCE((SELECT -SUM(${stockMovements.onHandDeltaMilli}) FROM ${stockMovements}
              WHERE ${stockMovements.batchId} = ${batches.id} AND ${stockMovements.kind} = 'quarantine'), 0)
            - COALESCE((SELECT SUM(${quarantineDisposals.quantityMilli}) FROM ${quarantineDisposals}
              WHERE ${quarantineDisposals.batchId} = ${batches.id}), 0)`
        })
        .from(batches)
        .leftJoin(batchLevels, eq(batchLevels.batchId, batches.id))
    this.batchesOfPack = batchesWithLevels()
      .where(eq(batches.amppId, sql.placeholder('amppId')))
      .orderBy(sql`${onHand} = 0`, batches.expiry, batches.id)
      .prepare()
    this.batchOne = batchesWithLevels()
      .where(eq(batches.id, sql.placeholder('id')))
      .prepare()
    this.movementsOfPack = db
      .select({
        id: m.id,
        at: m.at,
        kind: m.kind,
        batchId: m.batchId,
        batchNo: batches.batchNo,
        expiry: batches.expiry,
        onHandDeltaMilli: m.onHandDeltaMilli,
        reservedDeltaMilli: m.reservedDeltaMilli,
        reason: m.reason,
        requestId: m.requestId,
        lineId: m.lineId,
        actorName: m.actorName
      })
      .from(batches)
      .innerJoin(m, eq(m.batchId, batches.id))
      .where(eq(batches.amppId, sql.placeholder('amppId')))
      .orderBy(desc(m.id))
      .limit(sql.placeholder('limit'))
      .prepare()
  }

  levels(query: { search: string; filter: LevelsFilter; limit: number; offset: number }): StockLevelsView {
    const q = query.search.trim()
    const rows = this.levelsStatement(searchKind(q), query.filter).all({
      q,
      // Wildcards typed by a person are taken as spaces: a search is for text, not a pattern.
      like: `%${q.replace(/[%_\\]/g, ' ')}%`,
      gtin: /^\d{8,14}$/.test(q) ? q.padStart(14, '0') : '',
      limit: query.limit + 1,
      offset: query.offset
    })
    return { rows: rows.slice(0, query.limit).map(toLevel), more: rows.length > query.limit }
  }

  /**
   * Unfiltered, the page is chosen on the packs alone (by name, through its index), so rows
   * skipped by OFFSET are never summed; a filter on levels sums as it goes, in name order, until
   * the page is full. CROSS JOIN keeps the page first: with a bound LIMIT the planner would
   * otherwise walk every pack and probe the page.
   */
  private levelsStatement(
    kind: SearchKind,
    filter: LevelsFilter
  ): Database.Statement<Record<string, string | number>, LevelRow> {
    const key = `${kind}:${filter}`
    let statement = this.levelsStmts.get(key)
    if (!statement) {
      const search = SEARCHES[kind]
      statement = this.sqlite.prepare<Record<string, string | number>, LevelRow>(
        filter === 'all'
          ? `WITH page AS (SELECT p.ampp_id FROM packs p WHERE ${search} ORDER BY p.name, p.rowid LIMIT @limit OFFSET @offset)
             SELECT ${LEVEL_COLUMNS} FROM page CROSS JOIN packs p ON p.ampp_id = page.ampp_id
               JOIN products a ON a.dmd_id = p.amp_id JOIN products v ON v.dmd_id = a.vmp_id
             ORDER BY p.name, p.rowid`
          : `SELECT * FROM (SELECT ${LEVEL_COLUMNS} ${LEVEL_FROM} WHERE ${search} ORDER BY p.name, p.rowid)
             WHERE ${FILTERS[filter]} LIMIT @limit OFFSET @offset`
      )
      this.levelsStmts.set(key, statement)
    }
    return statement
  }

  lowStock(): StockLevelRow[] {
    return this.lowStmt.all().map(toLevel)
  }

  shortExpiry(days: number, today: string): ShortExpiryRow[] {
    return this.shortStmt.all({ before: addDays(today, days) }).map((row) => ({
      ...row,
      onHand: fromMilli(row.onHand),
      reserved: fromMilli(row.reserved),
      expired: isExpired(row.expiry, today),
      daysLeft: daysBetween(today, row.expiry)
    }))
  }

  batch(batchId: number, today: string, shortDatedDays: number): BatchView {
    const row = this.batchOne.get({ id: batchId })
    if (!row) throw new CounterError('not_found', `There is no batch ${batchId}.`)
    return toBatch(row, today, shortDatedDays)
  }

  pack(amppId: string, today: string, shortDatedDays: number): PackDetailView {
    const pack = this.deps.catalogue.packView(amppId)
    if (!pack) throw new CounterError('not_found', `There is no pack ${amppId} in the catalogue.`)
    const batches = this.batchesOfPack.all({ amppId }).map((row) => toBatch(row, today, shortDatedDays))
    const onHand = batches.reduce((sum, b) => sum + b.onHand, 0)
    const reserved = batches.reduce((sum, b) => sum + b.reserved, 0)
    const openOrderLines = this.deps.orders
      .list(true)
      .flatMap((order) => order.lines.filter((line) => line.outstanding > 0 && line.suppliedAmppId === amppId))
    return {
      pack,
      gtins: this.deps.catalogue.gtins(amppId),
      onHand,
      reserved,
      available: onHand - reserved,
      batches,
      movements: this.movementsOfPack.all({ amppId, limit: 200 }).map(toMovement),
      supplyIssues: this.deps.supplyIssues.active([pack.product.dmdId, pack.product.vmpId]),
      openOrderLines
    }
  }
}

function toLevel(row: LevelRow): StockLevelRow {
  const onHand = row.onHand ?? 0
  const reserved = row.reserved ?? 0
  return {
    amppId: row.amppId,
    packName: row.packName,
    productName: row.productName,
    vmpId: row.vmpId,
    ampId: row.ampId,
    supplier: row.supplier,
    cdSchedule: row.cdSchedule,
    packSize: fromMilli(row.packSizeMilli),
    unit: row.unit,
    pipCode: row.pipCode,
    onHand: fromMilli(onHand),
    reserved: fromMilli(reserved),
    available: fromMilli(onHand - reserved),
    reorderLevel: fromMilli(row.reorderLevelMilli),
    low: row.reorderLevelMilli > 0 && onHand - reserved < row.reorderLevelMilli,
    nextExpiry: row.nextExpiry
  }
}

type BatchLevelRow = Pick<typeof batches.$inferSelect, 'id' | 'batchNo' | 'expiry'> & {
  onHand: number
  reserved: number
  quarantined: number
}

function toBatch(row: BatchLevelRow, today: string, shortDatedDays: number): BatchView {
  return {
    id: row.id,
    batchNo: row.batchNo,
    expiry: row.expiry,
    onHand: fromMilli(row.onHand),
    reserved: fromMilli(row.reserved),
    available: fromMilli(row.onHand - row.reserved),
    quarantined: fromMilli(row.quarantined),
    expired: isExpired(row.expiry, today),
    shortDated: isShortDated(row.expiry, today, shortDatedDays)
  }
}

type MovementRow = Omit<
  typeof stockMovements.$inferSelect,
  'orderLineId' | 'receiptLineId' | 'stockTakeId' | 'actorId'
> &
  Pick<typeof batches.$inferSelect, 'batchNo' | 'expiry'>

function toMovement(row: MovementRow): MovementView {
  return {
    id: row.id,
    at: row.at,
    kind: row.kind,
    batchId: row.batchId,
    batchNo: row.batchNo,
    expiry: row.expiry,
    onHandDelta: fromMilli(row.onHandDeltaMilli),
    reservedDelta: fromMilli(row.reservedDeltaMilli),
    reason: row.reason,
    requestId: row.requestId,
    lineId: row.lineId,
    actorName: row.actorName
  }
}
