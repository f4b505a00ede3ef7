import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { WEEKDAYS, weekdayOf } from '../../shared/time/calendar'
import {
  DELIVERY_SLOTS,
  SLOT_ENDS,
  wholesalerSchema,
  wholesalersFileSchema,
  type Wholesaler,
  type WholesalerInput
} from '../../shared/stock/wholesaler'
import { londonInstant, londonWallClock } from '../../shared/time/london'
import { compareEta, computeEta } from './eta'
import { resourcePath } from '../resources'

const file = wholesalersFileSchema.parse(JSON.parse(readFileSync(resourcePath('wholesalers.json'), 'utf8')))
const bankHolidays = file.bankHolidays?.dates ?? []
function wholesaler(id: string): Wholesaler {
  const w = file.wholesalers.find((x) => x.id === id)
  if (!w) throw new Error(`no sample wholesaler ${id}`)
  return w
}
const aah = wholesaler('aah')
const alliance = wholesaler('alliance')
const phoenix = wholesaler('phoenix')

/** 'YYYY-MM-DD HH:MM' London wall-clock time → instant. */
function london(local: string): Date {
  const [date = '', time = ''] = local.split(' ')
  return londonInstant(date, time)
}
function eta(w: Wholesaler, local: string, holidays: readonly string[] = bankHolidays) {
  const { date, slot, words } = computeEta(w, london(local), holidays)
  return { date, slot, words }
}

describe('sample wholesalers', () => {
  it('parse with the shared schema', () => {
    expect(file.wholesalers.map((w) => w.id)).toEqual(['aah', 'alliance', 'phoenix'])
    for (const w of file.wholesalers) expect(w.notes).toMatch(/^Check:/)
  })
})

describe('computeEta across cut-offs', () => {
  it('gives Friday morning for an order on Thursday at 15:00', () => {
    expect(eta(aah, '2025-11-27 15:00').words).toBe('Friday 28 Nov, morning delivery')
  })
  it('same-day before noon, next morning until 20:00, then the next day’s same-day run', () => {
    expect(eta(aah, '2025-11-25 11:59')).toEqual({
      date: '2025-11-25',
      slot: 'afternoon',
      words: 'Tuesday 25 Nov, afternoon delivery'
    })
    expect(eta(aah, '2025-11-25 12:00')).toMatchObject({ date: '2025-11-26', slot: 'morning' })
    expect(eta(aah, '2025-11-25 19:59')).toMatchObject({ date: '2025-11-26', slot: 'morning' })
    expect(eta(aah, '2025-11-25 20:00')).toMatchObject({ date: '2025-11-26', slot: 'afternoon' })
  })
  it('counts the cut-off minute itself as missed, to the millisecond', () => {
    const noon = london('2025-11-25 12:00').getTime()
    expect(computeEta(aah, new Date(noon - 1)).slot).toBe('afternoon')
    expect(computeEta(aah, new Date(noon)).slot).toBe('morning')
  })
  it('reports the cut-off the order makes', () => {
    expect(computeEta(alliance, london('2025-11-25 12:00')).cutOff).toEqual({ date: '2025-11-25', time: '18:30' })
  })
})

describe('computeEta over weekends', () => {
  it('a one-delivery-a-day wholesaler in a bank-holiday-free week', () => {
    const week = ['2025-11-24', '2025-11-25', '2025-11-26', '2025-11-27', '2025-11-28', '2025-11-29', '2025-11-30']
    const expected = ['2025-11-25', '2025-11-26', '2025-11-27', '2025-11-28', '2025-12-01', '2025-12-01', '2025-12-02']
    expect(week.map((d) => eta(phoenix, `${d} 10:00`).date)).toEqual(expected)
    expect(week.map((d) => eta(phoenix, `${d} 18:00`).date)).toEqual([
      '2025-11-26',
      '2025-11-27',
      '2025-11-28',
      '2025-12-01',
      '2025-12-01',
      '2025-12-02',
      '2025-12-02'
    ])
  })
  it('Saturday deliveries for AAH, none on Sunday', () => {
    expect(eta(aah, '2025-11-28 19:00')).toMatchObject({
      date: '2025-11-29',
      slot: 'morning',
      words: 'Saturday 29 Nov, morning delivery'
    })
    expect(eta(aah, '2025-11-28 21:00')).toMatchObject({ date: '2025-12-01', slot: 'morning' })
    expect(eta(aah, '2025-11-29 13:00')).toMatchObject({ date: '2025-12-01', slot: 'afternoon' })
    expect(eta(aah, '2025-11-30 09:00')).toMatchObject({ date: '2025-12-01', slot: 'afternoon' })
  })
  it('rolls from Friday evening to Alliance Sunday ordering, then Monday same-day', () => {
    expect(eta(alliance, '2025-11-28 19:00')).toMatchObject({ date: '2025-12-01', slot: 'morning' })
    expect(eta(alliance, '2025-11-30 17:30')).toMatchObject({ date: '2025-12-01', slot: 'afternoon' })
  })
})

