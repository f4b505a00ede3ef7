/**
 * The dispatch note that goes inside the parcel: what is in it (medicine and quantity per line),
 * for whom, the request reference and how to reach the pharmacy. It is packed inside, so it may
 * name the medicines; nothing clinical goes on the outside (the bag label).
 */
import { requestLabelPayload } from '../../shared/scan/own-labels'
import type { Snapshot } from '../../shared/phensys/snapshot'
import { patientDisplayName } from '../../shared/phensys/snapshot'
import type { LabelDocument, TextBlock } from './document'
import { formatQuantity } from './dispensing-label'
import { oneLineLabelText } from './clean-text'

export interface DispatchNoteInput {
  requestId: string
  patientName: string
  items: Array<{ name: string; quantity: number; unit: string }>
  parcels: number
  pharmacy: { name: string; phone: string }
}

export function dispatchNoteInput(
  snapshot: Snapshot,
  parcels: number,
  pharmacy: { name: string; phone: string }
): DispatchNoteInput {
  return {
    requestId: snapshot.id,
    patientName: patientDisplayName(snapshot),
    items: snapshot.prescription.items.map((item) => ({
      name: item.product.name,
      quantity: item.quantity,
      unit: item.unit
    })),
    parcels,
    pharmacy
  }
}

export function buildDispatchNote(input: DispatchNoteInput): LabelDocument {
  const text = (value: string) => oneLineLabelText(value)
  const flow: TextBlock[] = [
    {
      role: 'directions',
      text: `${input.items.length} item${input.items.length === 1 ? '' : 's'} in ${input.parcels} parcel${input.parcels === 1 ? '' : 's'}:`
    },
    ...input.items.map((item): TextBlock => ({
      role: 'medicine',
      text: `${text(item.name)} × ${formatQuantity(item.quantity, item.unit)}`
    }))
  ]
  const footer: TextBlock[] = [
    { role: 'pharmacy', text: `${text(input.pharmacy.name)} · ${text(input.pharmacy.phone)}` },
    { role: 'reference', text: `Ref ${text(input.requestId)}`, shortenable: text(input.requestId) }
  ]
  return {
    kind: 'dispatch_note',
    header: [{ role: 'recipient', text: `Dispatch note for ${text(input.patientName)}` }],
    flow,
    banner: [],
    footer,
    continuation: { subject: `the dispatch note of ${text(input.requestId)}` },
    barcode: { symbology: 'datamatrix', payload: requestLabelPayload(input.requestId) }
  }
}
