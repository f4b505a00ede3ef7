/**
 * The flags a version of a request raises as it arrives: each finding of the tolerant reader, and
 * what only the pharmacy knows: a cautionary label it has no wording for, a product its catalogue
 * lacks (and nobody has matched), a unit no pack counts in, a delivery service its carriers do not
 * map, and control characters in text a label prints (the request's id and line ids too: every
 * label prints them as its reference, cleaned). Each flag carries the raw value as it came
 * (read back from the payload by its path), words for a person and the steps it blocks.
 */
import type { FlaggableStep, FlagKind } from '../../shared/flags/kinds'
import type { FindingProblem, SnapshotFinding } from '../../shared/phensys/read-snapshot'
import type { Snapshot, SnapshotItem } from '../../shared/phensys/snapshot'
import { entryPath, valueAt } from '../../shared/phensys/snapshot-path'
import { COLLECT } from '../../shared/dispatch/carriers'
import { type CatalogueSchedule, effectiveSchedule, sentSchedule } from '../../shared/workflow/cd-schedule'
import type { RaisedFlag } from './flags-repo'
import { characterName, unprintableCharacter } from './control-characters'
import { IN_AN_UNKNOWN_STATE, cancelChosenWords, unknownStateWords } from './unknown-state'

/** What the pharmacy knows, asked of the parts that know it (labels, stock, dispatch). */
export interface PharmacyKnowledge {
  /** The pharmacy has wording for this cautionary label number. */
  hasCautionaryWording(number: number): boolean
  /** The prescription's figures this cautionary label's wording takes (BNF 17 and 18: the maximum dose). */
  cautionaryFigures(number: number): ReadonlyArray<'max' | 'maxPerWeek'>
  /** Why the counter cannot check stock of this prescribed product in this unit, or null when it can. */
  productProblem(dmdId: string, unit: string): 'unknown_product' | 'unit_not_stocked' | null
  /** The carriers' settings map this delivery service to a carrier service. */
  knowsDeliveryService(code: string): boolean
  /** The catalogue's Controlled Drug schedule of a product it knows. */
  catalogueSchedule: CatalogueSchedule
}

const FINDING_KINDS: Record<FindingProblem, FlagKind> = {
  missing: 'unreadable_value',
  invalid: 'unreadable_value',
  unknown_value: 'unknown_value',
  extra_field: 'extra_field',
  too_long: 'long_text'
}

/**
 * What a label carries that Phensys sent: a flag on any of it (unreadable, too long, hidden
 * characters, a cautionary label without wording) holds the labels back, and, should it arise once
 * they are printed, the packing, dispatch and hand-over of a bag labelled with it.
 */
const ON_A_LABEL: FlaggableStep[] = ['printLabels', 'pack', 'dispatch', 'collect']
/** What the bag label and the carrier's parcel carry: held back until packing. */
const ON_THE_BAG: FlaggableStep[] = ['pack']

/**
 * The steps a finding about this field holds back: each field is needed by the step that uses it.
 * A field no step uses holds nothing back (it is shown, for a person to see).
 */
function stepsNeeding(path: string): FlaggableStep[] {
  if (/^(route|prescription\.kind|prescription\.hardCopy)\b/.test(path)) return ['accept']
  if (/^prescription\.items\[\d+\]\.product\.controlledDrugSchedule/.test(path)) return ['accept']
  if (/^prescription\.(items|issuedAt|id)\b/.test(path)) return ['checkStock']
  if (/^prescription\.prescriber\b/.test(path)) return ['clinicalCheck']
  if (path === 'patient') return ['clinicalCheck']
  if (/^patient\.dateOfBirth\b/.test(path)) return ['clinicalCheck']
  if (/^delivery\.instructions\b/.test(path)) return []
  if (/^delivery\b/.test(path)) return ['pack']
  return []
}

/** The steps that print or supply what this field holds: whatever is wrong with it, they wait. */
function stepsPrinting(path: string): FlaggableStep[] {
  if (path === 'patient' || /^patient\.name\b/.test(path)) return ON_A_LABEL
  // The reference every dispensing and bag label prints: `Ref <id>/<line id>`.
  if (path === 'id' || /^prescription\.items\[\d+\]\.lineId$/.test(path)) return ON_A_LABEL
  if (
    /^prescription\.items\[\d+\](?:$|\.(?:product(?:$|\.(?:name|strength|form)\b)|quantity|unit|directions|cautionaryLabels)\b)/.test(
      path
    )
  )
    return ON_A_LABEL
  if (/^delivery\.(recipientName|address)\b/.test(path)) return ON_THE_BAG
  return []
}

function blocksFor(finding: SnapshotFinding, kind: FlagKind): FlaggableStep[] {
  if (kind === 'extra_field') return []
  const printing = stepsPrinting(finding.path)
  if (kind === 'long_text') return printing
  if (kind === 'unknown_value' && finding.path === 'state') return [...IN_AN_UNKNOWN_STATE]
  const needing = stepsNeeding(finding.path).filter((step) => kind !== 'unknown_value' || step === 'accept')
  return [...new Set([...needing, ...printing])]
}

