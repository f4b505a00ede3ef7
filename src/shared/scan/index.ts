export { type ScanClassification } from './classify'
