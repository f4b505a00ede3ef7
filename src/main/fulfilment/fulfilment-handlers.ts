import type { Handlers } from '../contract/handler'
import type { CounterDb } from '../db/open'
import { CounterError } from '../errors'
import type { AuditTrail } from '../audit/trail'
import type { RequestFlags } from '../flags'
import { owingNotes } from '../stock/owing'
import type { RequestsRepo } from './requests-repo'

type FulfilmentCalls = 'worklist.get' | 'requests.get'

export function fulfilmentHandlers(deps: {
  requests: RequestsRepo
  audit: AuditTrail
  flags: RequestFlags
  db: CounterDb
}): Pick<Handlers, FulfilmentCalls> {
  return {
    'worklist.get': (_ctx, input) => {
      const view = deps.requests.worklist(input.includeClosed)
      // A few words per request on what holds it back: its unsettled flags, then what it is owed.
      const flagged = deps.flags.worklistNotes()
      const owing = owingNotes(deps.db)
      const notes: Record<string, string[]> = {}
      for (const row of view.rows) {
        const words = [...(flagged.get(row.id) ?? []), ...(owing.has(row.id) ? [owing.get(row.id) as string] : [])]
        if (words.length > 0) notes[row.id] = words
      }
      return { ...view, notes }
    },
    'requests.get': (_ctx, input) => {
      const stored = deps.requests.get(input.id)
      if (!stored) throw new CounterError('not_found', `There is no request ${input.id} on this workstation.`)
      return { ...stored, timeline: deps.audit.list({ entityId: input.id, limit: 200 }) }
    }
  }
}
