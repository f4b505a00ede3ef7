/**
 * GS1 element-string parser.
 *
 * Separators. FNC1 reaches us as GS (ASCII 29), as a substitute string a scanner was set to send
 * (e.g. "|" or "<GS>"), or not at all. With `separator: { kind: 'gs' }` or `substitute`, a
 * variable-length field runs to the next separator or the end. With `{ kind: 'missing' }` the
 * text is read by this rule:
 *   - fixed-length AIs always split (their length is known), and a GS that does appear still ends
 *     a field;
 *   - a variable-length field with no separator after it is accepted only when exactly one reading
 *     of the whole text exists in which every field is valid (known AI, length, character set,
 *     check digit, date). Zero readings: the error of the plain left-to-right reading. Two or more:
 *     an `ambiguous` error naming the first variable-length AI whose end cannot be told.
 * Every failure is a Gs1Error naming the AI and what was read; nothing else is thrown.
 */
import { aiLengthFor, aiSpec, isFixedLength, unknownVariableSpec, type AiSpec } from './ai-table'
import { readField, type Gs1Element } from './field'
import type { Gs1Date } from './dates'
import { Gs1Error } from './errors'

export const GS = '\u001d'

export type Gs1Separator = { kind: 'gs' } | { kind: 'substitute'; text: string } | { kind: 'missing' }

export interface Gs1ParseOptions {
  /** How the scanner sends FNC1. Default: GS. */
  separator?: Gs1Separator
  /** Reference year for the YYMMDD century rule. Default: the current year. */
  referenceYear?: number
}

export type Gs1Symbology = 'gs1-datamatrix' | 'gs1-128' | 'gs1-databar' | 'gs1-qr' | 'gs1-dotcode' | 'ean-13' | 'ean-8'

export interface Gs1Parsed {
  /** From the symbology identifier, when the scanner sent one. */
  symbology: Gs1Symbology | null
  elements: Gs1Element[]
  gtin: string | null
  expiry: Gs1Date | null
  batch: string | null
  serial: string | null
  /** True when a field's end had to be inferred because no separator was sent. */
  separatorsInferred: boolean
}

export type Gs1Result = { ok: true; value: Gs1Parsed } | { ok: false; error: Gs1Error }

/** Longest text we try to read; GS1 symbols carry far less. */
const MAX_INPUT = 4096

const GS1_PREFIXES: Readonly<Record<string, Gs1Symbology>> = {
  ']d2': 'gs1-datamatrix',
  ']C1': 'gs1-128',
  ']e0': 'gs1-databar',
  ']Q3': 'gs1-qr',
  ']J1': 'gs1-dotcode',
  ']E0': 'ean-13',
  ']E4': 'ean-8'
}

/** Removes a symbology identifier; reports non-GS1 identifiers (e.g. plain DataMatrix `]d1`). */
export function splitSymbologyId(text: string): { symbology: Gs1Symbology | null; rest: string } | Gs1Error {
  if (!text.startsWith(']')) return { symbology: null, rest: text }
  const id = text.slice(0, 3)
  const symbology = GS1_PREFIXES[id]
  if (!symbology) {
    return new Gs1Error('not-gs1', null, text, 0, `symbology identifier "${id}" is not a GS1 symbology`)
  }
  return { symbology, rest: text.slice(3) }
}

type AiHead = { ai: string; spec: AiSpec }

function readAi(s: string, pos: number, allowUnknown: boolean): AiHead | Gs1Error {
  const prefix = s.slice(pos, pos + 2)
  if (!/^\d\d$/.test(prefix)) {
    const read = s.slice(pos, pos + 4)
    return new Gs1Error(
      'invalid-ai',
      null,
      read,
      pos,
      `expected an AI (digits) at character ${pos + 1}, read "${read}"`
    )
  }
  const length = aiLengthFor(prefix)
  if (length === null)
    return new Gs1Error('unknown-ai', prefix, s.slice(pos), pos, `AI (${prefix}…): no GS1 AI starts with ${prefix}`)
  const ai = s.slice(pos, pos + length)
  if (ai.length < length || !/^\d+$/.test(ai)) {
    return new Gs1Error(
      'invalid-ai',
      ai,
      s.slice(pos),
      pos,
      `AI starting ${prefix} needs ${length} digits, read "${ai}"`
    )
  }
  const spec = aiSpec(ai) ?? (allowUnknown ? unknownVariableSpec(ai) : null)
  if (!spec) return new Gs1Error('unknown-ai', ai, s.slice(pos), pos, `AI (${ai}) is not a known GS1 AI`)
  return { ai, spec }
}

