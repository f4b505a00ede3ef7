/**
 * The pharmacist's clinical check, made with the patient's record in view before anything is
 * assembled: approved, approved with an intervention note, a query to Phensys or a rejection (the
 * table's `raiseQuery` and `reject` steps, with the note kept here). The request's safety flags
 * are computed again in the check's own transaction, so the decision is never made on stale ones;
 * a flag that must be acknowledged holds approval back (the table's `noBlockingFlag`).
 */
import type Database from 'better-sqlite3'
import type { ClinicalCheckView, FlagView } from '../../shared/contract'
import type { clinicalCalls } from '../../shared/contract/clinical-calls'
import { type Handlers, requireActor } from '../contract'
import { CounterError } from '../errors'
import type { NotesRepo, PatientsRepo } from '../patients'
import { noteView, patientRecord } from '../patients'
import { patientDisplayName } from '../../shared/phensys/snapshot'
import type { RequestRecord, Workflow, WorkflowCallHandlers } from '../workflow'
import type { ClinicalCheckRow, ClinicalChecksRepo } from './clinical-checks-repo'
import type { SafetyFlags } from './safety-flags'

type ClinicalCalls = Extract<keyof typeof clinicalCalls, 'clinical.view' | 'requests.clinicalCheck'>

export interface ClinicalHandlerDeps {
  /** The store's connection: the check's own writes run in a savepoint of the command's transaction. */
  sqlite: Database.Database
  workflow: Workflow
  checks: ClinicalChecksRepo
  safety: SafetyFlags
  patients: PatientsRepo
  notes: NotesRepo
  requests: { get(id: string): RequestRecord | undefined }
  /** The request's intake flags still to settle: shown where the pharmacist decides, as on the request screen. */
  intakeFlags: (requestId: string) => FlagView[]
  today: (now: Date) => string
  /** The table's query and rejection, as their own calls make them. */
  raiseQuery: WorkflowCallHandlers['requests.raiseQuery']
  reject: WorkflowCallHandlers['requests.reject']
}

export function clinicalHandlers(deps: ClinicalHandlerDeps): Pick<Handlers, ClinicalCalls> {
  const { workflow, checks, safety } = deps
  const stored = (id: string) => {
    const request = deps.requests.get(id)
    if (!request) throw new CounterError('not_found', `There is no request ${id} on this workstation.`)
    return request
  }

  return {
    'clinical.view': (ctx, input) => {
      const request = stored(input.id)
      const all = checks.all(input.id).map(checkView)
      return {
        requestId: input.id,
        record: patientRecord(
          { patients: deps.patients, notes: deps.notes, requests: deps.requests, flagsOf: (ids) => safety.views(ids) },
          request.snapshot.patient.id,
          deps.today(ctx.now)
        ),
        flags: safety.views([input.id]),
        intakeFlags: deps.intakeFlags(input.id),
        notes: deps.notes
          .of('request', input.id)
          .map((row) => noteView(row, `${patientDisplayName(request.snapshot)} (${input.id})`)),
        standing: all.find((check) => check.voided === null && check.outcome.startsWith('approved')) ?? null,
        checks: all
      }
    },

    'requests.clinicalCheck': (ctx, input) => {
      const actor = requireActor(ctx)
      const request = stored(input.id)
      const shownBefore = new Set(safety.views([input.id]).map((flag) => flag.id))
      safety.refreshPatientOf(input.id, ctx.now)
      const flagsSeen = safety
        .views([input.id])
        .map((flag) => ({ id: flag.id, words: flag.words, acknowledged: flag.acknowledged !== null }))
      const raised = flagsSeen.filter((flag) => !shownBefore.has(flag.id))
      const gone = shownBefore.size - (flagsSeen.length - raised.length)
      const decide = () => {
        const note = input.outcome === 'approved' ? null : input.note
        const record = () =>
          checks.record({
            requestId: input.id,
            outcome: input.outcome,
            note,
            byId: actor.id,
            byName: actor.displayName,
            gphcNumber: actor.gphcNumber,
            at: ctx.now.toISOString(),
            version: request.version,
            flagsSeen: JSON.stringify(flagsSeen)
          })
        if (input.outcome === 'query') {
          const answer = deps.raiseQuery(ctx, { id: input.id, reason: 'clinical', message: input.message })
          record()
          return answer
        }
        if (input.outcome === 'reject') {
          const answer = deps.reject(ctx, { id: input.id, reason: 'clinical', message: input.message })
          record()
          return answer
        }
        return workflow.command(ctx, 'clinicalCheck', input.id, {}, (current) => {
          record()
          return {
            to: workflow.stays('clinicalCheck', current),
            events: [],
            note: {
              outcome: input.outcome,
              clinicalCheckBy: actor.displayName,
              gphcNumber: actor.gphcNumber,
              ...(note ? { note } : {}),
              flags: flagsSeen.length
            }
          }
        })
      }
      try {
        return deps.sqlite.transaction(decide)()
      } catch (error) {
        // Flags computed again here and found changed (a birthday, a returned parcel since they were
        // last computed) stay when the check is refused, whatever for: the clinical view then shows
        // the pharmacist what to acknowledge, instead of the flags as they were, refused again and
        // again. What the refused check itself wrote is undone with its savepoint.
        if (!(error instanceof CounterError) || (raised.length === 0 && gone === 0)) throw error
        ctx.audit({
          entityType: 'request',
          entityId: input.id,
          command: 'clinical.flagsRecomputed',
          summary: { raised: raised.map((flag) => flag.words), noLongerApply: gone, refused: error.message }
        })
        throw new CounterError(error.code, error.message, { details: error.details, keepChanges: true })
      }
    }
  }
}

function checkView(row: ClinicalCheckRow): ClinicalCheckView {
  return {
    id: row.id,
    outcome: row.outcome,
    note: row.note,
    by: row.byName,
    at: row.at,
    version: row.version,
    voided: row.voidedAt ? { at: row.voidedAt, version: row.voidedVersion } : null
  }
}
