/**
 * Recalled batches (an MHRA drug alert, a company-led recall), kept by pack and batch number: a
 * batch never booked in here is still refused when a pack of it is scanned. Every query on
 * `batch_recalls` is here.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { BatchRecallView } from '../../shared/contract'
import { normaliseBatchNo } from '../../shared/stock/identifiers'
import { type CounterDb, batchRecalls, jsonArrayValues, packs, placeholders } from '../db'

export interface NewBatchRecall {
  amppId: string
  batchNo: string
  reference: string
  alertClass: number
  note: string | null
  recordedAt: string
  recordedBy: { id: string; name: string }
}

const COLUMNS = {
  id: batchRecalls.id,
  amppId: batchRecalls.amppId,
  packName: packs.name,
  batchNo: batchRecalls.batchNo,
  reference: batchRecalls.reference,
  alertClass: batchRecalls.alertClass,
  note: batchRecalls.note,
  recordedAt: batchRecalls.recordedAt,
  recordedBy: batchRecalls.recordedByName
}

type Row = Omit<BatchRecallView, 'words'>

/** What a scan of a pack of a recalled batch is told, wherever it is scanned. */
function recallWords(recall: Pick<BatchRecallView, 'batchNo' | 'packName' | 'reference' | 'alertClass'>): string {
  return `Batch ${recall.batchNo} of ${recall.packName} is recalled (${recall.reference}, class ${recall.alertClass}): put the pack in quarantine`
}

export class BatchRecalls {
  private readonly insert
  private readonly ofBatch
  private readonly ofPacks

  constructor(db: CounterDb) {
    const select = () => db.select(COLUMNS).from(batchRecalls).innerJoin(packs, eq(packs.amppId, batchRecalls.amppId))
    this.insert = db
      .insert(batchRecalls)
      .values(
        placeholders([
          'amppId',
          'batchNo',
          'reference',
          'alertClass',
          'note',
          'recordedAt',
          'recordedById',
          'recordedByName'
        ])
      )
      .prepare()
    this.ofBatch = select()
      .where(
        and(
          eq(batchRecalls.amppId, sql.placeholder('amppId')),
          eq(sql`upper(trim(${batchRecalls.batchNo}))`, sql.placeholder('batchNo'))
        )
      )
      .prepare()
    this.ofPacks = select()
      .where(inArray(batchRecalls.amppId, jsonArrayValues('amppIds')))
      .orderBy(asc(batchRecalls.id))
      .prepare()
  }

  /** The recall of this batch of this pack, if it is recalled, its number matched whatever its case. */
  of(amppId: string, batchNo: string): BatchRecallView | null {
    const row = this.ofBatch.get({ amppId, batchNo: normaliseBatchNo(batchNo) })
    return row ? toView(row) : null
  }

  /** The recalls of these packs' batches, oldest first; of one batch number only, when given. */
  ofPacksList(amppIds: readonly string[], batchNo?: string): BatchRecallView[] {
    if (amppIds.length === 0) return []
    return this.ofPacks
      .all({ amppIds: JSON.stringify(amppIds) })
      .filter((row) => batchNo === undefined || normaliseBatchNo(row.batchNo) === normaliseBatchNo(batchNo))
      .map(toView)
  }

  record(recall: NewBatchRecall): BatchRecallView {
    this.insert.run({
      amppId: recall.amppId,
      batchNo: recall.batchNo,
      reference: recall.reference,
      alertClass: recall.alertClass,
      note: recall.note,
      recordedAt: recall.recordedAt,
      recordedById: recall.recordedBy.id,
      recordedByName: recall.recordedBy.name
    })
    const stored = this.of(recall.amppId, recall.batchNo)
    if (!stored) throw new Error(`the recall of ${recall.amppId} batch ${recall.batchNo} was not stored`)
    return stored
  }
}

function toView(row: Row): BatchRecallView {
  return { ...row, words: recallWords(row) }
}
