export { Gs1Error, type Gs1ErrorCode, type Gs1Issue } from './errors'
export {
  gs1CheckDigit,
  hasValidGs1CheckDigit,
  isValidEan13,
  isValidGtin,
  isValidPip,
  pipCheckDigit,
  toGtin14,
  withGs1CheckDigit
} from './check-digits'
export { aiSpec, aiLengthFor, knownAis, PREDEFINED_LENGTHS, type AiSpec } from './ai-table'
export { parseGs1Date, resolveCentury, toGs1Date, type Gs1Date } from './dates'
export type { Gs1Element } from './field'
export {
  GS,
  parseGs1,
  parseGs1OrThrow,
  splitSymbologyId,
  type Gs1ParseOptions,
  type Gs1Parsed,
  type Gs1Result,
  type Gs1Separator,
  type Gs1Symbology
} from './parse'
export { encodeGs1, packFields, toHumanReadable, type Gs1EncodeOptions, type Gs1Field, type PackCode } from './encode'
