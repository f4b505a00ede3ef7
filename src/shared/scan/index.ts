export {
  classifyScan,
  type ClassifyOptions,
  type GtinFormat,
  type LooksLike,
  type ScanClassification,
  type ScanKind,
  type ScanProblem
} from './classify'
export {
  BAG_LABEL_PREFIX,
  REQUEST_LABEL_PREFIX,
  bagLabelPayload,
  readOwnLabel,
  requestLabelPayload,
  type OwnLabel,
  type OwnLabelReading
} from './own-labels'
export { DEFAULT_COURIER_PATTERNS, readS10, s10CheckDigit, type CourierPattern, type S10Reading } from './tracking'
export { makeVisible } from './visible'
