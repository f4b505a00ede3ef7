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
import { requestLabelPayload } from '../../src/shared/scan/own-labels'
import type { ZplLabel } from './zpl-decode'

const squash = (text: string) => text.normalize('NFC').replace(/\s+/g, '')

/** The particulars missing from the labels of one job (empty when all are there). */
export function missingParticulars(labels: readonly ZplLabel[], input: DispensingLabelInput): string[] {
  // The body flows from label to label above the repeated "Keep out of the reach…" line.
  const body = labels.flatMap((label) => {
    const bannerY = label.fields.find((field) => field.text === KEEP_OUT_OF_REACH)?.y ?? Infinity
    return label.fields.filter((field) => field.font && field.y < bannerY).map((field) => field.text)
  })
  const text = squash(body.join(''))
  const everyLabel = labels.map((label) => squash(label.fields.map((field) => field.text).join('')))
  const barcodes = labels.map((label) => label.fields.find((field) => field.barcode)?.text)
  const wanted: Array<[string, string]> = [
    ['medicine', medicineDescription(input.medicine)],
    ['quantity', String(input.quantity)],
    ['directions', input.directions],
    ...input.cautionaryLabels.map((ref): [string, string] => [
      `BNF label ${typeof ref === 'number' ? ref : ref.number}`,
      cautionaryWording(bundledCautionaryLabels(), ref)
    ])
  ]
  if (input.externalUse ?? isExternalForm(input.medicine.form ?? input.medicine.name))
    wanted.push(['external use', FOR_EXTERNAL_USE])
  const missing = wanted.filter(([, value]) => !text.includes(squash(value))).map(([name]) => name)
  everyLabel.forEach((labelText, i) => {
    const repeated: Array<[string, string]> = [
      ['patient', input.patientName],
      ['keep out of reach', KEEP_OUT_OF_REACH],
      ['reference', input.requestId],
      ['pharmacy name', input.pharmacy.name],
      ['date of dispensing', formatLabelDate(input.dispensedOn)],
      ...input.pharmacy.address.split('\n').map((line): [string, string] => ['pharmacy address', line])
    ]
    for (const [name, value] of repeated) {
      if (!labelText.includes(squash(value))) missing.push(`${name} on label ${i + 1}`)
    }
    if (labels.length > 1 && !labelText.includes(squash(`${i + 1} of ${labels.length}`)))
      missing.push(`"${i + 1} of ${labels.length}" on label ${i + 1}`)
    if (barcodes[i] !== requestLabelPayload(input.requestId)) missing.push(`request barcode on label ${i + 1}`)
  })
  return missing
}
