/** Sample label inputs shared by tests, the benchmark and the printer transport tests. */
import type { DispensingLabelInput, PharmacyDetails } from '../../src/main/labels/dispensing-label'
import type { BagLabelInput } from '../../src/main/labels/bag-label'

export const SAMPLE_PHARMACY: PharmacyDetails = {
  name: 'Pharmetra Pharmacy',
  address: 'Unit 4, Kirkstall Works\nLeeds LS5 3BT'
}

export const SIMPLE_INPUT: DispensingLabelInput = {
  requestId: 'fr_7Q2K9',
  lineId: 'l1',
  patientName: "Ms Zoë O'Brien-Łukasik",
  medicine: { name: 'Sertraline 50mg tablets', strength: '50mg', form: 'tablet' },
  quantity: 28,
  unit: 'tablet',
  directions: 'Take ONE tablet each morning',
  cautionaryLabels: [],
  pharmacy: SAMPLE_PHARMACY,
  dispensedOn: '2026-11-26'
}

export const LONG_DIRECTIONS =
  'Take TWO tablets when required for pain, at least four hours apart. Do not take more than EIGHT tablets in ' +
  'twenty-four hours. If the pain continues for more than three days, or if you develop a high temperature, ' +
  'stop taking this medicine and speak to your pharmacist or doctor straight away. Take with or after food and ' +
  'a full glass of water. Keep a record of the doses you take (see the leaflet in the box).'

export const LONG_INPUT: DispensingLabelInput = {
  ...SIMPLE_INPUT,
  lineId: 'l2',
  medicine: { name: 'Co-codamol 30mg/500mg tablets', strength: '30mg/500mg', form: 'tablet' },
  quantity: 100,
  directions: LONG_DIRECTIONS,
  cautionaryLabels: [
    2,
    9,
    10,
    { number: 17, max: '8 tablets' },
    21,
    25,
    27,
    29,
    30,
    { number: 18, max: '2 tablets', maxPerWeek: '8 tablets' }
  ]
}

export const SAMPLE_BAG: BagLabelInput = {
  requestId: 'fr_7Q2K9',
  patientName: "Ms Zoë O'Brien-Łukasik",
  recipientName: "Zoë O'Brien-Łukasik",
  address: { line1: 'Flat 2', line2: '14 Kirkgate', city: 'Leeds', postcode: 'LS1 6BU', country: 'GB' },
  service: 'royal_mail_tracked_24',
  parcelNo: 1,
  parcelCount: 2
}
