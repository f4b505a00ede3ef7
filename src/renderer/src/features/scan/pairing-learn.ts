/**
 * Learns how a keyboard-wedge scanner types from its keystrokes for the pairing code
 * (PAIRING_PAYLOAD: (01) GTIN, (10) batch, separator, (17) expiry, (21) serial).
 */
import { PAIRING_ELEMENTS, wedgeSettingsSchema, type WedgeSettings } from '@shared/devices/settings'
import { makeVisible } from '@shared/scan/visible'
import { GS, KeyReader, type GsVia, type Terminator } from './wedge-detector'
import type { TappedKey } from './key-tap'

export type LearntSeparator =
  { kind: 'gs'; via: GsVia | 'unknown' } | { kind: 'substitute'; text: string } | { kind: 'missing' }

export interface PairingLesson {
  /** Everything read, control characters made visible. */
  read: string
  /** Keystrokes, modifiers included, up to the terminator. */
  keyCount: number
  largestGapMs: number
  /** What came before (01), e.g. "]d2"; "" when none. */
  symbologyPrefix: string
  separator: LearntSeparator
  terminator: Terminator | null
  /** Characters between the serial and the terminator (a suffix we do not expect). */
  trailing: string
  suggested: WedgeSettings
  /** What stops these settings from working, or should be looked at. */
  problems: string[]
}

export type PairingReading = { ok: true; lesson: PairingLesson } | { ok: false; read: string; message: string }

const { maxGapMs: gapLimits } = wedgeSettingsSchema.shape
const MAX_GAP = gapLimits.unwrap().maxValue ?? 200
const MIN_GAP = 25
const HEAD = `01${PAIRING_ELEMENTS.gtin}10${PAIRING_ELEMENTS.batch}`
const TAIL = `17${PAIRING_ELEMENTS.expiry}21${PAIRING_ELEMENTS.serial}`
const AIM_ID = /^\][A-Za-z][0-9A-Za-z]$/

/** maxGapMs to suggest: twice the largest gap seen, at least 25 ms, within the schema's range. */
export function suggestMaxGap(largestGapMs: number): number {
  return Math.min(MAX_GAP, Math.max(MIN_GAP, Math.ceil(2 * largestGapMs)))
}

/**
 * Reads the keystrokes of one pairing scan, up to the first Enter/Tab. Keys typed before the
 * code are read too, and reported, but do not count for timing.
 */
export function learnFromPairing(keys: readonly TappedKey[], current: WedgeSettings): PairingReading {
  const reader = new KeyReader()
  /** The text's length after each key: which key began the code. */
  const lengths: number[] = []
  let terminator: Terminator | null = null
  for (const key of keys) {
    const role = reader.read(key)
    lengths.push(reader.text.length)
    if (role.role === 'terminator') {
      terminator = role.terminator
      break
    }
  }
  reader.endAltCode()
  const text = reader.text
  const read = makeVisible(text)

  const start = text.indexOf(HEAD)
  if (start < 0) {
    const caseProblem = text.toUpperCase().includes(HEAD)
      ? ' The letters arrived in the wrong case: is Caps Lock on?'
      : ''
    return { ok: false, read, message: `That was not the pairing code.${caseProblem}` }
  }
  const afterHead = start + HEAD.length
  const tailAt = text.indexOf(TAIL, afterHead)
  if (tailAt < 0)
    return {
      ok: false,
      read,
      message: 'The pairing code was cut short or changed: (17) expiry and (21) serial did not follow the batch.'
    }

  const between = text.slice(afterHead, tailAt)
  const separator: LearntSeparator =
    between === GS
      ? { kind: 'gs', via: reader.gsVia[0] ?? 'unknown' }
      : between === ''
        ? { kind: 'missing' }
        : { kind: 'substitute', text: between }
  const trailing = text.slice(tailAt + TAIL.length)
  const before = text.slice(0, start)
  const symbologyPrefix = AIM_ID.test(before) ? before : ''

  const firstKey = Math.max(
    0,
    lengths.findIndex((length) => length > start)
  )
  let largestGapMs = 0
  for (let i = firstKey + 1; i < lengths.length; i++)
    largestGapMs = Math.max(largestGapMs, (keys[i]?.at ?? 0) - (keys[i - 1]?.at ?? 0))

  const problems: string[] = []
  if (terminator === null)
    problems.push(
      'The scanner sent no Enter or Tab after the code. Set its suffix to Enter (CR): without it a scan cannot be told from typing.'
    )
  if (2 * largestGapMs > MAX_GAP)
    problems.push(
      `The scanner paused ${Math.round(largestGapMs)} ms between keys: too slow to tell from fast typing reliably. Set it to type faster.`
    )
  if (separator.kind === 'substitute' && separator.text.length > 10)
    problems.push(`The separator arrived as ${makeVisible(separator.text)}: too long to use as a substitute.`)
  if (before && !symbologyPrefix)
    problems.push(
      `${makeVisible(before)} was read before the code: keys typed just before the scan, or a prefix the scanner adds.`
    )
  if (trailing) problems.push(`The scanner added ${makeVisible(trailing)} after the code; switch that suffix off.`)

  const suggested = wedgeSettingsSchema.parse({
    maxGapMs: suggestMaxGap(largestGapMs),
    minLength: current.minLength,
    gsSubstitute: separator.kind === 'substitute' && separator.text.length <= 10 ? separator.text : null,
    gsMissing: separator.kind === 'missing'
  })
  return {
    ok: true,
    lesson: {
      read,
      keyCount: lengths.length,
      largestGapMs,
      symbologyPrefix,
      separator,
      terminator,
      trailing,
      suggested,
      problems
    }
  }
}
