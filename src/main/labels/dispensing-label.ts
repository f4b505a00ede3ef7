/**
 * The dispensing label's content: HMR 2012 Schedule 25 Part 1 particulars (patient name; pharmacy
 * name and address; date of dispensing; medicine name, directions and precautions as prescribed)
 * plus quantity, strength and form, "Keep out of the reach and sight of children", "For external
 * use only" where it applies, the BNF cautionary wording, the reference and a barcode that opens
 * the request (and names the pack the label goes on).
 *
 * One document per pack dispensed: every label of it names the medicine (the product in the pack,
 * brand and all), which pack of the line it is, that pack's quantity and the line's total. Only
 * the directions and cautionary wording flow on to a supplementary label when they do not fit;
 * everything else is on every label.
 */
import { dispensingLabelPayload, requestLabelPayload } from '../../shared/scan/own-labels'
import type { CautionaryLabelRef, Snapshot, SnapshotItem } from '../../shared/phensys/snapshot'
import { patientDisplayName } from '../../shared/phensys/snapshot'
import { bundledCautionaryLabels, cautionaryWording, type CautionaryLabelSet } from './cautionary-labels'
import type { LabelDocument, TextBlock } from './document'
import { LabelError } from './errors'
import { labelText, oneLineLabelText } from './clean-text'

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
  /** The product dispensed: the scanned pack's (brand where it has one), else the prescribed one. */
  medicine: { name: string; strength?: string | null; form?: string | null }
  /** The line's total. */
  quantity: number
  unit: string
  /** The pack this set goes on; absent before the packs are scanned (a set then covers the line). */
  pack?: PackOnLabel
  directions: string
  cautionaryLabels: readonly CautionaryLabelRef[]
  pharmacy: PharmacyDetails
  /** Date of dispensing, YYYY-MM-DD. */
  dispensedOn: string
  emergencySupply?: boolean
  /** Overrides the decision taken from the form. */
  externalUse?: boolean
}

export interface PackOnLabel {
  /** Which pack of the line (1-based) and how many the line has. */
  number: number
  of: number
  /** What of this pack is supplied, and its full size: less is a split pack. */
  quantity: number
  packSize: number
  /** The dispensed pack's id: the label's barcode names it, so the accuracy check matches label and pack. */
  packId: number
  /**
   * The print generation of the request's labels (`dispensing_checks.label_generation`): the
   * barcode names it too, so an old label left on the pack after a relabel fails the accuracy check.
   */
  labelGeneration: number
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
  const text = labelText(value)
  if (text.length === 0) throw new LabelError('invalid-input', `${what} is empty`)
  return text
}

/** "Qty: 28 tablets", or for one pack of several "Pack 2 of 3: 28 tablets · 84 tablets in all"; a split pack says so. */
export function quantityLine(input: Pick<DispensingLabelInput, 'quantity' | 'unit' | 'pack'>, unit: string): string {
  const total = formatQuantity(input.quantity, unit)
  const { pack } = input
  if (!pack) return `Qty: ${total}`
  const amount =
    pack.quantity < pack.packSize
      ? `${Number(pack.quantity.toFixed(3))} of ${formatQuantity(pack.packSize, unit)} (split pack)`
      : formatQuantity(pack.quantity, unit)
  return pack.of === 1 && pack.quantity >= input.quantity
    ? `Qty: ${amount}`
    : `Pack ${pack.number} of ${pack.of}: ${amount} · ${total} in all`
}

