export { bundledCautionaryLabels, cautionaryWording } from './cautionary-labels'
export {
  FOR_EXTERNAL_USE,
  KEEP_OUT_OF_REACH,
  buildDispensingLabel,
  formatLabelDate,
  isExternalForm,
  medicineDescription,
  type DispensingLabelInput
} from './dispensing-label'
export { layoutLabel } from './layout'
export { toZpl } from './zpl'
