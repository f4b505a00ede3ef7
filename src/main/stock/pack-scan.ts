/**
 * Reads a medicine pack's code at goods-in: GTIN, batch, expiry and serial from a GS1 DataMatrix,
 * through the shared GS1 parser (src/shared/gs1). Keyboard-wedge scanners differ in how they send
 * FNC1: as GS, as a substitute text the scanner was set to send, or not at all; without a GS in
 * the text the parser reads the fields by their rules and refuses when that is ambiguous. A plain
 * GTIN (a linear EAN-13 or a typed number) identifies the pack but carries no batch or expiry.
 */
import { parseGs1, GS, type Gs1Separator } from '../../shared/gs1'
import { normaliseGtin } from '../../shared/stock/identifiers'
import { makeVisible } from '../../shared/scan/visible'

export interface PackScan {
  gtin: string
  batch: string | null
  expiry: string | null
  serial: string | null
  /** What was read, with invisible characters shown. */
  read: string
}

export interface PackScanError {
  error: string
  read: string
}

export interface PackScanOptions {
  /** The substitute text this scanner sends for FNC1, if it was set to send one. */
  separatorText?: string
  /** For the GS1 two-digit-year rule; default the current year. */
  referenceYear?: number
}

// The scanner's suffix (Enter, Tab) is not part of the code.
const SUFFIX = /[\r\n\t]+$/

export function parsePackScan(raw: string, options: PackScanOptions = {}): PackScan | PackScanError {
  const text = raw.replace(SUFFIX, '')
  const read = makeVisible(text)
  const trimmed = text.trim()
  if (trimmed === '') return { error: 'nothing was read', read }
  if (/^\d{8,14}$/.test(trimmed)) {
    const gtin = normaliseGtin(trimmed)
    return gtin
      ? { gtin, batch: null, expiry: null, serial: null, read }
      : { error: `${trimmed} is not a GTIN (its check digit is wrong)`, read }
  }
  const separator: Gs1Separator = options.separatorText
    ? { kind: 'substitute', text: options.separatorText }
    : text.includes(GS)
      ? { kind: 'gs' }
      : { kind: 'missing' }
  const result = parseGs1(text, {
    separator,
    ...(options.referenceYear === undefined ? {} : { referenceYear: options.referenceYear })
  })
  if (!result.ok) return { error: result.error.message, read }
  const { gtin, batch, expiry, serial } = result.value
  if (!gtin) return { error: 'the code has no GTIN (AI 01): it is not a medicine pack code', read }
  return { gtin, batch, expiry: expiry?.iso ?? null, serial, read }
}

export function isPackScanError(scan: PackScan | PackScanError): scan is PackScanError {
  return 'error' in scan
}
