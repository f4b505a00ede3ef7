import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GS, encodeGs1, packFields, pipCheckDigit } from '../gs1'
import { classifyScan } from './classify'
import {
  bagLabelPayload,
  dispensingLabelPayload,
  labelNamesRequest,
  labelRefOf,
  readOwnLabel,
  requestLabelPayload,
  type OwnLabel
} from './own-labels'
import { shortRequestRef } from './short-ref'
import { s10CheckDigit } from './tracking'
import { makeVisible } from './visible'

const GTIN = '05012345678900'
const PACK = encodeGs1(packFields({ gtin: GTIN, expiry: '270300', batch: 'B12', serial: 'S9' }), {
  referenceYear: 2026
})
const pip = (body: string) => `${body}${pipCheckDigit(body)}`

describe('classifyScan', () => {
  it('reads a GS1 pack code, with or without a symbology identifier and suffix', () => {
    for (const raw of [PACK, `]d2${PACK}`, `${PACK}\r\n`]) {
      const scan = classifyScan(raw)
      expect(scan).toMatchObject({
        kind: 'gs1',
        raw,
        gs1: { gtin: GTIN, batch: 'B12', serial: 'S9', expiry: { iso: '2027-03-31' } }
      })
    }
    expect(classifyScan(`]d2${PACK}`).symbologyId).toBe(']d2')
  })

  it('uses the scanner’s GS substitute', () => {
    const scan = classifyScan(PACK.replace(GS, '|'), { gs1: { separator: { kind: 'substitute', text: '|' } } })
    expect(scan).toMatchObject({ kind: 'gs1', gs1: { serial: 'S9' } })
  })

  it('reports a GS1 failure with its AI and keeps what was read', () => {
    const raw = `01${GTIN}10${'X'.repeat(21)}`
    const scan = classifyScan(raw)
    expect(scan).toMatchObject({
      kind: 'unknown',
      raw,
      problem: { looksLike: 'gs1', gs1: { code: 'too-long', ai: '10' } }
    })
  })

  it('reports a scanner that dropped GS when it cannot tell where a field ends', () => {
    const scan = classifyScan(`01${GTIN}10ABC123` + '21XYZ', { gs1: { separator: { kind: 'missing' } } })
    expect(scan).toMatchObject({ kind: 'unknown', problem: { gs1: { code: 'ambiguous', ai: '10' } } })
  })

  it('reads EAN-13, EAN-8, UPC-A and GTIN-14 by check digit', () => {
    expect(classifyScan('5012345678900')).toMatchObject({ kind: 'gtin', format: 'ean-13', gtin14: GTIN })
    expect(classifyScan(']E05012345678900')).toMatchObject({
      kind: 'gtin',
      format: 'ean-13',
      code: '5012345678900',
      symbologyId: ']E0',
      gtin14: GTIN
    })
    expect(classifyScan(']E496385074')).toMatchObject({ kind: 'gtin', format: 'ean-8', code: '96385074' })
    expect(classifyScan(']E05012345678901')).toMatchObject({
      kind: 'unknown',
      problem: { looksLike: 'gs1', gs1: { code: 'check-digit' } }
    })
    expect(classifyScan('96385074')).toMatchObject({ kind: 'gtin', format: 'ean-8', gtin14: '00000096385074' })
    expect(classifyScan('036000291452')).toMatchObject({ kind: 'gtin', format: 'upc-a' })
    expect(classifyScan(GTIN)).toMatchObject({ kind: 'gtin', format: 'gtin-14' })
    expect(classifyScan('5012345678901')).toMatchObject({ kind: 'unknown', problem: { looksLike: 'gtin' } })
  })

  it('reads PIP codes by their mod-11 check digit', () => {
    expect(classifyScan(pip('012345'))).toEqual({
      raw: pip('012345'),
      symbologyId: null,
      kind: 'pip',
      pip: pip('012345')
    })
    const wrong = `012345${((pipCheckDigit('012345') ?? 0) + 1) % 10}`
    expect(classifyScan(wrong)).toMatchObject({ kind: 'unknown', problem: { looksLike: 'pip' } })
  })

  it('reads our request and bag labels, also behind a non-GS1 symbology identifier', () => {
    expect(classifyScan(requestLabelPayload('fr_7Q2K9'))).toMatchObject({
      kind: 'request-label',
      requestId: 'fr_7Q2K9'
    })
    expect(classifyScan(`]d1${bagLabelPayload('fr_7Q2K9', 2)}\r`)).toMatchObject({
      kind: 'bag-label',
      requestId: 'fr_7Q2K9',
      parcelNo: 2,
      symbologyId: ']d1'
    })
    expect(classifyScan('PC-REQ:')).toMatchObject({ kind: 'unknown', problem: { looksLike: 'own-label' } })
    expect(classifyScan('PC-BAG:fr_1:0')).toMatchObject({ kind: 'unknown', problem: { looksLike: 'own-label' } })
  })

  it('reads Royal Mail S10 numbers by check digit, and courier patterns', () => {
    const serial = '12345678'
    const good = `AB${serial}${s10CheckDigit(serial)}GB`
    expect(classifyScan(good)).toMatchObject({
      kind: 'tracking',
      carrier: 'royal-mail',
      scheme: 's10',
      trackingNumber: good
    })
    expect(classifyScan(`RR${serial}${s10CheckDigit(serial)}DE`)).toMatchObject({
      kind: 'tracking',
      carrier: 'post-de'
    })
    const bad = `AB${serial}${(s10CheckDigit(serial) + 1) % 10}GB`
    expect(classifyScan(bad)).toMatchObject({ kind: 'unknown', problem: { looksLike: 'tracking' } })
    expect(classifyScan('1Z999AA10123456784')).toMatchObject({ kind: 'tracking', carrier: 'ups' })
    expect(classifyScan('15501234567891')).toMatchObject({ kind: 'tracking', carrier: 'dpd' })
    expect(classifyScan('JD014600006281234567')).toMatchObject({ kind: 'tracking', carrier: 'courier' })
    expect(classifyScan('XX1', { courierPatterns: [{ carrier: 'acme', pattern: /^XX\d$/ }] })).toMatchObject({
      carrier: 'acme'
    })
  })

  it('keeps exactly what was read for unknown scans, with control characters visible', () => {
    const raw = ` hello${GS}\u0000wörld\u200b\r`
    expect(classifyScan('hello world')).toMatchObject({ kind: 'unknown', visible: 'hello world', problem: null })
    const scan = classifyScan('\u0007\u007f\u0085 x ')
    expect(scan).toMatchObject({ kind: 'unknown', raw: '\u0007\u007f\u0085 x ', visible: '␇␡⟨U+0085⟩ x␠' })
    expect(makeVisible(raw)).toBe('␠hello␝␀wörld⟨U+200B⟩␍')
    expect(classifyScan('')).toMatchObject({ kind: 'unknown', visible: '' })
  })

  it('never throws and always keeps the raw text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (raw) => {
        expect(classifyScan(raw).raw).toBe(raw)
        expect(classifyScan(raw, { gs1: { separator: { kind: 'missing' } } }).raw).toBe(raw)
      }),
      { numRuns: 1000 }
    )
  })
})

