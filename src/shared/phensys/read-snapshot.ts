/**
 * The workstation's tolerant reader of a Phensys snapshot. Only an entry that cannot be a request
 * at all is unreadable: not an object, no id (a string of 1 to 64 characters, as the contract
 * defines ids), or no `prescription.items` array. Everything else is read: what is missing, of the
 * wrong shape, an enum value this counter does not know, a field it does not know, or text longer
 * than any real one is a finding, kept with the raw value as it came and a sentence for a person,
 * and the snapshot gets a harmless stand-in (an empty text, no date, "hard copy required") so the
 * request is stored and can be seen. The counter then decides which finding blocks which step
 * (src/main/flags); nothing here decides anything for Phensys.
 *
 * What is known about the pharmacy (its catalogue, its cautionary label wording, its carriers, and
 * what a label can print) is not known here: those checks run in main on the snapshot this returns.
 */
import {
  PATIENT_CHOICES,
  PHENSYS_STATES,
  ROUTES,
  type CautionaryLabelRef,
  type Snapshot,
  type SnapshotItem
} from './snapshot'
import { entryPath, fieldPath } from './snapshot-path'
import { characterCount, fitsOpaqueId, ID_CHARACTERS } from './opaque-id'

export type FindingProblem = 'missing' | 'invalid' | 'unknown_value' | 'extra_field' | 'too_long'

export interface SnapshotFinding {
  problem: FindingProblem
  /** Where the value sits in the snapshot as sent: "prescription.items[0].quantity". */
  path: string
  /** The line it concerns (its lineId, or "#2" for the second line when it has none), else null. */
  lineId: string | null
  /** What Phensys sent there, as it came (undefined when the field is missing). */
  raw: unknown
  /** A sentence a person reads. */
  words: string
}

export type SnapshotReading =
  | { ok: true; snapshot: Snapshot; findings: SnapshotFinding[] }
  | { ok: false; reason: string; requestId: string | null }

/** The longest text any real snapshot carries in each kind of field; longer is kept and flagged. */
const LIMITS = { id: ID_CHARACTERS, name: 100, line: 200, code: 40, directions: 2000, note: 2000 } as const
type Limit = keyof typeof LIMITS

const KNOWN = {
  snapshot: [
    'id',
    'version',
    'tenant',
    'route',
    'state',
    'createdAt',
    'updatedAt',
    'prescription',
    'patient',
    'delivery',
    'payment',
    'options',
    'patientDecision',
    'cancellation'
  ],
  tenant: ['id', 'name'],
  prescription: ['id', 'kind', 'issuedAt', 'formType', 'prescriber', 'hardCopy', 'items', 'notes'],
  prescriber: ['name', 'profession', 'registrationBody', 'registrationNumber', 'address', 'cdPrescriberId'],
  hardCopy: ['required', 'reason'],
  item: ['lineId', 'product', 'quantity', 'unit', 'directions', 'cautionaryLabels'],
  product: ['dmdCode', 'name', 'strength', 'form', 'controlledDrugSchedule'],
  cautionary: ['number', 'max', 'maxPerWeek'],
  patient: ['id', 'name', 'dateOfBirth', 'phone', 'email'],
  patientName: ['title', 'given', 'family'],
  delivery: ['recipientName', 'address', 'service', 'instructions'],
  address: ['line1', 'line2', 'city', 'postcode', 'country'],
  payment: ['status', 'payer', 'reference'],
  patientDecision: ['choice', 'decidedAt'],
  cancellation: ['reason', 'cancelledAt']
} as const

const PRESCRIPTION_KINDS = ['private_paper', 'private_electronic', 'consultation'] as const
const PAYMENT_STATUSES = ['paid', 'authorised', 'exempt'] as const
const HARD_COPY_REASONS = ['paper_prescription', 'controlled_drug'] as const
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  const shown = text === undefined ? String(value) : text
  return shown.length > 60 ? `"${shown.slice(0, 57)}…"` : `"${shown}"`
}

