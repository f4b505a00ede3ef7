export { DispensingService } from './dispensing-service'
export { dispensingHandlers } from './dispensing-handlers'
export { checksHandlers } from './checks-handlers'
