/** Plain data, no core: e2e specs import it too. */
import type { z } from 'zod'
import type { hardCopyReceiptSchema } from '../../src/shared/workflow/hard-copy'

/** The prescriber of every request the tests make up: copied into each body, which a test may change. */
export const PRESCRIBER = {
  name: 'Dr A Khan',
  profession: 'doctor',
  registrationBody: 'GMC',
  registrationNumber: '7012345',
  address: '12 Harley St, London W1G 9PF'
}

/** A valid snapshot body for `POST /sandbox/requests`. */
export function requestBody(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    tenant: { id: 'lovemylife', name: 'LoveMyLife' },
    route: 'video_consultation',
    prescription: {
      id: `rx_${id}`,
      kind: 'consultation',
      issuedAt: '2026-11-25',
      prescriber: { ...PRESCRIBER },
      hardCopy: { required: false, reason: null },
      items: [
        {
          lineId: 'l1',
          product: {
            dmdCode: '39732311000001104',
            name: 'Sertraline 50mg tablets',
            strength: '50mg',
            form: 'tablet',
            controlledDrugSchedule: null
          },
          quantity: 28,
          unit: 'tablet',
          directions: 'Take ONE tablet each morning',
          cautionaryLabels: []
        }
      ],
      notes: null
    },
    patient: {
      id: `pt_${id}`,
      name: { title: 'Ms', given: 'Zoë', family: "O'Brien-Łukasik" },
      dateOfBirth: '1988-04-02',
      phone: '+447700900123',
      email: 'zoe@example.org'
    },
    delivery: {
      recipientName: "Zoë O'Brien-Łukasik",
      address: { line1: 'Flat 2', line2: '14 Kirkgate', city: 'Leeds', postcode: 'LS1 6BU', country: 'GB' },
      service: 'royal_mail_tracked_24',
      instructions: null
    },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_8812' },
    ...overrides
  }
}

/**
 * A request whose prescription is past its validity: accepting it sends `accepted` alone and
 * leaves it at the stock check (the check that accepting runs is refused by its guard and left for
 * a person), so a test sees each command's own events and nothing else.
 */
export function heldAtStockCheck(id: string): Record<string, unknown> {
  const body = requestBody(id)
  return { ...body, prescription: { ...(body.prescription as object), issuedAt: '2025-01-02' } }
}

/** The original (an FP10PCD) of request `id` as received, matching the request in every particular. */
export function matchingHardCopy(
  id: string,
  lines: Array<{ lineId: string; quantityOnForm: number }>
): z.input<typeof hardCopyReceiptSchema> {
  return {
    id,
    formType: 'FP10PCD',
    serial: `S${id}`,
    patientMatches: true,
    prescriberMatches: true,
    dateMatches: true,
    lines: lines.map((line) => ({ ...line, matches: true }))
  }
}
