/**
 * The bag label: who it is for, where it goes, how, and the barcode that opens the request.
 * No clinical details, and no delivery instructions either (free text a patient may have
 * filled with clinical detail).
 *
 * It is one label, always: a name or address too long for the stock at the legible minimum is
 * refused (choose a larger stock, or have Phensys correct it), never split across two labels
 * where the postcode could part from the address.
 */
import { bagLabelPayload } from '../../shared/scan/own-labels'
import type { Snapshot } from '../../shared/phensys/snapshot'
import { patientDisplayName } from '../../shared/phensys/snapshot'
import type { LabelDocument, TextBlock } from './document'
import { LabelError } from './errors'
import { oneLineLabelText } from './clean-text'

export interface BagLabelInput {
  requestId: string
  patientName: string
  recipientName: string
  address: { line1: string; line2?: string | null; city: string; postcode: string; country: string }
  /** A Phensys delivery service code or any text. */
  service: string
  parcelNo?: number
  parcelCount?: number
}

// A map, not an object: a code such as `valueOf` or `__proto__` finds nothing, not Object's own.
const SERVICE_NAMES: ReadonlyMap<string, string> = new Map([
  ['royal_mail_tracked_24', 'Royal Mail Tracked 24'],
  ['royal_mail_tracked_48', 'Royal Mail Tracked 48'],
  ['special_delivery_1pm', 'Special Delivery Guaranteed by 1pm'],
  ['courier_next_day', 'Courier next day'],
  ['collect', 'Collection from the pharmacy']
])

export function deliveryServiceName(service: string): string {
  return SERVICE_NAMES.get(service) ?? service.replace(/_/g, ' ')
}

const text = (value: string | null | undefined) => oneLineLabelText(value ?? '')

export function buildBagLabel(input: BagLabelInput): LabelDocument {
  const parcelNo = input.parcelNo ?? 1
  const parcelCount = input.parcelCount ?? 1
  if (!Number.isInteger(parcelNo) || !Number.isInteger(parcelCount) || parcelNo < 1 || parcelNo > parcelCount) {
    throw new LabelError('invalid-input', `parcel ${parcelNo} of ${parcelCount} is not possible`)
  }
  const recipient = text(input.recipientName)
  const patient = text(input.patientName)
  const { line1, line2, city, postcode, country } = input.address
  if (!recipient || !text(line1) || !text(city) || !text(postcode)) {
    throw new LabelError('invalid-input', 'recipient name, address line 1, town and postcode are required')
  }
  const flow: TextBlock[] = [
    { role: 'recipient', text: recipient },
    ...[line1, line2, city, postcode]
      .map((value) => text(value))
      .filter((value) => value.length > 0)
      .map((value): TextBlock => ({ role: 'address', text: value }))
  ]
  if (text(country) && text(country).toUpperCase() !== 'GB') flow.push({ role: 'address', text: text(country) })
  flow.push({ role: 'service', text: deliveryServiceName(text(input.service)) })

  const footer: TextBlock[] = []
  // The patient line is left out when the parcel is addressed to the patient (title aside).
  if (patient && !patient.toLowerCase().endsWith(recipient.toLowerCase()))
    footer.push({ role: 'patient', text: `Patient: ${patient}` })
  const parcel = parcelCount > 1 ? ` · Parcel ${parcelNo} of ${parcelCount}` : ''
  footer.push({ role: 'reference', text: `Ref ${text(input.requestId)}${parcel}`, shortenable: text(input.requestId) })
  return {
    kind: 'bag',
    header: [],
    flow,
    banner: [],
    footer,
    continuation: {
      refusal: (stock) =>
        `The recipient's name, the whole address and the delivery service do not fit one bag label of ${stock}, the legible minimum. ` +
        'Choose a larger label stock (F8, label printer), or raise a query so that Phensys corrects the name or address.'
    },
    barcode: { symbology: 'datamatrix', payload: bagLabelPayload(input.requestId, parcelNo) }
  }
}

export function bagLabelInput(snapshot: Snapshot, parcelNo = 1, parcelCount = 1): BagLabelInput {
  return {
    requestId: snapshot.id,
    patientName: patientDisplayName(snapshot),
    recipientName: snapshot.delivery.recipientName,
    address: snapshot.delivery.address,
    service: snapshot.delivery.service,
    parcelNo,
    parcelCount
  }
}
