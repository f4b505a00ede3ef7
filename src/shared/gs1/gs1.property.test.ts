import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  GS,
  Gs1Error,
  encodeGs1,
  parseGs1,
  parseGs1OrThrow,
  withGs1CheckDigit,
  type Gs1Field,
  type Gs1ParseOptions
} from './index'

const SET_82 = [...`!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`]
const YEAR = 2026

const digits = (minLength: number, maxLength = minLength) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength })
const text = (maxLength: number, minLength = 1) => fc.string({ unit: fc.constantFrom(...SET_82), minLength, maxLength })
const date = fc
  .record({
    yy: fc.integer({ min: 0, max: 99 }),
    mm: fc.integer({ min: 1, max: 12 }),
    dd: fc.integer({ min: 0, max: 28 })
  })
  .map(({ yy, mm, dd }) => [yy, mm, dd].map((n) => String(n).padStart(2, '0')).join(''))
const field = (ai: string, data: fc.Arbitrary<string>): fc.Arbitrary<Gs1Field> =>
  data.map((value) => ({ ai, data: value }))

const fixedFields = [
  field('00', digits(17).map(withGs1CheckDigit)),
  field('01', digits(13).map(withGs1CheckDigit)),
  field('02', digits(13).map(withGs1CheckDigit)),
  field('11', date),
  field('13', date),
  field('15', date),
  field('17', date),
  field('20', digits(2)),
  field('3103', digits(6)),
  field('3302', digits(6)),
  field('410', digits(12).map(withGs1CheckDigit)),
  field('422', digits(3)),
  field('7003', digits(10))
]
const variableFields = [
  field('10', text(20)),
  field('21', text(20)),
  field('22', text(20)),
  field('240', text(30)),
  field('30', digits(1, 8)),
  field('37', digits(1, 8)),
  field('3922', digits(1, 15)),
  field('400', text(30)),
  field('8200', text(70)),
  field('91', text(90)),
  field(
    '253',
    fc.tuple(digits(12).map(withGs1CheckDigit), text(17, 0)).map(([key, rest]) => key + rest)
  )
]
const elementString = fc.uniqueArray(fc.oneof(...fixedFields, ...variableFields), {
  selector: (f) => f.ai,
  minLength: 1,
  maxLength: 6
})

const read = (textIn: string, options: Gs1ParseOptions) =>
  parseGs1OrThrow(textIn, { referenceYear: YEAR, ...options }).elements.map(({ ai, data }) => ({ ai, data }))

describe('GS1 round trip (encode → parse)', () => {
  it('with GS', () => {
    fc.assert(
      fc.property(elementString, (fields) => {
        expect(read(encodeGs1(fields, { referenceYear: YEAR }), {})).toEqual(fields)
      }),
      { numRuns: 500 }
    )
  })

  it('with a symbology identifier', () => {
    fc.assert(
      fc.property(elementString, fc.constantFrom(']d2', ']C1', ']Q3', ']e0') as fc.Arbitrary<']d2'>, (fields, id) => {
        expect(read(encodeGs1(fields, { referenceYear: YEAR, symbologyId: id }), {})).toEqual(fields)
      }),
      { numRuns: 200 }
    )
  })

  it('with a substitute separator', () => {
    fc.assert(
      fc.property(elementString, fc.constantFrom('|', '<GS>', '{FNC1}'), (fields, substitute) => {
        fc.pre(fields.every((f) => !f.data.includes(substitute)))
        const encoded = encodeGs1(fields, { referenceYear: YEAR, separator: { substitute } })
        expect(read(encoded, { separator: { kind: 'substitute', text: substitute } })).toEqual(fields)
      }),
      { numRuns: 500 }
    )
  })

  it('without separators: the right reading or "ambiguous", never a wrong reading', () => {
    fc.assert(
      fc.property(elementString, (fields) => {
        const encoded = encodeGs1(fields, { referenceYear: YEAR, separator: 'none' })
        const result = parseGs1(encoded, { referenceYear: YEAR, separator: { kind: 'missing' } })
        if (result.ok) expect(result.value.elements.map(({ ai, data }) => ({ ai, data }))).toEqual(fields)
        else expect(result.error.code).toBe('ambiguous')
      }),
      { numRuns: 1000 }
    )
  })

  it('without separators: fixed-length fields then one letters-only field always read back', () => {
    const fixedOnly = fc.uniqueArray(fc.oneof(...fixedFields), { selector: (f) => f.ai, minLength: 1, maxLength: 5 })
    const letters = fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ-./'),
      minLength: 1,
      maxLength: 20
    })
    fc.assert(
      fc.property(fixedOnly, fc.option(letters, { nil: undefined }), (fixed, batch) => {
        const fields = batch === undefined ? fixed : [...fixed, { ai: '10', data: batch }]
        const encoded = encodeGs1(fields, { referenceYear: YEAR, separator: 'none' })
        expect(read(encoded, { separator: { kind: 'missing' } })).toEqual(fields)
      }),
      { numRuns: 500 }
    )
  })
})

describe('GS1 parser on arbitrary input', () => {
  const modes: Gs1ParseOptions[] = [
    {},
    { separator: { kind: 'substitute', text: '|' } },
    { separator: { kind: 'missing' } }
  ]
  const gs1ish = fc.string({
    unit: fc.constantFrom(...'0123456789', GS, '|', ']', 'd', '2', 'C', '1', 'E', 'A', 'z', '\u0000', '\u00e9'),
    maxLength: 80
  })
  const bytes = fc.uint8Array({ maxLength: 200 }).map((b) => String.fromCharCode(...b))

  for (const [name, arbitrary] of [
    ['any Unicode', fc.string({ unit: 'binary', maxLength: 200 })],
    ['any bytes', bytes],
    ['GS1-like noise', gs1ish]
  ] as const) {
    it(`returns a result or a Gs1Error for ${name}`, () => {
      fc.assert(
        fc.property(arbitrary, (input) => {
          for (const options of modes) {
            const result = parseGs1(input, { referenceYear: YEAR, ...options })
            if (!result.ok) {
              expect(result.error).toBeInstanceOf(Gs1Error)
              expect(typeof result.error.message).toBe('string')
            }
            try {
              parseGs1OrThrow(input, options)
            } catch (error) {
              expect(error).toBeInstanceOf(Gs1Error)
            }
          }
        }),
        { numRuns: 1000 }
      )
    })
  }
})