/** Reads a raw snapshot; never throws. `versionHint` stands in for a missing version (the feed entry's). */
export function readSnapshot(raw: unknown, versionHint?: number): SnapshotReading {
  if (!isObject(raw)) return { ok: false, reason: 'the request is not a JSON object', requestId: null }
  const id = raw.id
  if (typeof id !== 'string' || !fitsOpaqueId(id)) {
    return { ok: false, reason: 'the request has no id (a text of 1 to 64 characters)', requestId: null }
  }
  const prescription = raw.prescription
  if (!isObject(prescription) || !Array.isArray(prescription.items)) {
    return { ok: false, reason: 'the request has no list of items (prescription.items)', requestId: id }
  }
  const reader = new Reader()
  return {
    ok: true,
    snapshot: reader.snapshot(raw, prescription, prescription.items, versionHint),
    findings: reader.found
  }
}

class Reader {
  readonly found: SnapshotFinding[] = []
  private lineId: string | null = null
  /** Objects found missing: their own fields are not reported missing one by one as well. */
  private readonly absent: string[] = []

  snapshot(raw: Json, prescription: Json, items: unknown[], versionHint: number | undefined): Snapshot {
    const version = this.version(raw.version, versionHint)
    const tenant = this.optionalObject(raw, 'tenant', 'tenant', 'the tenant')
    const snapshot: Snapshot = shaped(raw, {
      id: raw.id as string,
      version,
      tenant: tenant
        ? shaped(tenant, {
            id: this.text(tenant, 'id', 'tenant.id', "the tenant's id", 'id') ?? '',
            name: this.text(tenant, 'name', 'tenant.name', "the tenant's name", 'name') ?? ''
          })
        : null,
      route: this.choice(raw, 'route', 'route', 'the route', ROUTES) ?? '',
      state: this.choice(raw, 'state', 'state', "the request's state at Phensys", PHENSYS_STATES) ?? '',
      createdAt: this.text(raw, 'createdAt', 'createdAt', 'when it was created', 'code') ?? '',
      updatedAt: this.text(raw, 'updatedAt', 'updatedAt', 'when it was last changed', 'code') ?? '',
      prescription: this.prescription(prescription, items),
      patient: this.patient(raw),
      delivery: this.delivery(raw),
      payment: this.payment(raw),
      options: this.options(raw),
      patientDecision: this.patientDecision(raw),
      cancellation: this.cancellation(raw)
    })
    this.extras(raw, KNOWN.snapshot, '')
    if (tenant) this.extras(tenant, KNOWN.tenant, 'tenant')
    return snapshot
  }

  private version(value: unknown, hint: number | undefined): number {
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value
    const standIn = hint !== undefined && Number.isInteger(hint) && hint > 0 ? hint : 1
    this.note(
      value === undefined ? 'missing' : 'invalid',
      'version',
      value,
      `Phensys sent ${value === undefined ? 'no version number' : `the version ${quoted(value)}`}; read as version ${standIn}.`
    )
    return standIn
  }

  private prescription(raw: Json, items: unknown[]): Snapshot['prescription'] {
    const at = 'prescription'
    const prescriber = this.requiredObject(raw, 'prescriber', `${at}.prescriber`, 'the prescriber')
    const hardCopy = this.hardCopy(raw)
    const lines = this.items(items)
    this.extras(raw, KNOWN.prescription, at)
    this.extras(prescriber, KNOWN.prescriber, `${at}.prescriber`)
    return shaped(raw, {
      id: this.text(raw, 'id', `${at}.id`, "the prescription's id", 'id', true) ?? '',
      kind: this.choice(raw, 'kind', `${at}.kind`, 'the kind of prescription', PRESCRIPTION_KINDS) ?? '',
      issuedAt: this.date(raw, 'issuedAt', `${at}.issuedAt`, 'the date of the prescription', true) ?? '',
      formType: this.text(raw, 'formType', `${at}.formType`, 'the prescription form', 'code'),
      prescriber: shaped(prescriber, {
        name: this.text(prescriber, 'name', `${at}.prescriber.name`, "the prescriber's name", 'name', true) ?? '',
        profession: this.text(
          prescriber,
          'profession',
          `${at}.prescriber.profession`,
          "the prescriber's profession",
          'name'
        ),
        registrationBody: this.text(
          prescriber,
          'registrationBody',
          `${at}.prescriber.registrationBody`,
          "the prescriber's registration body",
          'code'
        ),
        registrationNumber: this.text(
          prescriber,
          'registrationNumber',
          `${at}.prescriber.registrationNumber`,
          "the prescriber's registration number",
          'code'
        ),
        address: this.text(prescriber, 'address', `${at}.prescriber.address`, "the prescriber's address", 'line'),
        cdPrescriberId: this.text(
          prescriber,
          'cdPrescriberId',
          `${at}.prescriber.cdPrescriberId`,
          "the prescriber's controlled-drug identifier",
          'code'
        )
      }),
      hardCopy,
      items: lines,
      notes: this.text(raw, 'notes', `${at}.notes`, "the prescription's notes", 'note')
    })
  }

