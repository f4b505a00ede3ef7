/**
 * The patient's record, search, staff notes and the pharmacist's clinical check. Notes are the
 * counter's own: never sent to Phensys. Administrators do not see patients' data.
 */
import { z } from 'zod'
import { opaqueId } from '../phensys/opaque-id'
import { basedOnRevision } from '../workflow/revision'
import type { Role } from '../roles'
import { TRANSITIONS } from '../workflow/transitions'
import { call } from './define'
import type { ClinicalView, PatientRecord, SearchHit, StaffNoteView } from './clinical-views'
import type { RequestDetail } from './views'

const requestId = opaqueId
const patientId = opaqueId
const STAFF: readonly Role[] = ['pharmacist', 'dispenser', 'accuracy_checker']
const note = z.string().trim().min(3).max(2000)
const message = z.string().trim().min(3).max(2000)

export const clinicalCalls = {
  'patients.record': call<PatientRecord>()({ input: z.object({ patientId }), access: STAFF, mutates: false }),
  /** Requests open or closed, by name, date of birth (DD/MM/YYYY), postcode, reference or tracking number. */
  'patients.search': call<SearchHit[]>()({
    input: z.object({ text: z.string().trim().min(2).max(100) }),
    access: STAFF,
    mutates: false
  }),
  'patients.decideIdentity': call<PatientRecord>()({
    input: z.object({ patientId, otherPatientId: patientId, samePerson: z.boolean(), reason: note }),
    access: ['pharmacist', 'dispenser'],
    mutates: true
  }),
  'notes.add': call<StaffNoteView>()({
    input: z.object({ subject: z.enum(['request', 'patient']), subjectId: requestId, text: note }),
    access: STAFF,
    mutates: true
  }),
  /** Notes of the last day on open requests and on patients: read at hand-over between staff. */
  'notes.handover': call<StaffNoteView[]>()({ input: z.object({}), access: STAFF, mutates: false }),
  'clinical.view': call<ClinicalView>()({ input: z.object({ id: requestId }), access: STAFF, mutates: false }),
  /**
   * The pharmacist's decision: approved; approved with an intervention note; a query to Phensys;
   * or a rejection (both with the message Phensys reads and the note the counter keeps).
   */
  'requests.clinicalCheck': call<RequestDetail>()({
    input: z.discriminatedUnion('outcome', [
      z.object({ id: requestId, basedOnRevision, outcome: z.literal('approved') }),
      z.object({ id: requestId, basedOnRevision, outcome: z.literal('approved_with_note'), note }),
      z.object({ id: requestId, basedOnRevision, outcome: z.literal('query'), note, message }),
      z.object({ id: requestId, basedOnRevision, outcome: z.literal('reject'), note, message })
    ]),
    access: TRANSITIONS.clinicalCheck.roles,
    mutates: true
  })
} as const