export function buildDispensingLabel(
  input: DispensingLabelInput,
  labels: CautionaryLabelSet = bundledCautionaryLabels()
): LabelDocument {
  if (!(input.quantity > 0) || !Number.isFinite(input.quantity))
    throw new LabelError('invalid-input', 'quantity must be positive')
  const { pack } = input
  if (
    pack &&
    (!Number.isInteger(pack.number) ||
      pack.number < 1 ||
      pack.number > pack.of ||
      !(pack.quantity > 0) ||
      !(pack.packSize > 0))
  )
    throw new LabelError(
      'invalid-input',
      `pack ${pack.number} of ${pack.of} (${pack.quantity} of ${pack.packSize}) is not possible`
    )
  const patient = oneLineLabelText(required(input.patientName, 'patient name'))
  const medicine = oneLineLabelText(required(medicineDescription(input.medicine), 'medicine name'))
  const directions = required(input.directions, 'directions')
  const pharmacyName = oneLineLabelText(required(input.pharmacy.name, 'pharmacy name'))
  const pharmacyAddress = oneLineLabelText(required(input.pharmacy.address, 'pharmacy address'))
  const reference = oneLineLabelText(
    required(input.reference ?? (input.lineId ? `${input.requestId}/${input.lineId}` : input.requestId), 'reference')
  )
  const unit = oneLineLabelText(required(input.unit, 'unit'))

  const flow: TextBlock[] = [{ role: 'directions', text: directions }]
  const seen = new Set<number>()
  for (const ref of input.cautionaryLabels) {
    const number = typeof ref === 'number' ? ref : ref.number
    if (seen.has(number)) continue
    seen.add(number)
    flow.push({ role: 'cautionary', text: labelText(cautionaryWording(labels, ref)), bnfNumber: number })
  }
  const banner: TextBlock[] = [{ role: 'warning', text: KEEP_OUT_OF_REACH }]
  if (input.externalUse ?? isExternalForm(input.medicine.form ?? input.medicine.name))
    banner.push({ role: 'external', text: FOR_EXTERNAL_USE })
  if (input.emergencySupply) banner.push({ role: 'emergency', text: EMERGENCY_SUPPLY })

  return {
    kind: 'dispensing',
    header: [
      { role: 'medicine', text: medicine },
      { role: 'quantity', text: quantityLine(input, unit) }
    ],
    flow,
    banner,
    footer: [
      { role: 'patient', text: patient },
      {
        role: 'reference',
        text: `${formatLabelDate(input.dispensedOn)} · Ref ${reference}`,
        shortenable: oneLineLabelText(input.requestId)
      },
      { role: 'pharmacy', text: `${pharmacyName}, ${pharmacyAddress}` }
    ],
    continuation: { subject: medicine },
    barcode: {
      symbology: 'datamatrix',
      payload: pack
        ? dispensingLabelPayload(input.requestId, pack.packId, pack.labelGeneration)
        : requestLabelPayload(input.requestId)
    }
  }
}

/** A pack dispensed for a line, as its labels name it. */
export interface SuppliedPack {
  packId: number
  lineId: string
  /** The product in the pack (the AMP: brand and supplier's name), with its strength and form. */
  product: { name: string; strength: string | null; form: string | null }
  /** What of the pack goes to the line (less than `packSize` for a split pack), in `unit`. */
  quantity: number
  packSize: number
  unit: string
}

/**
 * The label inputs for one prescription item: one per pack dispensed for it, in the order they
 * were scanned; before any pack is scanned, one for the line as prescribed.
 */
export function dispensingLabelInputs(
  snapshot: Snapshot,
  item: SnapshotItem,
  packs: readonly SuppliedPack[],
  pharmacy: PharmacyDetails,
  dispensedOn: string,
  labelGeneration: number
): DispensingLabelInput[] {
  const common = {
    requestId: snapshot.id,
    lineId: item.lineId,
    patientName: patientDisplayName(snapshot),
    directions: item.directions,
    cautionaryLabels: item.cautionaryLabels,
    pharmacy,
    dispensedOn
  }
  const mine = packs.filter((pack) => pack.lineId === item.lineId)
  if (mine.length === 0) {
    return [
      {
        ...common,
        medicine: { name: item.product.name, strength: item.product.strength, form: item.product.form },
        quantity: item.quantity,
        unit: item.unit
      }
    ]
  }
  const total = mine.reduce((sum, pack) => sum + pack.quantity, 0)
  return mine.map((pack, index) => ({
    ...common,
    medicine: pack.product,
    quantity: Number(total.toFixed(3)),
    unit: pack.unit,
    pack: {
      number: index + 1,
      of: mine.length,
      quantity: pack.quantity,
      packSize: pack.packSize,
      packId: pack.packId,
      labelGeneration
    }
  }))
}
