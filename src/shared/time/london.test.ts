import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addDays } from './calendar'
import { formatDate, formatDateTime, formatTime, londonDate, londonInstant, londonWallClock } from './london'

/** 'YYYY-MM-DD HH:MM' London wall-clock time → instant. */
function london(local: string): Date {
  const [date = '', time = ''] = local.split(' ')
  return londonInstant(date, time)
}

describe('wall clock in Europe/London', () => {
  it('converts GMT and BST times', () => {
    expect(london('2025-12-01 12:00').toISOString()).toBe('2025-12-01T12:00:00.000Z')
    expect(london('2025-07-01 12:00').toISOString()).toBe('2025-07-01T11:00:00.000Z')
  })
  it('reads a time in the spring gap with the offset before the change', () => {
    expect(london('2025-03-30 01:30').toISOString()).toBe('2025-03-30T01:30:00.000Z')
    expect(londonWallClock(london('2025-03-30 01:30'))).toMatchObject({ hour: 2, minute: 30 })
  })
  it('takes the earlier instant in the repeated autumn hour', () => {
    expect(london('2025-10-26 01:30').toISOString()).toBe('2025-10-26T00:30:00.000Z')
    // The same wall-clock reading an hour later is GMT's 01:30.
    expect(londonWallClock(new Date('2025-10-26T01:30:00Z'))).toEqual({
      date: '2025-10-26',
      hour: 1,
      minute: 30,
      second: 0
    })
  })
  it('changes over at 01:00 UTC on the last Sundays of March and October', () => {
    expect(londonWallClock(new Date('2026-03-29T00:59:59Z'))).toMatchObject({ hour: 0, minute: 59, second: 59 })
    expect(londonWallClock(new Date('2026-03-29T01:00:00Z'))).toMatchObject({ hour: 2, minute: 0 })
    expect(londonWallClock(new Date('2026-10-25T00:59:59Z'))).toMatchObject({ hour: 1, minute: 59 })
    expect(londonWallClock(new Date('2026-10-25T01:00:00Z'))).toMatchObject({ hour: 1, minute: 0 })
  })
  it('refuses what is not a date and a time', () => {
    expect(() => londonInstant('2026-02-30', '10:00')).toThrow(RangeError)
    expect(() => londonInstant('2026-02-28', '9:00')).toThrow(RangeError)
  })
  it('reads back every minute of a year as the wall clock it came from (gap minutes aside)', () => {
    const start = Date.UTC(2025, 0, 1)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * 366 * 24 * 60 }), (minutes) => {
        const at = new Date(start + minutes * 60_000)
        const clock = londonWallClock(at)
        const time = `${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}`
        const back = londonInstant(clock.date, time)
        // In the repeated autumn hour the earlier reading wins: the GMT minute reads back an hour early.
        expect([at.getTime(), at.getTime() - 3_600_000]).toContain(back.getTime())
        expect(londonWallClock(back)).toMatchObject({ date: clock.date, hour: clock.hour, minute: clock.minute })
      })
    )
  })
})

describe('London days', () => {
  it('are London days whatever the machine says, across months and the clock change', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01')
    expect(londonDate(new Date('2026-11-26T23:30:00Z'))).toBe('2026-11-26')
    expect(londonDate('2026-03-28T23:59:00Z')).toBe('2026-03-28')
    expect(londonDate('2026-03-29T23:30:00Z')).toBe('2026-03-30')
    expect(londonDate('2026-10-24T23:30:00Z')).toBe('2026-10-25')
    expect(londonDate('2026-10-25T23:30:00Z')).toBe('2026-10-25')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
  })
  it('are read the same whatever was asked before (the last hour is remembered)', () => {
    const slow = (at: Date) => formatDate(at).split('/').reverse().join('-')
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2035-01-01T00:00:00Z') }), {
          minLength: 1,
          maxLength: 20
        }),
        fc.integer({ min: -3, max: 3 }),
        (instants, nudge) => {
          for (const ms of instants.flatMap((at) => [at, at + nudge * 60_000, at + nudge * 3_600_000])) {
            expect(londonDate(new Date(ms))).toBe(slow(new Date(ms)))
          }
        }
      )
    )
    expect(() => londonDate('not a time')).toThrow(RangeError)
  })
  it('start at London midnight, 23 or 25 hours long on the days the clocks change', () => {
    const length = (date: string) =>
      londonInstant(addDays(date, 1), '00:00').getTime() - londonInstant(date, '00:00').getTime()
    expect(londonInstant('2026-07-01', '00:00').toISOString()).toBe('2026-06-30T23:00:00.000Z')
    expect(length('2026-03-29') / 3_600_000).toBe(23)
    expect(length('2026-10-25') / 3_600_000).toBe(25)
    expect(length('2026-11-26') / 3_600_000).toBe(24)
  })
})

describe('dates and times for people', () => {
  it('are en-GB in London time, in BST and GMT alike', () => {
    expect(formatTime('2026-07-01T13:05:00Z')).toBe('14:05')
    expect(formatTime('2026-11-27T14:05:00Z')).toBe('14:05')
    expect(formatDateTime('2026-07-01T23:30:00Z')).toBe('02/07/2026, 00:30')
    expect(formatDateTime(new Date('2026-11-26T09:00:00Z'))).toBe('26/11/2026, 09:00')
    expect(formatDate('2026-06-30T23:30:00Z')).toBe('01/07/2026')
    expect(formatDate(new Date('2026-11-26T23:59:00Z'))).toBe('26/11/2026')
  })
  it('write a calendar date as it stands, whatever the zone', () => {
    expect(formatDate('2035-12-31')).toBe('31/12/2035')
    expect(formatDate('2026-03-29')).toBe('29/03/2026')
  })
})
