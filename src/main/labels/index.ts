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
  dispensingLabelInputs,
  formatLabelDate,
  formatQuantity,
  isExternalForm,
  medicineDescription,
  quantityLine,
  type DispensingLabelInput,
  type PackOnLabel,
  type PharmacyDetails,
  type SuppliedPack
} from './dispensing-label'
export { bagLabelInput, buildBagLabel, deliveryServiceName, type BagLabelInput } from './bag-label'
export { DEFAULT_STOCK, labelStockSchema, mmToDots, stockGeometry, type LabelStock, type StockGeometry } from './stock'
export { charWidth, labelCanDraw, measure, printerFontHas, textUnits } from './font-metric'
export { labelText, oneLineLabelText, withoutControlCharacters } from './clean-text'
export { wrapText } from './wrap'
export {
  emForPoints,
  layoutLabel,
  type GraphicRun,
  type TextRun,
  type LaidOutLabel,
  type LayoutOptions,
  type LineSection,
  type PositionedBarcode,
  type PositionedLine
} from './layout'
export { dataMatrixSize, encodeDataMatrix } from './datamatrix'
export { ZPL_HEX_INDICATOR, encodeZplField, toZpl } from './zpl'
export { decodeZplField, parseZplJob, type ZplField, type ZplLabel } from './zpl-decode'
export { PREVIEW_FONT_FAMILY, escapeXml, toSvg } from './svg'