/** Left-to-right reading: a variable-length field runs to the next GS or the end. */
function readSeparated(s: string, offset: number, year: number, allowUnknown: boolean): Gs1Element[] | Gs1Error {
  const elements: Gs1Element[] = []
  let pos = 0
  while (pos < s.length) {
    if (s[pos] === GS) {
      pos++
      continue
    }
    const head = readAi(s, pos, allowUnknown)
    if (head instanceof Gs1Error) return shift(head, offset)
    const dataStart = pos + head.ai.length
    const nextGs = s.indexOf(GS, dataStart)
    const limit = nextGs === -1 ? s.length : nextGs
    const end = isFixedLength(head.spec) ? Math.min(dataStart + head.spec.maxLength, limit) : limit
    const field = readField(head.spec, s.slice(dataStart, end), offset + dataStart, year)
    if (field instanceof Gs1Error) return field
    elements.push(field)
    pos = end
  }
  return elements
}

function shift(error: Gs1Error, offset: number): Gs1Error {
  return offset === 0 ? error : new Gs1Error(error.code, error.ai, error.read, error.position + offset, error.message)
}

/** Reading of one GS-free segment when separators may be missing (see the rule at the top). */
function readUnseparated(
  seg: string,
  offset: number,
  year: number
): { elements: Gs1Element[]; inferred: boolean } | Gs1Error {
  const memo = new Map<number, number>()

  // Ends at which the field starting at `start` can validly stop.
  const fieldEnds = (start: number, head: AiHead): number[] => {
    const dataStart = start + head.ai.length
    const { minLength, maxLength } = head.spec
    const ends: number[] = []
    for (let end = dataStart + minLength; end <= Math.min(seg.length, dataStart + maxLength); end++) {
      const field = readField(head.spec, seg.slice(dataStart, end), 0, year)
      if (!(field instanceof Gs1Error)) ends.push(end)
      else if (field.code === 'invalid-character') break
    }
    return ends
  }

  // Number of complete readings of seg[i..], capped at 2.
  const readings = (i: number): number => {
    if (i === seg.length) return 1
    const cached = memo.get(i)
    if (cached !== undefined) return cached
    memo.set(i, 0)
    let total = 0
    const head = readAi(seg, i, false)
    if (!(head instanceof Gs1Error)) {
      for (const end of fieldEnds(i, head)) {
        total += readings(end)
        if (total >= 2) break
      }
    }
    const capped = Math.min(total, 2)
    memo.set(i, capped)
    return capped
  }

  if (readings(0) === 0) {
    const plain = readSeparated(seg, offset, year, false)
    if (plain instanceof Gs1Error) return plain
    return new Gs1Error('invalid-ai', null, seg, offset, `cannot read "${seg}" as GS1 element strings`)
  }

  const elements: Gs1Element[] = []
  let inferred = false
  let i = 0
  while (i < seg.length) {
    const head = readAi(seg, i, false)
    if (head instanceof Gs1Error) return shift(head, offset)
    const ends = fieldEnds(i, head).filter((end) => readings(end) > 0)
    const dataStart = i + head.ai.length
    const first = ends[0]
    if (first === undefined)
      return new Gs1Error('invalid-ai', head.ai, seg.slice(i), offset + i, 'internal: no reading')
    if (ends.length > 1) {
      const options = ends
        .slice(0, 3)
        .map((end) => `"${seg.slice(dataStart, end)}"`)
        .join(' or ')
      return new Gs1Error(
        'ambiguous',
        head.ai,
        seg.slice(dataStart),
        offset + dataStart,
        `AI (${head.ai}) ${head.spec.title}: no separator after it, so its end cannot be told in "${seg.slice(dataStart)}" (it could be ${options}${ends.length > 3 ? ' or longer' : ''})`
      )
    }
    if (!isFixedLength(head.spec) && first < seg.length) inferred = true
    const field = readField(head.spec, seg.slice(dataStart, first), offset + dataStart, year)
    if (field instanceof Gs1Error) return field
    elements.push(field)
    i = first
  }
  return { elements, inferred }
}

