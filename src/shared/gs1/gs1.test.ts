import { describe, expect, it } from 'vitest'
import {
  GS,
  Gs1Error,
  encodeGs1,
  isValidEan13,
  isValidGtin,
  isValidPip,
  packFields,
  parseGs1,
  parseGs1OrThrow,
  pipCheckDigit,
  toGtin14,
  withGs1CheckDigit
} from './index'

const YEAR = { referenceYear: 2026 }
const GTIN = '05012345678900'

describe('check digits', () => {
  it('validates GTINs and EAN-13s', () => {
    expect(isValidEan13('5012345678900')).toBe(true)
    expect(isValidEan13('4006381333931')).toBe(true)
    expect(isValidEan13('4006381333932')).toBe(false)
    expect(isValidGtin('05012345678900')).toBe(true)
    expect(isValidGtin('96385074')).toBe(true)
    expect(isValidGtin('12345')).toBe(false)
    expect(toGtin14('5012345678900')).toBe('05012345678900')
    expect(toGtin14('5012345678901')).toBeNull()
    expect(withGs1CheckDigit('501234567890')).toBe('5012345678900')
  })

  it('validates PIP codes (mod 11)', () => {
    const check = pipCheckDigit('123456')
    expect(check).toBe((1 * 7 + 2 * 6 + 3 * 5 + 4 * 4 + 5 * 3 + 6 * 2) % 11)
    expect(isValidPip(`123456${check}`)).toBe(true)
    expect(isValidPip(`123456${((check ?? 0) + 1) % 10}`)).toBe(false)
    expect(isValidPip('12345')).toBe(false)
    expect(isValidPip('12345a7')).toBe(false)
  })
})

describe('parseGs1 with separators', () => {
  const scan = `01${GTIN}17270331` + `10AB-12/3${GS}21SN0001`

  it('reads GTIN, expiry, batch and serial', () => {
    const parsed = parseGs1OrThrow(scan, YEAR)
    expect(parsed).toMatchObject({
      gtin: GTIN,
      batch: 'AB-12/3',
      serial: 'SN0001',
      symbology: null,
      separatorsInferred: false
    })
    expect(parsed.expiry).toEqual({ year: 2027, month: 3, day: 31, dayGiven: true, iso: '2027-03-31' })
  })

  it.each([
    [']d2', 'gs1-datamatrix'],
    [']C1', 'gs1-128'],
    [']e0', 'gs1-databar'],
    [']Q3', 'gs1-qr']
  ])('accepts the %s prefix', (prefix, symbology) => {
    expect(parseGs1OrThrow(prefix + scan, YEAR).symbology).toBe(symbology)
  })

  it('reads an EAN-13 sent with ]E0 as a GTIN', () => {
    expect(parseGs1OrThrow(']E05012345678900', YEAR)).toMatchObject({ symbology: 'ean-13', gtin: GTIN })
    expect(parseGs1(']E05012345678901', YEAR)).toMatchObject({ ok: false, error: { code: 'check-digit', ai: '01' } })
  })

  it('refuses non-GS1 symbology identifiers', () => {
    expect(parseGs1(`]d1${scan}`, YEAR)).toMatchObject({ ok: false, error: { code: 'not-gs1', ai: null } })
  })

  it('tolerates a leading FNC1, doubled and trailing separators', () => {
    expect(parseGs1OrThrow(`${GS}${scan}${GS}${GS}`, YEAR).serial).toBe('SN0001')
  })

  it('uses a configured substitute', () => {
    const withBar = scan.replace(GS, '|')
    expect(parseGs1OrThrow(withBar, { ...YEAR, separator: { kind: 'substitute', text: '|' } }).batch).toBe('AB-12/3')
    const withTag = scan.replace(GS, '<GS>')
    expect(parseGs1OrThrow(withTag, { ...YEAR, separator: { kind: 'substitute', text: '<GS>' } }).serial).toBe('SN0001')
  })

  it('reads day 00 as the last day of the month', () => {
    expect(parseGs1OrThrow(`01${GTIN}17280200`, YEAR).expiry).toEqual({
      year: 2028,
      month: 2,
      day: 29,
      dayGiven: false,
      iso: '2028-02-29'
    })
    expect(parseGs1OrThrow(`01${GTIN}17270200`, YEAR).expiry?.iso).toBe('2027-02-28')
    expect(parseGs1OrThrow(`01${GTIN}11261100`, YEAR).elements[1]?.date?.iso).toBe('2026-11-30')
  })

  it('applies the GS1 century rule', () => {
    expect(parseGs1OrThrow(`01${GTIN}17760101`, YEAR).expiry?.year).toBe(2076)
    expect(parseGs1OrThrow(`01${GTIN}17770101`, YEAR).expiry?.year).toBe(1977)
  })

  it('reads counts, decimals and the other listed AIs', () => {
    const parsed = parseGs1OrThrow(
      `00${withGs1CheckDigit('00501234500000001')}02${GTIN}3103001250` + `30120${GS}37${'8'}${GS}11260101`,
      YEAR
    )
    expect(parsed.elements.map((e) => e.ai)).toEqual(['00', '02', '3103', '30', '37', '11'])
    expect(parsed.elements[2]?.decimal).toBe('1.250')
    expect(parsed.elements[3]?.count).toBe(120)
  })

  it('splits unknown AIs that have a predefined length', () => {
    const parsed = parseGs1OrThrow(`01${GTIN}14123456418${'1234567890123'}10LOT`, YEAR)
    expect(parsed.elements.map((e) => [e.ai, e.data, e.known])).toEqual([
      ['01', GTIN, true],
      ['14', '123456', false],
      ['418', '1234567890123', false],
      ['10', 'LOT', true]
    ])
  })

  it('reads an unknown AI of a known family up to its separator', () => {
    const parsed = parseGs1OrThrow(`01${GTIN}7250ABC${GS}10LOT`, YEAR)
    expect(parsed.elements[1]).toMatchObject({ ai: '7250', data: 'ABC', known: false })
  })

  it.each([
    ['a bad GTIN check digit', `01${GTIN.slice(0, 13)}1`, 'check-digit', '01'],
    ['a truncated GTIN', `01${GTIN.slice(0, 10)}`, 'too-short', '01'],
    ['a GS inside a fixed field', `01${GTIN.slice(0, 10)}${GS}1234`, 'too-short', '01'],
    ['an impossible date', `01${GTIN}17271301`, 'invalid-date', '17'],
    ['31 February', `01${GTIN}17270231`, 'invalid-date', '17'],
    ['a batch over 20 characters', `01${GTIN}10${'A'.repeat(21)}`, 'too-long', '10'],
    ['a serial over 20 characters', `01${GTIN}21${'1'.repeat(21)}`, 'too-long', '21'],
    ['a count over 8 digits', `30${'1'.repeat(9)}`, 'too-long', '30'],
    ['a letter in a count', '3012A', 'invalid-character', '30'],
    ['a space in a batch', `01${GTIN}10AB 12`, 'invalid-character', '10'],
    ['an empty batch', `01${GTIN}10${GS}21X`, 'empty-value', '10'],
    ['an unknown AI', `01${GTIN}05123`, 'unknown-ai', '05'],
    ['letters where an AI should be', `01${GTIN}XY`, 'invalid-ai', null],
    ['an AI twice with different data', `10A${GS}10B`, 'duplicate-ai', '10'],
    ['nothing', '', 'empty', null]
  ])('refuses %s, naming the AI', (_name, text, code, ai) => {
    const result = parseGs1(text, YEAR)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error).toBeInstanceOf(Gs1Error)
    expect(result.error).toMatchObject({ code, ai })
    if (ai) expect(result.error.message).toContain(`(${ai}`)
  })

  it('says what was read', () => {
    const result = parseGs1(`01${GTIN}10${'A'.repeat(21)}`, YEAR)
    expect(result.ok ? null : result.error.read).toBe('A'.repeat(21))
  })

  it('throws only Gs1Error from parseGs1OrThrow', () => {
    expect(() => parseGs1OrThrow('01123', YEAR)).toThrow(Gs1Error)
  })
})

