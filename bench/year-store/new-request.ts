/** A new request for Phensys to send, as benchmarks make them: one patient, the given lines, today. */
export interface NewLine {
  dmdCode: string
  name: string
  quantity: number
  unit: string
}

export function newRequestBody(id: string, lines: readonly NewLine[], issuedAt: string): Record<string, unknown> {
  return {
    id,
    tenant: { id: 'lovemylife', name: 'LoveMyLife' },
    route: 'video_consultation',
    prescription: {
      id: `rx_${id}`,
      kind: 'consultation',
      issuedAt,
      prescriber: { name: 'Dr A Khan', profession: 'doctor', registrationBody: 'GMC', registrationNumber: '7012345' },
      hardCopy: { required: false, reason: null },
      items: lines.map((line, n) => ({
        lineId: `l${n + 1}`,
        product: { dmdCode: line.dmdCode, name: line.name, controlledDrugSchedule: null },
        quantity: line.quantity,
        unit: line.unit,
        directions: 'Take ONE tablet daily',
        cautionaryLabels: []
      })),
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
    payment: { status: 'paid', payer: 'patient', reference: `pay_${id}` }
  }
}
