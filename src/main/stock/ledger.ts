import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm'
import { normaliseBatchNo } from '../../shared/stock/identifiers'
import { fromMilli } from '../../shared/stock/units'
import {
  type CounterDb,
  jsonArrayValues,
  placeholders,
  sumOf,
  batches,
  batchLevels,
  quarantineDisposals,
  stockMovements,
  type MovementKind,
  type QuarantineDisposalKind
} from '../db'
import { CounterError } from '../errors'
import { isExpired } from './expiry'
import { formatDate } from '../../shared/time/london'

export interface StockActor {
  id: string | null
  name: string
}

export type BatchRecord = Pick<typeof batches.$inferSelect, 'id' | 'amppId' | 'batchNo' | 'expiry'>

export interface BatchLevel extends BatchRecord {
  onHandMilli: number
  reservedMilli: number
}

export interface MovementRefs {
  requestId?: string | null
  lineId?: string | null
  orderLineId?: number | null
  receiptLineId?: number | null
  stockTakeId?: number | null
}

export interface MovementInput extends MovementRefs {
  batchId: number
  kind: MovementKind
  onHandDeltaMilli: number
  reservedDeltaMilli: number
  reason?: string | null
  actor: StockActor
  at: string
}

/** Who and when, for every movement a command writes. `today` is the pharmacy's local date. */
export interface StockEnv {
  actor: StockActor
  at: string
  today: string
}

const MOVEMENT_COLUMNS = [
  'batchId',
  'kind',
  'onHandDeltaMilli',
  'reservedDeltaMilli',
  'reason',
  'requestId',
  'lineId',
  'orderLineId',
  'receiptLineId',
  'stockTakeId',
  'actorId',
  'actorName',
  'at'
] as const satisfies ReadonlyArray<keyof typeof stockMovements.$inferInsert>

const BATCH_COLUMNS = {
  id: batches.id,
  amppId: batches.amppId,
  batchNo: batches.batchNo,
  expiry: batches.expiry
}

/** The movements that hold or use a request line's reservation. */
const RESERVING_KINDS: MovementKind[] = ['reservation', 'release', 'dispensed']

/**
 * The stock ledger: every change of stock is a movement row; levels are sums over them. Each
 * method checks what the database triggers also enforce (nothing below zero) so a person gets a
 * sentence instead of a constraint error, plus the rules the database cannot know: an expired
 * batch is never reserved or dispensed (expiry.ts). Runs inside the caller's transaction.
 */
export class Ledger {
  private readonly insert
  private readonly levelOf
  private readonly batchById
  private readonly batchByNo
  private readonly batchesByNormalisedNo
  private readonly insertBatch
  private readonly levelsOfPacks
  private readonly reservedOfRequest
  private readonly reservedOfBatch
  private readonly reservedOfLineBatch
  private readonly outOfStockForRequest

