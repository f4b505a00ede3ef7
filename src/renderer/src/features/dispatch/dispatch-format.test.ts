import { describe, expect, it } from 'vitest'
import type { OutcomeImportLine } from '@shared/contract'
import { describeLine, problemsFirst, reportSummary } from './outcome-report'

describe('an outcome import report', () => {
  const lines: OutcomeImportLine[] = [
    { line: 2, trackingNumber: 'AA1', result: 'applied', requestId: 'fr_1', outcome: 'delivered' },
    { line: 3, trackingNumber: 'AA2', result: 'already_recorded', requestId: 'fr_1' },
    {
      line: 4,
      trackingNumber: 'AA3',
      result: 'unreadable',
      message: '"In transit" is neither delivered nor returned; nothing to record.'
    },
    { line: 5, trackingNumber: null, result: 'unreadable', message: 'No tracking number on this line.' },
    {
      line: 6,
      trackingNumber: 'AA4',
      result: 'unmatched',
      message: 'No parcel sent from here has tracking number AA4.'
    },
    { line: 7, trackingNumber: 'AA5', result: 'refused', message: 'fr_2 is delivered, not dispatched' },
    { line: 8, trackingNumber: 'AA6', result: 'applied', requestId: 'fr_3', outcome: 'returned' }
  ]

  it('lists problems first, the worst first, and keeps every line', () => {
    expect(problemsFirst(lines).map((l) => l.line)).toEqual([7, 6, 4, 5, 3, 2, 8])
  })

  it('says what each line did, with main’s own message for a problem', () => {
    expect(describeLine(lines[0]!)).toEqual({ result: 'Recorded', detail: 'Delivered: fr_1' })
    expect(describeLine(lines[6]!)).toEqual({ result: 'Recorded', detail: 'Returned to sender: fr_3' })
    expect(describeLine(lines[5]!)).toEqual({ result: 'Refused', detail: 'fr_2 is delivered, not dispatched' })
    expect(reportSummary(lines)).toBe('7 lines · 2 recorded · 1 already recorded · 4 problems')
  })
})
