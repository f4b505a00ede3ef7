import { describe, expect, it } from 'vitest'
import { bundledSafetyFile } from './safety-file'
import { ageOn, safetyFindings, type PriorSupply, type RequestLine, type SafetyInput } from './safety-rules'

const file = bundledSafetyFile()
const SERTRALINE = {
  dmdCode: '39732311000001104',
  vmpCode: '39732311000001104',
  name: 'Sertraline 50mg tablets',
  cdSchedule: null
}
const CITALOPRAM = {
  dmdCode: '41000000000000001',
  vmpCode: '41000000000000001',
  name: 'Citalopram 20mg tablets',
  cdSchedule: null
}
const FINASTERIDE = {
  dmdCode: '39732811000001109',
  vmpCode: '39732811000001109',
  name: 'Finasteride 1mg tablets',
  cdSchedule: null
}

const line = (overrides: Partial<RequestLine> = {}): RequestLine => ({
  ...SERTRALINE,
  lineId: 'l1',
  quantity: 28,
  unit: 'tablet',
  directions: 'Take ONE tablet each morning',
  ...overrides
})
const supply = (overrides: Partial<PriorSupply> = {}): PriorSupply => ({
  ...SERTRALINE,
  requestId: 'fr_EARLIER',
  suppliedOn: '2026-11-10',
  quantity: 28,
  directions: 'Take ONE tablet each morning',
  ...overrides
})
const input = (overrides: Partial<SafetyInput> = {}): SafetyInput => ({
  requestId: 'fr_NOW',
  today: '2026-11-26',
  dateOfBirth: '1988-04-02',
  lines: [line()],
  supplies: [],
  openRequests: [],
  windowDays: 28,
  ...overrides
})
const kinds = (given: SafetyInput) => safetyFindings(given, file).map((finding) => finding.kind)

describe('early or duplicate supply', () => {
  it('flags the same medicine supplied within its course (28 tablets, one a day: 28 days)', () => {
    const [finding] = safetyFindings(input({ supplies: [supply()] }), file)
    expect(finding).toMatchObject({ kind: 'early_supply', lineId: 'l1', mustAcknowledge: true })
    expect(finding!.words).toContain('16 days ago')
    expect(finding!.words).toContain('lasts 28 days')
  })

  it('does not flag a supply whose course has ended (the day the course ends, and after)', () => {
    expect(kinds(input({ supplies: [supply({ suppliedOn: '2026-10-29' })] }))).toEqual([])
    expect(kinds(input({ supplies: [supply({ suppliedOn: '2026-09-01' })] }))).toEqual([])
  })

  it('reads the course from the directions: two a day makes 28 tablets last 14 days', () => {
    const twiceDaily = supply({ directions: 'Take ONE tablet twice a day' })
    expect(kinds(input({ supplies: [{ ...twiceDaily, suppliedOn: '2026-11-13' }] }))).toEqual(['early_supply'])
    expect(kinds(input({ supplies: [{ ...twiceDaily, suppliedOn: '2026-11-12' }] }))).toEqual([])
  })

  it('uses the configured window where the directions give no daily dose', () => {
    const asNeeded = supply({ directions: 'Take ONE tablet when required', suppliedOn: '2026-11-06' })
    expect(kinds(input({ supplies: [asNeeded], windowDays: 28 }))).toEqual(['early_supply'])
    expect(kinds(input({ supplies: [asNeeded], windowDays: 14 }))).toEqual([])
    expect(safetyFindings(input({ supplies: [asNeeded] }), file)[0]!.words).toContain('configured window')
  })

  it('flags a medicine of the same therapeutic class, and not one of another class', () => {
    expect(kinds(input({ supplies: [supply({ ...CITALOPRAM })] }))).toEqual(['early_supply'])
    expect(safetyFindings(input({ supplies: [supply({ ...CITALOPRAM })] }), file)[0]!.words).toContain(
      'SSRI antidepressants'
    )
    expect(kinds(input({ supplies: [supply({ ...FINASTERIDE })] }))).toEqual([])
  })

  it('ignores a supply of this very request, and one dated after today', () => {
    expect(kinds(input({ supplies: [supply({ requestId: 'fr_NOW' })] }))).toEqual([])
    expect(kinds(input({ supplies: [supply({ suppliedOn: '2026-11-27' })] }))).toEqual([])
  })

  it('flags another open request of the patient for the same medicine, not for another one', () => {
    expect(kinds(input({ openRequests: [{ requestId: 'fr_OPEN', lines: [SERTRALINE] }] }))).toEqual([
      'duplicate_request'
    ])
    expect(kinds(input({ openRequests: [{ requestId: 'fr_OPEN', lines: [FINASTERIDE] }] }))).toEqual([])
    expect(kinds(input({ openRequests: [{ requestId: 'fr_NOW', lines: [SERTRALINE] }] }))).toEqual([])
  })
})

