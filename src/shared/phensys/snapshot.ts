/**
 * The Phensys fulfilment request snapshot (Provider API v1): the contract's shape, as a well-formed
 * Phensys sends it. The sandbox holds its requests to it (it plays a Phensys that keeps the
 * contract), and the workstation's types come from it. The workstation itself never refuses a
 * request for not fitting it: it reads every snapshot with the tolerant reader (read-snapshot.ts),
 * which stores what does not fit and flags it for a person.
 *
 * Tolerance rules from the contract: unknown fields are kept (loose objects) and unknown enum
 * values are accepted as plain strings, so a newer Phensys never crashes an older counter.
 *
 * Decisions the contract leaves open (written down here, mirrored by the sandbox):
 * - `cautionaryLabels` holds BNF label numbers; labels 17 and 18 come as objects carrying the
 *   prescriber's figures: `{ "number": 17, "max": "8 tablets" }`,
 *   `{ "number": 18, "max": "2 tablets", "maxPerWeek": "8 tablets" }`. Any positive number is a
 *   well-formed label: which ones a pharmacy has wording for is the pharmacy's business.
 * - `prescription.formType` (e.g. "FP10PCD") and `prescriber.cdPrescriberId` (6 digits) are
 *   optional additions used for controlled-drug prescriptions.
 */
import { z } from 'zod'
import { opaqueId } from './opaque-id'

/** An enum that also accepts values a later Phensys may add. */
function openEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.union([z.enum(values), z.string()]) as unknown as z.ZodType<T[number] | (string & {})>
}

export const ROUTES = ['upload', 'video_consultation', 'phone_consultation', 'form_consultation'] as const
export const PHENSYS_STATES = [
  'sent_to_provider',
  'in_fulfilment',
  'awaiting_patient_decision',
  'further_consultation',
  'query_open',
  'dispatched',
  'delivered',
  'rejected',
  'cancelled'
] as const
export const TERMINAL_PHENSYS_STATES = ['delivered', 'rejected', 'cancelled'] as const
export const DELIVERY_SERVICES = [
  'royal_mail_tracked_24',
  'royal_mail_tracked_48',
  'special_delivery_1pm',
  'courier_next_day',
  'collect'
] as const
export const PATIENT_CHOICES = ['wait', 'cancel', 'further_consultation'] as const

export type Route = (typeof ROUTES)[number]
export type PhensysState = (typeof PHENSYS_STATES)[number]
export type PatientChoice = (typeof PATIENT_CHOICES)[number]

const id = opaqueId
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
const timestamp = z.string().min(1)

export const cautionaryLabelSchema = z.union([
  z.number().int().positive(),
  z.looseObject({
    number: z.number().int().positive(),
    max: z.string().min(1).optional(),
    maxPerWeek: z.string().min(1).optional()
  })
])

export const productSchema = z.looseObject({
  dmdCode: z.string().regex(/^\d{6,20}$/, 'a dm+d code is 6 to 20 digits'),
  name: z.string().min(1),
  strength: z.string().nullish(),
  form: z.string().nullish(),
  controlledDrugSchedule: z.union([z.number().int().min(1).max(5), z.string()]).nullish()
})

export const itemSchema = z.looseObject({
  lineId: id,
  product: productSchema,
  quantity: z.number().positive(),
  unit: z.string().min(1),
  directions: z.string().min(1),
  cautionaryLabels: z.array(cautionaryLabelSchema).default([])
})

const prescriberSchema = z.looseObject({
  name: z.string().min(1),
  profession: z.string().nullish(),
  registrationBody: z.string().nullish(),
  registrationNumber: z.string().nullish(),
  address: z.string().nullish(),
  cdPrescriberId: z.string().nullish()
})

const prescriptionSchema = z.looseObject({
  id,
  kind: openEnum(['private_paper', 'private_electronic', 'consultation'] as const),
  issuedAt: isoDate,
  formType: z.string().nullish(),
  prescriber: prescriberSchema,
  hardCopy: z
    .looseObject({ required: z.boolean(), reason: z.string().nullish() })
    .default({ required: false, reason: null }),
  items: z.array(itemSchema).min(1),
  notes: z.string().nullish()
})

export const addressSchema = z.looseObject({
  line1: z.string().min(1),
  line2: z.string().nullish(),
  city: z.string().min(1),
  postcode: z.string().min(1),
  country: z.string().min(2)
})

export const snapshotSchema = z.looseObject({
  id,
  version: z.number().int().positive(),
  tenant: z.looseObject({ id: z.string(), name: z.string() }).nullish(),
  route: openEnum(ROUTES),
  state: openEnum(PHENSYS_STATES),
  createdAt: timestamp,
  updatedAt: timestamp,
  prescription: prescriptionSchema,
  patient: z.looseObject({
    id,
    name: z.looseObject({ title: z.string().nullish(), given: z.string().min(1), family: z.string().min(1) }),
    dateOfBirth: isoDate,
    phone: z.string().nullish(),
    email: z.string().nullish()
  }),
  delivery: z.looseObject({
    recipientName: z.string().min(1),
    address: addressSchema,
    service: openEnum(DELIVERY_SERVICES),
    instructions: z.string().nullish()
  }),
  payment: z
    .looseObject({ status: z.string(), payer: z.string().nullish(), reference: z.string().nullish() })
    .nullish(),
  options: z.array(z.string()).nullish(),
  patientDecision: z.looseObject({ choice: openEnum(PATIENT_CHOICES), decidedAt: timestamp }).nullish(),
  cancellation: z.looseObject({ reason: z.string(), cancelledAt: timestamp }).nullish()
})

export type Snapshot = z.infer<typeof snapshotSchema>
export type SnapshotItem = z.infer<typeof itemSchema>
export type CautionaryLabelRef = z.infer<typeof cautionaryLabelSchema>

export function isTerminalState(state: string): boolean {
  return (TERMINAL_PHENSYS_STATES as readonly string[]).includes(state)
}

export function patientDisplayName(snapshot: Pick<Snapshot, 'patient'>): string {
  const { title, given, family } = snapshot.patient.name
  return [title, given, family].filter(Boolean).join(' ')
}

/* ---- The feed (`GET /v1/provider/feed`) -------------------------------------------------------
 * Entries stay loose and their `request` raw: an entry whose snapshot cannot be read must not stop
 * the feed, so the workstation reads each `request` itself (read-snapshot.ts). Unknown kinds are kept.
 * Cursors are opaque to a client; the sandbox writes them as `c_` and at least six digits. */

const FEED_KINDS = [
  'request.created',
  'request.updated',
  'request.cancelled',
  'patient.decided',
  'query.resolved'
] as const

export const feedEntrySchema = z.looseObject({
  cursor: z.string().min(1),
  kind: openEnum(FEED_KINDS),
  requestId: opaqueId,
  version: z.number().int().positive(),
  at: timestamp,
  request: z.unknown()
})
export type FeedEntry = z.infer<typeof feedEntrySchema>

export const feedPageSchema = z.looseObject({
  entries: z.array(feedEntrySchema),
  next: z.string().min(1).nullable(),
  more: z.boolean()
})

/** `GET /v1/provider/requests?open=true`: raw requests, each read by itself (read-snapshot.ts). */
export const requestsPageSchema = z.looseObject({
  requests: z.array(z.unknown()),
  next: z.string().min(1).nullable()
})
