/**
 * A stock-take of one pack's shelf: each batch counted against what the ledger expects; each
 * difference becomes an adjustment movement naming the stock-take. Batches on record with stock
 * but not in the count were not found: counted as none. A count below what requests hold
 * reserved is refused: those requests must be re-checked or released first.
 */
import { and, eq, gt, isNotNull, sql } from 'drizzle-orm'
import type { StockTakeView } from '../../shared/contract'
import { fromMilli, toMilli } from '../../shared/stock/units'
import { type CounterDb, placeholders, sumOf, stockMovements, stockTakeLines, stockTakes } from '../db'
import { CounterError } from '../errors'
import type { CatalogueRepo } from './catalogue'
import type { BatchRecord, Ledger, StockEnv } from './ledger'

export interface CountInput {
  batchId?: number | undefined
  batchNo?: string | undefined
  expiry?: string | undefined
  counted: number
}

export class StockTaking {
  private readonly insertTake
  private readonly insertLine
  private readonly holders

  constructor(
    db: CounterDb,
    private readonly deps: { catalogue: CatalogueRepo; ledger: Ledger }
  ) {
    this.insertTake = db
      .insert(stockTakes)
      .values(placeholders(['amppId', 'at', 'actorId', 'actorName', 'note']))
      .prepare()
    this.insertLine = db
      .insert(stockTakeLines)
      .values(placeholders(['stockTakeId', 'batchId', 'expectedMilli', 'countedMilli']))
      .prepare()
    const m = stockMovements
    // Requests holding stock of the batch reserved (request_id IS NOT NULL below, so never null).
    this.holders = db
      .select({ requestId: sql<string>`${m.requestId}` })
      .from(m)
      .where(and(eq(m.batchId, sql.placeholder('batchId')), isNotNull(m.requestId)))
      .groupBy(m.requestId)
      .having(gt(sumOf(m.reservedDeltaMilli), 0))
      .orderBy(m.requestId)
      .prepare()
  }

  take(amppId: string, counts: readonly CountInput[], note: string | null, env: StockEnv): StockTakeView {
    const pack = this.deps.catalogue.pack(amppId)
    if (!pack) throw new CounterError('not_found', `There is no pack ${amppId} in the catalogue.`)
    const counted = new Map<number, { batch: BatchRecord; countedMilli: number }>()
    for (const count of counts) {
      const batch = this.batchOf(amppId, count, env)
      if (counted.has(batch.id)) throw new CounterError('invalid_input', `Batch ${batch.batchNo} is counted twice.`)
      counted.set(batch.id, { batch, countedMilli: toMilli(count.counted) })
    }
    for (const level of this.deps.ledger.levelsForPacks([amppId])) {
      if (!counted.has(level.id) && level.onHandMilli > 0) counted.set(level.id, { batch: level, countedMilli: 0 })
    }

    const takeId = Number(
      this.insertTake.run({ amppId, at: env.at, actorId: env.actor.id, actorName: env.actor.name, note })
        .lastInsertRowid
    )
    const lines: StockTakeView['lines'] = []
    for (const { batch, countedMilli } of counted.values()) {
      const { onHandMilli, reservedMilli } = this.deps.ledger.level(batch.id)
      if (countedMilli < reservedMilli) {
        const requests = this.holders
          .all({ batchId: batch.id })
          .map((row) => row.requestId)
          .join(', ')
        throw new CounterError(
          'precondition_failed',
          `Batch ${batch.batchNo}: ${fromMilli(countedMilli)} counted but ${fromMilli(reservedMilli)} are reserved for ${requests}. ` +
            'Re-check or release those requests first, then count again.'
        )
      }
      this.insertLine.run({ stockTakeId: takeId, batchId: batch.id, expectedMilli: onHandMilli, countedMilli })
      const difference = countedMilli - onHandMilli
      if (difference !== 0) {
        this.deps.ledger.adjust(
          batch.id,
          difference,
          `Stock-take ${takeId}: counted ${fromMilli(countedMilli)}, expected ${fromMilli(onHandMilli)}`,
          { stockTakeId: takeId },
          env
        )
      }
      lines.push({
        batchId: batch.id,
        batchNo: batch.batchNo,
        expiry: batch.expiry,
        expected: fromMilli(onHandMilli),
        counted: fromMilli(countedMilli),
        difference: fromMilli(difference)
      })
    }
    return { id: takeId, amppId, at: env.at, lines }
  }

  private batchOf(amppId: string, count: CountInput, env: StockEnv): BatchRecord {
    if (count.batchId !== undefined) {
      const batch = this.deps.ledger.batch(count.batchId)
      if (!batch || batch.amppId !== amppId)
        throw new CounterError('invalid_input', `Batch ${count.batchId} is not a batch of pack ${amppId}.`)
      return batch
    }
    if (!count.batchNo || !count.expiry)
      throw new CounterError('invalid_input', 'A counted batch needs its id, or its number and expiry.')
    return this.deps.ledger.ensureBatch(amppId, count.batchNo, count.expiry, env.at)
  }
}