describe('high-risk medicines', () => {
  const highRisk = (overrides: Partial<RequestLine>) =>
    safetyFindings(input({ lines: [line({ dmdCode: '1000001', vmpCode: '1000001', ...overrides })] }), file)

  it.each([
    ['Sodium valproate 200mg gastro-resistant tablets', 'Pregnancy Prevention Programme'],
    ['Isotretinoin 20mg capsules', 'Pregnancy Prevention Programme'],
    ['Lithium carbonate 400mg modified-release tablets', 'serum lithium'],
    ['Warfarin 1mg tablets', 'INR'],
    ['Apixaban 5mg tablets', 'kidney function'],
    ['Insulin aspart 100units/ml pen', 'units']
  ])('%s is flagged with its reason and check, to acknowledge', (name, words) => {
    const [finding] = highRisk({ name })
    expect(finding).toMatchObject({ kind: 'high_risk', mustAcknowledge: true })
    expect(finding!.words).toContain(words)
  })

  it('a Schedule 2 or 3 Controlled Drug is flagged; Schedule 4 is not', () => {
    expect(highRisk({ name: 'Tramadol 50mg capsules', cdSchedule: 3 }).map((f) => f.raw)).toContainEqual({
      entry: 'controlled-drug',
      edition: file.edition
    })
    expect(highRisk({ name: 'Diazepam 5mg tablets', cdSchedule: 4 })).toEqual([])
  })

  it('methotrexate dosed daily is flagged on its own; once a week is not', () => {
    const daily = highRisk({ name: 'Methotrexate 2.5mg tablets', directions: 'Take FOUR tablets daily' })
    expect(daily.map((f) => f.kind)).toEqual(['high_risk', 'weekly_dosing'])
    const weekly = highRisk({
      name: 'Methotrexate 2.5mg tablets',
      directions: 'Take FOUR tablets once a week on Monday'
    })
    expect(weekly.map((f) => f.kind)).toEqual(['high_risk'])
    // A time of day on the one weekly day is not daily dosing.
    const weeklyAtNight = highRisk({
      name: 'Methotrexate 2.5mg tablets',
      directions: 'Take FOUR tablets once a week at night'
    })
    expect(weeklyAtNight.map((f) => f.kind)).toEqual(['high_risk'])
  })

  it('a medicine in no entry is not flagged', () => {
    expect(highRisk({ name: 'Amoxicillin 500mg capsules' })).toEqual([])
  })
})

describe('age', () => {
  it('reads the age on the day, birthdays included', () => {
    expect(ageOn('2008-11-26', '2026-11-26')).toBe(18)
    expect(ageOn('2008-11-27', '2026-11-26')).toBe(17)
  })

  it('a date of birth that does not read gives no age, and no age flag', () => {
    expect(kinds(input({ dateOfBirth: '' }))).toEqual([])
    expect(kinds(input({ dateOfBirth: '02/04/1988' }))).toEqual([])
  })

  it('a patient under 18 or over 75 is flagged, to see; 18 and 75 are not', () => {
    expect(kinds(input({ dateOfBirth: '2009-01-01' }))).toEqual(['patient_age'])
    expect(kinds(input({ dateOfBirth: '1950-01-01' }))).toEqual(['patient_age'])
    expect(kinds(input({ dateOfBirth: '2008-11-26' }))).toEqual([])
    expect(kinds(input({ dateOfBirth: '1951-01-01' }))).toEqual([])
    expect(safetyFindings(input({ dateOfBirth: '2009-01-01' }), file)[0]!.mustAcknowledge).toBe(false)
  })

  it('a medicine the file marks for the band is flagged to acknowledge; not in another band', () => {
    const doxycycline = line({ name: 'Doxycycline 100mg capsules', dmdCode: '2', vmpCode: '2', unit: 'capsule' })
    expect(kinds(input({ dateOfBirth: '2012-05-05', lines: [doxycycline] }))).toEqual(['patient_age', 'age_medicine'])
    expect(kinds(input({ dateOfBirth: '1940-05-05', lines: [doxycycline] }))).toEqual(['patient_age'])
  })
})

describe('quantity', () => {
  const sildenafil = (quantity: number) =>
    line({ name: 'Sildenafil 50mg tablets', dmdCode: '39732711000001100', vmpCode: '39732711000001100', quantity })

  it('over the usual maximum is flagged; at it is not', () => {
    expect(kinds(input({ lines: [sildenafil(12)] }))).toEqual(['quantity'])
    expect(kinds(input({ lines: [sildenafil(8)] }))).toEqual([])
  })

  it('a limit for another unit does not apply', () => {
    expect(kinds(input({ lines: [{ ...sildenafil(12), unit: 'ml' }] }))).toEqual([])
  })
})

describe('early supply: one flag per line', () => {
  it('names the latest supply whose course has not ended, among several', () => {
    const findings = safetyFindings(
      input({
        supplies: [
          supply({ requestId: 'fr_A', suppliedOn: '2026-11-01' }),
          supply({ requestId: 'fr_B', suppliedOn: '2026-11-20' }),
          supply({ requestId: 'fr_C', suppliedOn: '2026-11-10' })
        ]
      }),
      file
    )
    expect(findings.map((finding) => finding.raw)).toEqual([
      { requestId: 'fr_B', suppliedOn: '2026-11-20', courseDays: 28, sameClass: false }
    ])
  })
})
