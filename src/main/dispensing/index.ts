export { DispensingService } from './dispensing-service'
export { dispensingHandlers, labelPrinting, packScanning } from './dispensing-handlers'
export { checksHandlers } from './checks-handlers'
export { batchRecallHandlers } from './batch-recall'
