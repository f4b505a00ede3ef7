/**
 * Classifies the raw text of one scan. Order, most specific first:
 *   1. our own labels (PC-REQ:, PC-BAG:);
 *   2. a symbology identifier: GS1 ones (]d2 ]C1 ]e0 ]Q3 ]J1) mean a GS1 element string, ]E0/]E4
 *      an EAN-13/EAN-8; others are stripped and the rest classified;
 *   3. a GS (or the configured substitute), or text starting with (00)+18 or (01/02/03)+14
 *      digits: a GS1 element string;
 *   4. digits only: 13 EAN-13, 8 EAN-8, 12 UPC-A, 14 GTIN-14 (each by check digit), 7 PIP code;
 *   5. UPU S10 (Royal Mail AB123456789GB) with its check digit;
 *   6. courier patterns;
 *   7. unknown, with what was read made visible and, when it looked like one of the above, why not.
 * A trailing CR, LF or Tab (the scanner's suffix) is ignored; `raw` keeps it.
 */
import { isValidGtin, isValidPip } from '../gs1/check-digits'
import { Gs1Error, type Gs1Issue } from '../gs1/errors'
import { GS, parseGs1, splitSymbologyId, type Gs1Parsed, type Gs1ParseOptions } from '../gs1/parse'
import { readOwnLabel } from './own-labels'
import { DEFAULT_COURIER_PATTERNS, readS10, type CourierPattern } from './tracking'
import { makeVisible } from './visible'

export type GtinFormat = 'ean-13' | 'ean-8' | 'upc-a' | 'gtin-14'
export type LooksLike = 'gs1' | 'gtin' | 'pip' | 'own-label' | 'tracking'

export interface ScanProblem {
  looksLike: LooksLike
  message: string
  /** For GS1 failures: which AI and what was read. */
  gs1?: Gs1Issue
}

interface ScanBase {
  /** Exactly what the scanner sent. */
  raw: string
  /** AIM symbology identifier (e.g. "]d2") when the scanner sent one. */
  symbologyId: string | null
}

export type ScanClassification = ScanBase &
  (
    | { kind: 'gs1'; gs1: Gs1Parsed }
    | { kind: 'gtin'; format: GtinFormat; code: string; gtin14: string }
    | { kind: 'pip'; pip: string }
    | { kind: 'request-label'; requestId: string | null; shortRef?: string; packId?: number; generation?: number }
    | { kind: 'bag-label'; requestId: string | null; shortRef?: string; parcelNo: number }
    | { kind: 'tracking'; carrier: string; trackingNumber: string; scheme: 's10' | 'pattern' }
    | { kind: 'unknown'; visible: string; problem: ScanProblem | null }
  )

export interface ClassifyOptions {
  /** How this scanner sends GS1's FNC1 (see parseGs1). */
  gs1?: Gs1ParseOptions
  courierPatterns?: readonly CourierPattern[]
}

/** A classification without the fields every one carries. */
type Outcome = ScanClassification extends infer T ? (T extends ScanBase ? Omit<T, keyof ScanBase> : never) : never

const GTIN_LENGTHS: Readonly<Record<number, GtinFormat>> = { 8: 'ean-8', 12: 'upc-a', 13: 'ean-13', 14: 'gtin-14' }
const ELEMENT_STRING_START = /^(?:00\d{18}|0[123]\d{14})/
const AIM_ID = /^\][A-Za-z][0-9A-Za-z]/

function unknown(text: string, problem: ScanProblem | null = null): Outcome {
  return { kind: 'unknown', visible: makeVisible(text), problem }
}

function classifyGs1(text: string, options: ClassifyOptions): Outcome {
  const result = parseGs1(text, options.gs1)
  const { symbology, gtin } = result.ok ? result.value : { symbology: null, gtin: null }
  // An EAN symbol sent with its identifier (]E0, ]E4) reads the same as one sent without.
  if ((symbology === 'ean-13' || symbology === 'ean-8') && gtin) {
    return { kind: 'gtin', format: symbology, code: gtin.slice(symbology === 'ean-13' ? 1 : 6), gtin14: gtin }
  }
  if (result.ok) return { kind: 'gs1', gs1: result.value }
  return unknown(text, { looksLike: 'gs1', message: result.error.message, gs1: result.error.toIssue() })
}

function classifyBody(text: string, options: ClassifyOptions): Outcome {
  const own = readOwnLabel(text)
  if (own?.kind === 'damaged') return unknown(text, { looksLike: 'own-label', message: own.message })
  if (own) return own

  const separator = options.gs1?.separator
  const substitute = separator?.kind === 'substitute' && separator.text.length > 0 ? separator.text : null
  if (text.includes(GS) || (substitute !== null && text.includes(substitute)) || ELEMENT_STRING_START.test(text)) {
    return classifyGs1(text, options)
  }

  if (/^\d+$/.test(text)) {
    const format = GTIN_LENGTHS[text.length]
    if (format && isValidGtin(text)) return { kind: 'gtin', format, code: text, gtin14: text.padStart(14, '0') }
    if (text.length === 7) {
      return isValidPip(text)
        ? { kind: 'pip', pip: text }
        : unknown(text, { looksLike: 'pip', message: `PIP code ${text}: check digit is wrong` })
    }
    if (format && format !== 'gtin-14') {
      return unknown(text, { looksLike: 'gtin', message: `${format.toUpperCase()} ${text}: check digit is wrong` })
    }
  }

  const s10 = readS10(text)
  if (s10?.valid) {
    const carrier = s10.country === 'GB' ? 'royal-mail' : `post-${s10.country.toLowerCase()}`
    return { kind: 'tracking', carrier, trackingNumber: text, scheme: 's10' }
  }
  if (s10) return unknown(text, { looksLike: 'tracking', message: s10.reason })

  for (const { carrier, pattern } of options.courierPatterns ?? DEFAULT_COURIER_PATTERNS) {
    if (pattern.test(text)) return { kind: 'tracking', carrier, trackingNumber: text, scheme: 'pattern' }
  }
  if (/^\d+$/.test(text) && text.length === 14) {
    return unknown(text, { looksLike: 'gtin', message: `GTIN-14 ${text}: check digit is wrong` })
  }
  return unknown(text)
}

/** Classifies one scan; never throws. */
export function classifyScan(raw: string, options: ClassifyOptions = {}): ScanClassification {
  const text = raw.replace(/[\r\n\t]+$/, '')
  if (text.length === 0) return { raw, symbologyId: null, ...unknown(raw, null) }

  if (AIM_ID.test(text)) {
    const id = text.slice(0, 3)
    const split = splitSymbologyId(text)
    if (!(split instanceof Gs1Error)) return { raw, symbologyId: id, ...classifyGs1(text, options) }
    return { raw, symbologyId: id, ...classifyBody(text.slice(3), options) }
  }
  return { raw, symbologyId: null, ...classifyBody(text, options) }
}
