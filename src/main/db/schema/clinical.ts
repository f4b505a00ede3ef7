import { sql } from 'drizzle-orm'
import { sqliteTable, text, integer, index, uniqueIndex, check } from 'drizzle-orm/sqlite-core'
import { CLINICAL_OUTCOMES } from '../../../shared/clinical/outcomes'
import { SAFETY_KINDS } from '../../../shared/clinical/safety-kinds'
import { requests } from './requests'

const SAFETY_KIND_NAMES = Object.keys(SAFETY_KINDS) as [keyof typeof SAFETY_KINDS, ...Array<keyof typeof SAFETY_KINDS>]
const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))

/**
 * The pharmacist's clinical checks (src/main/clinical): one row per decision, with the version of
 * the request it was made on and the intervention note. An approval stands until Phensys changes
 * the items, which voids it (who made it and why stay). Rows are never deleted; the only change a
 * trigger allows is voiding an approval once.
 */
export const clinicalChecks = sqliteTable(
  'clinical_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    outcome: text('outcome', { enum: CLINICAL_OUTCOMES }).notNull(),
    /** The intervention note: required with a note, a query or a rejection. */
    note: text('note'),
    byId: text('by_id').notNull(),
    byName: text('by_name').notNull(),
    gphcNumber: text('gphc_number'),
    at: text('at').notNull(),
    /** The request's version the check was made on. */
    version: integer('version').notNull(),
    /** JSON: the safety flags on screen when it was made (their words and whether acknowledged). */
    flagsSeen: text('flags_seen').notNull(),
    voidedAt: text('voided_at'),
    voidedVersion: integer('voided_version')
  },
  (t) => [
    index('clinical_checks_request').on(t.requestId, t.id),
    check('clinical_checks_outcome', sql`${t.outcome} IN (${list(CLINICAL_OUTCOMES)})`),
    check('clinical_checks_note', sql`${t.outcome} = 'approved' OR length(trim(COALESCE(${t.note}, ''))) > 0`)
  ]
)

/**
 * Internal notes on a request or on a patient (src/main/patients): never sent to Phensys, shown
 * at hand-over between staff, append-only (triggers refuse UPDATE and DELETE).
 */
export const staffNotes = sqliteTable(
  'staff_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subject: text('subject', { enum: ['request', 'patient'] }).notNull(),
    /** The request's id, or the patient's Phensys id. */
    subjectId: text('subject_id').notNull(),
    text: text('text').notNull(),
    byId: text('by_id').notNull(),
    byName: text('by_name').notNull(),
    at: text('at').notNull()
  },
  (t) => [
    index('staff_notes_subject').on(t.subject, t.subjectId, t.id),
    index('staff_notes_at').on(t.at),
    check('staff_notes_subject_known', sql`${t.subject} IN ('request', 'patient')`)
  ]
)

/**
 * A person's decision on two Phensys patient ids that share a name, date of birth and postcode:
 * the same person (their records are read together) or not. The latest decision on a pair stands.
 * Written by src/main/patients.
 */
export const patientIdentityDecisions = sqliteTable(
  'patient_identity_decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: text('patient_id').notNull(),
    otherPatientId: text('other_patient_id').notNull(),
    samePerson: integer('same_person', { mode: 'boolean' }).notNull(),
    reason: text('reason').notNull(),
    byId: text('by_id').notNull(),
    byName: text('by_name').notNull(),
    at: text('at').notNull()
  },
  (t) => [
    index('patient_identity_patient').on(t.patientId, t.id),
    index('patient_identity_other').on(t.otherPatientId, t.id)
  ]
)

/**
 * The safety flags of requests (src/main/clinical/safety-flags.ts), computed at the counter from
 * the patient's record and the safety checks' file: each with its words, the value behind it,
 * whether it holds the clinical check back until acknowledged, and who acknowledged it, when and
 * why. A flag whose cause is gone no longer applies (kept, never deleted).
 */
export const safetyFlags = sqliteTable(
  'safety_flags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    lineId: text('line_id'),
    kind: text('kind', { enum: SAFETY_KIND_NAMES }).notNull(),
    key: text('key').notNull(),
    /** JSON of the value behind it. */
    raw: text('raw').notNull(),
    words: text('words').notNull(),
    mustAcknowledge: integer('must_acknowledge', { mode: 'boolean' }).notNull(),
    raisedAt: text('raised_at').notNull(),
    status: text('status', { enum: ['open', 'acknowledged', 'no_longer_applies'] }).notNull(),
    acknowledgedReason: text('acknowledged_reason'),
    acknowledgedById: text('acknowledged_by_id'),
    acknowledgedByName: text('acknowledged_by_name'),
    acknowledgedAt: text('acknowledged_at'),
    closedAt: text('closed_at')
  },
  (t) => [
    uniqueIndex('safety_flags_live')
      .on(t.requestId, t.key)
      .where(sql`${t.status} <> 'no_longer_applies'`),
    index('safety_flags_request').on(t.requestId, t.id),
    index('safety_flags_open').on(t.status, t.requestId),
    check(
      'safety_flags_acknowledged',
      sql`${t.status} <> 'acknowledged' OR (${t.acknowledgedAt} IS NOT NULL AND length(trim(COALESCE(${t.acknowledgedReason}, ''))) > 0)`
    )
  ]
)
