import { describe, expect, it } from 'vitest'
import { formatQuantity, fromMilli, isSplittable, normaliseUnit, toMilli } from './units'

describe('stock units', () => {
  it('reads the units prescriptions are written in as pack units', () => {
    expect(normaliseUnit('tablet')).toBe('tablet')
    expect(normaliseUnit(' Tablets ')).toBe('tablet')
    expect(normaliseUnit('gram')).toBe('g')
    expect(normaliseUnit('mL')).toBe('ml')
    expect(normaliseUnit('pre-filled pens')).toBe('pre-filled pen')
    expect(normaliseUnit('bottle')).toBeNull()
  })

  it('splits tablets but never creams, liquids or inhalers', () => {
    expect(isSplittable('tablet')).toBe(true)
    expect(isSplittable('capsule')).toBe(true)
    expect(isSplittable('g')).toBe(false)
    expect(isSplittable('ml')).toBe(false)
    expect(isSplittable('dose')).toBe(false)
  })

  it('counts in exact thousandths', () => {
    expect(toMilli(2.5)).toBe(2500)
    expect(toMilli(0.1) + toMilli(0.2)).toBe(toMilli(0.3))
    expect(fromMilli(28_000)).toBe(28)
    expect(formatQuantity(2.5, 'ml')).toBe('2.5 ml')
    expect(formatQuantity(1, 'tablet')).toBe('1 tablet')
    expect(formatQuantity(3, 'pessary')).toBe('3 pessaries')
    expect(formatQuantity(2, 'patch')).toBe('2 patches')
  })

  it('writes a quantity as a person does: plural units, no trailing zeros, a plural unit left alone', () => {
    expect(formatQuantity(28, 'tablet')).toBe('28 tablets')
    expect(formatQuantity(0, 'capsule')).toBe('0 capsules')
    expect(formatQuantity(2.25, 'tablet')).toBe('2.25 tablets')
    expect(formatQuantity(150, 'mL')).toBe('150 mL')
    expect(formatQuantity(28, 'tablets')).toBe('28 tablets')
    expect(formatQuantity(10, 'drops')).toBe('10 drops')
  })
})
