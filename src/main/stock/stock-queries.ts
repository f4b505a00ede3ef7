/**
 * What the stock screens read: levels per pack (with search), one pack's batches and movements,
 * the low-stock and short-expiry lists. Every level is a sum over the ledger, computed per page:
 * the page of packs is chosen first (by name, through its index), then only its batches are summed.
 */
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
import { CounterError } from '../errors'
import type { CatalogueRepo } from './catalogue'
import { isExpired, isShortDated } from './expiry'
import type { OrderDesk } from './orders'
import type { SupplyIssues } from './supply-issues'

export type LevelsFilter = 'all' | 'in_stock' | 'low'

interface LevelRow {
  ampp_id: string
  pack_name: string
  product_name: string
  vmp_id: string
  amp_id: string
  supplier: string | null
  cd_schedule: number | null
  pack_size_milli: number
  unit: string
  pip_code: string | null
  reorder_level_milli: number
  on_hand: number | null
  reserved: number | null
  next_expiry: string | null
}

const LEVEL_COLUMNS = `p.ampp_id, p.name AS pack_name, v.name AS product_name, a.vmp_id, p.amp_id, a.supplier, v.cd_schedule,
  p.pack_size_milli, p.unit, p.pip_code, p.reorder_level_milli,
  (SELECT SUM(m.on_hand_delta_milli) FROM batches b JOIN stock_movements m ON m.batch_id = b.id WHERE b.ampp_id = p.ampp_id) AS on_hand,
  (SELECT SUM(m.reserved_delta_milli) FROM batches b JOIN stock_movements m ON m.batch_id = b.id WHERE b.ampp_id = p.ampp_id) AS reserved,
  (SELECT MIN(b.expiry) FROM batches b WHERE b.ampp_id = p.ampp_id
     AND (SELECT SUM(m.on_hand_delta_milli) FROM stock_movements m WHERE m.batch_id = b.id) > 0) AS next_expiry`

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
  in_stock: 'COALESCE(on_hand, 0) > 0',
  low: 'reorder_level_milli > 0 AND COALESCE(on_hand, 0) - COALESCE(reserved, 0) < reorder_level_milli'
}

interface BatchRow {
  id: number
  batch_no: string
  expiry: string
  on_hand: number
  reserved: number
}

interface MovementRow {
  id: number
  at: string
  kind: MovementView['kind']
  batch_id: number
  batch_no: string
  expiry: string
  on_hand_delta_milli: number
  reserved_delta_milli: number
  reason: string | null
  request_id: string | null
  line_id: string | null
  actor_name: string
}

export class StockQueries {
  private readonly levelsStmts = new Map<string, Database.Statement<Record<string, string | number>, LevelRow>>()
  private readonly lowStmt: Database.Statement<[], LevelRow>
  private readonly shortStmt: Database.Statement<[string], BatchRow & { ampp_id: string; pack_name: string }>
  private readonly batchesOfPack: Database.Statement<[string], BatchRow>
  private readonly batchOne: Database.Statement<[number], BatchRow>
  private readonly movementsOfPack: Database.Statement<[string, number], MovementRow>

