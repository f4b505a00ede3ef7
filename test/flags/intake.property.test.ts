/**
 * Property: nothing is lost by the intake itself. Random snapshots built from the contract's schema
 * (each checked against it) are spoilt at random with unknown enum values, unknown cautionary label
 * numbers and product codes, extra fields, missing fields (optional and required), values of the
 * wrong type and hostile strings (control characters, bidi overrides, half surrogate pairs, ZPL and
 * SQL, 5,000 characters), sent by the sandbox and pulled through the real feed. Every entry with
 * an id and a list of items is stored and visible through the contract, none is answered with a
 * rejection, and each flag keeps the raw value found at its path in what Phensys served; only the
 * entries mixed in that cannot be a request at all are kept as unreadable and answered once.
 * One live world serves every run; FLAG_PROPERTY_RUNS lengthens it (default 25 runs).
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DELIVERY_SERVICES, ROUTES, snapshotSchema } from '../../src/shared/phensys/snapshot'
import { valueAt } from '../../src/shared/phensys/snapshot-path'
import { CLOSED_STAGES } from '../../src/shared/workflow/stages'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { DMD } from '../stock/helpers'

const RUNS = Number(process.env.FLAG_PROPERTY_RUNS ?? 25)
const AT = '2026-11-26T09:00:00Z'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const CONTROL = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u200b',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\r\n',
  '\t'
]
const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...CONTROL), fc.string({ maxLength: 10 }))
    .map((parts) => parts.join('')),
  fc.constantFrom('^XA^FO0,0^GB800,800,800^FS^XZ', "'); DROP TABLE requests; --", '李小龍', '💊💊', ' ', '', '\ud800'),
  fc.integer({ min: 2001, max: 6000 }).map((n) => 'x'.repeat(n))
)
const anyJson: fc.Arbitrary<Json> = fc.oneof(
  hostile,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), hostile), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), hostile), { maxKeys: 3 })
)

const KNOWN_CODES = [DMD.sertraline, DMD.finasteride, DMD.hydrocortisone]
const item = fc.record({
  dmdCode: fc.oneof(fc.constantFrom(...KNOWN_CODES), fc.stringMatching(/^[0-9]{8,18}$/)),
  quantity: fc.integer({ min: 1, max: 120 }),
  unit: fc.constantFrom('tablet', 'tablets', 'capsule', 'gram', 'ml', 'puff'),
  labels: fc.array(
    fc.oneof(
      fc.integer({ min: 1, max: 40 }),
      fc.record({ number: fc.constantFrom(17, 18, 99), max: fc.constant('8 tablets'), maxPerWeek: fc.constant('20') })
    ),
    { maxLength: 3 }
  )
})

/** A snapshot that keeps the contract (checked), before anything spoils it. */
/** Text the contract allows (any non-empty string), often hostile. */
const contractText = (plain: string) =>
  fc.oneof(
    { arbitrary: fc.constant(plain), weight: 2 },
    { arbitrary: hostile.filter((text) => text.length > 0), weight: 1 }
  )