  /**
   * A hard-copy flag that cannot be read counts as "required": the original is asked for, never
   * skipped. One left out (or null) is read as not required, but said for a person (the contract
   * always sends it): intake raises a flag for it that holds nothing back (`hard_copy_unsaid`), and
   * the rules that need an original regardless (a Schedule 2 or 3 item, the upload route's paper)
   * still hold the request for it.
   */
  private hardCopy(prescription: Json): Snapshot['prescription']['hardCopy'] {
    const at = 'prescription.hardCopy'
    const raw = this.optionalObject(prescription, 'hardCopy', at, 'whether the original is required')
    if (!raw) {
      const given = prescription.hardCopy
      const unsaid = given === undefined || given === null
      if (unsaid)
        this.note(
          'missing',
          at,
          given,
          'Phensys did not say whether the original prescription is required (it always should). The counter reads it as not required, unless the medicine or the route needs one: check the prescription, and raise a query if an original is needed.'
        )
      return { required: !unsaid, reason: null }
    }
    this.extras(raw, KNOWN.hardCopy, at)
    let required = raw.required
    if (typeof required !== 'boolean') {
      this.note(
        required === undefined ? 'missing' : 'invalid',
        `${at}.required`,
        required,
        `Phensys did not say clearly whether the original prescription is required (${required === undefined ? 'missing' : quoted(required)}); the counter will ask for it.`
      )
      required = true
    }
    return shaped(raw, {
      required: required as boolean,
      reason: this.choice(raw, 'reason', `${at}.reason`, 'why the original is required', HARD_COPY_REASONS, false)
    })
  }

  private items(raw: unknown[]): SnapshotItem[] {
    if (raw.length === 0) this.note('missing', 'prescription.items', raw, 'The prescription lists no medicines.')
    const seen = new Set<string>()
    return raw.map((value, index) => {
      const at = entryPath('prescription.items', index)
      const given = isObject(value) ? value.lineId : undefined
      const lineId = typeof given === 'string' && fitsOpaqueId(given) ? given : `#${index + 1}`
      this.lineId = lineId
      try {
        if (!isObject(value)) {
          this.note('invalid', at, value, `Line ${index + 1} of the prescription cannot be read (${quoted(value)}).`)
          return placeholderItem(lineId)
        }
        if (lineId !== given) {
          this.note(
            given === undefined ? 'missing' : 'invalid',
            `${at}.lineId`,
            given,
            `Line ${index + 1} has ${given === undefined ? 'no line id' : `the line id ${quoted(given)}, which is not one`}; shown as ${lineId}.`
          )
        } else if (seen.has(lineId)) {
          this.note(
            'invalid',
            `${at}.lineId`,
            given,
            `Two lines of the prescription have the same line id ${quoted(given)}.`
          )
        }
        seen.add(lineId)
        return this.item(value, at, lineId)
      } finally {
        this.lineId = null
      }
    })
  }

  private item(raw: Json, at: string, lineId: string): SnapshotItem {
    const product = this.requiredObject(raw, 'product', `${at}.product`, `the medicine of line ${lineId}`)
    this.extras(raw, KNOWN.item, at)
    this.extras(product, KNOWN.product, `${at}.product`)
    const quantity = raw.quantity
    const quantityOk = typeof quantity === 'number' && Number.isFinite(quantity) && quantity > 0
    if (!quantityOk) {
      this.note(
        quantity === undefined ? 'missing' : 'invalid',
        `${at}.quantity`,
        quantity,
        quantity === undefined
          ? `Line ${lineId} has no quantity.`
          : `The quantity of line ${lineId} is ${quoted(quantity)}, not a number above nought.`
      )
    }
    return shaped(raw, {
      lineId,
      product: shaped(product, {
        dmdCode:
          this.text(product, 'dmdCode', `${at}.product.dmdCode`, `the dm+d code of line ${lineId}`, 'code', true) ?? '',
        name:
          this.text(product, 'name', `${at}.product.name`, `the medicine's name on line ${lineId}`, 'line', true) ?? '',
        strength: this.text(product, 'strength', `${at}.product.strength`, `the strength on line ${lineId}`, 'code'),
        form: this.text(product, 'form', `${at}.product.form`, `the form on line ${lineId}`, 'name'),
        controlledDrugSchedule: this.schedule(product, `${at}.product.controlledDrugSchedule`, lineId)
      }),
      quantity: quantityOk ? quantity : 0,
      unit: this.text(raw, 'unit', `${at}.unit`, `the unit of line ${lineId}`, 'code', true) ?? '',
      directions:
        this.text(raw, 'directions', `${at}.directions`, `the directions of line ${lineId}`, 'directions', true) ?? '',
      cautionaryLabels: this.cautionary(raw, `${at}.cautionaryLabels`, lineId)
    })
  }

