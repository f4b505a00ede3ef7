export { ShipmentsRepo } from './shipments-repo'
export { effectiveService } from './shipment-service'
export { dispatchHandlers, type DispatchDeps } from './dispatch-handlers'
export { outcomeHandlers } from './outcome-handlers'
