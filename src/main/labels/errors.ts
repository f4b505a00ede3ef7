export type LabelErrorCode =
  | 'invalid-label-data'
  | 'unknown-cautionary-label'
  | 'missing-figure'
  | 'invalid-input'
  | 'invalid-stock'
  | 'stock-too-small'
  | 'barcode-too-long'
  | 'does-not-fit'
  | 'unprintable-character'

/** A label that cannot be built or laid out as asked; never a silently shortened label. */
export class LabelError extends Error {
  override readonly name = 'LabelError'
  readonly code: LabelErrorCode

  constructor(code: LabelErrorCode, message: string) {
    super(message)
    this.code = code
  }
}
