import { requireActor, type Handlers } from '../contract'
import type { CounterDb } from '../db'
import { auditDayReport } from './day-report'
import type { AuditIntegrity } from './integrity'
import type { AuditTrail } from './trail'

export function auditHandlers(deps: {
  db: CounterDb
  audit: AuditTrail
  integrity: AuditIntegrity
  workstation: () => string
}): Pick<Handlers, 'audit.list' | 'audit.verify' | 'audit.head' | 'audit.dayReport'> {
  return {
    'audit.dayReport': (ctx, input) =>
      auditDayReport(deps.db, input, {
        at: ctx.now,
        by: requireActor(ctx).displayName,
        workstation: deps.workstation(),
        head: deps.audit.head()
      }),
    'audit.list': (_ctx, input) => deps.audit.list(input),
    'audit.verify': () => deps.integrity.verify(),
    'audit.head': () => deps.audit.head()
  }
}
