/**
 * The dispensing label's content: HMR 2012 Schedule 25 Part 1 particulars (patient name; pharmacy
 * name and address; date of dispensing; medicine name, directions and precautions as prescribed)
 * plus quantity, strength and form, "Keep out of the reach and sight of children", "For external
 * use only" where it applies, the BNF cautionary wording, the reference and a barcode that opens
 * the request.
 */
import { requestLabelPayload } from '../../shared/scan/own-labels'
import type { CautionaryLabelRef, Snapshot, SnapshotItem } from '../../shared/phensys/snapshot'
import { patientDisplayName } from '../../shared/phensys/snapshot'
import { bundledCautionaryLabels, cautionaryWording, type CautionaryLabelSet } from './cautionary-labels'
import type { LabelDocument, TextBlock } from './document'
import { LabelError } from './errors'
import { normaliseLabelText } from './wrap'

export const KEEP_OUT_OF_REACH = 'Keep out of the reach and sight of children'
export const FOR_EXTERNAL_USE = 'For external use only'
const EMERGENCY_SUPPLY = 'Emergency supply'

export interface PharmacyDetails {
  name: string
  /** One line or several (newlines become ", "). */
  address: string
}

export interface DispensingLabelInput {
  requestId: string
  /** Printed reference; default "<requestId>/<lineId>". */
  reference?: string
  lineId?: string
  patientName: string
  medicine: { name: string; strength?: string | null; form?: string | null }
  quantity: number
  unit: string
  directions: string
  cautionaryLabels: readonly CautionaryLabelRef[]
  pharmacy: PharmacyDetails
  /** Date of dispensing, YYYY-MM-DD. */
  dispensedOn: string
  emergencySupply?: boolean
  /** Overrides the decision taken from the form. */
  externalUse?: boolean
}

const EXTERNAL_FORMS =
  /\b(creams?|ointments?|gels?|lotions?|pastes?|foams?|liniments?|shampoos?|scalp applications?|emollients?|collodions?|paints?|dusting powders?|cutaneous|topical|dermal)\b/i
const NOT_EXTERNAL =
  /\b(oral|oromucosal|mouth|dental|gingival|buccal|sublingual|eye|ocular|ear|otic|nasal|nose|vaginal|rectal|intra\w*|transdermal|inhal\w*)\b/i

/** True for forms applied to the skin (cream, ointment, gel, lotion, …), not oral gels or eye ointments. */
export function isExternalForm(form: string): boolean {
  return EXTERNAL_FORMS.test(form) && !NOT_EXTERNAL.test(form)
}

const COUNT_UNITS =
  /^(tablet|capsule|caplet|sachet|patch|pessary|suppository|ampoule|vial|inhaler|pen|lozenge|pastille|dose|applicator|device|pack|bottle|tube|pouch|strip|implant|syringe|cartridge|container|pot|tub|film|plaster|dressing|kit|spray|drop)$/i

export function formatQuantity(quantity: number, unit: string): string {
  const amount = Number(quantity.toFixed(3)).toString()
  const trimmed = unit.trim()
  const plural =
    quantity !== 1 && COUNT_UNITS.test(trimmed)
      ? /(ch|sh|s|x)$/i.test(trimmed)
        ? `${trimmed}es`
        : `${trimmed}s`
      : trimmed
  return `${amount} ${plural}`
}

const squash = (text: string) => text.toLowerCase().replace(/\s+/g, '')

/** "Amoxicillin 500mg capsules": strength and form appended only when the name lacks them. */
export function medicineDescription(medicine: DispensingLabelInput['medicine']): string {
  let text = medicine.name.trim()
  const strength = medicine.strength?.trim()
  const form = medicine.form?.trim()
  if (strength && !squash(text).includes(squash(strength))) text += ` ${strength}`
  if (form && !squash(text).includes(squash(form))) text += ` ${form}`
  return text
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** "2026-11-26" → "26 Nov 2026" (unambiguous on a label read anywhere). */
export function formatLabelDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null
  if (!match || !month || !date || date.getUTCDate() !== Number(match[3])) {
    throw new LabelError('invalid-input', `date of dispensing "${iso}" is not a YYYY-MM-DD date`)
  }
  return `${match[3]} ${month} ${match[1]}`
}

function required(value: string, what: string): string {
  const text = normaliseLabelText(value)
  if (text.length === 0) throw new LabelError('invalid-input', `${what} is empty`)
  return text
}

export function buildDispensingLabel(
  input: DispensingLabelInput,
  labels: CautionaryLabelSet = bundledCautionaryLabels()
): LabelDocument {
  if (!(input.quantity > 0) || !Number.isFinite(input.quantity))
    throw new LabelError('invalid-input', 'quantity must be positive')
  const patient = required(input.patientName, 'patient name')
  const medicine = required(medicineDescription(input.medicine), 'medicine name')
  const directions = required(input.directions, 'directions')
  const pharmacyName = required(input.pharmacy.name, 'pharmacy name')
  const pharmacyAddress = required(input.pharmacy.address, 'pharmacy address').split('\n').join(', ')
  const reference = required(
    input.reference ?? (input.lineId ? `${input.requestId}/${input.lineId}` : input.requestId),
    'reference'
  )

  const body: TextBlock[] = [
    { role: 'medicine', text: medicine },
    { role: 'quantity', text: `Qty: ${formatQuantity(input.quantity, required(input.unit, 'unit'))}` }
  ]
  if (input.emergencySupply) body.push({ role: 'emergency', text: EMERGENCY_SUPPLY })
  body.push({ role: 'directions', text: directions })
  const seen = new Set<number>()
  for (const ref of input.cautionaryLabels) {
    const number = typeof ref === 'number' ? ref : ref.number
    if (seen.has(number)) continue
    seen.add(number)
    body.push({ role: 'cautionary', text: cautionaryWording(labels, ref), bnfNumber: number })
  }
  const external = input.externalUse ?? isExternalForm(input.medicine.form ?? input.medicine.name)
  if (external) body.push({ role: 'external', text: FOR_EXTERNAL_USE })

  return {
    kind: 'dispensing',
    body,
    banner: [{ role: 'warning', text: KEEP_OUT_OF_REACH }],
    footer: [
      { role: 'patient', text: patient },
      { role: 'reference', text: `${formatLabelDate(input.dispensedOn)} · Ref ${reference}` },
      { role: 'pharmacy', text: `${pharmacyName}, ${pharmacyAddress}` }
    ],
    barcode: { symbology: 'datamatrix', payload: requestLabelPayload(input.requestId) }
  }
}

/** The label input for one prescription item of a request snapshot. */
export function dispensingLabelInput(
  snapshot: Snapshot,
  item: SnapshotItem,
  pharmacy: PharmacyDetails,
  dispensedOn: string
): DispensingLabelInput {
  return {
    requestId: snapshot.id,
    lineId: item.lineId,
    patientName: patientDisplayName(snapshot),
    medicine: { name: item.product.name, strength: item.product.strength, form: item.product.form },
    quantity: item.quantity,
    unit: item.unit,
    directions: item.directions,
    cautionaryLabels: item.cautionaryLabels,
    pharmacy,
    dispensedOn
  }
}