/** Identity across versions: lines by their id, not their position. */
function keyOf(kind: FlagKind, path: string, lineId: string | null): string {
  const keyed = lineId === null ? path : path.replace(/^prescription\.items\[\d+\]/, `prescription.items[${lineId}]`)
  return `${kind}|${keyed}`
}

export function intakeFlags(
  raw: unknown,
  snapshot: Snapshot,
  findings: readonly SnapshotFinding[],
  knowledge: PharmacyKnowledge
): RaisedFlag[] {
  const flags: RaisedFlag[] = []
  const raise: Raise = (kind, path, lineId, words, blocks, identity = path) => {
    const key = keyOf(kind, identity, lineId)
    if (flags.some((flag) => flag.key === key)) return
    flags.push({ kind, source: 'intake', key, path, lineId, raw: valueAt(raw, path), words, blocks })
  }
  for (const finding of findings) {
    if (finding.problem === 'missing' && finding.path === 'prescription.hardCopy') {
      // Read as not required: a person is told, and nothing is held back by it.
      raise('hard_copy_unsaid', finding.path, null, finding.words, [])
      continue
    }
    const kind = FINDING_KINDS[finding.problem]
    const words = kind === 'unknown_value' && finding.path === 'state' ? unknownStateWords(finding.raw) : finding.words
    raise(kind, finding.path, finding.lineId, words, blocksFor(finding, kind))
  }
  controlCharacterFlag(snapshot.id, 'id', null, "the request's id", true, raise)
  snapshot.prescription.items.forEach((item, index) => {
    const at = entryPath('prescription.items', index)
    cautionaryFlags(item, at, knowledge, raise)
    productFlags(item, at, knowledge, raise)
    scheduleFlag(item, at, knowledge, raise)
    controlCharacterFlag(item.lineId, `${at}.lineId`, item.lineId, `the line id of line ${index + 1}`, true, raise)
    printedTextFlags(item, at, raise)
  })
  // The patient's choice relayed, Phensys's cancellation not yet: held, never cancelled here.
  if (snapshot.patientDecision?.choice === 'cancel' && snapshot.state !== 'cancelled')
    raise('cancel_chosen', 'patientDecision', null, cancelChosenWords(snapshot.patientDecision.decidedAt), [
      ...IN_AN_UNKNOWN_STATE
    ])
  const service = snapshot.delivery.service
  if (service.trim() !== '' && service !== COLLECT && !knowledge.knowsDeliveryService(service)) {
    raise(
      'unknown_delivery_service',
      'delivery.service',
      null,
      `The delivery service "${service}" is not one this pharmacy's carriers are set up for: a person chooses the carrier's service.`,
      ['pack']
    )
  }
  for (const field of PRINTED_ONE_LINE) {
    const text = field.read(snapshot)
    if (typeof text === 'string') controlCharacterFlag(text, field.path, null, field.what, true, raise)
  }
  const instructions = snapshot.delivery.instructions
  if (instructions)
    controlCharacterFlag(instructions, 'delivery.instructions', null, 'the delivery instructions', false, raise)
  return flags
}

/** `identity` names the flag across versions when its path alone would not (a label's number, not its position). */
type Raise = (
  kind: FlagKind,
  path: string,
  lineId: string | null,
  words: string,
  blocks: FlaggableStep[],
  identity?: string
) => void

type Read = (snapshot: Snapshot) => string | null | undefined

const PRINTED_ONE_LINE: ReadonlyArray<{ path: string; read: Read; what: string }> = [
  {
    path: 'patient.name.title',
    read: (s) => s.patient.name.title,
    what: "the patient's title"
  },
  {
    path: 'patient.name.given',
    read: (s) => s.patient.name.given,
    what: "the patient's given name"
  },
  {
    path: 'patient.name.family',
    read: (s) => s.patient.name.family,
    what: "the patient's family name"
  },
  {
    path: 'delivery.recipientName',
    read: (s) => s.delivery.recipientName,
    what: "the recipient's name"
  },
  {
    path: 'delivery.address.line1',
    read: (s) => s.delivery.address.line1,
    what: 'the first line of the address'
  },
  {
    path: 'delivery.address.line2',
    read: (s) => s.delivery.address.line2,
    what: 'the second line of the address'
  },
  { path: 'delivery.address.city', read: (s) => s.delivery.address.city, what: 'the town' },
  {
    path: 'delivery.address.postcode',
    read: (s) => s.delivery.address.postcode,
    what: 'the postcode'
  },
  { path: 'delivery.address.country', read: (s) => s.delivery.address.country, what: 'the country' }
]

function controlCharacterFlag(
  text: string,
  path: string,
  lineId: string | null,
  what: string,
  oneLine: boolean,
  raise: Raise
): void {
  const found = unprintableCharacter(text, oneLine)
  if (found === null) return
  // The same steps as any other finding about the field: those that print it.
  const blocks = stepsPrinting(path)
  const printed = blocks.length > 0
  raise(
    'control_characters',
    path,
    lineId,
    `${what.charAt(0).toUpperCase()}${what.slice(1)} holds a hidden control character (${characterName(found)})${
      printed ? ': a label prints the cleaned text only once a person has confirmed it.' : '.'
    }`,
    blocks
  )
}

