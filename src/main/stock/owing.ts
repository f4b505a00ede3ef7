/**
 * What a waiting request is owed, in the worklist's few words: "owing until Mon 7 Dec" for stock on
 * order (the latest ETA of its lines), "supply issue" for a line no order can fill.
 */
import { and, eq, inArray, max } from 'drizzle-orm'
import { type CounterDb, jsonArrayValues, requestStockLines, requests } from '../db'

const WAITING = ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue']
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** "2026-12-07" → "Mon 7 Dec" (a calendar date: no time zone enters). */
function shortDate(date: string): string {
  const day = new Date(`${date}T00:00:00Z`)
  return `${DAYS[day.getUTCDay()]} ${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]}`
}

/** What the waiting requests among those on screen are owed, by a query prepared once (the worklist asks for every page). */
export class OwingNotes {
  private readonly waiting

  constructor(db: CounterDb) {
    this.waiting = db
      .select({
        requestId: requestStockLines.requestId,
        outcome: requestStockLines.outcome,
        eta: max(requestStockLines.etaDate)
      })
      .from(requestStockLines)
      .innerJoin(requests, eq(requests.id, requestStockLines.requestId))
      .where(
        and(
          inArray(requestStockLines.requestId, jsonArrayValues('ids')),
          inArray(requests.stage, WAITING),
          inArray(requestStockLines.outcome, ['ordered', 'supply_issue'])
        )
      )
      .groupBy(requestStockLines.requestId, requestStockLines.outcome)
      .prepare()
  }

  of(requestIds: readonly string[]): Map<string, string> {
    const notes = new Map<string, string>()
    for (const row of this.waiting.all({ ids: JSON.stringify(requestIds) })) {
      // A line no order can fill says more than the date of the others.
      if (row.outcome === 'supply_issue') notes.set(row.requestId, 'supply issue')
      else if (!notes.has(row.requestId))
        notes.set(row.requestId, row.eta ? `owing until ${shortDate(row.eta)}` : 'owing')
    }
    return notes
  }
}
