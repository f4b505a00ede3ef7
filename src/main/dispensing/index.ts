export { DispensingService } from './dispensing-service'
export { dispensingHandlers, labelPrinting } from './dispensing-handlers'
export { checksHandlers } from './checks-handlers'
