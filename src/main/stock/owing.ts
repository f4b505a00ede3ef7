/**
 * What a waiting request is owed, in the worklist's few words: "owing until Mon 7 Dec" for stock on
 * order (the latest ETA of its lines), "supply issue" for a line no order can fill.
 */
import { and, eq, inArray, max } from 'drizzle-orm'
import { type CounterDb, requestStockLines, requests } from '../db'

const WAITING = ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue']
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** "2026-12-07" → "Mon 7 Dec" (a calendar date: no time zone enters). */
function shortDate(date: string): string {
  const day = new Date(`${date}T00:00:00Z`)
  return `${DAYS[day.getUTCDay()]} ${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]}`
}

export function owingNotes(db: CounterDb): Map<string, string> {
  const notes = new Map<string, string>()
  const waiting = (outcome: 'ordered' | 'supply_issue') =>
    db
      .select({ requestId: requestStockLines.requestId, eta: max(requestStockLines.etaDate) })
      .from(requestStockLines)
      .innerJoin(requests, eq(requests.id, requestStockLines.requestId))
      .where(and(inArray(requests.stage, WAITING), eq(requestStockLines.outcome, outcome)))
      .groupBy(requestStockLines.requestId)
      .all()
  for (const row of waiting('ordered'))
    notes.set(row.requestId, row.eta ? `owing until ${shortDate(row.eta)}` : 'owing')
  for (const row of waiting('supply_issue')) notes.set(row.requestId, 'supply issue')
  return notes
}
