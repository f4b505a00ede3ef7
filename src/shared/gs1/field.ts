import type { AiSpec } from './ai-table'
import { hasValidGs1CheckDigit } from './check-digits'
import { parseGs1Date, type Gs1Date } from './dates'
import { Gs1Error } from './errors'

/** One AI and its data, as read from (or written to) an element string. */
export interface Gs1Element {
  ai: string
  title: string
  /** The data exactly as read. */
  data: string
  /** False when the AI is not in our table (split by the predefined-length table, or read to a separator). */
  known: boolean
  date?: Gs1Date
  count?: number
  /** Decimal AIs: the value with its implied decimal point placed, e.g. "1.250". */
  decimal?: string
}

/** GS1 AI encodable character set 82 (General Specifications figure 7.11-1). */
const SET_82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]$/

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  return code >= 0x21 && code <= 0x7e ? `'${ch}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}

function placeDecimal(digits: string, decimals: number): string {
  if (decimals === 0) return digits.replace(/^0+(?=\d)/, '')
  const padded = digits.padStart(decimals + 1, '0')
  const whole = padded.slice(0, -decimals).replace(/^0+(?=\d)/, '')
  return `${whole}.${padded.slice(-decimals)}`
}

/**
 * Checks one field's data against its AI and returns the element, or a Gs1Error (never thrown:
 * the ambiguity search calls this for many candidate splits).
 */
export function readField(spec: AiSpec, data: string, position: number, referenceYear: number): Gs1Element | Gs1Error {
  const { ai } = spec
  const label = `AI (${ai}) ${spec.title}`
  if (data.length === 0) return new Gs1Error('empty-value', ai, data, position, `${label}: no data after the AI`)
  if (data.length < spec.minLength) {
    const expected = spec.minLength === spec.maxLength ? `${spec.minLength}` : `at least ${spec.minLength}`
    return new Gs1Error(
      'too-short',
      ai,
      data,
      position,
      `${label}: ${expected} characters expected, read ${data.length} ("${data}")`
    )
  }
  if (data.length > spec.maxLength) {
    return new Gs1Error(
      'too-long',
      ai,
      data,
      position,
      `${label}: at most ${spec.maxLength} characters allowed, read ${data.length} ("${data}"); a separator may be missing`
    )
  }
  let index = 0
  for (const ch of data) {
    const numeric = spec.charset === 'N' || index < spec.numericPrefix
    const ok = numeric ? ch >= '0' && ch <= '9' : SET_82.test(ch)
    if (!ok) {
      const what = numeric ? 'digits only' : 'GS1 character set 82'
      return new Gs1Error(
        'invalid-character',
        ai,
        data,
        position + index,
        `${label}: ${describeChar(ch)} at character ${index + 1} of "${data}" is not allowed (${what})`
      )
    }
    index += ch.length
  }
  const element: Gs1Element = { ai, title: spec.title, data, known: spec.known }
  if (spec.checkDigit && !hasValidGs1CheckDigit(data)) {
    return new Gs1Error('check-digit', ai, data, position, `${label}: check digit of ${data} is wrong`)
  }
  if (spec.kind === 'date') {
    const date = parseGs1Date(data, referenceYear)
    if (!date) return new Gs1Error('invalid-date', ai, data, position, `${label}: ${data} is not a valid YYMMDD date`)
    element.date = date
  } else if (spec.kind === 'count') {
    element.count = Number(data)
  } else if (spec.kind === 'decimal') {
    element.decimal = placeDecimal(data, spec.decimals)
  }
  return element
}
