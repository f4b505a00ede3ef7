import { sql } from 'drizzle-orm'
import {
  sqliteTable,
  text,
  integer,
  index,
  uniqueIndex,
  primaryKey,
  check,
  type AnySQLiteColumn
} from 'drizzle-orm/sqlite-core'
import type { DeliverySlot } from '../../../shared/stock/wholesaler'
import { requests } from './requests'

/**
 * Stock: the catalogue (dm+d products and packs), batches, the movement ledger, wholesalers and
 * their orders, supply issues, goods-in receipts and the stock check's answer per request line.
 *
 * Quantities are integers in thousandths of the pack's unit (`*_milli`): a 2.5 ml pack and a
 * 28-tablet pack both add up exactly. On-hand, reserved and available are never stored: they are
 * sums over `stock_movements`, whose triggers (in the migration) keep the ledger append-only and
 * refuse a movement that would leave a batch with negative reserved or available stock.
 */

const MOVEMENT_KINDS = [
  'goods_in',
  'reservation',
  'release',
  'dispensed',
  'waste',
  'quarantine',
  'adjustment',
  'return',
  'supplier_return'
] as const
export type MovementKind = (typeof MOVEMENT_KINDS)[number]
export const ORDER_LINE_STATUSES = ['placed', 'partly_placed', 'substituted', 'rejected'] as const
export const STOCK_LINE_OUTCOMES = ['in_stock', 'ordered', 'supply_issue', 'unknown_product'] as const
export const SUPPLY_ISSUE_SOURCES = ['msn', 'ssp', 'manufacturer', 'wholesaler', 'other'] as const

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))

/** VMPs and AMPs by dm+d code. An AMP names its VMP. */
export const products = sqliteTable(
  'products',
  {
    dmdId: text('dmd_id').primaryKey(),
    level: text('level', { enum: ['VMP', 'AMP'] }).notNull(),
    vmpId: text('vmp_id').references((): AnySQLiteColumn => products.dmdId),
    name: text('name').notNull(),
    strength: text('strength'),
    form: text('form').notNull(),
    cdSchedule: integer('cd_schedule'),
    supplier: text('supplier'),
    bnfChapter: integer('bnf_chapter')
  },
  (t) => [
    index('products_vmp').on(t.vmpId),
    check(
      'products_level',
      sql`(${t.level} = 'VMP' AND ${t.vmpId} IS NULL) OR (${t.level} = 'AMP' AND ${t.vmpId} IS NOT NULL)`
    ),
    check('products_cd_schedule', sql`${t.cdSchedule} IS NULL OR ${t.cdSchedule} BETWEEN 1 AND 5`)
  ]
)

/** AMPPs: what is bought, counted and scanned. */
export const packs = sqliteTable(
  'packs',
  {
    amppId: text('ampp_id').primaryKey(),
    ampId: text('amp_id')
      .notNull()
      .references(() => products.dmdId),
    name: text('name').notNull(),
    packSizeMilli: integer('pack_size_milli').notNull(),
    unit: text('unit').notNull(),
    pipCode: text('pip_code').unique(),
    /** Below this available quantity the pack is on the low-stock list; 0 = never. */
    reorderLevelMilli: integer('reorder_level_milli').notNull().default(0)
  },
  (t) => [
    index('packs_amp').on(t.ampId),
    index('packs_name').on(t.name),
    check('packs_size', sql`${t.packSizeMilli} > 0`),
    check('packs_reorder', sql`${t.reorderLevelMilli} >= 0`),
    check(
      'packs_unit',
      sql`${t.unit} IN (${list(['tablet', 'capsule', 'ml', 'g', 'dose', 'patch', 'sachet', 'pessary', 'suppository', 'ampoule', 'vial', 'pre-filled pen', 'pre-filled syringe', 'lozenge', 'device'])})`
    )
  ]
)

/** GTIN (14 digits) → pack, from the dm+d GTIN file. A historic GTIN still identifies its pack. */
export const packGtins = sqliteTable(
  'pack_gtins',
  {
    gtin: text('gtin').primaryKey(),
    amppId: text('ampp_id')
      .notNull()
      .references(() => packs.amppId),
    startDate: text('start_date'),
    endDate: text('end_date'),
    historic: integer('historic', { mode: 'boolean' }).notNull().default(false)
  },
  (t) => [index('pack_gtins_pack').on(t.amppId), check('pack_gtins_gtin', sql`length(${t.gtin}) = 14`)]
)

