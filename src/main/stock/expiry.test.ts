import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addDays, lastDayOfMonth } from '../../shared/time/calendar'
import { courseEndDate, isExpired, isShortDated, suggestFefoPicks, type BatchAvailability } from './expiry'

const batch = (batchId: string, expiry: string, available: number): BatchAvailability => ({
  batchId,
  expiry,
  available
})

describe('expiry rules', () => {
  it('a batch is usable on its expiry day and expired the day after', () => {
    expect(isExpired('2025-11-30', '2025-11-30')).toBe(false)
    expect(isExpired('2025-11-30', '2025-12-01')).toBe(true)
  })
  it('a month-only expiry runs to the last day of the month', () => {
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28')
    expect(lastDayOfMonth('2028-02')).toBe('2028-02-29')
    expect(lastDayOfMonth('2025-12')).toBe('2025-12-31')
    expect(() => lastDayOfMonth('2025-13')).toThrow(RangeError)
  })
  it('course end is dispensing date plus days of treatment', () => {
    expect(courseEndDate({ dispensingDate: '2025-12-20', treatmentDays: 28 })).toBe('2026-01-17')
    expect(() => courseEndDate({ dispensingDate: '2025-12-20', treatmentDays: 2.5 })).toThrow(RangeError)
  })
  it('short-dated means usable but expiring within the window', () => {
    expect(isShortDated('2025-12-10', '2025-12-01', 30)).toBe(true)
    expect(isShortDated('2026-06-01', '2025-12-01', 30)).toBe(false)
    expect(isShortDated('2025-11-30', '2025-12-01', 30)).toBe(false)
  })
  it('refuses malformed dates and quantities', () => {
    expect(() => isExpired('30/11/2025', '2025-12-01')).toThrow(RangeError)
    expect(() => suggestFefoPicks({ batches: [batch('A', '2025-02-30', 1)], needed: 1, today: '2025-01-01' })).toThrow(
      /batch A/
    )
    expect(() => suggestFefoPicks({ batches: [batch('A', '2026-01-01', -1)], needed: 1, today: '2025-01-01' })).toThrow(
      RangeError
    )
    expect(() => suggestFefoPicks({ batches: [], needed: Number.NaN, today: '2025-01-01' })).toThrow(RangeError)
  })
})

describe('suggestFefoPicks', () => {
  const today = '2025-11-27'
  const batches = [
    batch('LATE', '2027-03-31', 100),
    batch('SOON', '2026-01-31', 20),
    batch('GONE', '2025-11-26', 500),
    batch('EMPTY', '2025-12-31', 0),
    batch('TODAY', '2025-11-27', 5)
  ]

  it('picks the earliest usable expiry first and skips expired and empty batches', () => {
    const s = suggestFefoPicks({ batches, needed: 56, today })
    expect(s.picks.map((p) => [p.batchId, p.quantity])).toEqual([
      ['TODAY', 5],
      ['SOON', 20],
      ['LATE', 31]
    ])
    expect(s).toMatchObject({ picked: 56, shortfall: 0, courseEnd: null, warnExpiresBeforeCourseEnd: false })
    expect(s.excluded).toEqual([
      { batchId: 'GONE', expiry: '2025-11-26', reason: 'expired' },
      { batchId: 'EMPTY', expiry: '2025-12-31', reason: 'none-available' }
    ])
  })
  it('reports a shortfall rather than touching expired stock', () => {
    const s = suggestFefoPicks({ batches, needed: 200, today })
    expect(s).toMatchObject({ picked: 125, shortfall: 75 })
    expect(s.picks.some((p) => p.batchId === 'GONE')).toBe(false)
  })
  it('flags batches that expire before the course ends', () => {
    const s = suggestFefoPicks({ batches, needed: 56, today, course: { dispensingDate: today, treatmentDays: 65 } })
    expect(s.courseEnd).toBe('2026-01-31')
    expect(s.picks.map((p) => [p.batchId, p.expiresBeforeCourseEnd])).toEqual([
      ['TODAY', true],
      ['SOON', false],
      ['LATE', false]
    ])
    expect(s.warnExpiresBeforeCourseEnd).toBe(true)
  })
  it('breaks expiry ties by the smaller remainder, then batch id', () => {
    const s = suggestFefoPicks({
      batches: [batch('B', '2026-05-31', 10), batch('A', '2026-05-31', 10), batch('C', '2026-05-31', 3)],
      needed: 12,
      today
    })
    expect(s.picks.map((p) => [p.batchId, p.quantity])).toEqual([
      ['C', 3],
      ['A', 9]
    ])
  })
  it('needs nothing, picks nothing', () => {
    expect(suggestFefoPicks({ batches, needed: 0, today }).picks).toEqual([])
  })
})

describe('suggestFefoPicks properties', () => {
  const today = '2026-06-15'
  const batchesArb = fc.uniqueArray(
    fc.record({
      batchId: fc.string({ minLength: 1, maxLength: 6 }),
      expiry: fc.integer({ min: -60, max: 720 }).map((d) => addDays(today, d)),
      available: fc.integer({ min: 0, max: 200 })
    }),
    { selector: (b) => b.batchId, maxLength: 12 }
  )
  const courseArb = fc.option(
    fc.record({ dispensingDate: fc.constant(today), treatmentDays: fc.integer({ min: 0, max: 400 }) }),
    { nil: undefined }
  )

  it('picks min(needed, usable stock), never from expired batches, first expiry first', () => {
    fc.assert(
      fc.property(batchesArb, fc.integer({ min: 0, max: 1000 }), courseArb, (batches, needed, course) => {
        const s = suggestFefoPicks({ batches, needed, today, ...(course ? { course } : {}) })
        const byId = new Map(batches.map((b) => [b.batchId, b]))
        const usable = batches.filter((b) => b.expiry >= today && b.available > 0)
        const usableTotal = usable.reduce((n, b) => n + b.available, 0)

        expect(s.picked).toBe(Math.min(needed, usableTotal))
        expect(s.picks.reduce((n, p) => n + p.quantity, 0)).toBe(s.picked)
        expect(s.shortfall).toBe(needed - s.picked)
        expect(new Set(s.picks.map((p) => p.batchId)).size).toBe(s.picks.length)
        expect(s.picks.length + s.excluded.length).toBeLessThanOrEqual(batches.length)
        for (const p of s.picks) {
          const b = byId.get(p.batchId)
          expect(b).toBeDefined()
          expect(p.expiry >= today).toBe(true)
          expect(p.quantity).toBeGreaterThan(0)
          expect(p.quantity).toBeLessThanOrEqual(b?.available ?? 0)
          expect(p.expiresBeforeCourseEnd).toBe(s.courseEnd !== null && p.expiry < s.courseEnd)
        }
        // FEFO: every pick but the last empties its batch, and nothing left behind expires sooner.
        s.picks.slice(0, -1).forEach((p) => expect(p.quantity).toBe(byId.get(p.batchId)?.available))
        const latestPicked = s.picks.reduce((m, p) => (p.expiry > m ? p.expiry : m), '')
        for (const b of usable) {
          const taken = s.picks.find((p) => p.batchId === b.batchId)?.quantity ?? 0
          if (taken < b.available) expect(b.expiry >= latestPicked).toBe(true)
        }
        for (const e of s.excluded)
          expect(e.reason === 'expired' ? e.expiry < today : byId.get(e.batchId)?.available === 0).toBe(true)
      })
    )
  })
})
