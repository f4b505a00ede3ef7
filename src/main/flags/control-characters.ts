/**
 * Control and invisible characters in text a label prints (names, the address, the medicine and
 * its directions): found here as the request arrives, so a person sees the raw value and confirms
 * the cleaned text before any label prints it. What counts, and what the label prints instead, is
 * the labels' own decision (src/main/labels/clean-text.ts): this module only asks it.
 */
import { firstControlCharacter, labelText, oneLineLabelText } from '../labels'

/** Names a person can look up; anything else is named by its code point. */
const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x07: 'bell',
  0x08: 'backspace',
  0x09: 'tab',
  0x0a: 'line break',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x0d: 'carriage return',
  0x1b: 'escape',
  0x7f: 'delete',
  0x85: 'next line',
  0xa0: 'no-break space',
  0xad: 'soft hyphen',
  0x034f: 'combining grapheme joiner',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0x3164: 'Hangul filler',
  0xfeff: 'byte-order mark',
  0xfffc: 'object replacement character'
}

/** Names of whole ranges: the variation selectors and the tag characters. */
function rangeName(code: number): string | undefined {
  if (code >= 0xfe00 && code <= 0xfe0f) return `variation selector-${code - 0xfe00 + 1}`
  if (code >= 0xe0100 && code <= 0xe01ef) return `variation selector-${code - 0xe0100 + 17}`
  if (code >= 0xe0000 && code <= 0xe007f) return 'tag character'
  return undefined
}

export function characterName(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  const name = NAMES[code] ?? rangeName(code)
  return name ? `${name}, ${hex}` : hex
}

/**
 * The first character of the text a label cannot print as it is; null when there is none. A line
 * break counts in a one-line field (a name, an address line), not in directions.
 */
export function unprintableCharacter(text: string, oneLine: boolean): string | null {
  const found = firstControlCharacter(text)
  if (found !== null) return found
  return oneLine && text.includes('\n') ? '\n' : null
}

/** What the label prints for this text: the text a person confirms. */
export function printedText(text: string, oneLine: boolean): string {
  return oneLine ? oneLineLabelText(text) : labelText(text)
}