/** One batch of one pack; its expiry is the last usable day (a month-only expiry is the month's last day). */
export const batches = sqliteTable(
  'batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    amppId: text('ampp_id')
      .notNull()
      .references(() => packs.amppId),
    batchNo: text('batch_no').notNull(),
    expiry: text('expiry').notNull(),
    createdAt: text('created_at').notNull()
  },
  (t) => [
    uniqueIndex('batches_pack_batch').on(t.amppId, t.batchNo),
    index('batches_pack_expiry').on(t.amppId, t.expiry),
    index('batches_expiry').on(t.expiry),
    check('batches_expiry_format', sql`${t.expiry} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`)
  ]
)

/**
 * A batch recalled by a drug alert (an MHRA drug alert, a company-led recall): kept by pack and
 * batch number, so a batch never booked in here is refused when it arrives. Append-only: a recall
 * is not withdrawn by editing it.
 */
export const batchRecalls = sqliteTable(
  'batch_recalls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    amppId: text('ampp_id')
      .notNull()
      .references(() => packs.amppId),
    batchNo: text('batch_no').notNull(),
    reference: text('reference').notNull(),
    alertClass: integer('alert_class').notNull(),
    note: text('note'),
    recordedAt: text('recorded_at').notNull(),
    recordedById: text('recorded_by_id').notNull(),
    recordedByName: text('recorded_by_name').notNull()
  },
  (t) => [
    uniqueIndex('batch_recalls_pack_batch').on(t.amppId, t.batchNo),
    check('batch_recalls_class', sql`${t.alertClass} BETWEEN 1 AND 4`)
  ]
)

export const stockTakes = sqliteTable('stock_takes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  amppId: text('ampp_id')
    .notNull()
    .references(() => packs.amppId),
  at: text('at').notNull(),
  actorId: text('actor_id'),
  actorName: text('actor_name').notNull(),
  note: text('note')
})

export const stockTakeLines = sqliteTable(
  'stock_take_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    stockTakeId: integer('stock_take_id')
      .notNull()
      .references(() => stockTakes.id),
    batchId: integer('batch_id')
      .notNull()
      .references(() => batches.id),
    expectedMilli: integer('expected_milli').notNull(),
    countedMilli: integer('counted_milli').notNull()
  },
  (t) => [
    index('stock_take_lines_take').on(t.stockTakeId),
    check('stock_take_lines_counted', sql`${t.countedMilli} >= 0`)
  ]
)

/** Wholesaler ordering configuration: `config` is JSON matching src/shared/stock/wholesaler.ts. */
export const wholesalers = sqliteTable('wholesalers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  config: text('config').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  position: integer('position').notNull().default(0),
  updatedAt: text('updated_at').notNull()
})

/** Stock-wide settings, one JSON value per key (bank holidays, the catalogue's import report). */
export const stockSettings = sqliteTable('stock_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull()
})

export const wholesalerOrders = sqliteTable(
  'wholesaler_orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    wholesalerId: text('wholesaler_id')
      .notNull()
      .references(() => wholesalers.id),
    /** The wholesaler's own reference, as its link answered. */
    reference: text('reference').notNull(),
    placedAt: text('placed_at').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    cutOffDate: text('cut_off_date').notNull(),
    cutOffTime: text('cut_off_time').notNull(),
    etaDate: text('eta_date').notNull(),
    etaSlot: text('eta_slot').$type<DeliverySlot>().notNull(),
    /** The request whose stock check raised it; null for a manual order. */
    requestId: text('request_id')
  },
  (t) => [index('wholesaler_orders_placed').on(t.placedAt)]
)

/**
 * One pack line of an order and the wholesaler's answer. `suppliedAmppId` is the pack that will
 * come (a substitute's own pack), null when rejected. Received quantities are counted from the
 * booked receipt lines, never stored here.
 */
export const wholesalerOrderLines = sqliteTable(
  'wholesaler_order_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => wholesalerOrders.id),
    amppId: text('ampp_id')
      .notNull()
      .references(() => packs.amppId),
    packsOrdered: integer('packs_ordered').notNull(),
    status: text('status', { enum: ORDER_LINE_STATUSES }).notNull(),
    packsPlaced: integer('packs_placed').notNull(),
    suppliedAmppId: text('supplied_ampp_id').references(() => packs.amppId),
    reasonCode: text('reason_code'),
    reason: text('reason'),
    requestId: text('request_id'),
    lineId: text('line_id'),
    cancelledAt: text('cancelled_at'),
    cancelledBy: text('cancelled_by'),
    cancelReason: text('cancel_reason'),
    /** For a person: the line should have been cancelled (its request was stopped) and could not be. */
    attention: text('attention')
  },
  (t) => [
    index('wholesaler_order_lines_order').on(t.orderId),
    index('wholesaler_order_lines_request')
      .on(t.requestId)
      .where(sql`${t.requestId} IS NOT NULL`),
    index('wholesaler_order_lines_open')
      .on(t.suppliedAmppId, t.id)
      .where(sql`${t.cancelledAt} IS NULL AND ${t.packsPlaced} > 0`),
    check('wholesaler_order_lines_status', sql`${t.status} IN (${list(ORDER_LINE_STATUSES)})`),
    check(
      'wholesaler_order_lines_packs',
      sql`${t.packsOrdered} > 0 AND ${t.packsPlaced} >= 0 AND ${t.packsPlaced} <= ${t.packsOrdered}`
    ),
    check(
      'wholesaler_order_lines_rejected',
      sql`(${t.status} = 'rejected') = (${t.packsPlaced} = 0 AND ${t.suppliedAmppId} IS NULL)`
    )
  ]
)

