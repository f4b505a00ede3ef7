import { describe, expect, it } from 'vitest'
import bundledFile from '../../../resources/clinical/safety-checks.json'
import { bundledSafetyFile, readSafetyFile } from './safety-file'
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

  it.each([
    'Take FOUR tablets every morning for one week',
    'Take ONE tablet daily, blood test next week',
    'Take ONE tablet daily for a week',
    'Take ONE tablet every day, weekly blood tests',
    'Take ONE tablet at night starting on Monday'
  ])('methotrexate "%s" is daily dosing, whatever week it names', (directions) => {
    expect(highRisk({ name: 'Methotrexate 2.5mg tablets', directions }).map((f) => f.kind)).toEqual([
      'high_risk',
      'weekly_dosing'
    ])
  })

  it.each([
    'Take FOUR tablets once weekly',
    'Take FOUR tablets weekly at night',
    'Take FOUR tablets each week on the same day, at night',
    'Take FOUR tablets every Monday at night',
    'Take FOUR tablets on Mondays at night',
    'Take FOUR tablets once per week in the morning'
  ])('methotrexate "%s" is a weekly schedule', (directions) => {
    expect(highRisk({ name: 'Methotrexate 2.5mg tablets', directions }).map((f) => f.kind)).toEqual(['high_risk'])
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

describe('interactions', () => {
  let code = 50_000_000
  const medicine = (name: string) => ({ dmdCode: String(++code), vmpCode: String(code), name, cdSchedule: null })
  const SILDENAFIL = medicine('Sildenafil 50mg tablets')
  const ISMN = medicine('Isosorbide mononitrate 20mg tablets')
  const interactions = (given: Partial<SafetyInput>) =>
    safetyFindings(input(given), file).filter((finding) => finding.kind === 'interaction')
  const asNeeded = { directions: 'Take ONE tablet when required', quantity: 4 }

  it('two lines of one request that interact raise one flag, on the first line, naming both, to acknowledge', () => {
    const findings = interactions({
      lines: [
        line({ ...SILDENAFIL, ...asNeeded }),
        line({ ...ISMN, lineId: 'l2', directions: 'Take ONE tablet twice a day' })
      ]
    })
    expect(findings).toEqual([
      expect.objectContaining({
        lineId: 'l1',
        mustAcknowledge: true,
        raw: expect.objectContaining({ entry: 'pde5-nitrate' })
      })
    ])
    expect(findings[0]!.words).toMatch(
      /^Do not supply together: Sildenafil 50mg tablets with Isosorbide mononitrate 20mg tablets, both on this request\. .*blood pressure/
    )
  })

  it('a line and an earlier supply interact, either way round, named with the supply’s date', () => {
    const sildenafilNow = interactions({
      lines: [line({ ...SILDENAFIL, ...asNeeded })],
      supplies: [supply({ ...ISMN, suppliedOn: '2026-11-06', directions: 'Take ONE tablet twice a day', quantity: 56 })]
    })
    expect(sildenafilNow.map((finding) => finding.words)).toEqual([
      expect.stringContaining(
        'Sildenafil 50mg tablets with Isosorbide mononitrate 20mg tablets, supplied to this patient on 06/11/2026 (fr_EARLIER).'
      )
    ])
    const nitrateNow = interactions({
      lines: [line({ ...ISMN })],
      supplies: [supply({ ...SILDENAFIL, ...asNeeded, suppliedOn: '2026-10-01' })]
    })
    expect(nitrateNow.map((finding) => finding.words)).toEqual([
      expect.stringContaining(
        'Isosorbide mononitrate 20mg tablets with Sildenafil 50mg tablets, supplied to this patient on 01/10/2026'
      )
    ])
  })

  it('a supply counts for 90 days, or for its course where that is longer; not after', () => {
    const withSupply = (suppliedOn: string, overrides: Partial<PriorSupply> = {}) =>
      interactions({
        lines: [line({ ...SILDENAFIL, ...asNeeded })],
        supplies: [supply({ ...ISMN, suppliedOn, ...overrides })]
      })
    // 2026-11-26 is 89 days after 2026-08-29 and 90 after 2026-08-28.
    expect(withSupply('2026-08-29')).toHaveLength(1)
    expect(withSupply('2026-08-28')).toEqual([])
    // 112 tablets, one a day: a course of 112 days, still running 100 days on.
    expect(withSupply('2026-08-18', { quantity: 112, directions: 'Take ONE tablet each morning' })).toHaveLength(1)
    expect(withSupply('2026-08-18', { quantity: 56, directions: 'Take ONE tablet each morning' })).toEqual([])
  })

  it('names the latest supply of the medicine once, however often it was supplied; ignores this request’s own', () => {
    const findings = interactions({
      lines: [line({ ...SILDENAFIL, ...asNeeded })],
      supplies: [
        supply({ ...ISMN, requestId: 'fr_A', suppliedOn: '2026-09-20' }),
        supply({ ...ISMN, requestId: 'fr_B', suppliedOn: '2026-11-15' }),
        supply({ ...ISMN, requestId: 'fr_C', suppliedOn: '2026-10-18' }),
        supply({ ...ISMN, requestId: 'fr_NOW', suppliedOn: '2026-11-25' })
      ]
    })
    expect(findings.map((finding) => finding.raw)).toEqual([
      expect.objectContaining({ requestId: 'fr_B', suppliedOn: '2026-11-15' })
    ])
  })

  it('a line and another open request of the patient interact', () => {
    const findings = interactions({
      lines: [line({ ...SILDENAFIL, ...asNeeded })],
      openRequests: [
        { requestId: 'fr_OPEN', lines: [medicine('Glyceryl trinitrate 400micrograms/dose sublingual spray')] }
      ]
    })
    expect(findings.map((finding) => finding.words)).toEqual([
      expect.stringContaining(
        'with Glyceryl trinitrate 400micrograms/dose sublingual spray, on fr_OPEN, another open request'
      )
    ])
  })

  it.each([
    ['Tadalafil 10mg tablets', 'Nicorandil 10mg tablets', 'pde5-nitrate', 'Do not supply together'],
    [
      'Methotrexate 2.5mg tablets',
      'Co-trimoxazole 80mg/400mg tablets',
      'methotrexate-trimethoprim',
      'Do not supply together'
    ],
    ['Trimethoprim 200mg tablets', 'Methotrexate 2.5mg tablets', 'methotrexate-trimethoprim', 'Do not supply together'],
    ['Warfarin 1mg tablets', 'Naproxen 500mg tablets', 'anticoagulant-nsaid', 'Check before supply'],
    ['Apixaban 5mg tablets', 'Aspirin 75mg dispersible tablets', 'anticoagulant-nsaid', 'Check before supply'],
    [
      'Simvastatin 40mg tablets',
      'Clarithromycin 500mg tablets',
      'simvastatin-clarithromycin',
      'Do not supply together'
    ],
    [
      'Lithium carbonate 400mg modified-release tablets',
      'Ibuprofen 400mg tablets',
      'lithium-nsaid',
      'Check before supply'
    ],
    [
      'Lithium carbonate 400mg modified-release tablets',
      'Ramipril 5mg capsules',
      'lithium-ace-inhibitor-arb',
      'Check before supply'
    ],
    [
      'Bendroflumethiazide 2.5mg tablets',
      'Lithium carbonate 400mg modified-release tablets',
      'lithium-diuretic',
      'Check before supply'
    ]
  ])('%s with %s on record: %s', (now, earlier, entry, severity) => {
    const findings = interactions({ lines: [line(medicine(now))], supplies: [supply(medicine(earlier))] })
    expect(findings.map((finding) => [(finding.raw as { entry: string }).entry, finding.words.split(':')[0]])).toEqual([
      [entry, severity]
    ])
  })

  it.each([
    ['Sildenafil 50mg tablets', 'Miconazole nitrate 2% cream'],
    ['Sildenafil 50mg tablets', 'Econazole nitrate 1% cream'],
    ['Atorvastatin 20mg tablets', 'Clarithromycin 500mg tablets'],
    ['Warfarin 1mg tablets', 'Paracetamol 500mg tablets'],
    ['Methotrexate 2.5mg tablets', 'Nitrofurantoin 100mg modified-release capsules'],
    ['Sertraline 50mg tablets', 'Isosorbide mononitrate 20mg tablets']
  ])('no flag for %s with %s', (now, earlier) => {
    expect(interactions({ lines: [line(medicine(now))], supplies: [supply(medicine(earlier))] })).toEqual([])
  })

  it('an interaction entry that does not read stops the file, saying where, rather than being dropped', () => {
    const broken = structuredClone(bundledFile) as { interactions: Array<Record<string, unknown>> }
    broken.interactions[2] = { ...broken.interactions[2], severity: 'avoid' }
    expect(() => readSafetyFile(broken, 'safety-checks.json')).toThrow(
      /safety-checks\.json does not read: interactions\.2\.severity/
    )
    delete broken.interactions[2]!.severity
    broken.interactions[4] = { ...broken.interactions[4], other: { what: 'an NSAID', match: {} } }
    expect(() => readSafetyFile(broken, 'safety-checks.json')).toThrow(
      /interactions\.2\.severity.*interactions\.4\.other\.match/
    )
  })
})
