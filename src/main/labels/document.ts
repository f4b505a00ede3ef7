/** What a label says, before layout: blocks of text by role, and the barcode. */

export type LabelRole =
  | 'medicine'
  | 'quantity'
  | 'emergency'
  | 'directions'
  | 'cautionary'
  | 'external'
  | 'warning'
  | 'patient'
  | 'reference'
  | 'pharmacy'
  | 'recipient'
  | 'address'
  | 'service'
  | 'continuation'

export interface TextBlock {
  role: LabelRole
  /** Printed as given: the builders clean it (clean-text.ts); the layout refuses control characters. */
  text: string
  /** For cautionary blocks: the BNF label number. */
  bnfNumber?: number
  /**
   * A part of the text (a long request id in the reference) shown as its first and last characters
   * either side of an ellipsis where the whole line does not fit on one: the barcode identifies.
   */
  shortenable?: string
}

export interface LabelBarcode {
  symbology: 'datamatrix'
  payload: string
}

export interface LabelDocument {
  kind: 'dispensing' | 'bag' | 'dispatch_note'
  /** At the top of every label, at the text's size (the medicine and the quantity). */
  header: TextBlock[]
  /**
   * Fits one label first, shrinking to the legible minimum; what still does not fit continues on
   * supplementary labels, breaking only between sentences or clauses.
   */
  flow: TextBlock[]
  /** Full-width lines at the minimum size on every label, above the footer. */
  banner: TextBlock[]
  /** Beside the barcode on every label, at the minimum size. */
  footer: TextBlock[]
  /**
   * How a set of more than one label names itself ("<subject> · label 2 of 2"); or,
   * for a document that must be one label (the bag label), why it cannot continue.
   */
  continuation: { subject: string } | { refusal: (stock: string) => string }
  barcode: LabelBarcode
}