  constructor(private readonly db: CounterDb) {
    const m = stockMovements
    const onHand = sumOf(m.onHandDeltaMilli)
    const reserved = sumOf(m.reservedDeltaMilli)
    this.insert = db.insert(m).values(placeholders(MOVEMENT_COLUMNS)).prepare()
    this.levelOf = db
      .select({ onHand, reserved })
      .from(m)
      .where(eq(m.batchId, sql.placeholder('batchId')))
      .prepare()
    this.batchById = db
      .select(BATCH_COLUMNS)
      .from(batches)
      .where(eq(batches.id, sql.placeholder('id')))
      .prepare()
    this.batchByNo = db
      .select(BATCH_COLUMNS)
      .from(batches)
      .where(and(eq(batches.amppId, sql.placeholder('amppId')), eq(batches.batchNo, sql.placeholder('batchNo'))))
      .prepare()
    this.batchesByNormalisedNo = db
      .select(BATCH_COLUMNS)
      .from(batches)
      .where(
        and(
          eq(batches.amppId, sql.placeholder('amppId')),
          eq(sql`upper(trim(${batches.batchNo}))`, sql.placeholder('batchNo'))
        )
      )
      .orderBy(asc(batches.id))
      .prepare()
    this.insertBatch = db
      .insert(batches)
      .values(placeholders(['amppId', 'batchNo', 'expiry', 'createdAt']))
      .prepare()
    // From each batch's running totals (kept by a trigger with every movement): summing the movements
    // here read every one a pack had all year, used-up batches and all, at every stock check.
    const level = batchLevels
    this.levelsOfPacks = db
      .select({ ...BATCH_COLUMNS, onHandMilli: level.onHandMilli, reservedMilli: level.reservedMilli })
      .from(batches)
      .innerJoin(level, eq(level.batchId, batches.id))
      .where(
        and(
          inArray(batches.amppId, jsonArrayValues('amppIds')),
          or(gt(level.onHandMilli, 0), gt(level.reservedMilli, 0))
        )
      )
      .orderBy(batches.id)
      .prepare()
    // A reserving movement always names its line (check stock_movements_request_line).
    this.reservedOfRequest = db
      .select({ lineId: sql<string>`${m.lineId}`, batchId: m.batchId, reservedMilli: sql<number>`${reserved}` })
      .from(m)
      .where(and(eq(m.requestId, sql.placeholder('requestId')), inArray(m.kind, RESERVING_KINDS)))
      .groupBy(m.lineId, m.batchId)
      .having(gt(reserved, 0))
      .orderBy(m.lineId, m.batchId)
      .prepare()
    this.reservedOfBatch = db
      .select({
        requestId: sql<string>`${m.requestId}`,
        lineId: sql<string>`${m.lineId}`,
        reservedMilli: sql<number>`${reserved}`
      })
      .from(m)
      .where(and(eq(m.batchId, sql.placeholder('batchId')), inArray(m.kind, RESERVING_KINDS)))
      .groupBy(m.requestId, m.lineId)
      .having(gt(reserved, 0))
      .orderBy(m.requestId, m.lineId)
      .prepare()
    this.reservedOfLineBatch = db
      .select({ reserved })
      .from(m)
      .where(
        and(
          eq(m.requestId, sql.placeholder('requestId')),
          eq(m.lineId, sql.placeholder('lineId')),
          eq(m.batchId, sql.placeholder('batchId')),
          inArray(m.kind, RESERVING_KINDS)
        )
      )
      .prepare()
    // Stock dispensed for a request and not yet brought back: still out of the shelf.
    this.outOfStockForRequest = db
      .select({ out: sql<number | null>`-${onHand}` })
      .from(m)
      .where(and(eq(m.requestId, sql.placeholder('requestId')), inArray(m.kind, ['dispensed', 'return'])))
      .prepare()
  }

  /** The raw insert: use the checked methods below unless you are loading data in bulk. */
  record(movement: MovementInput): number {
    const result = this.insert.run({
      batchId: movement.batchId,
      kind: movement.kind,
      onHandDeltaMilli: movement.onHandDeltaMilli,
      reservedDeltaMilli: movement.reservedDeltaMilli,
      reason: movement.reason ?? null,
      requestId: movement.requestId ?? null,
      lineId: movement.lineId ?? null,
      orderLineId: movement.orderLineId ?? null,
      receiptLineId: movement.receiptLineId ?? null,
      stockTakeId: movement.stockTakeId ?? null,
      actorId: movement.actor.id,
      actorName: movement.actor.name,
      at: movement.at
    } satisfies typeof stockMovements.$inferInsert)
    return Number(result.lastInsertRowid)
  }

  level(batchId: number): { onHandMilli: number; reservedMilli: number; availableMilli: number } {
    const row = this.levelOf.get({ batchId })
    const onHandMilli = row?.onHand ?? 0
    const reservedMilli = row?.reserved ?? 0
    return { onHandMilli, reservedMilli, availableMilli: onHandMilli - reservedMilli }
  }

  batch(batchId: number): BatchRecord | null {
    return this.batchById.get({ id: batchId }) ?? null
  }

  findBatch(amppId: string, batchNo: string): BatchRecord | null {
    return this.batchByNo.get({ amppId, batchNo }) ?? null
  }

  /** The batches of this pack whose number is this one whatever its case (a recall typed from an alert). */
  batchesMatching(amppId: string, batchNo: string): BatchRecord[] {
    return this.batchesByNormalisedNo.all({ amppId, batchNo: normaliseBatchNo(batchNo) })
  }

  /** The batch with this number, made if new. A known batch number with another expiry is refused. */
  ensureBatch(amppId: string, batchNo: string, expiry: string, at: string): BatchRecord {
    const existing = this.findBatch(amppId, batchNo)
    if (existing) {
      if (existing.expiry !== expiry) {
        throw new CounterError(
          'conflict',
          `Batch ${batchNo} is on record with expiry ${formatDate(existing.expiry)}, not ${formatDate(expiry)}. Check the pack before booking it in.`
        )
      }
      return existing
    }
    const id = Number(this.insertBatch.run({ amppId, batchNo, expiry, createdAt: at }).lastInsertRowid)
    return { id, amppId, batchNo, expiry }
  }