const contractSnapshot = fc
  .record({
    // Unknown enum values are within the contract: a later Phensys may add them.
    route: fc.oneof(fc.constantFrom(...ROUTES), fc.constant('drive_through')),
    kind: fc.constantFrom('private_paper', 'private_electronic', 'consultation', 'private_fax'),
    family: contractText("O'Brien-Łukasik"),
    recipient: contractText('Sam Taylor'),
    directions: contractText('Take ONE tablet each morning'),
    service: fc.oneof(fc.constantFrom(...DELIVERY_SERVICES), fc.constantFrom('drone_drop', 'pigeon')),
    items: fc.array(item, { minLength: 1, maxLength: 3 }),
    withPayment: fc.boolean(),
    withInstructions: fc.boolean()
  })
  .map((pick) => (id: string) => {
    const body = requestBody(id, {
      route: pick.route,
      delivery: {
        recipientName: pick.recipient,
        address: { line1: '1 High Street', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB' },
        service: pick.service,
        ...(pick.withInstructions ? { instructions: 'Leave with neighbour' } : {})
      }
    })
    if (!pick.withPayment) delete body.payment
    ;(body.patient as { name: Record<string, unknown> }).name.family = pick.family
    const prescription = body.prescription as Record<string, unknown>
    prescription.kind = pick.kind
    prescription.items = pick.items.map((line, index) => ({
      lineId: `l${index + 1}`,
      product: { dmdCode: line.dmdCode, name: 'Sertraline 50mg tablets', strength: '50mg', form: 'tablet' },
      quantity: line.quantity,
      unit: line.unit,
      directions: pick.directions,
      cautionaryLabels: line.labels
    }))
    return body
  })

/** Where spoiling may reach: text, enums, numbers, whole objects. */
const PATHS = [
  'route',
  'state',
  'tenant',
  'tenant.name',
  'createdAt',
  'prescription.kind',
  'prescription.issuedAt',
  'prescription.notes',
  'prescription.hardCopy',
  'prescription.hardCopy.required',
  'prescription.prescriber',
  'prescription.prescriber.name',
  'prescription.items[0]',
  'prescription.items[0].lineId',
  'prescription.items[0].product',
  'prescription.items[0].product.dmdCode',
  'prescription.items[0].product.name',
  'prescription.items[0].product.controlledDrugSchedule',
  'prescription.items[0].quantity',
  'prescription.items[0].unit',
  'prescription.items[0].directions',
  'prescription.items[0].cautionaryLabels',
  'patient',
  'patient.name',
  'patient.name.given',
  'patient.name.family',
  'patient.dateOfBirth',
  'patient.email',
  'delivery',
  'delivery.recipientName',
  'delivery.address',
  'delivery.address.line1',
  'delivery.address.postcode',
  'delivery.service',
  'delivery.instructions',
  'payment',
  'payment.status',
  'options',
  'patientDecision'
] as const

type Spoil =
  | { kind: 'set'; path: (typeof PATHS)[number]; value: Json }
  | { kind: 'delete'; path: (typeof PATHS)[number] }
  | { kind: 'extra'; path: (typeof PATHS)[number] | ''; key: string; value: Json }

const spoil: fc.Arbitrary<Spoil> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    path: fc.constantFrom(...PATHS),
    value: fc.oneof({ arbitrary: hostile, weight: 3 }, { arbitrary: anyJson, weight: 1 })
  }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }),
  fc.record({
    kind: fc.constant('extra' as const),
    path: fc.constantFrom('' as const, ...PATHS),
    key: fc.oneof(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.constantFrom('__proto__', 'a.b', 'x[0]', '"', 'constructor')
    ),
    value: anyJson
  })
)

/** The parent object of a path (the spoils reach only fields of objects) and the last key. */
function parentOf(body: Record<string, unknown>, path: string): [Record<string, unknown> | null, string] {
  const cut = path.lastIndexOf('.')
  const bracket = path.lastIndexOf('[')
  if (path.endsWith(']') && bracket > cut) {
    const array = valueAt(body, path.slice(0, bracket))
    return [Array.isArray(array) ? (array as unknown as Record<string, unknown>) : null, path.slice(bracket + 1, -1)]
  }
  const parent = cut < 0 ? body : valueAt(body, path.slice(0, cut))
  const ok = typeof parent === 'object' && parent !== null && !Array.isArray(parent)
  return [ok ? (parent as Record<string, unknown>) : null, cut < 0 ? path : path.slice(cut + 1)]
}

function apply(body: Record<string, unknown>, change: Spoil): void {
  if (change.kind === 'extra') {
    const target = change.path === '' ? body : valueAt(body, change.path)
    if (typeof target === 'object' && target !== null && !Array.isArray(target))
      Object.defineProperty(target, change.key, {
        value: change.value,
        enumerable: true,
        writable: true,
        configurable: true
      })
    return
  }
  const [parent, key] = parentOf(body, change.path)
  if (!parent) return
  if (change.kind === 'delete') delete parent[key]
  else parent[key] = change.value
}

/** A run: a few requests, each spoilt its own way, and perhaps an entry that cannot be a request at all. */
const batch = fc.record({
  requests: fc.array(fc.record({ make: contractSnapshot, spoils: fc.array(spoil, { maxLength: 5 }) }), {
    minLength: 1,
    maxLength: 4
  }),
  broken: fc.option(fc.constantFrom('no items', 'items not a list', 'no prescription'), { nil: null })
})

