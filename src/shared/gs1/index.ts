export { Gs1Error } from './errors'
export { isValidEan13, isValidGtin, isValidPip, pipCheckDigit, toGtin14, withGs1CheckDigit } from './check-digits'
export { GS, parseGs1, parseGs1OrThrow, type Gs1ParseOptions, type Gs1Separator } from './parse'
export { encodeGs1, packFields, type Gs1Field } from './encode'
