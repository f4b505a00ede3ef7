import { and, eq, exists, getTableColumns, inArray, notInArray, sql } from 'drizzle-orm'
import type { RequestStockOutcome, StockLineOutcome } from '../../shared/contract'
import {
  type CounterDb,
  equalToPlaceholders,
  excluded,
  jsonArrayValues,
  placeholders,
  setPlaceholders,
  requests,
  requestStockLines
} from '../db'
import { TRANSITIONS } from '../../shared/workflow/transitions'

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
  private readonly orderedWaiting
  private readonly markSupplyIssue

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
    // Lines still on order, of requests where a shortage notice may reach them, longest-waiting first.
    this.orderedWaiting = db
      .select(getTableColumns(t))
      .from(t)
      .innerJoin(requests, eq(requests.id, t.requestId))
      .where(and(eq(t.outcome, 'ordered'), inArray(requests.stage, [...TRANSITIONS.shortageNotified.from])))
      .orderBy(requests.stageSince, requests.id, sql`${t}.rowid`)
      .prepare()
    // Only a line still on order: a notice recorded again finds it already a supply issue.
    this.markSupplyIssue = db
      .update(t)
      .set({
        outcome: 'supply_issue',
        ...setPlaceholders(['reason', 'etaDate', 'etaWords', 'supplyIssueId', 'checkedAt', 'checkedBy'])
      })
      .where(equalToPlaceholders({ requestId: t.requestId, lineId: t.lineId }, eq(t.outcome, 'ordered')))
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

  /** Lines on order, of requests waiting in a stage a shortage notice reaches. */
  orderedAndWaiting(): RequestLineRecord[] {
    return this.orderedWaiting.all()
  }

  /** A line on order is a supply issue now (a shortage notice); answers whether it was still on order. */
  supplyIssue(
    requestId: string,
    lineId: string,
    issue: { id: number; reason: string; expectedBack: string | null; expectedBackWords: string | null },
    at: string,
    by: string
  ): boolean {
    const changed = this.markSupplyIssue.run({
      requestId,
      lineId,
      reason: issue.reason,
      etaDate: issue.expectedBack,
      etaWords: issue.expectedBackWords,
      supplyIssueId: issue.id,
      checkedAt: at,
      checkedBy: by
    }).changes
    return changed > 0
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