function cautionaryFlags(item: SnapshotItem, at: string, knowledge: PharmacyKnowledge, raise: Raise): void {
  const medicine = item.product.name || 'the medicine'
  item.cautionaryLabels.forEach((ref, index) => {
    const number = typeof ref === 'number' ? ref : ref.number
    const path = entryPath(`${at}.cautionaryLabels`, index)
    if (!knowledge.hasCautionaryWording(number)) {
      raise(
        'unknown_cautionary_label',
        path,
        item.lineId,
        `Cautionary label ${number} on line ${item.lineId} (${medicine}) is not one this pharmacy knows: a pharmacist chooses the wording, or raises a query.`,
        stepsPrinting(path),
        `${at}.cautionaryLabels.number=${number}`
      )
    }
    // Sent as a bare number, or without a figure its wording takes: held at arrival for a
    // pharmacist to word it with the prescription's figure, not refused once the packs are scanned.
    const missing = knowledge
      .cautionaryFigures(number)
      .filter((figure) => typeof ref === 'number' || !ref[figure]?.trim())
    if (missing.length > 0) {
      const figures = missing
        .map((figure) => (figure === 'max' ? 'the maximum dose' : 'the weekly maximum'))
        .join(' and ')
      raise(
        'unknown_cautionary_label',
        path,
        item.lineId,
        `Cautionary label ${number} on line ${item.lineId} (${medicine}) came without ${figures} its wording takes: a pharmacist writes the wording with the prescription's figure, or raises a query.`,
        stepsPrinting(path),
        `${at}.cautionaryLabels.figure=${number}`
      )
    }
    if (typeof ref !== 'number') {
      for (const figure of ['max', 'maxPerWeek'] as const) {
        const text = ref[figure]
        if (typeof text === 'string')
          controlCharacterFlag(
            text,
            `${path}.${figure}`,
            item.lineId,
            `a cautionary label's figure on line ${item.lineId}`,
            true,
            raise
          )
      }
    }
  })
}

function productFlags(item: SnapshotItem, at: string, knowledge: PharmacyKnowledge, raise: Raise): void {
  const { dmdCode, name } = item.product
  if (dmdCode.trim() === '' || item.unit.trim() === '') return
  const problem = knowledge.productProblem(dmdCode, item.unit)
  if (problem === 'unknown_product') {
    raise(
      'unknown_product',
      `${at}.product`,
      item.lineId,
      `${name || 'The medicine'} (dm+d ${dmdCode}) on line ${item.lineId} is not in this pharmacy's catalogue: it needs a product match (a dispenser matches it, a pharmacist confirms).`,
      ['checkStock']
    )
  } else if (problem === 'unit_not_stocked') {
    raise(
      'unit_not_stocked',
      `${at}.unit`,
      item.lineId,
      `${name || 'The medicine'} on line ${item.lineId} is prescribed in "${item.unit}", which no pack of it is counted in: ask Phensys (a query).`,
      ['checkStock']
    )
  }
}

function printedTextFlags(item: SnapshotItem, at: string, raise: Raise): void {
  const line = item.lineId
  const fields: Array<[string, string | null | undefined, string, boolean]> = [
    [`${at}.product.name`, item.product.name, `the medicine's name on line ${line}`, true],
    [`${at}.product.strength`, item.product.strength, `the strength on line ${line}`, true],
    [`${at}.product.form`, item.product.form, `the form on line ${line}`, true],
    [`${at}.unit`, item.unit, `the unit on line ${line}`, true],
    [`${at}.directions`, item.directions, `the directions on line ${line}`, false]
  ]
  for (const [path, text, what, oneLine] of fields) {
    if (typeof text === 'string') controlCharacterFlag(text, path, line, what, oneLine, raise)
  }
}

/**
 * Phensys's schedule and the catalogue's differ (one of them none): the counter goes by the stricter
 * (`effectiveSchedule`) without waiting, and a pharmacist sees why. A schedule the reader could not
 * read is flagged already, and a product the catalogue lacks is matched first.
 */
function scheduleFlag(item: SnapshotItem, at: string, knowledge: PharmacyKnowledge, raise: Raise): void {
  const { product } = item
  const sent = sentSchedule(product)
  if (
    (product.controlledDrugSchedule != null && sent === null) ||
    knowledge.productProblem(product.dmdCode, item.unit) === 'unknown_product'
  )
    return
  const known = knowledge.catalogueSchedule(product.dmdCode)
  if (sent === known) return
  const called = (schedule: number | null) => (schedule === null ? 'not a controlled drug' : `Schedule ${schedule}`)
  raise(
    'cd_schedule_differs',
    `${at}.product.controlledDrugSchedule`,
    item.lineId,
    `Phensys sends ${product.name || 'the medicine'} on line ${item.lineId} as ${called(sent)}; this pharmacy's catalogue has it as ${called(known)}. The counter treats it as ${called(effectiveSchedule(product, known))} (the stricter): the original, how long the prescription is valid and the CD register follow that.`,
    []
  )
}
