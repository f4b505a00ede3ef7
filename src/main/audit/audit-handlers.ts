import type { Handlers } from '../contract/handler'
import type { AuditIntegrity } from './integrity'
import type { AuditTrail } from './trail'

export function auditHandlers(deps: {
  audit: AuditTrail
  integrity: AuditIntegrity
}): Pick<Handlers, 'audit.list' | 'audit.verify' | 'audit.head'> {
  return {
    'audit.list': (_ctx, input) => deps.audit.list(input),
    'audit.verify': () => deps.integrity.verify(),
    'audit.head': () => deps.audit.head()
  }
}