  /**
   * A schedule the counter cannot read is kept as text and flagged: whether the original is needed,
   * and which register applies, depend on it.
   */
  private schedule(product: Json, at: string, lineId: string): SnapshotItem['product']['controlledDrugSchedule'] {
    const value = product.controlledDrugSchedule
    if (value === undefined || value === null) return null
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5) return value
    if (typeof value === 'string' && /^[1-5]$/.test(value.trim())) return value
    this.note(
      'unknown_value',
      at,
      value,
      `The controlled-drug schedule of line ${lineId} is ${quoted(value)}, which is not one this counter knows (1 to 5).`
    )
    return typeof value === 'string' ? value : JSON.stringify(value)
  }

  /** Entries of the wrong shape are left out (and flagged); numbers this pharmacy has no wording for are checked in main. */
  private cautionary(item: Json, at: string, lineId: string): CautionaryLabelRef[] {
    const value = item.cautionaryLabels
    if (value === undefined || value === null) return []
    if (!Array.isArray(value)) {
      this.note('invalid', at, value, `The cautionary labels of line ${lineId} are not a list: ${quoted(value)}.`)
      return []
    }
    const refs: CautionaryLabelRef[] = []
    value.forEach((entry, index) => {
      const here = entryPath(at, index)
      if (isLabelNumber(entry)) {
        refs.push(entry)
        return
      }
      if (isObject(entry) && isLabelNumber(entry.number)) {
        this.extras(entry, KNOWN.cautionary, here)
        const max = this.text(entry, 'max', `${here}.max`, `the maximum dose for label ${entry.number}`, 'code')
        const maxPerWeek = this.text(
          entry,
          'maxPerWeek',
          `${here}.maxPerWeek`,
          `the weekly maximum for label ${entry.number}`,
          'code'
        )
        refs.push({
          ...entry,
          number: entry.number,
          ...(max === null ? {} : { max }),
          ...(maxPerWeek === null ? {} : { maxPerWeek })
        })
        return
      }
      this.note(
        'invalid',
        here,
        entry,
        `A cautionary label of line ${lineId} cannot be read: ${quoted(entry)} is not a label number.`
      )
    })
    return refs
  }

  private patient(raw: Json): Snapshot['patient'] {
    const patient = this.requiredObject(raw, 'patient', 'patient', 'the patient')
    const name = this.requiredObject(patient, 'name', 'patient.name', "the patient's name")
    this.extras(patient, KNOWN.patient, 'patient')
    this.extras(name, KNOWN.patientName, 'patient.name')
    return shaped(patient, {
      id: this.text(patient, 'id', 'patient.id', "the patient's id", 'id', true) ?? '',
      name: shaped(name, {
        title: this.text(name, 'title', 'patient.name.title', "the patient's title", 'name'),
        given: this.text(name, 'given', 'patient.name.given', "the patient's given name", 'name', true) ?? '',
        family: this.text(name, 'family', 'patient.name.family', "the patient's family name", 'name', true) ?? ''
      }),
      dateOfBirth: this.date(patient, 'dateOfBirth', 'patient.dateOfBirth', "the patient's date of birth", true) ?? '',
      phone: this.text(patient, 'phone', 'patient.phone', "the patient's phone number", 'code'),
      email: this.text(patient, 'email', 'patient.email', "the patient's email address", 'line')
    })
  }

  private delivery(raw: Json): Snapshot['delivery'] {
    const delivery = this.requiredObject(raw, 'delivery', 'delivery', 'the delivery')
    const address = this.requiredObject(delivery, 'address', 'delivery.address', 'the delivery address')
    this.extras(delivery, KNOWN.delivery, 'delivery')
    this.extras(address, KNOWN.address, 'delivery.address')
    const line = (key: string, what: string, required: boolean, limit: Limit = 'line') =>
      this.text(address, key, `delivery.address.${key}`, what, limit, required)
    return shaped(delivery, {
      recipientName:
        this.text(delivery, 'recipientName', 'delivery.recipientName', "the recipient's name", 'line', true) ?? '',
      address: shaped(address, {
        line1: line('line1', 'the first line of the delivery address', true) ?? '',
        line2: line('line2', 'the second line of the delivery address', false),
        city: line('city', 'the town of the delivery address', true) ?? '',
        postcode: line('postcode', 'the delivery postcode', true, 'code') ?? '',
        country: line('country', 'the delivery country', true, 'code') ?? ''
      }),
      // Whether the service is one this pharmacy sends by is its carriers' settings' question (main).
      service: this.text(delivery, 'service', 'delivery.service', 'the delivery service', 'code', true) ?? '',
      instructions: this.text(delivery, 'instructions', 'delivery.instructions', 'the delivery instructions', 'note')
    })
  }

  private payment(raw: Json): Snapshot['payment'] {
    const payment = this.optionalObject(raw, 'payment', 'payment', 'the payment')
    if (!payment) return null
    this.extras(payment, KNOWN.payment, 'payment')
    return shaped(payment, {
      status: this.choice(payment, 'status', 'payment.status', 'the payment status', PAYMENT_STATUSES) ?? '',
      payer: this.text(payment, 'payer', 'payment.payer', 'who paid', 'code'),
      reference: this.text(payment, 'reference', 'payment.reference', 'the payment reference', 'code')
    })
  }

  private options(raw: Json): Snapshot['options'] {
    const value = raw.options
    if (value === undefined || value === null) return null
    if (!Array.isArray(value) || value.some((option) => typeof option !== 'string')) {
      this.note('invalid', 'options', value, `The patient's options cannot be read: ${quoted(value)}.`)
      return Array.isArray(value) ? value.filter((option): option is string => typeof option === 'string') : null
    }
    value.forEach((option: string, index) => {
      if (!(PATIENT_CHOICES as readonly string[]).includes(option))
        this.note(
          'unknown_value',
          entryPath('options', index),
          option,
          `The patient's options include ${quoted(option)}, which this counter does not know.`
        )
    })
    return value as string[]
  }

  private patientDecision(raw: Json): Snapshot['patientDecision'] {
    const decision = this.optionalObject(raw, 'patientDecision', 'patientDecision', "the patient's decision")
    if (!decision) return null
    this.extras(decision, KNOWN.patientDecision, 'patientDecision')
    return shaped(decision, {
      choice: this.choice(decision, 'choice', 'patientDecision.choice', "the patient's choice", PATIENT_CHOICES) ?? '',
      decidedAt:
        this.text(decision, 'decidedAt', 'patientDecision.decidedAt', 'when the patient decided', 'code', true) ?? ''
    })
  }

  private cancellation(raw: Json): Snapshot['cancellation'] {
    const cancellation = this.optionalObject(raw, 'cancellation', 'cancellation', 'the cancellation')
    if (!cancellation) return null
    this.extras(cancellation, KNOWN.cancellation, 'cancellation')
    return shaped(cancellation, {
      reason: this.text(cancellation, 'reason', 'cancellation.reason', 'why it was cancelled', 'line', true) ?? '',
      cancelledAt:
        this.text(cancellation, 'cancelledAt', 'cancellation.cancelledAt', 'when it was cancelled', 'code', true) ?? ''
    })
  }

  /* ---- one field at a time ---- */

  private note(problem: FindingProblem, path: string, raw: unknown, words: string): void {
    this.found.push({ problem, path, lineId: this.lineId, raw, words })
  }

  private missing(path: string, what: string, raw: unknown): void {
    if (this.absent.some((parent) => path.startsWith(`${parent}.`))) return
    const blank = typeof raw === 'string'
    this.note(
      blank ? 'invalid' : 'missing',
      path,
      raw,
      `${capitalise(what)} ${blank ? 'is blank' : raw === null ? 'is empty (null)' : 'is missing'}.`
    )
  }

  /** A text field; null when absent (and flagged when required), when not text (flagged), or blank. */
  private text(parent: Json, key: string, path: string, what: string, limit: Limit, required = false): string | null {
    const value = parent[key]
    if (typeof value === 'string') {
      if (value.trim().length === 0) {
        if (required) this.missing(path, what, value)
        return required ? value : value.length === 0 ? null : value
      }
      const characters = value.length > LIMITS[limit] ? characterCount(value) : value.length
      if (characters > LIMITS[limit]) {
        this.note(
          'too_long',
          path,
          value,
          `${capitalise(what)} is ${characters.toLocaleString('en-GB')} characters long, longer than any real one (${LIMITS[limit]}).`
        )
      }
      return value
    }
    if (value === undefined || value === null) {
      if (required) this.missing(path, what, value)
      return null
    }
    this.note('invalid', path, value, `${capitalise(what)} is ${quoted(value)}, not a text.`)
    return null
  }

  private date(parent: Json, key: string, path: string, what: string, required: boolean): string | null {
    const value = parent[key]
    if (typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
      return value
    if (value === undefined || value === null) {
      if (required) this.missing(path, what, value)
      return null
    }
    this.note('invalid', path, value, `${capitalise(what)} is ${quoted(value)}, not a date (YYYY-MM-DD).`)
    return null
  }

  /** An enum value: a value this counter does not know is kept and flagged. */
  private choice(
    parent: Json,
    key: string,
    path: string,
    what: string,
    known: readonly string[],
    required = true
  ): string | null {
    const value = this.text(parent, key, path, what, 'code', required)
    if (value !== null && value.trim().length > 0 && !known.includes(value)) {
      this.note(
        'unknown_value',
        path,
        value,
        `${capitalise(what)} is ${quoted(value)}, which this counter does not know.`
      )
    }
    return value
  }

  private requiredObject(parent: Json, key: string, path: string, what: string): Json {
    const value = parent[key]
    if (isObject(value)) return value
    if (value === undefined || value === null) this.missing(path, what, value)
    else this.note('invalid', path, value, `${capitalise(what)} cannot be read: ${quoted(value)}.`)
    this.absent.push(path)
    return {}
  }

  private optionalObject(parent: Json, key: string, path: string, what: string): Json | null {
    const value = parent[key]
    if (value === undefined || value === null) return null
    if (isObject(value)) return value
    this.note('invalid', path, value, `${capitalise(what)} cannot be read: ${quoted(value)}.`)
    return null
  }

  /** Fields a later Phensys may add: kept in the snapshot and noted for a person. */
  private extras(value: Json, known: readonly string[], path: string): void {
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue
      const here = fieldPath(path, key)
      this.note(
        'extra_field',
        here,
        value[key],
        `Phensys sent a field this counter does not know: ${here} = ${quoted(value[key])}.`
      )
    }
  }
}

