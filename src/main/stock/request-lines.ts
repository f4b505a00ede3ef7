import type Database from 'better-sqlite3'
import type { RequestStockOutcome, StockLineOutcome } from '../../shared/contract'

export interface RequestLineRecord {
  requestId: string
  lineId: string
  dmdId: string
  unit: string | null
  neededMilli: number
  outcome: StockLineOutcome
  reason: string | null
  etaDate: string | null
  etaWords: string | null
  supplyIssueId: number | null
  checkedAt: string
  checkedBy: string
}

interface Row {
  request_id: string
  line_id: string
  dmd_id: string
  unit: string | null
  needed_milli: number
  outcome: StockLineOutcome
  reason: string | null
  eta_date: string | null
  eta_words: string | null
  supply_issue_id: number | null
  checked_at: string
  checked_by: string
}

/** The stock check's answer per request line: current state, rewritten by each check. */
export class RequestLines {
  private readonly upsert: Database.Statement
  private readonly ofRequest: Database.Statement<[string], Row>
  private readonly dropOthers: Database.Statement
  private readonly markInStock: Database.Statement
  private readonly waiting: Database.Statement<[], { id: string }>

  constructor(sqlite: Database.Database) {
    this.upsert = sqlite.prepare(
      `INSERT INTO request_stock_lines (request_id, line_id, dmd_id, unit, needed_milli, outcome, reason, eta_date, eta_words, supply_issue_id, checked_at, checked_by)
       VALUES (@requestId, @lineId, @dmdId, @unit, @neededMilli, @outcome, @reason, @etaDate, @etaWords, @supplyIssueId, @checkedAt, @checkedBy)
       ON CONFLICT (request_id, line_id) DO UPDATE SET dmd_id = excluded.dmd_id, unit = excluded.unit, needed_milli = excluded.needed_milli,
         outcome = excluded.outcome, reason = excluded.reason, eta_date = excluded.eta_date, eta_words = excluded.eta_words,
         supply_issue_id = excluded.supply_issue_id, checked_at = excluded.checked_at, checked_by = excluded.checked_by`
    )
    this.ofRequest = sqlite.prepare('SELECT * FROM request_stock_lines WHERE request_id = ? ORDER BY rowid')
    this.dropOthers = sqlite.prepare(
      'DELETE FROM request_stock_lines WHERE request_id = ? AND line_id NOT IN (SELECT value FROM json_each(?))'
    )
    this.markInStock = sqlite.prepare(
      `UPDATE request_stock_lines SET outcome = 'in_stock', reason = NULL, eta_date = NULL, eta_words = NULL, supply_issue_id = NULL,
         checked_at = ?, checked_by = ? WHERE request_id = ?`
    )
    // Requests this counter checked that wait for stock, longest-waiting first.
    this.waiting = sqlite.prepare(
      `SELECT r.id FROM requests r WHERE r.stage IN ('awaiting_patient_decision', 'awaiting_stock', 'supply_issue')
         AND EXISTS (SELECT 1 FROM request_stock_lines l WHERE l.request_id = r.id)
       ORDER BY r.stage_since, r.id`
    )
  }

  /** Replaces the request's lines with these. */
  save(requestId: string, lines: readonly RequestLineRecord[]): void {
    this.dropOthers.run(requestId, JSON.stringify(lines.map((line) => line.lineId)))
    for (const line of lines) this.upsert.run(line)
  }

  of(requestId: string): RequestLineRecord[] {
    return this.ofRequest.all(requestId).map((row) => ({
      requestId: row.request_id,
      lineId: row.line_id,
      dmdId: row.dmd_id,
      unit: row.unit,
      neededMilli: row.needed_milli,
      outcome: row.outcome,
      reason: row.reason,
      etaDate: row.eta_date,
      etaWords: row.eta_words,
      supplyIssueId: row.supply_issue_id,
      checkedAt: row.checked_at,
      checkedBy: row.checked_by
    }))
  }

  allInStock(requestId: string, at: string, by: string): void {
    this.markInStock.run(at, by, requestId)
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
