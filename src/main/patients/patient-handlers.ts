/**
 * The patient's record, search across every request, identity decisions and staff notes. Notes
 * are the counter's own (never sent to Phensys); each is audited in its call's transaction.
 */
import type { clinicalCalls } from '../../shared/contract/clinical-calls'
import type { SafetyFlagView } from '../../shared/contract'
import type { Snapshot } from '../../shared/phensys/snapshot'
import { patientDisplayName } from '../../shared/phensys/snapshot'
import { type Handlers, requireActor } from '../contract'
import { CounterError } from '../errors'
import type { NotesRepo } from './notes-repo'
import { noteView, patientRecord } from './patient-record'
import type { PatientsRepo } from './patients-repo'
import type { RequestSearch } from './search'

type PatientCalls = Exclude<keyof typeof clinicalCalls, 'clinical.view' | 'requests.clinicalCheck'>

/** Notes on the hand-over list: those of the last day. */
const HANDOVER_MS = 24 * 60 * 60 * 1000

export interface PatientHandlerDeps {
  patients: PatientsRepo
  notes: NotesRepo
  search: RequestSearch
  requests: { get(id: string): { snapshot: Snapshot } | undefined }
  flagsOf: (requestIds: readonly string[]) => SafetyFlagView[]
  today: (now: Date) => string
}

export function patientHandlers(deps: PatientHandlerDeps): Pick<Handlers, PatientCalls> {
  const { patients, notes } = deps
  const nameOfPatient = (patientId: string): string | null => {
    const [row] = patients.requestsOf([patientId])
    const stored = row ? deps.requests.get(row.id) : undefined
    return stored ? patientDisplayName(stored.snapshot) : null
  }
  const about = (subject: 'request' | 'patient', subjectId: string): string | null => {
    if (subject === 'patient') return nameOfPatient(subjectId)
    const stored = deps.requests.get(subjectId)
    return stored ? `${patientDisplayName(stored.snapshot)} (${subjectId})` : null
  }

  return {
    'patients.record': (ctx, input) => patientRecord(deps, input.patientId, deps.today(ctx.now)),

    'patients.search': (_ctx, input) => deps.search.search(input.text),

    'patients.decideIdentity': (ctx, input) => {
      const actor = requireActor(ctx)
      if (input.patientId === input.otherPatientId)
        throw new CounterError('invalid_input', 'Choose another patient to compare with.')
      for (const id of [input.patientId, input.otherPatientId])
        if (!nameOfPatient(id)) throw new CounterError('not_found', `There is no patient ${id} on this workstation.`)
      patients.decide({
        patientId: input.patientId,
        otherPatientId: input.otherPatientId,
        samePerson: input.samePerson,
        reason: input.reason,
        byId: actor.id,
        byName: actor.displayName,
        at: ctx.now.toISOString()
      })
      ctx.audit({
        entityType: 'patient',
        entityId: input.patientId,
        summary: { otherPatientId: input.otherPatientId, samePerson: input.samePerson, reason: input.reason }
      })
      return patientRecord(deps, input.patientId, deps.today(ctx.now))
    },

    'notes.add': (ctx, input) => {
      const actor = requireActor(ctx)
      const subjectName = about(input.subject, input.subjectId)
      if (subjectName === null)
        throw new CounterError('not_found', `There is no ${input.subject} ${input.subjectId} on this workstation.`)
      const row = notes.add({
        subject: input.subject,
        subjectId: input.subjectId,
        text: input.text,
        byId: actor.id,
        byName: actor.displayName,
        at: ctx.now.toISOString()
      })
      ctx.audit({ entityType: input.subject, entityId: input.subjectId, summary: { note: row.id, text: input.text } })
      if (input.subject === 'request') ctx.broadcast('worklist.changed', { requestIds: [input.subjectId] })
      return noteView(row, subjectName)
    },

    'notes.handover': (ctx) =>
      notes
        .madeSince(new Date(ctx.now.getTime() - HANDOVER_MS).toISOString())
        .map((row) => noteView(row, about(row.subject, row.subjectId) ?? row.subjectId))
  }
}
