export { Registers } from './registers'
export { registerHandlers } from './register-handlers'
export type { SupplyRecorder } from './handover'
export { PatientReturns } from './patient-returns'
