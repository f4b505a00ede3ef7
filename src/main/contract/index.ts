export { requireActor } from './handler'
export type { Handlers, HandlerContext, Actor, AuditNote } from './handler'
export { DEFAULT_SESSION_LIMITS, SessionRegistry, HOST_BENCH, type Bench } from './sessions'
export type { CounterSession, SessionLimits } from './sessions'