describe('own label payloads', () => {
  it('round-trip any request id, using only wedge-safe characters', () => {
    const id = fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }).filter((s) => s.length <= 64)
    fc.assert(
      fc.property(
        id,
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 99_999 }),
        (requestId, parcelNo, packId, generation) => {
          const request = requestLabelPayload(requestId)
          const bag = bagLabelPayload(requestId, parcelNo)
          const dispensing = dispensingLabelPayload(requestId, packId, generation)
          for (const payload of [request, bag, dispensing]) expect(payload).toMatch(/^[A-Za-z0-9._%:-]+$/)
          // An id too long to carry as it is is carried as its short form, which names it.
          const ref = labelRefOf(requestId)
          const named = ref === null ? { requestId } : { requestId: null, shortRef: ref }
          expect(readOwnLabel(request)).toEqual({ kind: 'request-label', ...named })
          expect(readOwnLabel(bag)).toEqual({ kind: 'bag-label', ...named, parcelNo })
          expect(readOwnLabel(dispensing)).toEqual({ kind: 'request-label', ...named, packId, generation })
          expect(labelNamesRequest(readOwnLabel(dispensing) as OwnLabel, requestId)).toBe(true)
          // The symbol stays small enough to leave the label room: at most a 64-character payload.
          expect(dispensing.length).toBeLessThanOrEqual(64)
        }
      ),
      { numRuns: 500 }
    )
  })

  it('encodes the sandbox’s ids readably', () => {
    expect(requestLabelPayload('fr_7Q2K9')).toBe('PC-REQ:fr_7Q2K9')
    expect(bagLabelPayload('fr 1/2', 3)).toBe('PC-BAG:fr%201%2F2:3')
    expect(dispensingLabelPayload('fr_7Q2K9', 12, 2)).toBe('PC-REQ:fr_7Q2K9:12:2')
  })

  it('carries an id longer than 24 characters once encoded as its short form; a shorter one as it always has', () => {
    const atLimit = 'fr_' + 'A'.repeat(21)
    expect(dispensingLabelPayload(atLimit, 12, 2)).toBe(`PC-REQ:${atLimit}:12:2`)
    expect(bagLabelPayload('fr 1/2/3/4/5', 1)).toBe('PC-BAG:fr%201%2F2%2F3%2F4%2F5:1')
    const polish = 'Ł'.repeat(64)
    const ref = shortRequestRef(polish)
    expect(ref).toMatch(/^%%[A-Z2-7]{16}$/)
    expect(dispensingLabelPayload(polish, 12, 2)).toBe(`PC-REQ:${ref}:12:2`)
    expect(bagLabelPayload(polish, 2)).toBe(`PC-BAG:${ref}:2`)
    expect(requestLabelPayload(atLimit + 'B')).toBe(`PC-REQ:${shortRequestRef(atLimit + 'B')}`)
    // Another request's short form names it, not this one.
    const label = readOwnLabel(dispensingLabelPayload(polish, 12, 2)) as OwnLabel
    expect(labelNamesRequest(label, polish)).toBe(true)
    expect(labelNamesRequest(label, 'Ł'.repeat(63))).toBe(false)
    expect(labelNamesRequest(readOwnLabel(`PC-REQ:${atLimit}:1:1`) as OwnLabel, atLimit + 'B')).toBe(false)
    // Labels printed before short forms, with a long id encoded whole, still read as that id.
    const long = 'ŁąęśżźćńóŃ'
    expect(readOwnLabel(`PC-REQ:${encodeURIComponent(long)}:3:1`)).toEqual({
      kind: 'request-label',
      requestId: long,
      packId: 3,
      generation: 1
    })
    for (const damaged of ['PC-REQ:%%ABC:1:1', `PC-BAG:${ref}x:1`, `PC-REQ:${ref.toLowerCase()}:1:1`])
      expect(classifyScan(damaged)).toMatchObject({ kind: 'unknown', problem: { looksLike: 'own-label' } })
  })

  it('takes the short form from the first 80 bits of SHA-256 in base32', () => {
    // RFC 4648 base32 of the first ten bytes of SHA-256("abc") (ba7816bf8f01cfea4141).
    expect(shortRequestRef('abc')).toBe('%%XJ4BNP4PAHH6UQKB')
  })

  it('reads a dispensing label printed before barcodes named a generation, and refuses a broken one', () => {
    expect(readOwnLabel('PC-REQ:fr_7Q2K9:12')).toEqual({ kind: 'request-label', requestId: 'fr_7Q2K9', packId: 12 })
    for (const broken of [
      'PC-REQ:fr_7Q2K9:12:0',
      'PC-REQ:fr_7Q2K9:12:',
      'PC-REQ:fr_7Q2K9:12:2x',
      'PC-REQ:fr_7Q2K9:12:2:1'
    ])
      expect(classifyScan(broken)).toMatchObject({ kind: 'unknown', problem: { looksLike: 'own-label' } })
    expect(() => dispensingLabelPayload('fr_7Q2K9', 12, 0)).toThrow(RangeError)
  })
})
