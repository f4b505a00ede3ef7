/**
 * Tells a keyboard-wedge scan from a person typing, by timing alone.
 *
 * A scan is a burst: character keys at most `maxGapMs` apart, at least `minLength` characters,
 * ended by Enter or Tab (which is not part of the scan), and not turned down by the caller (a burst
 * that is a number, typed into a number field). Everything else is typing and is handed back, in
 * order, to be delivered as if it had never been held:
 *   - a key more than `maxGapMs` after the previous one releases what was held;
 *   - Enter/Tab after too short a burst releases it, and the Enter/Tab itself passes;
 *   - any other key (arrows, Backspace, Ctrl+letter, a held-down repeat…) releases it and passes;
 *   - `expire(now)` releases what was held once its gap has run out with no next key.
 * Modifier keys alone (Shift before a capital, Alt before an Alt code) pass, and count only for timing.
 *
 * GS1's separator arrives as the GS character (a key whose `key` is U+001D), as Ctrl+], as
 * Alt+0029 on the numeric keypad, as a configured substitute text, or not at all; the scan
 * carries U+001D for the first four and the text as typed for the last.
 *
 * Pure: no DOM. The key type is generic so a caller can carry its own data (e.g. the event's
 * target) through and get the same objects back.
 */
import type { WedgeSettings } from '@shared/devices/settings'

export const GS = '\u001d'

export interface WedgeKey {
  key: string
  code?: string
  ctrlKey: boolean
  altKey: boolean
  metaKey?: boolean
  /** The key is held down and the OS repeats it: always typing. */
  repeat?: boolean
  /** Milliseconds, any monotonic clock. */
  at: number
}

export type Terminator = 'Enter' | 'Tab'
export type GsVia = 'gs-char' | 'ctrl-bracket' | 'alt-code'

/** What one key is, before timing is considered. */
export type KeyRole =
  | { role: 'modifier' }
  | { role: 'terminator'; terminator: Terminator }
  | { role: 'gs'; via: Exclude<GsVia, 'alt-code'> }
  | { role: 'alt-digit'; digit: string }
  | { role: 'char'; char: string }
  | { role: 'other' }

const MODIFIERS = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Fn',
  'OS',
  'Hyper',
  'Super'
])

function isPrintable(key: string): boolean {
  const chars = [...key]
  if (chars.length !== 1) return false
  const code = key.codePointAt(0) ?? 0
  return code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f)
}

export function keyRole(key: Omit<WedgeKey, 'at'>): KeyRole {
  if (MODIFIERS.has(key.key)) return { role: 'modifier' }
  if (key.key === GS) return { role: 'gs', via: 'gs-char' }
  if (key.ctrlKey && !key.altKey && !key.metaKey && (key.key === ']' || key.code === 'BracketRight'))
    return { role: 'gs', via: 'ctrl-bracket' }
  if (key.repeat) return { role: 'other' }
  const numpad = /^Numpad([0-9])$/.exec(key.code ?? '')
  if (key.altKey && !key.ctrlKey && numpad?.[1] !== undefined) return { role: 'alt-digit', digit: numpad[1] }
  if (key.ctrlKey || key.altKey || key.metaKey) {
    // AltGr arrives as Ctrl+Alt with the character it makes: that is typing a character.
    if (key.ctrlKey && key.altKey && !key.metaKey && isPrintable(key.key)) return { role: 'char', char: key.key }
    return { role: 'other' }
  }
  if (key.key === 'Enter' || key.key === 'Tab') return { role: 'terminator', terminator: key.key }
  if (isPrintable(key.key)) return { role: 'char', char: key.key }
  return { role: 'other' }
}

/** An Alt+numpad code's character: 0-prefixed codes are Windows-1252, others OEM; both agree on ASCII. */
function altCodeChar(digits: string): string {
  const value = Number(digits)
  if (!Number.isInteger(value) || value <= 0 || value > 255) return ''
  return String.fromCharCode(value)
}

/** Reads keys as a scanner would have meant them: the text and how each GS arrived. */
export class KeyReader {
  text = ''
  readonly gsVia: GsVia[] = []
  private altDigits = ''