  /** Batches of these packs holding stock on hand or reserved. */
  levelsForPacks(amppIds: readonly string[]): BatchLevel[] {
    if (amppIds.length === 0) return []
    return this.levelsOfPacks.all({ amppIds: JSON.stringify(amppIds) })
  }

  /** What a request holds reserved, per line and batch. */
  reservationsOf(requestId: string): Array<{ lineId: string; batchId: number; reservedMilli: number }> {
    return this.reservedOfRequest.all({ requestId })
  }

  /** Who holds this batch reserved, per request and line. */
  reservationsOfBatch(batchId: number): Array<{ requestId: string; lineId: string; reservedMilli: number }> {
    return this.reservedOfBatch.all({ batchId })
  }

  /** Stock dispensed for a request that has not come back to the shelf. */
  dispensedOutFor(requestId: string): number {
    return Math.max(0, this.outOfStockForRequest.get({ requestId })?.out ?? 0)
  }

  // ---- Checked movements ------------------------------------------------------------------

  goodsIn(batchId: number, quantityMilli: number, refs: MovementRefs, env: StockEnv): number {
    positive(quantityMilli)
    return this.record({
      batchId,
      kind: 'goods_in',
      onHandDeltaMilli: quantityMilli,
      reservedDeltaMilli: 0,
      ...refs,
      actor: env.actor,
      at: env.at
    })
  }

  reserve(batchId: number, quantityMilli: number, requestId: string, lineId: string, env: StockEnv): number {
    positive(quantityMilli)
    const batch = this.requireBatch(batchId)
    if (isExpired(batch.expiry, env.today)) {
      throw new CounterError(
        'precondition_failed',
        `Batch ${batch.batchNo} expired on ${formatDate(batch.expiry)}; expired stock cannot be reserved.`
      )
    }
    this.requireAvailable(batch, quantityMilli, 'reserve')
    return this.record({
      batchId,
      kind: 'reservation',
      onHandDeltaMilli: 0,
      reservedDeltaMilli: quantityMilli,
      requestId,
      lineId,
      actor: env.actor,
      at: env.at
    })
  }

  release(
    batchId: number,
    quantityMilli: number,
    requestId: string,
    lineId: string,
    reason: string,
    env: StockEnv
  ): number {
    positive(quantityMilli)
    const held = this.reservedOfLineBatch.get({ requestId, lineId, batchId })?.reserved ?? 0
    if (held < quantityMilli) {
      throw new CounterError(
        'precondition_failed',
        `${requestId} line ${lineId} holds ${fromMilli(held)} of this batch reserved, not ${fromMilli(quantityMilli)}.`
      )
    }
    return this.record({
      batchId,
      kind: 'release',
      onHandDeltaMilli: 0,
      reservedDeltaMilli: -quantityMilli,
      reason,
      requestId,
      lineId,
      actor: env.actor,
      at: env.at
    })
  }

  /** Stock leaving the shelf for a patient: from the line's reservation, or from available stock. */
  dispense(batchId: number, quantityMilli: number, requestId: string, lineId: string, env: StockEnv): number {
    positive(quantityMilli)
    const batch = this.requireBatch(batchId)
    if (isExpired(batch.expiry, env.today)) {
      throw new CounterError(
        'precondition_failed',
        `Batch ${batch.batchNo} expired on ${formatDate(batch.expiry)}; expired stock cannot be dispensed.`
      )
    }
    const held = this.reservedOfLineBatch.get({ requestId, lineId, batchId })?.reserved ?? 0
    const fromReservation = Math.min(held, quantityMilli)
    if (quantityMilli > fromReservation) this.requireAvailable(batch, quantityMilli - fromReservation, 'dispense')
    return this.record({
      batchId,
      kind: 'dispensed',
      onHandDeltaMilli: -quantityMilli,
      reservedDeltaMilli: -fromReservation,
      requestId,
      lineId,
      actor: env.actor,
      at: env.at
    })
  }

