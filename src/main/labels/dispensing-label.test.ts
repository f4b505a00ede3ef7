import { describe, expect, it } from 'vitest'
import { readSnapshot } from '../../shared/phensys/read-snapshot'
import { readOwnLabel } from '../../shared/scan/own-labels'
import { buildBagLabel, bagLabelInput } from './bag-label'
import {
  FOR_EXTERNAL_USE,
  KEEP_OUT_OF_REACH,
  buildDispensingLabel,
  dispensingLabelInputs,
  quantityLine,
  formatLabelDate,
  formatQuantity,
  isExternalForm,
  medicineDescription
} from './dispensing-label'
import { LONG_INPUT, SAMPLE_BAG, SAMPLE_PHARMACY, SIMPLE_INPUT } from '../../../test/helpers/label-fixtures'

const texts = (blocks: { text: string }[]) => blocks.map((block) => block.text)

describe('dispensing label content', () => {
  it('removes control characters from what it is given, and prints nothing blank', () => {
    const doc = buildDispensingLabel({
      ...SIMPLE_INPUT,
      patientName: 'Ann\u0000 \u202eLee\u200b',
      directions: 'Take\u0007 ONE\ttablet\r\nat night'
    })
    expect(texts(doc.footer)[0]).toBe('Ann Lee')
    expect(texts(doc.flow)[0]).toBe('Take ONE tablet\nat night')
    expect(() => buildDispensingLabel({ ...SIMPLE_INPUT, patientName: '\u0000\u200e' })).toThrow(
      /patient name is empty/
    )
  })

  it('prints the reference of an id or line id with hidden characters cleaned; its barcode names the request as it is', () => {
    // Intake flags such ids (src/main/flags/intake-flags.ts) for a person to confirm the cleaned reference.
    const requestId = 'fr_ODD\u200bID'
    const doc = buildDispensingLabel({ ...SIMPLE_INPUT, requestId, lineId: 'l\u202e1' })
    const reference = [...doc.footer, ...doc.flow, ...doc.header].find((block) => block.role === 'reference')
    expect(reference?.text).toMatch(/ · Ref fr_ODDID\/l1$/)
    expect(readOwnLabel(doc.barcode.payload)).toEqual({ kind: 'request-label', requestId })
    const bag = buildBagLabel({ ...SAMPLE_BAG, requestId })
    expect(texts(bag.footer)).toEqual(['Ref fr_ODDID · Parcel 1 of 2'])
    expect(readOwnLabel(bag.barcode.payload)).toEqual({ kind: 'bag-label', requestId, parcelNo: 1 })
  })

  it('carries every HMR 2012 Sch. 25 Part 1 particular and the usual lines', () => {
    const doc = buildDispensingLabel(LONG_INPUT)
    const all = [...doc.header, ...doc.flow, ...doc.banner, ...doc.footer].map((block) => block.text).join('\n')
    expect(all).toContain("Ms Zoë O'Brien-Łukasik") // patient
    expect(all).toContain('Pharmetra Pharmacy, Unit 4, Kirkstall Works, Leeds LS5 3BT') // pharmacy name and address
    expect(all).toContain('26 Nov 2026') // date of dispensing
    expect(all).toContain('Co-codamol 30mg/500mg tablets') // medicine, strength, form
    expect(all).toContain('Qty: 100 tablets')
    expect(all).toContain('Take TWO tablets when required') // directions
    expect(all).toContain('Do not take more than 8 tablets in 24 hours') // precautions (BNF 17)
    expect(all).toContain(
      'Do not take more than 2 tablets in 24 hours. Also, do not take more than 8 tablets in any one week'
    )
    expect(all).toContain(KEEP_OUT_OF_REACH)
    expect(all).toContain('Ref fr_7Q2K9/l2')
    expect(all).not.toContain(FOR_EXTERNAL_USE)
    expect(doc.flow.filter((block) => block.role === 'cautionary').map((block) => block.bnfNumber)).toEqual([
      2, 9, 10, 17, 21, 25, 27, 29, 30, 18
    ])
    expect(readOwnLabel(doc.barcode.payload)).toEqual({ kind: 'request-label', requestId: 'fr_7Q2K9' })
  })

  it('adds "For external use only" for external forms', () => {
    const doc = buildDispensingLabel({
      ...SIMPLE_INPUT,
      medicine: { name: 'Hydrocortisone 1% cream', strength: '1%', form: 'cream' }
    })
    expect(texts(doc.banner)).toContain(FOR_EXTERNAL_USE)
    expect(isExternalForm('ointment')).toBe(true)
    expect(isExternalForm('cutaneous solution')).toBe(true)
    expect(isExternalForm('oral gel')).toBe(false)
    expect(isExternalForm('eye ointment')).toBe(false)
    expect(isExternalForm('tablet')).toBe(false)
    expect(texts(buildDispensingLabel({ ...SIMPLE_INPUT, externalUse: true }).banner)).toContain(FOR_EXTERNAL_USE)
  })

  it('marks emergency supplies', () => {
    expect(texts(buildDispensingLabel({ ...SIMPLE_INPUT, emergencySupply: true }).banner)).toContain('Emergency supply')
  })

  it('refuses a label 17 without its figure, and missing particulars', () => {
    expect(() => buildDispensingLabel({ ...SIMPLE_INPUT, cautionaryLabels: [17] })).toThrow(
      expect.objectContaining({ code: 'missing-figure' })
    )
    expect(() => buildDispensingLabel({ ...SIMPLE_INPUT, patientName: ' \t' })).toThrow(/patient name is empty/)
    expect(() => buildDispensingLabel({ ...SIMPLE_INPUT, pharmacy: { ...SAMPLE_PHARMACY, address: '' } })).toThrow(
      /address/
    )
    expect(() => buildDispensingLabel({ ...SIMPLE_INPUT, dispensedOn: '2026-02-30' })).toThrow(/date of dispensing/)
  })

  it('describes the medicine without repeating strength or form', () => {
    expect(medicineDescription({ name: 'Amoxicillin 500mg capsules', strength: '500mg', form: 'capsule' })).toBe(
      'Amoxicillin 500mg capsules'
    )
    expect(medicineDescription({ name: 'Amoxicillin', strength: '500 mg', form: 'capsule' })).toBe(
      'Amoxicillin 500 mg capsule'
    )
    expect(formatQuantity(28, 'tablet')).toBe('28 tablets')
    expect(formatQuantity(1, 'patch')).toBe('1 patch')
    expect(formatQuantity(2, 'patch')).toBe('2 patches')
    expect(formatQuantity(100, 'ml')).toBe('100 ml')
    expect(formatQuantity(0.1 + 0.2, 'g')).toBe('0.3 g')
    expect(formatLabelDate('2026-01-05')).toBe('05 Jan 2026')
    const pack = { number: 1, of: 1, quantity: 20, packSize: 28, packId: 7, labelGeneration: 1 }
    expect(quantityLine({ quantity: 20, unit: 'tablet', pack }, 'tablet')).toBe('Qty: 20 of 28 tablets (split pack)')
    expect(quantityLine({ quantity: 28, unit: 'tablet', pack: { ...pack, quantity: 28 } }, 'tablet')).toBe(
      'Qty: 28 tablets'
    )
  })

  it('builds from a Phensys snapshot item', () => {
    const reading = readSnapshot({
      id: 'fr_7Q2K9',
      version: 4,
      route: 'upload',
      state: 'in_fulfilment',
      createdAt: 'x',
      updatedAt: 'y',
      prescription: {
        id: 'rx_1',
        kind: 'private_paper',
        issuedAt: '2026-11-25',
        prescriber: { name: 'Dr A Khan' },
        items: [
          {
            lineId: 'l1',
            product: {
              dmdCode: '39732411000001106',
              name: 'Amoxicillin 500mg capsules',
              strength: '500mg',
              form: 'capsule'
            },
            quantity: 21,
            unit: 'capsule',
            directions: 'Take ONE capsule THREE times a day',
            cautionaryLabels: [9]
          }
        ]
      },
      patient: { id: 'pt_1', name: { title: 'Mr', given: 'Ian', family: 'Ng' }, dateOfBirth: '1980-01-01' },
      delivery: {
        recipientName: 'Ian Ng',
        address: { line1: '1 High St', city: 'York', postcode: 'YO1 1AA', country: 'GB' },
        service: 'royal_mail_tracked_48'
      }
    })
    if (!reading.ok) throw new Error(reading.reason)
    const item = reading.snapshot.prescription.items[0]
    if (!item) throw new Error('no item')
    const [input] = dispensingLabelInputs(reading.snapshot, item, [], SAMPLE_PHARMACY, '2026-11-26', 1)
    if (!input) throw new Error('no input')
    const doc = buildDispensingLabel(input)
    expect(texts(doc.header)).toEqual(['Amoxicillin 500mg capsules', 'Qty: 21 capsules'])
    expect(texts(doc.flow)).toEqual([
      'Take ONE capsule THREE times a day',
      'Space the doses evenly throughout the day. Keep taking this medicine until the course is finished, unless you are told to stop'
    ])
    const packs = [1, 2].map((n) => ({
      packId: 40 + n,
      lineId: 'l1',
      product: { name: 'Amoxil 500mg capsules', strength: '500mg', form: 'capsule' },
      quantity: n === 1 ? 15 : 6,
      packSize: 15,
      unit: 'capsule'
    }))
    const perPack = dispensingLabelInputs(reading.snapshot, item, packs, SAMPLE_PHARMACY, '2026-11-26', 3).map((one) =>
      buildDispensingLabel(one)
    )
    expect(perPack.map((one) => texts(one.header))).toEqual([
      ['Amoxil 500mg capsules', 'Pack 1 of 2: 15 capsules · 21 capsules in all'],
      ['Amoxil 500mg capsules', 'Pack 2 of 2: 6 of 15 capsules (split pack) · 21 capsules in all']
    ])
    expect(perPack.map((one) => readOwnLabel(one.barcode.payload))).toEqual([
      { kind: 'request-label', requestId: 'fr_7Q2K9', packId: 41, generation: 3 },
      { kind: 'request-label', requestId: 'fr_7Q2K9', packId: 42, generation: 3 }
    ])
    const bag = buildBagLabel(bagLabelInput(reading.snapshot))
    expect(texts(bag.flow)).toEqual(['Ian Ng', '1 High St', 'York', 'YO1 1AA', 'Royal Mail Tracked 48'])
    expect(texts(bag.footer)).toEqual(['Ref fr_7Q2K9'])
  })
})

describe('bag label content', () => {
  it('carries patient, address, service and the request barcode, and nothing clinical', () => {
    const doc = buildBagLabel(SAMPLE_BAG)
    expect(texts(doc.flow)).toEqual([
      "Zoë O'Brien-Łukasik",
      'Flat 2',
      '14 Kirkgate',
      'Leeds',
      'LS1 6BU',
      'Royal Mail Tracked 24'
    ])
    expect(texts(doc.footer)).toEqual(['Ref fr_7Q2K9 · Parcel 1 of 2'])
    expect(texts(buildBagLabel({ ...SAMPLE_BAG, recipientName: 'A Neighbour' }).footer)[0]).toBe(
      "Patient: Ms Zoë O'Brien-Łukasik"
    )
    expect(readOwnLabel(doc.barcode.payload)).toEqual({ kind: 'bag-label', requestId: 'fr_7Q2K9', parcelNo: 1 })
    expect(() => buildBagLabel({ ...SAMPLE_BAG, parcelNo: 3 })).toThrow(/parcel 3 of 2/)
  })
})
