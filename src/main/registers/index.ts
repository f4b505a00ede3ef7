export { Registers } from './registers'
export { registerHandlers } from './register-handlers'
export type { SupplyRecorder } from './handover'
export { packNotBack } from './returned-bag'