  constructor(
    private readonly sqlite: Database.Database,
    private readonly deps: { catalogue: CatalogueRepo; supplyIssues: SupplyIssues; orders: OrderDesk }
  ) {
    this.lowStmt = sqlite.prepare(
      `SELECT * FROM (SELECT ${LEVEL_COLUMNS} ${LEVEL_FROM} WHERE p.reorder_level_milli > 0) WHERE ${FILTERS.low}
       ORDER BY (COALESCE(on_hand, 0) - COALESCE(reserved, 0)) * 1.0 / reorder_level_milli, pack_name`
    )
    this.shortStmt = sqlite.prepare(
      `SELECT b.id, b.ampp_id, p.name AS pack_name, b.batch_no, b.expiry,
         SUM(m.on_hand_delta_milli) AS on_hand, SUM(m.reserved_delta_milli) AS reserved
       FROM batches b JOIN packs p ON p.ampp_id = b.ampp_id JOIN stock_movements m ON m.batch_id = b.id
       WHERE b.expiry < ? GROUP BY b.id HAVING on_hand > 0 ORDER BY b.expiry, p.name`
    )
    const batchSelect = `SELECT b.id, b.batch_no, b.expiry, COALESCE(SUM(m.on_hand_delta_milli), 0) AS on_hand,
         COALESCE(SUM(m.reserved_delta_milli), 0) AS reserved
       FROM batches b LEFT JOIN stock_movements m ON m.batch_id = b.id`
    this.batchesOfPack = sqlite.prepare(
      `${batchSelect} WHERE b.ampp_id = ? GROUP BY b.id ORDER BY on_hand = 0, b.expiry, b.id`
    )
    this.batchOne = sqlite.prepare(`${batchSelect} WHERE b.id = ? GROUP BY b.id`)
    this.movementsOfPack = sqlite.prepare(
      `SELECT m.id, m.at, m.kind, m.batch_id, b.batch_no, b.expiry, m.on_hand_delta_milli, m.reserved_delta_milli, m.reason,
         m.request_id, m.line_id, m.actor_name
       FROM batches b JOIN stock_movements m ON m.batch_id = b.id WHERE b.ampp_id = ? ORDER BY m.id DESC LIMIT ?`
    )
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
    return this.shortStmt.all(addDays(today, days)).map((row) => ({
      batchId: row.id,
      amppId: row.ampp_id,
      packName: row.pack_name,
      batchNo: row.batch_no,
      expiry: row.expiry,
      onHand: fromMilli(row.on_hand),
      reserved: fromMilli(row.reserved),
      expired: isExpired(row.expiry, today),
      daysLeft: daysBetween(today, row.expiry)
    }))
  }

  batch(batchId: number, today: string, shortDatedDays: number): BatchView {
    const row = this.batchOne.get(batchId)
    if (!row) throw new CounterError('not_found', `There is no batch ${batchId}.`)
    return toBatch(row, today, shortDatedDays)
  }

  pack(amppId: string, today: string, shortDatedDays: number): PackDetailView {
    const pack = this.deps.catalogue.packView(amppId)
    if (!pack) throw new CounterError('not_found', `There is no pack ${amppId} in the catalogue.`)
    const batches = this.batchesOfPack.all(amppId).map((row) => toBatch(row, today, shortDatedDays))
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
      movements: this.movementsOfPack.all(amppId, 200).map(toMovement),
      supplyIssues: this.deps.supplyIssues.active([pack.product.dmdId, pack.product.vmpId]),
      openOrderLines
    }
  }
}

function toLevel(row: LevelRow): StockLevelRow {
  const onHand = row.on_hand ?? 0
  const reserved = row.reserved ?? 0
  return {
    amppId: row.ampp_id,
    packName: row.pack_name,
    productName: row.product_name,
    vmpId: row.vmp_id,
    ampId: row.amp_id,
    supplier: row.supplier,
    cdSchedule: row.cd_schedule,
    packSize: fromMilli(row.pack_size_milli),
    unit: row.unit,
    pipCode: row.pip_code,
    onHand: fromMilli(onHand),
    reserved: fromMilli(reserved),
    available: fromMilli(onHand - reserved),
    reorderLevel: fromMilli(row.reorder_level_milli),
    low: row.reorder_level_milli > 0 && onHand - reserved < row.reorder_level_milli,
    nextExpiry: row.next_expiry
  }
}

function toBatch(row: BatchRow, today: string, shortDatedDays: number): BatchView {
  return {
    id: row.id,
    batchNo: row.batch_no,
    expiry: row.expiry,
    onHand: fromMilli(row.on_hand),
    reserved: fromMilli(row.reserved),
    available: fromMilli(row.on_hand - row.reserved),
    expired: isExpired(row.expiry, today),
    shortDated: isShortDated(row.expiry, today, shortDatedDays)
  }
}

function toMovement(row: MovementRow): MovementView {
  return {
    id: row.id,
    at: row.at,
    kind: row.kind,
    batchId: row.batch_id,
    batchNo: row.batch_no,
    expiry: row.expiry,
    onHandDelta: fromMilli(row.on_hand_delta_milli),
    reservedDelta: fromMilli(row.reserved_delta_milli),
    reason: row.reason,
    requestId: row.request_id,
    lineId: row.line_id,
    actorName: row.actor_name
  }
}