/** A product that cannot be had: from a Medicine Supply Notification, a wholesaler's rejection… */
export const supplyIssues = sqliteTable(
  'supply_issues',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dmdId: text('dmd_id')
      .notNull()
      .references(() => products.dmdId),
    source: text('source', { enum: SUPPLY_ISSUE_SOURCES }).notNull(),
    reference: text('reference'),
    reason: text('reason').notNull(),
    /** When supply is expected back (YYYY-MM-DD), or null when nobody knows. */
    expectedReturn: text('expected_return'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    raisedAt: text('raised_at').notNull(),
    raisedBy: text('raised_by').notNull(),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolutionNote: text('resolution_note')
  },
  (t) => [
    index('supply_issues_active')
      .on(t.dmdId)
      .where(sql`${t.active} = 1`),
    check('supply_issues_source', sql`${t.source} IN (${list(SUPPLY_ISSUE_SOURCES)})`)
  ]
)

/** A delivery being booked in at goods-in: groups its scans. */
export const deliveries = sqliteTable('deliveries', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  startedAt: text('started_at').notNull(),
  actorId: text('actor_id'),
  actorName: text('actor_name').notNull()
})

/**
 * Every scan at goods-in, kept whether booked or not: `flags` (JSON array of codes) says what a
 * person must look at (unknown GTIN, over-delivery, short-dated…). A booked line has a goods_in
 * movement pointing back at it.
 */
export const receiptLines = sqliteTable(
  'receipt_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => deliveries.id),
    at: text('at').notNull(),
    raw: text('raw').notNull(),
    gtin: text('gtin'),
    batchNo: text('batch_no'),
    expiry: text('expiry'),
    serial: text('serial'),
    amppId: text('ampp_id').references(() => packs.amppId),
    batchId: integer('batch_id').references(() => batches.id),
    orderLineId: integer('order_line_id').references(() => wholesalerOrderLines.id),
    booked: integer('booked', { mode: 'boolean' }).notNull(),
    flags: text('flags').notNull().default('[]'),
    actorName: text('actor_name').notNull()
  },
  (t) => [
    index('receipt_lines_delivery').on(t.deliveryId, t.id),
    index('receipt_lines_order_line')
      .on(t.orderLineId)
      .where(sql`${t.booked} = 1`),
    // One booked receipt per serialised pack: a second scan of the same pack is flagged, not booked.
    uniqueIndex('receipt_lines_serial')
      .on(t.gtin, t.serial)
      .where(sql`${t.booked} = 1 AND ${t.serial} IS NOT NULL`)
  ]
)

/**
 * The ledger. Each row moves on-hand and/or reserved stock of one batch; the signs each kind may
 * carry are fixed by the check below. Reservations, releases and dispensing name the request line.
 */
