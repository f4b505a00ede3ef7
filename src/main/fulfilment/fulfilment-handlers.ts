import type { Handlers } from '../contract/handler'
import { CounterError } from '../errors'
import type { AuditTrail } from '../audit/trail'
import type { RequestsRepo } from './requests-repo'

type FulfilmentCalls = 'worklist.get' | 'requests.get'

export function fulfilmentHandlers(deps: {
  requests: RequestsRepo
  audit: AuditTrail
  /** Per request, the few words of what holds it back (its flags, what it is owed); composed in core. */
  worklistNotes: () => Map<string, string[]>
}): Pick<Handlers, FulfilmentCalls> {
  return {
    'worklist.get': (_ctx, input) => {
      const view = deps.requests.worklist(input.includeClosed)
      const all = deps.worklistNotes()
      const notes: Record<string, string[]> = {}
      for (const row of view.rows) {
        const words = all.get(row.id)
        if (words && words.length > 0) notes[row.id] = words
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
