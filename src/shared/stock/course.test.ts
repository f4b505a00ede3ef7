import { describe, expect, it } from 'vitest'
import { estimateCourseDays } from './course'

describe('course length from the directions', () => {
  it("takes the prescriber's own figure first", () => {
    expect(estimateCourseDays('Take ONE capsule THREE times a day for 7 days', 21)).toBe(7)
    expect(estimateCourseDays('Take ONE tablet daily for 2 weeks', 28)).toBe(14)
  })

  it('divides the quantity by a fixed daily dose', () => {
    expect(estimateCourseDays('Take ONE tablet each morning', 28)).toBe(28)
    expect(estimateCourseDays('Take TWO tablets twice a day', 56)).toBe(14)
    expect(estimateCourseDays('Take ONE tablet FOUR times a day', 30)).toBe(8)
  })

  it('says nothing when there is no fixed daily dose', () => {
    expect(estimateCourseDays('Take ONE or TWO tablets up to FOUR times a day when required', 32)).toBeNull()
    expect(estimateCourseDays('Take ONE tablet about one hour before sexual activity', 8)).toBeNull()
    expect(estimateCourseDays('Apply thinly to the affected area twice a day', 30)).toBeNull()
    expect(estimateCourseDays('As directed', 10)).toBeNull()
  })
})
