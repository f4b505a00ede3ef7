export { Registers } from './registers'
export type { Handover, SupplyRecorder } from './handover'
export { registerHandlers } from './register-handlers'
