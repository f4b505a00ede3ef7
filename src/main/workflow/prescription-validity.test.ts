import { describe, expect, it } from 'vitest'
import { readSnapshot } from '../../shared/phensys/read-snapshot'
import type { Snapshot } from '../../shared/phensys/snapshot'
import { requestBody } from '../../../test/helpers/linked'
import { prescriptionValidUntil, requirePrescriptionValid } from './prescription-validity'

function prescription(issuedAt: string, schedule: number | null): Snapshot {
  const body = requestBody('fr_V1')
  const rx = body.prescription as { items: Array<{ product: Record<string, unknown> }> }
  const reading = readSnapshot({
    ...body,
    version: 1,
    state: 'in_fulfilment',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    prescription: {
      ...rx,
      issuedAt,
      items: rx.items.map((item) => ({ ...item, product: { ...item.product, controlledDrugSchedule: schedule } }))
    }
  })
  if (!reading.ok) throw new Error(reading.reason)
  return reading.snapshot
}

/** A product the catalogue does not know as a controlled drug. */
const notInCatalogue = () => null

describe('how long a prescription may be dispensed', () => {
  it('Schedules 2–4: 28 days, the day of the prescription counting as the first', () => {
    for (const schedule of [2, 3, 4]) {
      const rx = prescription('2026-06-01', schedule)
      expect(prescriptionValidUntil(rx, notInCatalogue)).toBe('2026-06-28')
      expect(() => requirePrescriptionValid(rx, '2026-06-28', notInCatalogue)).not.toThrow()
      expect(() => requirePrescriptionValid(rx, '2026-06-29', notInCatalogue)).toThrow(/expired/)
    }
  })

  it('other prescription-only medicines (and Schedule 5): 6 months', () => {
    for (const schedule of [null, 5]) {
      expect(prescriptionValidUntil(prescription('2026-06-01', schedule), notInCatalogue)).toBe('2026-11-30')
      expect(prescriptionValidUntil(prescription('2026-08-31', schedule), notInCatalogue)).toBe('2027-02-27')
    }
  })

  it("the counter's catalogue counts as much as Phensys: the stricter of the two schedules", () => {
    const scheduleTwo = () => 2
    // Sent without a schedule, or as Schedule 5: the catalogue's Schedule 2 gives 28 days.
    expect(prescriptionValidUntil(prescription('2026-06-01', null), scheduleTwo)).toBe('2026-06-28')
    expect(prescriptionValidUntil(prescription('2026-06-01', 5), scheduleTwo)).toBe('2026-06-28')
    // Sent as Schedule 3 where the catalogue says Schedule 5 (or nothing): still 28 days.
    expect(prescriptionValidUntil(prescription('2026-06-01', 3), () => 5)).toBe('2026-06-28')
    expect(() => requirePrescriptionValid(prescription('2026-06-01', null), '2026-06-29', scheduleTwo)).toThrow(
      /expired/
    )
  })
})