  /** Feeds one key; returns its role. */
  read(key: Omit<WedgeKey, 'at'>): KeyRole {
    const role = keyRole(key)
    if (role.role === 'alt-digit') {
      this.altDigits += role.digit
      if (this.altDigits.length === 4 || (this.altDigits.length === 3 && !this.altDigits.startsWith('0')))
        this.endAltCode()
      return role
    }
    this.endAltCode()
    if (role.role === 'gs') {
      this.text += GS
      this.gsVia.push(role.via)
    } else if (role.role === 'char') {
      this.text += role.char
    }
    return role
  }

  /** An Alt code ends with its last digit, with Alt's release (unseen) or the next key. */
  endAltCode(): void {
    if (this.altDigits === '') return
    const char = altCodeChar(this.altDigits)
    this.altDigits = ''
    this.text += char
    if (char === GS) this.gsVia.push('alt-code')
  }
}

export interface WedgeScan<K> {
  /** What was scanned, with U+001D wherever GS1's separator was recognised. */
  text: string
  /** The keys of the scan, terminator included. */
  keys: K[]
  terminator: Terminator
  gsVia: GsVia[]
}

export interface WedgeStep<K> {
  /** Held keys that turned out to be typing, oldest first: deliver these before anything else. */
  release: K[]
  /** This key: hold it back (it may be part of a scan), let it pass, or consume it (part of a scan). */
  action: 'hold' | 'pass' | 'consume'
  scan: WedgeScan<K> | null
}

export type DetectorSettings = Pick<WedgeSettings, 'maxGapMs' | 'minLength' | 'gsSubstitute'>

export class WedgeDetector<K extends WedgeKey = WedgeKey> {
  private held: K[] = []
  private reader = new KeyReader()
  private lastAt = 0

  constructor(private settings: DetectorSettings) {}

  configure(settings: DetectorSettings): void {
    this.settings = settings
  }

  get holding(): boolean {
    return this.held.length > 0
  }

  /** When the held keys become typing unless another key comes first; null when nothing is held. */
  deadline(): number | null {
    return this.held.length > 0 ? this.lastAt + this.settings.maxGapMs : null
  }

  /**
   * `isScan` may turn down a burst that is long and fast enough (the focused field's own kind of
   * text, typed fast): it is then typing, and its Enter or Tab passes.
   */
  feed(key: K, isScan: (text: string) => boolean = () => true): WedgeStep<K> {
    const role = keyRole(key)
    if (role.role === 'modifier') {
      // A scanner presses Shift before a capital and Alt before an Alt code: within a burst, that
      // keeps the burst going (it is a keystroke in the scanner's rhythm), but is no character.
      if (this.holding && key.at - this.lastAt <= this.settings.maxGapMs) {
        this.lastAt = key.at
        if (key.key === 'Alt') this.reader.endAltCode()
      }
      return { release: [], action: 'pass', scan: null }
    }
    const release = this.holding && key.at - this.lastAt > this.settings.maxGapMs ? this.releaseAll() : []

    if (role.role === 'terminator') {
      const scan = this.holding ? this.finish(key, role.terminator, isScan) : null
      if (scan) return { release, action: 'consume', scan }
      return { release: [...release, ...this.releaseAll()], action: 'pass', scan: null }
    }
    if (role.role === 'other') return { release: [...release, ...this.releaseAll()], action: 'pass', scan: null }

    this.held.push(key)
    this.reader.read(key)
    this.lastAt = key.at
    return { release, action: 'hold', scan: null }
  }

  /** Releases held keys whose gap has run out by `now`. */
  expire(now: number): K[] {
    return this.holding && now - this.lastAt > this.settings.maxGapMs ? this.releaseAll() : []
  }

  /** Gives back everything held, as typing (e.g. before a click moves the focus). */
  releaseAll(): K[] {
    const keys = this.held
    this.held = []
    this.reader = new KeyReader()
    return keys
  }

  private finish(terminator: K, kind: Terminator, isScan: (text: string) => boolean): WedgeScan<K> | null {
    this.reader.endAltCode()
    const substitute = this.settings.gsSubstitute
    const text = substitute ? this.reader.text.split(substitute).join(GS) : this.reader.text
    if (text.length < this.settings.minLength || !isScan(text)) return null
    const scan: WedgeScan<K> = {
      text,
      keys: [...this.held, terminator],
      terminator: kind,
      gsVia: [...this.reader.gsVia]
    }
    this.held = []
    this.reader = new KeyReader()
    return scan
  }
}