let l: Linked
let staff: string
let next = 0
const seen = { kinds: new Set<string>(), flagged: 0, clean: 0, unreadable: 0 }

beforeAll(async () => {
  l = await startLinked()
  staff = await staffSession(l.core, ['dispenser'])
}, 60_000)
afterAll(async () => l?.stop())

describe('the intake loses nothing', () => {
  it('stores and shows every entry with an id and a list of items, rejects none, and keeps the raw value of every flag', async () => {
    await fc.assert(
      fc.asyncProperty(batch, async ({ requests, broken }) => {
        const ids: string[] = []
        for (const request of requests) {
          const id = `fr_P${++next}`
          const body = request.make(id)
          const asServed = { ...body, version: 1, state: 'sent_to_provider', createdAt: AT, updatedAt: AT }
          expect(snapshotSchema.safeParse(asServed).error, 'built from the contract').toBeUndefined()
          for (const change of request.spoils) apply(body, change)
          body.id = id
          const prescription = body.prescription
          if (typeof prescription !== 'object' || prescription === null || Array.isArray(prescription))
            body.prescription = { items: [] }
          const items = (body.prescription as Record<string, unknown>).items
          if (!Array.isArray(items)) (body.prescription as Record<string, unknown>).items = []
          const created = await l.phensys.post('/sandbox/requests?unchecked=true', body)
          expect(created.status, JSON.stringify(created.body)).toBe(201)
          ids.push(id)
        }
        const brokenId = broken ? `fr_B${++next}` : null
        if (broken && brokenId) {
          const body = requestBody(brokenId)
          if (broken === 'no prescription') delete body.prescription
          else
            body.prescription = {
              ...(body.prescription as object),
              items: broken === 'no items' ? undefined : 'two boxes'
            }
          expect((await l.phensys.post('/sandbox/requests?unchecked=true', body)).status).toBe(201)
        }
        await settle(l.core)

        for (const id of ids) {
          const served = (await l.phensys.get(`/v1/provider/requests/${id}`)).body
          const detail = await l.core.call(staff, 'requests.get', { id })
          expect(detail.ok, `${id} is visible: ${JSON.stringify(detail)}`).toBe(true)
          // An open request is on the worklist; a closed one is found by its reference alone.
          const listed = await l.core.call(staff, 'worklist.rows', { ids: [id] })
          const open = detail.ok && !CLOSED_STAGES.includes(detail.value.row.stage)
          expect(listed.ok && listed.value.some((row) => row.id === id), `${id} in the worklist`).toBe(open)
          const flags = await l.core.call(staff, 'requests.flags', { id })
          if (!flags.ok) throw new Error(flags.error.message)
          // The safety flags are computed from the patient's record, not values Phensys sent.
          for (const flag of flags.value.filter((candidate) => candidate.source === 'intake')) {
            const value = valueAt(served, flag.path)
            expect(flag.raw, `${id} ${flag.kind} at ${flag.path}`).toBe(
              value === undefined ? null : JSON.stringify(value)
            )
            seen.kinds.add(flag.kind)
          }
          if (flags.value.length > 0) seen.flagged += 1
          else seen.clean += 1
          const events = l.core.internals.outbox.forRequest(id)
          expect(
            events.filter((event) => event.type === 'rejected'),
            `${id} rejected`
          ).toEqual([])
        }
        if (brokenId) {
          expect((await l.core.call(staff, 'requests.get', { id: brokenId })).ok).toBe(false)
          const rejected = l.core.internals.outbox.forRequest(brokenId).filter((event) => event.type === 'rejected')
          expect(rejected).toHaveLength(1)
          seen.unreadable += 1
        }
      }),
      { numRuns: RUNS }
    )
    // The runs reached what they were meant to: every kind of intake flag, clean requests, broken entries.
    expect([...seen.kinds].sort()).toEqual(
      expect.arrayContaining([
        'control_characters',
        'extra_field',
        'long_text',
        'unknown_cautionary_label',
        'unknown_product',
        'unknown_value',
        'unreadable_value'
      ])
    )
    expect(seen.flagged).toBeGreaterThan(0)
    expect(seen.unreadable).toBeGreaterThan(0)
  }, 300_000)
})
