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

export interface TextBlock {
  role: LabelRole
  text: string
  /** For cautionary blocks: the BNF label number. */
  bnfNumber?: number
}

export interface LabelBarcode {
  symbology: 'datamatrix'
  payload: string
}

export interface LabelDocument {
  kind: 'dispensing' | 'bag' | 'dispatch_note'
  /** Flows top down; continues on further labels when it does not fit. */
  body: TextBlock[]
  /** Full-width lines repeated on every label, above the footer. */
  banner: TextBlock[]
  /** Repeated on every label beside the barcode; the 'reference' block gets the "1 of 2" mark. */
  footer: TextBlock[]
  barcode: LabelBarcode
}
