export { ShipmentsRepo } from './shipments-repo'
export { dispatchHandlers, type DispatchDeps } from './dispatch-handlers'
export { outcomeHandlers } from './outcome-handlers'