describe('parseGs1 without separators', () => {
  const missing = { ...YEAR, separator: { kind: 'missing' } } as const

  it('splits fixed-length AIs', () => {
    const parsed = parseGs1OrThrow(`01${GTIN}17270331112501013103000500`, missing)
    expect(parsed.elements.map((e) => e.ai)).toEqual(['01', '17', '11', '3103'])
    expect(parsed.separatorsInferred).toBe(false)
  })

  it('accepts a variable-length field last when nothing else could be read', () => {
    expect(parseGs1OrThrow(`01${GTIN}17270331` + '10ABCDEF', missing).batch).toBe('ABCDEF')
  })

  it('says it cannot tell where a variable-length field ends', () => {
    const result = parseGs1(`01${GTIN}17270331` + '10ABC123' + '21XYZ', missing)
    expect(result).toMatchObject({ ok: false, error: { code: 'ambiguous', ai: '10', read: 'ABC12321XYZ' } })
    expect(result.ok ? '' : result.error.message).toMatch(/AI \(10\).*"ABC123" or "ABC12321XYZ"/)
  })

  it('resolves a field end when only one reading exists', () => {
    // The batch cannot run past 20 characters, and only "21…" after 19 of them reads as an AI.
    const parsed = parseGs1OrThrow(`01${GTIN}10ABCDEFGHIJKLMNOPQRS21XYZ`, missing)
    expect(parsed).toMatchObject({ batch: 'ABCDEFGHIJKLMNOPQRS', serial: 'XYZ', separatorsInferred: true })
  })

  it('still honours a GS that was sent', () => {
    expect(parseGs1OrThrow(`01${GTIN}10ABC123${GS}21XYZ`, missing).serial).toBe('XYZ')
  })

  it('reports the plain reading error when no reading exists', () => {
    expect(parseGs1(`01${GTIN}10${'A'.repeat(25)}`, missing)).toMatchObject({
      ok: false,
      error: { code: 'too-long', ai: '10' }
    })
  })
})

describe('encodeGs1', () => {
  it('puts separators only after variable-length fields that are not last', () => {
    const fields = packFields({ gtin: GTIN, expiry: '270331', batch: 'B1', serial: 'S1' })
    expect(encodeGs1(fields)).toBe(`01${GTIN}17270331` + `10B1${GS}21S1`)
    expect(encodeGs1(fields, { separator: { substitute: '|' }, symbologyId: ']d2' })).toBe(
      `]d201${GTIN}1727033110B1|21S1`
    )
    expect(encodeGs1(fields, { separator: 'none' })).toBe(`01${GTIN}1727033110B121S1`)
  })

  it('separates fixed-length AIs outside the predefined table', () => {
    expect(
      encodeGs1([
        { ai: '7003', data: '2701011230' },
        { ai: '01', data: GTIN }
      ])
    ).toBe(`70032701011230${GS}01${GTIN}`)
  })

  it('refuses invalid data with a Gs1Error', () => {
    expect(() => encodeGs1([{ ai: '01', data: '123' }])).toThrow(Gs1Error)
    expect(() => encodeGs1([{ ai: '10', data: 'x'.repeat(21) }])).toThrow(/AI \(10\)/)
  })
})
