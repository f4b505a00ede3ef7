import { describe, expect, it } from 'vitest'
import { medicineWords, registerTextForPeople } from './words'

describe("a register row's words", () => {
  it('names the strength and form once when the name carries them', () => {
    expect(medicineWords({ medicineName: 'Sildenafil 50mg tablets', strength: '50mg', form: 'tablet' })).toBe(
      'Sildenafil 50mg tablets'
    )
    expect(
      medicineWords({
        medicineName: 'Morphine sulfate 10mg modified-release tablets',
        strength: '10 mg',
        form: 'Modified-release tablet'
      })
    ).toBe('Morphine sulfate 10mg modified-release tablets')
  })

  it('adds the strength and form a bare name lacks', () => {
    expect(medicineWords({ medicineName: 'Sildenafil', strength: '50mg', form: 'tablet' })).toBe(
      'Sildenafil 50mg tablet'
    )
    expect(medicineWords({ medicineName: 'Warfarin 25mg tablets', strength: '5mg', form: 'tablet' })).toBe(
      'Warfarin 25mg tablets 5mg'
    )
    expect(medicineWords({ medicineName: 'Sildenafil', strength: null, form: null })).toBe('Sildenafil')
  })

  it("gives a pack's expiry and a note's day as DD/MM/YYYY, old rows' ISO text included, and leaves the batch alone", () => {
    expect(
      registerTextForPeople(
        'Sildenafil 50mg tablets, batch 2027-01-01A, expiry 2027-05-06, 4 tablets; Sildenafil 50mg tablets, batch B2, expiry 2028-01-31, 1 tablet'
      )
    ).toBe(
      'Sildenafil 50mg tablets, batch 2027-01-01A, expiry 06/05/2027, 4 tablets; Sildenafil 50mg tablets, batch B2, expiry 31/01/2028, 1 tablet'
    )
    expect(registerTextForPeople('The parcel came back to the pharmacy on 2026-12-07 (damaged).')).toBe(
      'The parcel came back to the pharmacy on 07/12/2026 (damaged).'
    )
  })
})
