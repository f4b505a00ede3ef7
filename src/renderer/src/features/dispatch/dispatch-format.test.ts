import { describe, expect, it } from 'vitest'
import type { OutcomeImportLine } from '../../../../shared/contract'
import { londonTime, londonToday, shiftDay } from './manifest-date'
import { describeLine, problemsFirst, reportSummary } from './outcome-report'

describe('manifest days', () => {
  it('are London days whatever the machine says, and step across months and the clock change', () => {
    expect(londonToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01')
    expect(londonToday(new Date('2026-11-26T23:30:00Z'))).toBe('2026-11-26')
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28')
    expect(shiftDay('2026-10-25', 1)).toBe('2026-10-26')
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01')
    expect(londonTime('2026-07-01T13:05:00Z')).toBe('14:05')
    expect(londonTime('2026-11-27T14:05:00Z')).toBe('14:05')
  })
})

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
