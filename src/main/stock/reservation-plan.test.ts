import { describe, expect, it } from 'vitest'
import { planReservation, type PlanBatch } from './reservation-plan'

const batch = (
  batchId: number,
  expiry: string,
  availableMilli: number,
  packSizeMilli = 28_000,
  amppId = 'p28'
): PlanBatch => ({ batchId, amppId, expiry, availableMilli, packSizeMilli })

describe('planReservation', () => {
  it('reserves tablets first expiry first out, across batches, never from an expired one', () => {
    const plan = planReservation(
      [batch(1, '2027-06-30', 28_000), batch(2, '2026-12-31', 10_000), batch(3, '2026-11-01', 50_000)],
      21_000,
      '2026-11-26',
      true
    )
    expect(plan.picks).toEqual([
      { batchId: 2, amppId: 'p28', expiry: '2026-12-31', quantityMilli: 10_000 },
      { batchId: 1, amppId: 'p28', expiry: '2027-06-30', quantityMilli: 11_000 }
    ])
    expect(plan.shortfallMilli).toBe(0)
  })

  it("reserves only batches in date to the course's last day; what they leave is short, to be ordered, never a pack the scan refuses", () => {
    const batches = [batch(1, '2027-06-30', 20_000), batch(2, '2026-12-10', 28_000), batch(3, '2026-12-24', 5_000)]
    // The course ends 24/12/2026: batch 3 lasts it (usable through its expiry), batch 2 does not. A
    // pack of batch 2 would be refused at the scan (it expires mid-course): reserved, it would leave
    // the request waiting on a pick no one can make, so it is short instead, for the stock check to order.
    const plan = planReservation(batches, 28_000, '2026-11-26', true, '2026-12-24')
    expect(plan.picks).toEqual([
      { batchId: 3, amppId: 'p28', expiry: '2026-12-24', quantityMilli: 5_000 },
      { batchId: 1, amppId: 'p28', expiry: '2027-06-30', quantityMilli: 20_000 }
    ])
    expect(plan.shortfallMilli).toBe(3_000)
    // Without a course length, first expiry first out as before.
    expect(planReservation(batches, 28_000, '2026-11-26', true).picks.map((pick) => pick.batchId)).toEqual([2])
  })

  it('reports what is missing', () => {
    expect(planReservation([batch(1, '2027-06-30', 5_000)], 21_000, '2026-11-26', true).shortfallMilli).toBe(16_000)
  })

  it('reserves whole packs of creams, preferring the size that fits best', () => {
    const batches = [batch(1, '2027-01-31', 100_000, 50_000, 'p50'), batch(2, '2027-06-30', 60_000, 30_000, 'p30')]
    const plan = planReservation(batches, 30_000, '2026-11-26', false)
    expect(plan.picks).toEqual([{ batchId: 2, amppId: 'p30', expiry: '2027-06-30', quantityMilli: 30_000 }])
    const bigger = planReservation(batches, 40_000, '2026-11-26', false)
    expect(bigger.picks).toEqual([{ batchId: 1, amppId: 'p50', expiry: '2027-01-31', quantityMilli: 50_000 }])
  })

  it('takes what whole packs there are when none covers the need', () => {
    const plan = planReservation([batch(1, '2027-01-31', 15_000, 15_000, 'p15')], 30_000, '2026-11-26', false)
    expect(plan.picks).toHaveLength(1)
    expect(plan.shortfallMilli).toBe(15_000)
  })
})