function checkDuplicates(elements: readonly Gs1Element[]): Gs1Error | null {
  const seen = new Map<string, string>()
  for (const element of elements) {
    const previous = seen.get(element.ai)
    if (previous !== undefined && previous !== element.data) {
      return new Gs1Error(
        'duplicate-ai',
        element.ai,
        element.data,
        0,
        `AI (${element.ai}) appears twice with different data: "${previous}" and "${element.data}"`
      )
    }
    seen.set(element.ai, element.data)
  }
  return null
}

function summarise(symbology: Gs1Symbology | null, elements: Gs1Element[], separatorsInferred: boolean): Gs1Parsed {
  const find = (ai: string) => elements.find((element) => element.ai === ai)
  return {
    symbology,
    elements,
    gtin: find('01')?.data ?? null,
    expiry: find('17')?.date ?? null,
    batch: find('10')?.data ?? null,
    serial: find('21')?.data ?? null,
    separatorsInferred
  }
}

function readEanSymbol(symbology: 'ean-13' | 'ean-8', data: string, year: number): Gs1Result {
  const digits = symbology === 'ean-13' ? 13 : 8
  if (!new RegExp(`^\\d{${digits}}$`).test(data)) {
    return {
      ok: false,
      error: new Gs1Error(
        'invalid-character',
        '01',
        data,
        0,
        `${symbology.toUpperCase()}: ${digits} digits expected, read "${data}"`
      )
    }
  }
  const spec = aiSpec('01')
  if (!spec) throw new Error('AI 01 missing from the table')
  const field = readField(spec, data.padStart(14, '0'), 0, year)
  if (field instanceof Gs1Error) {
    return {
      ok: false,
      error: new Gs1Error(field.code, '01', data, 0, `${symbology.toUpperCase()} ${data}: check digit is wrong`)
    }
  }
  return { ok: true, value: summarise(symbology, [field], false) }
}

/** Parses a GS1 element string; never throws. */
export function parseGs1(text: string, options: Gs1ParseOptions = {}): Gs1Result {
  const separator = options.separator ?? { kind: 'gs' }
  const year = options.referenceYear ?? new Date().getFullYear()
  if (text.length === 0) return { ok: false, error: new Gs1Error('empty', null, '', 0, 'nothing was read') }
  if (text.length > MAX_INPUT) {
    return {
      ok: false,
      error: new Gs1Error(
        'too-long',
        null,
        text.slice(0, 64),
        0,
        `${text.length} characters is longer than any GS1 symbol`
      )
    }
  }
  const split = splitSymbologyId(text)
  if (split instanceof Gs1Error) return { ok: false, error: split }
  const { symbology } = split
  if (symbology === 'ean-13' || symbology === 'ean-8') return readEanSymbol(symbology, split.rest, year)

  let body = split.rest
  if (separator.kind === 'substitute' && separator.text.length > 0) body = body.split(separator.text).join(GS)
  if (body.replaceAll(GS, '').length === 0) {
    return {
      ok: false,
      error: new Gs1Error('empty', null, split.rest, 0, 'no element string after the symbology identifier')
    }
  }

  let elements: Gs1Element[]
  let inferred = false
  if (separator.kind === 'missing') {
    elements = []
    let offset = 0
    for (const seg of body.split(GS)) {
      if (seg.length > 0) {
        const read = readUnseparated(seg, offset, year)
        if (read instanceof Gs1Error) return { ok: false, error: read }
        elements.push(...read.elements)
        inferred ||= read.inferred
      }
      offset += seg.length + 1
    }
  } else {
    const read = readSeparated(body, 0, year, true)
    if (read instanceof Gs1Error) return { ok: false, error: read }
    elements = read
  }
  const duplicate = checkDuplicates(elements)
  if (duplicate) return { ok: false, error: duplicate }
  return { ok: true, value: summarise(symbology, elements, inferred) }
}

/** As parseGs1, but throws the Gs1Error. */
export function parseGs1OrThrow(text: string, options: Gs1ParseOptions = {}): Gs1Parsed {
  const result = parseGs1(text, options)
  if (!result.ok) throw result.error
  return result.value
}
