export { RpRecord } from './rp-record'
export { rpHandlers } from './rp-handlers'