export const stockMovements = sqliteTable(
  'stock_movements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id')
      .notNull()
      .references(() => batches.id),
    kind: text('kind', { enum: MOVEMENT_KINDS }).notNull(),
    onHandDeltaMilli: integer('on_hand_delta_milli').notNull(),
    reservedDeltaMilli: integer('reserved_delta_milli').notNull(),
    reason: text('reason'),
    requestId: text('request_id'),
    lineId: text('line_id'),
    orderLineId: integer('order_line_id').references(() => wholesalerOrderLines.id),
    receiptLineId: integer('receipt_line_id').references(() => receiptLines.id),
    stockTakeId: integer('stock_take_id').references(() => stockTakes.id),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    at: text('at').notNull()
  },
  (t) => [
    // Covering: per-batch sums read the index alone.
    index('stock_movements_batch').on(t.batchId, t.onHandDeltaMilli, t.reservedDeltaMilli),
    // What each batch has in quarantine, read by the pack's batches without its other movements.
    index('stock_movements_quarantine')
      .on(t.batchId, t.onHandDeltaMilli)
      .where(sql`${t.kind} = 'quarantine'`),
    index('stock_movements_request')
      .on(t.requestId, t.lineId, t.batchId)
      .where(sql`${t.requestId} IS NOT NULL`),
    check(
      'stock_movements_kind',
      sql`(${t.kind} = 'goods_in' AND ${t.onHandDeltaMilli} > 0 AND ${t.reservedDeltaMilli} = 0)
        OR (${t.kind} = 'reservation' AND ${t.onHandDeltaMilli} = 0 AND ${t.reservedDeltaMilli} > 0)
        OR (${t.kind} = 'release' AND ${t.onHandDeltaMilli} = 0 AND ${t.reservedDeltaMilli} < 0)
        OR (${t.kind} = 'dispensed' AND ${t.onHandDeltaMilli} < 0 AND ${t.reservedDeltaMilli} <= 0 AND ${t.reservedDeltaMilli} >= ${t.onHandDeltaMilli})
        OR (${t.kind} IN ('waste', 'quarantine', 'supplier_return') AND ${t.onHandDeltaMilli} < 0 AND ${t.reservedDeltaMilli} = 0)
        OR (${t.kind} = 'adjustment' AND ${t.onHandDeltaMilli} <> 0 AND ${t.reservedDeltaMilli} = 0)
        OR (${t.kind} = 'return' AND ${t.onHandDeltaMilli} > 0 AND ${t.reservedDeltaMilli} = 0)`
    ),
    check(
      'stock_movements_reason',
      sql`${t.kind} NOT IN ('waste', 'quarantine', 'adjustment', 'supplier_return') OR length(trim(COALESCE(${t.reason}, ''))) > 0`
    ),
    check(
      'stock_movements_request_line',
      sql`${t.kind} NOT IN ('reservation', 'release', 'dispensed') OR (${t.requestId} IS NOT NULL AND ${t.lineId} IS NOT NULL)`
    )
  ]
)

/**
 * Each batch's stock on hand and reserved: the sums of its movements, kept by a trigger as each
 * movement is added (the ledger stays the record; this is its running total). A pack's levels
 * then read its few batches, not every movement it ever had: a popular line has thousands a
 * month, and the stock check and goods-in read its levels at every step.
 */
const QUARANTINE_DISPOSAL_KINDS = ['destruction', 'supplier_return'] as const
export type QuarantineDisposalKind = (typeof QUARANTINE_DISPOSAL_KINDS)[number]

/**
 * Stock that leaves the premises from quarantine (destroyed, or returned to the supplier). A
 * `quarantine` movement already took it off the shelf's on-hand; this takes it out of what the
 * quarantine holds, which the CD balance check counts.
 */
export const quarantineDisposals = sqliteTable(
  'quarantine_disposals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id')
      .notNull()
      .references(() => batches.id),
    kind: text('kind', { enum: QUARANTINE_DISPOSAL_KINDS }).notNull(),
    quantityMilli: integer('quantity_milli').notNull(),
    reason: text('reason').notNull(),
    witness: text('witness'),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    at: text('at').notNull()
  },
  (t) => [
    index('quarantine_disposals_batch').on(t.batchId, t.quantityMilli),
    check('quarantine_disposals_kind', sql`${t.kind} IN ('destruction', 'supplier_return')`),
    check('quarantine_disposals_quantity', sql`${t.quantityMilli} > 0`),
    check('quarantine_disposals_reason', sql`length(trim(${t.reason})) > 0`)
  ]
)

export const batchLevels = sqliteTable('batch_levels', {
  batchId: integer('batch_id')
    .primaryKey()
    .references(() => batches.id),
  onHandMilli: integer('on_hand_milli').notNull(),
  reservedMilli: integer('reserved_milli').notNull()
})

/** The stock check's answer for each line of a request (current state; the movements are the history). */
export const requestStockLines = sqliteTable(
  'request_stock_lines',
  {
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    lineId: text('line_id').notNull(),
    /** As prescribed. */
    dmdId: text('dmd_id').notNull(),
    /** Null when the prescribed unit names no pack unit. */
    unit: text('unit'),
    neededMilli: integer('needed_milli').notNull(),
    outcome: text('outcome', { enum: STOCK_LINE_OUTCOMES }).notNull(),
    reason: text('reason'),
    etaDate: text('eta_date'),
    etaWords: text('eta_words'),
    supplyIssueId: integer('supply_issue_id').references(() => supplyIssues.id),
    checkedAt: text('checked_at').notNull(),
    checkedBy: text('checked_by').notNull()
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.lineId] }),
    check('request_stock_lines_outcome', sql`${t.outcome} IN (${list(STOCK_LINE_OUTCOMES)})`),
    check('request_stock_lines_needed', sql`${t.neededMilli} > 0`)
  ]
)
