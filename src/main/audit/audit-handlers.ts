import type { Handlers } from '../contract/handler'
import type { AuditTrail } from './trail'

export function auditHandlers(deps: { audit: AuditTrail }): Pick<Handlers, 'audit.list' | 'audit.verify'> {
  return {
    'audit.list': (_ctx, input) => deps.audit.list(input),
    'audit.verify': () => deps.audit.verify()
  }
}