/**
 * What came with what was read put in its place, without the empty stand-ins of optional fields
 * Phensys did not send: what is stored keeps the shape of what came (a field sent as null stays
 * null; one not sent stays absent). The fields are in the order `{ ...raw, ...read }` gives (what
 * came, in its order, each read value in its field's place, then the fields read that did not
 * come), built field by field: the spread, hundreds of times a page, cost a third of the reading.
 */
function shaped<T extends object>(raw: Json, read: T): T {
  const fields = read as Record<string, unknown>
  const kept: Record<string, unknown> = {}
  for (const key of Object.keys(raw)) keep(kept, key, Object.hasOwn(fields, key) ? fields[key] : raw[key])
  for (const key in fields)
    if (!Object.hasOwn(raw, key) && !(fields[key] === null && !(key in raw))) keep(kept, key, fields[key])
  return kept as T
}

/** A field named "__proto__" (sent by Phensys) stays a field, as it came, not the object's prototype. */
function keep(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
  else object[key] = value
}

function isLabelNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function placeholderItem(lineId: string): SnapshotItem {
  return {
    lineId,
    product: { dmdCode: '', name: '', strength: null, form: null, controlledDrugSchedule: null },
    quantity: 0,
    unit: '',
    directions: '',
    cautionaryLabels: []
  }
}
