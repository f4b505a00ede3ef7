export { auditHandlers } from './audit-handlers'
export { AuditIntegrity } from './integrity'
export { AuditTrail } from './trail'
