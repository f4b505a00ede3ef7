import type { SupplyIssueSource, SupplyIssueView } from '../../shared/contract'
import { dateWords } from './eta'
import type { StockService } from './stock-service'

const SOURCE_WORDS: Record<SupplyIssueSource, string> = {
  msn: 'Medicine Supply Notification',
  ssp: 'Serious Shortage Protocol',
  manufacturer: 'Manufacturer',
  wholesaler: 'Wholesaler',
  other: 'Supply issue'
}

/** Phensys's limit on an event's reason, as the stock check keeps it. */
const MAX_REASON = 2000

/** A notice in the words Phensys passes on: "Medicine Supply Notification MSN/2026/123: …". */
export function noticeWords(issue: SupplyIssueView): string {
  const words = `${SOURCE_WORDS[issue.source]}${issue.reference ? ` ${issue.reference}` : ''}: ${issue.reason}`
  return words.length <= MAX_REASON ? words : `${words.slice(0, MAX_REASON - 1)}…`
}

/**
 * The lines a notice on this product turns from a delay into a supply issue, per request,
 * longest-waiting first: lines the stock check ordered, of requests still waiting (stock that
 * came in released them and marked their lines in stock), where the notice names the product
 * prescribed, its VMP, or the AMP of a pack still to come on the line's order. A line whose item
 * Phensys has changed since its stock check (`prescribedNow` names another product, or none) is
 * left to the next stock check: the notice may not be about what is prescribed now.
 */
export function linesUnderNotice(
  stock: StockService,
  issue: SupplyIssueView,
  prescribedNow: (requestId: string, lineId: string) => string | null
): Array<{ requestId: string; lineIds: string[] }> {
  const byRequest = new Map<string, string[]>()
  const covers = new Map<string, (lineId: string, dmdId: string) => boolean>()
  for (const line of stock.lines.orderedAndWaiting()) {
    let covered = covers.get(line.requestId)
    if (!covered) {
      const coming = stock.orders.outstandingFor(line.requestId)
      covered = (lineId, dmdId) =>
        dmdId === issue.dmdId ||
        stock.catalogue.product(dmdId)?.vmpId === issue.dmdId ||
        coming.some(
          (order) =>
            order.lineId === lineId && stock.catalogue.pack(order.suppliedAmppId ?? order.amppId)?.ampId === issue.dmdId
        )
      covers.set(line.requestId, covered)
    }
    if (!covered(line.lineId, line.dmdId) || prescribedNow(line.requestId, line.lineId) !== line.dmdId) continue
    byRequest.set(line.requestId, [...(byRequest.get(line.requestId) ?? []), line.lineId])
  }
  return [...byRequest].map(([requestId, lineIds]) => ({ requestId, lineIds }))
}

/** What the line keeps of the notice: its words and when it is expected back. */
export function lineUnderNotice(issue: SupplyIssueView, today: string) {
  return {
    id: issue.id,
    reason: noticeWords(issue),
    expectedBack: issue.expectedReturn,
    expectedBackWords: issue.expectedReturn ? `expected back ${dateWords(issue.expectedReturn, today)}` : null
  }
}
