import type Database from 'better-sqlite3'
import { fromMilli } from '../../shared/stock/units'
import type { MovementKind } from '../db/schema/stock'
import { CounterError } from '../errors'
import { isExpired } from './expiry'

export interface StockActor {
  id: string | null
  name: string
}

export interface BatchRecord {
  id: number
  amppId: string
  batchNo: string
  expiry: string
}

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

interface LevelRow {
  on_hand: number | null
  reserved: number | null
}

interface BatchLevelRow {
  id: number
  ampp_id: string
  batch_no: string
  expiry: string
  on_hand: number
  reserved: number
}

/**
 * The stock ledger: every change of stock is a movement row; levels are sums over them. Each
 * method checks what the database triggers also enforce (nothing below zero) so a person gets a
 * sentence instead of a constraint error, plus the rules the database cannot know: an expired
 * batch is never reserved or dispensed (expiry.ts). Runs inside the caller's transaction.
 */
export class Ledger {
  private readonly insert: Database.Statement
  private readonly levelOf: Database.Statement<[number], LevelRow>
  private readonly batchById: Database.Statement<
    [number],
    { id: number; ampp_id: string; batch_no: string; expiry: string }
  >
  private readonly batchByNo: Database.Statement<
    [string, string],
    { id: number; ampp_id: string; batch_no: string; expiry: string }
  >
  private readonly insertBatch: Database.Statement
  private readonly levelsOfPacks: Database.Statement<[string], BatchLevelRow>
  private readonly reservedOfRequest: Database.Statement<
    [string],
    { line_id: string; batch_id: number; reserved: number }
  >
  private readonly reservedOfLineBatch: Database.Statement<[string, string, number], { reserved: number | null }>
  private readonly outOfStockForRequest: Database.Statement<[string], { out: number | null }>

