/**
 * The patient's record as the patient screen and the clinical check show it: identity and age,
 * every request here (open and closed, stage and dates), every supply, the notes on the patient,
 * and the flags of their open requests (given by the clinical part, which computes them).
 */
import type { PatientRecord, SafetyFlagView, StaffNoteView } from '../../shared/contract'
import { patientDisplayName, type Snapshot } from '../../shared/phensys/snapshot'
import { CLOSED_STAGES, storedStage } from '../../shared/workflow/stages'
import { registerTextForPeople } from '../../shared/registers/words'
import { CounterError } from '../errors'
import type { NotesRepo, StaffNoteRow } from './notes-repo'
import { itemsOf, type PatientsRepo } from './patients-repo'

export interface PatientRecordDeps {
  patients: PatientsRepo
  notes: NotesRepo
  requests: { get(id: string): { snapshot: Snapshot } | undefined }
  /** The flags of these requests. */
  flagsOf: (requestIds: readonly string[]) => SafetyFlagView[]
}

export function patientRecord(deps: PatientRecordDeps, patientId: string, today: string): PatientRecord {
  const { patients } = deps
  const ids = patients.idsOf(patientId)
  const rows = patients.requestsOf(ids)
  const own = rows.find((row) => row.patientId === patientId) ?? rows[0]
  if (!own) throw new CounterError('not_found', `There is no patient ${patientId} on this workstation.`)
  const latest = deps.requests.get(own.id)!.snapshot
  const decided = patients.latestDecisions(patientId)
  const requests = rows.map((row) => ({
    id: row.id,
    patientId: row.patientId,
    stage: storedStage(row.stage, row.hardCopyRequired),
    receivedAt: row.receivedAt,
    stageSince: row.stageSince,
    route: row.route,
    items: itemsOf(row)
      .map((item) => `${item.product.name} × ${item.quantity}`)
      .join('; ')
  }))
  const open = requests.filter((row) => !CLOSED_STAGES.includes(row.stage)).map((row) => row.id)
  return {
    patient: {
      patientId,
      name: patientDisplayName(latest),
      dateOfBirth: latest.patient.dateOfBirth,
      age: ageOn(latest.patient.dateOfBirth, today),
      postcode: latest.delivery.address.postcode,
      sameAs: ids.filter((id) => id !== patientId),
      possibleMatches: patients.possibleMatches(patientId).filter((match) => !decided.has(match.patientId))
    },
    requests,
    supplies: patients.suppliesOf(ids).map((supply) => ({
      requestId: supply.requestId,
      lineId: supply.lineId,
      suppliedAt: supply.suppliedAt,
      medicine: supply.medicineName,
      quantity: supply.quantity,
      unit: supply.unit,
      batches: registerTextForPeople(supply.packsSupplied),
      prescriber: supply.prescriberName,
      route: supply.route
    })),
    notes: ids.flatMap((id) => deps.notes.of('patient', id)).map((note) => noteView(note, patientDisplayName(latest))),
    flags: deps.flagsOf(open)
  }
}

export function noteView(row: StaffNoteRow, about: string): StaffNoteView {
  return {
    id: row.id,
    subject: row.subject,
    subjectId: row.subjectId,
    about,
    text: row.text,
    by: row.byName,
    at: row.at
  }
}

function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number]
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}
