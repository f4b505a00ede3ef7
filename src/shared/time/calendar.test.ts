import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, isIsoDate, lastDayOfMonth, weekdayOf } from './calendar'

describe('calendar dates', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true)
    expect(isIsoDate('2027-02-29')).toBe(false)
    expect(isIsoDate('2025-13-01')).toBe(false)
    expect(isIsoDate('2025-1-01')).toBe(false)
    expect(isIsoDate('2025-01-01T00:00')).toBe(false)
  })
  it('adds days across month, year and clock changes', () => {
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31')
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(daysBetween('2025-10-25', '2025-10-27')).toBe(2)
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError)
  })
  it('names weekdays', () => {
    expect(weekdayOf('2025-11-28')).toBe('fri')
    expect(weekdayOf('2026-03-29')).toBe('sun')
  })
  it('gives a month’s last day', () => {
    expect(lastDayOfMonth('2025-04')).toBe('2025-04-30')
  })
})