describe('computeEta with non-delivery dates', () => {
  it('skips Good Friday and Easter Monday when they are in the list', () => {
    expect(eta(phoenix, '2026-04-02 16:00')).toMatchObject({
      date: '2026-04-07',
      words: 'Tuesday 7 Apr, morning delivery'
    })
    expect(eta(phoenix, '2026-04-02 16:00', [])).toMatchObject({ date: '2026-04-03' })
  })
  it('AAH on Maundy Thursday night: Saturday morning beats a rolled same-day run', () => {
    expect(eta(aah, '2026-04-02 21:00')).toMatchObject({ date: '2026-04-04', slot: 'morning' })
  })
  it('honours the wholesaler’s own closures', () => {
    const closed = { ...phoenix, nonDeliveryDates: ['2025-11-26'] }
    expect(eta(closed, '2025-11-25 10:00', [])).toMatchObject({ date: '2025-11-27' })
  })
  it('crosses Christmas and the new year, naming the year when it changes', () => {
    expect(eta(phoenix, '2025-12-24 16:00')).toMatchObject({
      date: '2025-12-29',
      words: 'Monday 29 Dec, morning delivery'
    })
    expect(eta(phoenix, '2025-12-31 16:00').words).toBe('Friday 2 Jan 2026, morning delivery')
  })
})

describe('computeEta in daylight-saving change weeks', () => {
  it('spring forward (29 Mar 2026): the noon cut-off is 11:00 UTC after the change', () => {
    expect(computeEta(aah, new Date('2026-03-27T11:59:00Z')).slot).toBe('afternoon') // GMT
    expect(computeEta(aah, new Date('2026-03-30T10:59:00Z'))).toMatchObject({ date: '2026-03-30', slot: 'afternoon' })
    expect(computeEta(aah, new Date('2026-03-30T11:30:00Z'))).toMatchObject({ date: '2026-03-31', slot: 'morning' })
  })
  it('fall back (26 Oct 2025): 19:30 UTC on Friday is 20:30 BST, past the cut-off', () => {
    expect(computeEta(aah, new Date('2025-10-24T18:59:00Z'))).toMatchObject({ date: '2025-10-25' })
    expect(computeEta(aah, new Date('2025-10-24T19:30:00Z'))).toMatchObject({ date: '2025-10-27', slot: 'morning' })
    expect(computeEta(aah, new Date('2025-10-27T11:59:00Z'))).toMatchObject({ date: '2025-10-27', slot: 'afternoon' })
    expect(computeEta(aah, new Date('2025-10-27T12:00:00Z'))).toMatchObject({ date: '2025-10-28', slot: 'morning' })
  })
  it('a cut-off inside the repeated hour is met once, at its first occurrence', () => {
    const w = wholesalerSchema.parse({
      ...base(),
      cutOffs: { sun: [{ time: '01:30' }] }
    })
    expect(computeEta(w, new Date('2025-10-26T00:29:00Z')).cutOff.date).toBe('2025-10-26')
    expect(computeEta(w, new Date('2025-10-26T01:00:00Z')).cutOff.date).toBe('2025-11-02')
  })
})

function base(): WholesalerInput {
  return {
    id: 'test',
    name: 'Test Wholesale',
    accountNumber: 'T-1',
    deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    leadTime: { days: 1, slot: 'morning' },
    cutOffs: { mon: [{ time: '17:00' }] }
  }
}

