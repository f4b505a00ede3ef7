export { bundledCautionaryLabels, cautionaryWording, type CautionaryLabelSet } from './cautionary-labels'
export {
  FOR_EXTERNAL_USE,
  KEEP_OUT_OF_REACH,
  buildDispensingLabel,
  formatLabelDate,
  isExternalForm,
  medicineDescription,
  type DispensingLabelInput,
  type SuppliedPack
} from './dispensing-label'
export { layoutLabel, type LaidOutLabel } from './layout'
export { toZpl } from './zpl'
export { bagLabelInput, buildBagLabel, deliveryServiceName } from './bag-label'
export { dataMatrixSvg } from './barcode-svg'
export { labelText, firstControlCharacter, oneLineLabelText } from './clean-text'
export { encodeDataMatrix } from './datamatrix'
export { buildDispatchNote, dispatchNoteInput } from './dispatch-note'
export { LabelError } from './errors'
export {
  labelSetup,
  pharmacyDetails,
  previewsOf,
  testLabel,
  layoutOrRefuse,
  refusedInWords,
  layoutDispensingLabels
} from './request-labels'
export type { LabelSet } from './request-labels'
export { toSvg, escapeXml } from './svg'
