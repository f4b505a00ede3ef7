export { Registers } from './registers'
export { registerHandlers } from './register-handlers'