  writeOff(
    kind: 'waste' | 'quarantine' | 'supplier_return',
    batchId: number,
    quantityMilli: number,
    reason: string,
    refs: MovementRefs,
    env: StockEnv,
    action = kind === 'supplier_return' ? 'return to the supplier' : `mark as ${kind}`
  ): number {
    positive(quantityMilli)
    this.requireAvailable(this.requireBatch(batchId), quantityMilli, action)
    return this.record({
      batchId,
      kind,
      onHandDeltaMilli: -quantityMilli,
      reservedDeltaMilli: 0,
      reason,
      ...refs,
      actor: env.actor,
      at: env.at
    })
  }

  /** What of the batch is in quarantine: moved there and not yet destroyed or returned. */
  quarantinedMilli(batchId: number): number {
    const moved = this.db
      .select({ milli: sql<number | null>`-${sumOf(stockMovements.onHandDeltaMilli)}` })
      .from(stockMovements)
      .where(and(eq(stockMovements.batchId, batchId), eq(stockMovements.kind, 'quarantine')))
      .get()
    const gone = this.db
      .select({ milli: sumOf(quarantineDisposals.quantityMilli) })
      .from(quarantineDisposals)
      .where(eq(quarantineDisposals.batchId, batchId))
      .get()
    return (moved?.milli ?? 0) - (gone?.milli ?? 0)
  }

  /**
   * Stock in quarantine leaves the premises (destroyed, or back to the supplier). Its on-hand went
   * when it was quarantined, so no movement: it leaves what the quarantine holds.
   */
  disposeFromQuarantine(
    kind: QuarantineDisposalKind,
    batchId: number,
    quantityMilli: number,
    reason: string,
    witness: string | null,
    env: StockEnv
  ): void {
    positive(quantityMilli)
    const batch = this.requireBatch(batchId)
    const held = this.quarantinedMilli(batchId)
    if (held < quantityMilli)
      throw new CounterError(
        'precondition_failed',
        `Cannot ${kind === 'destruction' ? 'destroy' : 'return to the supplier'} ${fromMilli(quantityMilli)} of batch ${batch.batchNo} from quarantine: only ${fromMilli(Math.max(0, held))} are in quarantine.`
      )
    this.db
      .insert(quarantineDisposals)
      .values({
        batchId,
        kind,
        quantityMilli,
        reason,
        witness,
        actorId: env.actor.id,
        actorName: env.actor.name,
        at: env.at
      })
      .run()
  }

  adjust(batchId: number, deltaMilli: number, reason: string, refs: MovementRefs, env: StockEnv): number {
    if (!Number.isInteger(deltaMilli) || deltaMilli === 0)
      throw new RangeError(`an adjustment moves a whole number of milli-units, not ${deltaMilli}`)
    const batch = this.requireBatch(batchId)
    if (deltaMilli < 0) this.requireAvailable(batch, -deltaMilli, 'take off')
    return this.record({
      batchId,
      kind: 'adjustment',
      onHandDeltaMilli: deltaMilli,
      reservedDeltaMilli: 0,
      reason,
      ...refs,
      actor: env.actor,
      at: env.at
    })
  }

  /** A dispensed pack back on the shelf (unopened, never left the pharmacy). */
  returnToStock(batchId: number, quantityMilli: number, reason: string, refs: MovementRefs, env: StockEnv): number {
    positive(quantityMilli)
    return this.record({
      batchId,
      kind: 'return',
      onHandDeltaMilli: quantityMilli,
      reservedDeltaMilli: 0,
      reason,
      ...refs,
      actor: env.actor,
      at: env.at
    })
  }

  private requireBatch(batchId: number): BatchRecord {
    const batch = this.batch(batchId)
    if (!batch) throw new CounterError('not_found', `There is no batch ${batchId}.`)
    return batch
  }

  private requireAvailable(batch: BatchRecord, quantityMilli: number, what: string): void {
    const { availableMilli, reservedMilli } = this.level(batch.id)
    if (availableMilli < quantityMilli) {
      const held = reservedMilli > 0 ? ` (${fromMilli(reservedMilli)} more are reserved for requests)` : ''
      throw new CounterError(
        'precondition_failed',
        `Cannot ${what} ${fromMilli(quantityMilli)} of batch ${batch.batchNo}: only ${fromMilli(Math.max(0, availableMilli))} available${held}.`
      )
    }
  }
}

function positive(quantityMilli: number): void {
  if (!Number.isInteger(quantityMilli) || quantityMilli <= 0)
    throw new RangeError(`a movement quantity is a whole number of milli-units above 0, not ${quantityMilli}`)
}
