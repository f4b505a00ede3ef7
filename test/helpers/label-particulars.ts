/**
 * Checks that a printed job carries every particular a dispensing label must carry (used by the
 * transport tests, which read the job back as the printer would receive it).
 */
import {
  FOR_EXTERNAL_USE,
  KEEP_OUT_OF_REACH,
  bundledCautionaryLabels,
  cautionaryWording,
  formatLabelDate,
  isExternalForm,
  medicineDescription,
  type DispensingLabelInput
} from '../../src/main/labels'
import { dispensingLabelPayload, requestLabelPayload } from '../../src/shared/scan/own-labels'
import type { ZplLabel } from './zpl-decode'

const squash = (text: string) => text.normalize('NFC').replace(/\s+/g, '')

/** The particulars missing from the labels of one job (empty when all are there). */
export function missingParticulars(labels: readonly ZplLabel[], input: DispensingLabelInput): string[] {
  const textOf = (label: ZplLabel, section?: string) =>
    squash(
      label.fields
        .filter((field) => field.font && (section === undefined || field.section === section))
        .map((field) => field.text)
        .join('')
    )
  // The directions and cautionary wording flow from label to label; the rest is on every label.
  const flow = labels.map((label) => textOf(label, 'flow')).join('')
  const wanted: Array<[string, string]> = [
    ['directions', input.directions],
    ...input.cautionaryLabels.map((ref): [string, string] => [
      `BNF label ${typeof ref === 'number' ? ref : ref.number}`,
      cautionaryWording(bundledCautionaryLabels(), ref)
    ])
  ]
  const missing = wanted.filter(([, value]) => !flow.includes(squash(value))).map(([name]) => name)
  labels.forEach((label, i) => {
    const labelText = textOf(label)
    const header = textOf(label, 'header')
    const repeated: Array<[string, string]> = [
      ['patient', input.patientName],
      ['keep out of reach', KEEP_OUT_OF_REACH],
      ['reference', input.requestId],
      ['pharmacy name', input.pharmacy.name],
      ['date of dispensing', formatLabelDate(input.dispensedOn)],
      ...input.pharmacy.address.split('\n').map((line): [string, string] => ['pharmacy address', line])
    ]
    if (input.externalUse ?? isExternalForm(input.medicine.form ?? input.medicine.name))
      repeated.push(['external use', FOR_EXTERNAL_USE])
    for (const [name, value] of repeated) {
      if (!labelText.includes(squash(value))) missing.push(`${name} on label ${i + 1}`)
    }
    if (!header.includes(squash(medicineDescription(input.medicine)))) missing.push(`medicine on label ${i + 1}`)
    if (!header.includes(squash(String(input.quantity)))) missing.push(`quantity on label ${i + 1}`)
    if (labels.length > 1 && !header.includes(squash(`label ${i + 1} of ${labels.length}`)))
      missing.push(`"label ${i + 1} of ${labels.length}" on label ${i + 1}`)
    const barcode = label.fields.find((field) => field.barcode)?.text
    const payload = input.pack
      ? dispensingLabelPayload(input.requestId, input.pack.packId, input.pack.labelGeneration)
      : requestLabelPayload(input.requestId)
    if (barcode !== payload) missing.push(`request barcode on label ${i + 1}`)
  })
  return missing
}
