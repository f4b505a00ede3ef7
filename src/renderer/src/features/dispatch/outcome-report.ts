import type { OutcomeImportLine } from '@shared/contract'

type Result = OutcomeImportLine['result']

/** Problems first, the worst first; what was recorded last. */
const ORDER: Record<Result, number> = { refused: 0, unmatched: 1, unreadable: 2, already_recorded: 3, applied: 4 }

const LABELS: Record<Result, string> = {
  refused: 'Refused',
  unmatched: 'Unmatched',
  unreadable: 'Unreadable',
  already_recorded: 'Already recorded',
  applied: 'Recorded'
}

export function isProblem(line: OutcomeImportLine): boolean {
  return ORDER[line.result] < ORDER.already_recorded
}

export function problemsFirst(lines: readonly OutcomeImportLine[]): OutcomeImportLine[] {
  return [...lines].sort((a, b) => ORDER[a.result] - ORDER[b.result] || a.line - b.line)
}

/** What the report's row says: the result in a word or two, then what it means. */
export function describeLine(line: OutcomeImportLine): { result: string; detail: string } {
  if (line.result === 'applied')
    return {
      result: LABELS.applied,
      detail: `${line.outcome === 'delivered' ? 'Delivered' : 'Returned to sender'}: ${line.requestId}`
    }
  if (line.result === 'already_recorded')
    return {
      result: LABELS.already_recorded,
      detail: `${line.requestId}: this parcel's outcome was recorded before; nothing changed.`
    }
  return { result: LABELS[line.result], detail: line.message }
}

/** "2 recorded · 1 already recorded · 3 problems", counting every line of the file. */
export function reportSummary(lines: readonly OutcomeImportLine[]): string {
  const count = (results: Result[]): number => lines.filter((l) => results.includes(l.result)).length
  const problems = count(['refused', 'unmatched', 'unreadable'])
  return [
    `${lines.length} line${lines.length === 1 ? '' : 's'}`,
    `${count(['applied'])} recorded`,
    `${count(['already_recorded'])} already recorded`,
    `${problems} problem${problems === 1 ? '' : 's'}`
  ].join(' · ')
}