  constructor(sqlite: Database.Database) {
    this.insert = sqlite.prepare(
      `INSERT INTO stock_movements (batch_id, kind, on_hand_delta_milli, reserved_delta_milli, reason, request_id, line_id,
         order_line_id, receipt_line_id, stock_take_id, actor_id, actor_name, at)
       VALUES (@batchId, @kind, @onHandDeltaMilli, @reservedDeltaMilli, @reason, @requestId, @lineId,
         @orderLineId, @receiptLineId, @stockTakeId, @actorId, @actorName, @at)`
    )
    this.levelOf = sqlite.prepare(
      'SELECT SUM(on_hand_delta_milli) AS on_hand, SUM(reserved_delta_milli) AS reserved FROM stock_movements WHERE batch_id = ?'
    )
    this.batchById = sqlite.prepare('SELECT id, ampp_id, batch_no, expiry FROM batches WHERE id = ?')
    this.batchByNo = sqlite.prepare(
      'SELECT id, ampp_id, batch_no, expiry FROM batches WHERE ampp_id = ? AND batch_no = ?'
    )
    this.insertBatch = sqlite.prepare('INSERT INTO batches (ampp_id, batch_no, expiry, created_at) VALUES (?, ?, ?, ?)')
    this.levelsOfPacks = sqlite.prepare(
      `SELECT b.id, b.ampp_id, b.batch_no, b.expiry, SUM(m.on_hand_delta_milli) AS on_hand, SUM(m.reserved_delta_milli) AS reserved
       FROM batches b JOIN stock_movements m ON m.batch_id = b.id
       WHERE b.ampp_id IN (SELECT value FROM json_each(?))
       GROUP BY b.id HAVING on_hand > 0 OR reserved > 0`
    )
    this.reservedOfRequest = sqlite.prepare(
      `SELECT line_id, batch_id, SUM(reserved_delta_milli) AS reserved FROM stock_movements
       WHERE request_id = ? AND kind IN ('reservation', 'release', 'dispensed')
       GROUP BY line_id, batch_id HAVING reserved > 0 ORDER BY line_id, batch_id`
    )
    this.reservedOfLineBatch = sqlite.prepare(
      `SELECT SUM(reserved_delta_milli) AS reserved FROM stock_movements
       WHERE request_id = ? AND line_id = ? AND batch_id = ? AND kind IN ('reservation', 'release', 'dispensed')`
    )
    // Stock dispensed for a request and not yet brought back: still out of the shelf.
    this.outOfStockForRequest = sqlite.prepare(
      `SELECT -SUM(on_hand_delta_milli) AS out FROM stock_movements WHERE request_id = ? AND kind IN ('dispensed', 'return')`
    )
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
    })
    return Number(result.lastInsertRowid)
  }

  level(batchId: number): { onHandMilli: number; reservedMilli: number; availableMilli: number } {
    const row = this.levelOf.get(batchId)
    const onHandMilli = row?.on_hand ?? 0
    const reservedMilli = row?.reserved ?? 0
    return { onHandMilli, reservedMilli, availableMilli: onHandMilli - reservedMilli }
  }

  batch(batchId: number): BatchRecord | null {
    const row = this.batchById.get(batchId)
    return row ? { id: row.id, amppId: row.ampp_id, batchNo: row.batch_no, expiry: row.expiry } : null
  }

  findBatch(amppId: string, batchNo: string): BatchRecord | null {
    const row = this.batchByNo.get(amppId, batchNo)
    return row ? { id: row.id, amppId: row.ampp_id, batchNo: row.batch_no, expiry: row.expiry } : null
  }

  /** The batch with this number, made if new. A known batch number with another expiry is refused. */
  ensureBatch(amppId: string, batchNo: string, expiry: string, at: string): BatchRecord {
    const existing = this.findBatch(amppId, batchNo)
    if (existing) {
      if (existing.expiry !== expiry) {
        throw new CounterError(
          'conflict',
          `Batch ${batchNo} is on record with expiry ${existing.expiry}, not ${expiry}. Check the pack before booking it in.`
        )
      }
      return existing
    }
    const id = Number(this.insertBatch.run(amppId, batchNo, expiry, at).lastInsertRowid)
    return { id, amppId, batchNo, expiry }
  }

  /** Batches of these packs holding stock on hand or reserved. */
  levelsForPacks(amppIds: readonly string[]): BatchLevel[] {
    if (amppIds.length === 0) return []
    return this.levelsOfPacks.all(JSON.stringify(amppIds)).map((row) => ({
      id: row.id,
      amppId: row.ampp_id,
      batchNo: row.batch_no,
      expiry: row.expiry,
      onHandMilli: row.on_hand,
      reservedMilli: row.reserved
    }))
  }

  /** What a request holds reserved, per line and batch. */
  reservationsOf(requestId: string): Array<{ lineId: string; batchId: number; reservedMilli: number }> {
    return this.reservedOfRequest
      .all(requestId)
      .map((row) => ({ lineId: row.line_id, batchId: row.batch_id, reservedMilli: row.reserved }))
  }

  /** Stock dispensed for a request that has not come back to the shelf. */
  dispensedOutFor(requestId: string): number {
    return Math.max(0, this.outOfStockForRequest.get(requestId)?.out ?? 0)
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
        `Batch ${batch.batchNo} expired on ${batch.expiry}; expired stock cannot be reserved.`
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
    const held = this.reservedOfLineBatch.get(requestId, lineId, batchId)?.reserved ?? 0
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
        `Batch ${batch.batchNo} expired on ${batch.expiry}; expired stock cannot be dispensed.`
      )
    }
    const held = this.reservedOfLineBatch.get(requestId, lineId, batchId)?.reserved ?? 0
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
    env: StockEnv
  ): number {
    positive(quantityMilli)
    this.requireAvailable(
      this.requireBatch(batchId),
      quantityMilli,
      kind === 'supplier_return' ? 'return to the supplier' : `mark as ${kind}`
    )
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
