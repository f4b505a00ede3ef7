import type { Handlers } from '../contract'
import { CounterError } from '../errors'
import type { AuditTrail } from '../audit'
import type { RequestsRepo } from './requests-repo'
import type { WorklistRow } from '../../shared/contract'

type FulfilmentCalls = 'worklist.get' | 'worklist.closed' | 'worklist.rows' | 'requests.get'

export function fulfilmentHandlers(deps: {
  requests: RequestsRepo
  audit: AuditTrail
  /** Of these requests, the few words of what holds each back (its flags, what it is owed); composed in core. */
  worklistNotes: (ids: readonly string[]) => Map<string, string[]>
  /** Of these closed requests, what a person still owes the patient (their flags listed though they hold nothing back). */
  closedNotes: (ids: readonly string[]) => Map<string, string[]>
  /** The instant the pharmacy's day began (London midnight). */
  todayStart: (now: Date) => string
}): Pick<Handlers, FulfilmentCalls> {
  return {
    'worklist.get': (_ctx, input) => {
      const page = deps.requests.openPage(input.after, input.limit)
      return { ...page, rows: withNotes(page.rows, deps.worklistNotes) }
    },
    'worklist.closed': (ctx, input) => {
      // A closed request may still carry a flag for a person (a dispatched one whose patient is short).
      const view = deps.requests.closedView(input.view, { todayStart: deps.todayStart(ctx.now), after: input.after })
      return { ...view, rows: withNotes(view.rows, deps.closedNotes) }
    },
    'worklist.rows': (_ctx, input) => withNotes(deps.requests.openRowsOf(input.ids), deps.worklistNotes),
    'requests.get': (_ctx, input) => {
      const stored = deps.requests.get(input.id)
      if (!stored) throw new CounterError('not_found', `There is no request ${input.id} on this workstation.`)
      return { ...stored, timeline: deps.audit.list({ entityId: input.id, limit: 200 }) }
    }
  }
}

/** The rows with their notes, read for these rows only (never for every request with a flag). */
function withNotes(rows: WorklistRow[], notesOf: (ids: readonly string[]) => Map<string, string[]>): WorklistRow[] {
  const notes = notesOf(rows.map((row) => row.id))
  for (const row of rows) row.notes = notes.get(row.id) ?? []
  return rows
}
