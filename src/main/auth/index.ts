export { DEFAULT_SECURITY, authHandlers, signOut } from './auth-handlers'
export type { SecurityPolicy } from './auth-handlers'
export { sessionInfo } from './session-info'
