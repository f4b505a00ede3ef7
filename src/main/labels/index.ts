export { LabelError, type LabelErrorCode } from './errors'
export {
  PLACEHOLDERS,
  bundledCautionaryLabels,
  cautionaryLabelFileSchema,
  cautionaryWording,
  loadCautionaryLabelFile,
  parseCautionaryLabelFile,
  type CautionaryLabelSet,
  type CautionaryLabelText,
  type Placeholder
} from './cautionary-labels'
export type { LabelBarcode, LabelDocument, LabelRole, TextBlock } from './document'
export {
  EMERGENCY_SUPPLY,
  FOR_EXTERNAL_USE,
  KEEP_OUT_OF_REACH,
  buildDispensingLabel,
  dispensingLabelInput,
  formatLabelDate,
  formatQuantity,
  isExternalForm,
  medicineDescription,
  type DispensingLabelInput,
  type PharmacyDetails
} from './dispensing-label'
export { bagLabelInput, buildBagLabel, deliveryServiceName, type BagLabelInput } from './bag-label'
export { DEFAULT_STOCK, labelStockSchema, mmToDots, stockGeometry, type LabelStock, type StockGeometry } from './stock'
export {
  BASELINE_PER_EM,
  CAP_HEIGHT_PER_EM,
  LINE_HEIGHT_PER_EM,
  capHeightMm,
  charWidth,
  emForCapHeight,
  measure,
  textUnits
} from './font-metric'
export { normaliseLabelText, wrapText } from './wrap'
export {
  layoutLabel,
  type LaidOutLabel,
  type LayoutOptions,
  type LineSection,
  type PositionedBarcode,
  type PositionedLine
} from './layout'
export { dataMatrixSize, encodeDataMatrix } from './datamatrix'
export { ZPL_HEX_INDICATOR, encodeZplField, toZpl } from './zpl'
export { PREVIEW_FONT_FAMILY, escapeXml, toSvg } from './svg'
