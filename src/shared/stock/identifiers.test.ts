import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  gs1CheckDigit,
  hasValidVerhoeff,
  isDmdId,
  isValidGtin,
  isValidPipCode,
  normaliseGtin,
  pipCheckDigit,
  verhoeffCheckDigit
} from './identifiers'

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''))

describe('GTIN', () => {
  it('accepts published GS1 examples and pads them to 14 digits', () => {
    expect(isValidGtin('5901234123457')).toBe(true)
    expect(isValidGtin('4006381333931')).toBe(true)
    expect(normaliseGtin('5901234123457')).toBe('05901234123457')
    expect(normaliseGtin('96385074')).toBe('00000096385074')
  })
  it('rejects a wrong check digit, odd lengths, non-digits and all zeros', () => {
    expect(isValidGtin('5901234123458')).toBe(false)
    expect(isValidGtin('590123412345')).toBe(false)
    expect(isValidGtin('59012341234571')).toBe(false)
    expect(isValidGtin('5901234l23457')).toBe(false)
    expect(isValidGtin('00000000000000')).toBe(false)
    expect(normaliseGtin(' 5901234123457')).toBeNull()
  })
  it('catches every single-digit error', () => {
    fc.assert(
      fc.property(digits(13, 13), fc.nat(13), fc.integer({ min: 1, max: 9 }), (body, at, shift) => {
        const gtin = `${body}${gs1CheckDigit(body)}`
        fc.pre(!/^0+$/.test(gtin))
        expect(isValidGtin(gtin)).toBe(true)
        const wrong = gtin.slice(0, at) + String((Number(gtin[at]) + shift) % 10) + gtin.slice(at + 1)
        expect(isValidGtin(wrong)).toBe(false)
      })
    )
  })
})

describe('PIP code (mod 11, weights 7..2)', () => {
  it('computes check digits, 11 → 0, and never issues a body whose check would be 10', () => {
    expect(pipCheckDigit('123456')).toBe(0)
    expect(pipCheckDigit('100000')).toBe(4)
    expect(pipCheckDigit('800000')).toBeNull()
    expect(isValidPipCode('1000004')).toBe(true)
    expect(isValidPipCode('1000005')).toBe(false)
    expect(isValidPipCode('100004')).toBe(false)
  })
  it('catches single-digit errors and adjacent transpositions', () => {
    fc.assert(
      fc.property(digits(6, 6), fc.nat(5), (body, at) => {
        const check = pipCheckDigit(body)
        fc.pre(check !== null)
        const pip = `${body}${check}`
        expect(isValidPipCode(pip)).toBe(true)
        const a = pip[at] ?? ''
        const b = pip[at + 1] ?? ''
        fc.pre(a !== b)
        expect(isValidPipCode(pip.slice(0, at) + b + a + pip.slice(at + 2))).toBe(false)
        const changed = pip.slice(0, at) + String((Number(a) + 1) % 10) + pip.slice(at + 1)
        expect(isValidPipCode(changed)).toBe(false)
      })
    )
  })
})

describe('dm+d identifiers', () => {
  it('checks the SNOMED-style format only', () => {
    expect(isDmdId('39732311000001104')).toBe(true)
    expect(isDmdId('322236009')).toBe(true)
    expect(isDmdId('012345678')).toBe(false)
    expect(isDmdId('12345')).toBe(false)
    expect(isDmdId('1234567890123456789')).toBe(false)
  })
  it('computes Verhoeff check digits as SNOMED CT does', () => {
    expect(hasValidVerhoeff('322236009')).toBe(true)
    expect(verhoeffCheckDigit('32223600')).toBe(9)
    expect(hasValidVerhoeff('39732311000001104')).toBe(true)
    fc.assert(
      fc.property(digits(6, 17), (body) => {
        expect(hasValidVerhoeff(`${body}${verhoeffCheckDigit(body)}`)).toBe(true)
      })
    )
  })
})
