import { describe, expect, it } from 'vitest'
import { readSnapshot } from '../../shared/phensys/read-snapshot'
import type { Snapshot } from '../../shared/phensys/snapshot'
import { hardCopyReceiptSchema } from '../../shared/workflow/hard-copy'
import { requestBody } from '../../../test/helpers/linked'
import { hardCopyMismatches } from './hard-copy-check'

function snapshot(overrides: Record<string, unknown> = {}): Snapshot {
  const reading = readSnapshot({
    version: 1,
    state: 'in_fulfilment',
    createdAt: '2026-11-26T09:00:00Z',
    updatedAt: '2026-11-26T09:00:00Z',
    ...requestBody('fr_HC1', overrides)
  })
  if (!reading.ok) throw new Error(reading.reason)
  return reading.snapshot
}

/** A product the catalogue does not know as a controlled drug. */
const notInCatalogue = () => null

const matching = {
  id: 'fr_HC1',
  formType: 'private_paper',
  serial: '',
  patientMatches: true,
  prescriberMatches: true,
  dateMatches: true,
  lines: [{ lineId: 'l1', matches: true, quantityOnForm: 28 }]
} as const

/** One morphine line, sent with this schedule. */
function morphineSnapshot(schedule: number | null): Snapshot {
  return snapshot({
    prescription: {
      ...(requestBody('x').prescription as object),
      items: [
        {
          lineId: 'l1',
          product: {
            dmdCode: '36128311000001109',
            name: 'Morphine sulfate 10mg modified-release tablets',
            strength: '10mg',
            form: 'tablet',
            controlledDrugSchedule: schedule
          },
          quantity: 28,
          unit: 'tablet',
          directions: 'Take ONE tablet TWICE a day',
          cautionaryLabels: [2]
        }
      ]
    }
  })
}

describe('checking the original prescription against the request', () => {
  it('finds nothing wrong when every line matches', () => {
    expect(hardCopyMismatches(snapshot(), hardCopyReceiptSchema.parse(matching), notInCatalogue)).toEqual([])
  })

  it('names each mismatch: patient, prescriber, date, a line, a quantity, a line too many', () => {
    const receipt = hardCopyReceiptSchema.parse({
      ...matching,
      patientMatches: false,
      prescriberMatches: false,
      dateMatches: false,
      lines: [
        { lineId: 'l1', matches: true, quantityOnForm: 56 },
        { lineId: 'l9', matches: true, quantityOnForm: 1 }
      ]
    })
    expect(hardCopyMismatches(snapshot(), receipt, notInCatalogue)).toEqual([
      'the patient on the form is not the patient of the request',
      'the prescriber on the form is not Dr A Khan',
      'the date on the form is not 25/11/2026',
      'Sertraline 50mg tablets: the form says 56, the request 28 tablets',
      'the form has a line l9 the request does not'
    ])
  })

  it('wants a Schedule 2 or 3 drug on an FP10PCD with its serial', () => {
    const morphine = morphineSnapshot(2)
    expect(hardCopyMismatches(morphine, hardCopyReceiptSchema.parse(matching), notInCatalogue)).toEqual([
      'a Schedule 2 or 3 controlled drug must be prescribed on FP10PCD (WP10PCD, PPCD)'
    ])
    expect(
      hardCopyMismatches(morphine, hardCopyReceiptSchema.parse({ ...matching, formType: 'FP10PCD' }), notInCatalogue)
    ).toEqual(['the FP10PCD serial number was not recorded'])
    expect(
      hardCopyMismatches(
        morphine,
        hardCopyReceiptSchema.parse({ ...matching, formType: 'FP10PCD', serial: 'AB 1234567' }),
        notInCatalogue
      )
    ).toEqual([])
  })

  it('wants the FP10PCD where the catalogue says Schedule 2, whatever Phensys sent', () => {
    const scheduleTwo = () => 2
    const receipt = hardCopyReceiptSchema.parse(matching)
    expect(hardCopyMismatches(morphineSnapshot(null), receipt, scheduleTwo)).toEqual([
      'a Schedule 2 or 3 controlled drug must be prescribed on FP10PCD (WP10PCD, PPCD)'
    ])
    expect(hardCopyMismatches(morphineSnapshot(null), receipt, notInCatalogue)).toEqual([])
  })
})
