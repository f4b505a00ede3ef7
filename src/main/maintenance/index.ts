export { storeCheckHandlers } from './store-check-handlers'
export { DEFAULT_STORE_CHECK_SCHEDULE, StoreChecks } from './store-checks'
export type { StoreCheckSchedule } from './store-checks'
export { FinalEventPacking } from './final-events'
