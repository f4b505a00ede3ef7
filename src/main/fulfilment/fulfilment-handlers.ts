import type { Handlers } from '../contract/handler'
import { CounterError } from '../errors'
import type { AuditTrail } from '../audit/trail'
import type { RequestsRepo } from './requests-repo'

type FulfilmentCalls = 'worklist.get' | 'worklist.rows' | 'requests.get'

export function fulfilmentHandlers(deps: {
  requests: RequestsRepo
  audit: AuditTrail
}): Pick<Handlers, FulfilmentCalls> {
  return {
    'worklist.get': (_ctx, input) => deps.requests.openPage(input.after, input.limit),
    'worklist.rows': (_ctx, input) => deps.requests.openRowsOf(input.ids),
    'requests.get': (_ctx, input) => {
      const stored = deps.requests.get(input.id)
      if (!stored) throw new CounterError('not_found', `There is no request ${input.id} on this workstation.`)
      return { ...stored, timeline: deps.audit.list({ entityId: input.id, limit: 200 }) }
    }
  }
}
