import { sql } from 'drizzle-orm'
import { sqliteTable, text, integer, index, check } from 'drizzle-orm/sqlite-core'
import { CLINICAL_OUTCOMES } from '../../../shared/clinical/outcomes'
import { requests } from './requests'

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