describe('wholesaler schema', () => {
  it('fills missing weekdays and non-delivery dates with empty lists', () => {
    const w = wholesalerSchema.parse(base())
    expect(w.cutOffs.sun).toEqual([])
    expect(w.nonDeliveryDates).toEqual([])
  })
  it('rejects a week without cut-offs, no delivery days, repeated times and impossible same-day slots', () => {
    const issues = (input: WholesalerInput) =>
      wholesalerSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? []
    expect(issues({ ...base(), cutOffs: {} })).toEqual(['cutOffs: at least one order cut-off in the week'])
    expect(issues({ ...base(), deliveryDays: [] })[0]).toMatch(/^deliveryDays/)
    expect(issues({ ...base(), cutOffs: { tue: [{ time: '09:00' }, { time: '09:00' }] } })).toEqual([
      'cutOffs.tue.1.time: two cut-offs at 09:00'
    ])
    expect(issues({ ...base(), cutOffs: { wed: [{ time: '13:00', lead: { days: 0, slot: 'morning' } }] } })).toEqual([
      'cutOffs.wed.0.lead: a same-day morning delivery needs a cut-off before 12:00'
    ])
    expect(issues({ ...base(), nonDeliveryDates: ['2025-02-30'] })[0]).toMatch(/^nonDeliveryDates\.0/)
    expect(issues({ ...base(), cutOffs: { mon: [{ time: '24:00' }] } })[0]).toMatch(/HH:MM/)
  })
})

// ---- properties --------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0')
const leadArb = fc.record({ days: fc.integer({ min: 0, max: 3 }), slot: fc.constantFrom(...DELIVERY_SLOTS) })
const timeArb = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 1, 15, 30, 59))
  .map(([h, m]) => `${pad(h)}:${pad(m)}`)
const cutOffArb = fc.record({ time: timeArb, lead: fc.option(leadArb, { nil: undefined }) })
const wholesalerArb = fc
  .record({
    deliveryDays: fc.subarray([...WEEKDAYS], { minLength: 1 }),
    leadTime: leadArb,
    week: fc.array(fc.array(cutOffArb, { maxLength: 3 }), { minLength: 7, maxLength: 7 }),
    nonDeliveryDates: fc.subarray(bankHolidays)
  })
  .filter(({ week }) => week.some((d) => d.length > 0))
  .map(({ deliveryDays, leadTime, week, nonDeliveryDates }) => {
    const fix = (c: { time: string; lead?: { days: number; slot: (typeof DELIVERY_SLOTS)[number] } | undefined }) => {
      const lead = c.lead ?? leadTime
      // Keep the config valid: a same-day slot that closes before the cut-off becomes next-day.
      return lead.days === 0 && c.time >= SLOT_ENDS[lead.slot] ? { time: c.time, lead: { ...lead, days: 1 } } : c
    }
    const cutOffs = Object.fromEntries(
      WEEKDAYS.map((day, i) => {
        const list = (week[i] ?? []).filter((c, j, all) => all.findIndex((o) => o.time === c.time) === j)
        return [day, list.map(fix)]
      })
    )
    return wholesalerSchema.parse({ ...base(), deliveryDays, leadTime, cutOffs, nonDeliveryDates })
  })
// 2025–2027: covers six clock changes and the bank holidays in the sample list.
const instantArb = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 20) })

describe('computeEta properties', () => {
  it('is never before the order and always lands on a delivery day', () => {
    fc.assert(
      fc.property(wholesalerArb, instantArb, (w, t) => {
        const placed = new Date(t)
        const result = computeEta(w, placed)
        const local = londonWallClock(placed)
        expect(result.date >= local.date).toBe(true)
        if (result.date === local.date) {
          expect(SLOT_ENDS[result.slot] > `${pad(local.hour)}:${pad(local.minute)}`).toBe(true)
        }
        expect(w.deliveryDays).toContain(weekdayOf(result.date))
        expect(w.nonDeliveryDates).not.toContain(result.date)
        expect(londonInstant(result.cutOff.date, result.cutOff.time).getTime()).toBeGreaterThan(t)
      })
    )
  })
  it('is monotonic in the order time', () => {
    fc.assert(
      fc.property(wholesalerArb, instantArb, fc.integer({ min: 0, max: 9 * 86_400_000 }), (w, t, delta) => {
        expect(compareEta(computeEta(w, new Date(t)), computeEta(w, new Date(t + delta)))).toBeLessThanOrEqual(0)
      })
    )
  })
})
