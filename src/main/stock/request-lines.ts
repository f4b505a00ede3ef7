import { and, eq, exists, inArray, notInArray, sql } from 'drizzle-orm'
import type { RequestStockOutcome, StockLineOutcome } from '../../shared/contract'
import {
  type CounterDb,
  excluded,
  jsonArrayValues,
  placeholders,
  setPlaceholders,
  requests,
  requestStockLines
} from '../db'

export type RequestLineRecord = typeof requestStockLines.$inferSelect

const LINE_COLUMNS = [
  'requestId',
  'lineId',
  'dmdId',
  'unit',
  'neededMilli',
  'outcome',
  'reason',
  'etaDate',
  'etaWords',
  'supplyIssueId',
  'checkedAt',
  'checkedBy'
] as const satisfies ReadonlyArray<keyof RequestLineRecord>

/** The stock check's answer per request line: current state, rewritten by each check. */
export class RequestLines {
  private readonly upsert
  private readonly ofRequest
  private readonly dropOthers
  private readonly markInStock
  private readonly waiting

  constructor(db: CounterDb) {
    const t = requestStockLines
    this.upsert = db
      .insert(t)
      .values(placeholders(LINE_COLUMNS))
      .onConflictDoUpdate({
        target: [t.requestId, t.lineId],
        set: Object.fromEntries(
          LINE_COLUMNS.filter((key) => key !== 'requestId' && key !== 'lineId').map((key) => [key, excluded(t[key])])
        )
      })
      .prepare()
    this.ofRequest = db
      .select()
      .from(t)
      .where(eq(t.requestId, sql.placeholder('requestId')))
      .orderBy(sql`${t}.rowid`)
      .prepare()
    this.dropOthers = db
      .delete(t)
      .where(and(eq(t.requestId, sql.placeholder('requestId')), notInArray(t.lineId, jsonArrayValues('keep'))))
      .prepare()
    this.markInStock = db
      .update(t)
      .set({
        outcome: 'in_stock',
        reason: null,
        etaDate: null,
        etaWords: null,
        supplyIssueId: null,
        ...setPlaceholders(['checkedAt', 'checkedBy'])
      })
      .where(eq(t.requestId, sql.placeholder('requestId')))
      .prepare()
    // Requests this counter checked that wait for stock, longest-waiting first.
    this.waiting = db
      .select({ id: requests.id })
      .from(requests)
      .where(
        and(
          inArray(requests.stage, ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue']),
          exists(
            db
              .select({ one: sql`1` })
              .from(t)
              .where(eq(t.requestId, requests.id))
          )
        )
      )
      .orderBy(requests.stageSince, requests.id)
      .prepare()
  }

  /** Replaces the request's lines with these. */
  save(requestId: string, lines: readonly RequestLineRecord[]): void {
    this.dropOthers.run({ requestId, keep: JSON.stringify(lines.map((line) => line.lineId)) })
    for (const line of lines) this.upsert.run({ ...line })
  }

  of(requestId: string): RequestLineRecord[] {
    return this.ofRequest.all({ requestId })
  }

  allInStock(requestId: string, at: string, by: string): void {
    this.markInStock.run({ checkedAt: at, checkedBy: by, requestId })
  }

  waitingRequests(): string[] {
    return this.waiting.all().map((row) => row.id)
  }

  outcome(requestId: string): RequestStockOutcome | null {
    return requestOutcome(this.of(requestId).map((line) => line.outcome))
  }
}

export function requestOutcome(outcomes: readonly StockLineOutcome[]): RequestStockOutcome | null {
  if (outcomes.length === 0) return null
  if (outcomes.some((o) => o === 'supply_issue' || o === 'unknown_product')) return 'supply_issue'
  if (outcomes.some((o) => o === 'ordered')) return 'ordered'
  return 'available'
}
