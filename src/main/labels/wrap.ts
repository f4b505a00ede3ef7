/**
 * Word wrap against the font metric. Lines break at spaces; a word wider than a line breaks after
 * its last '-', '/', ',', '.', ';' or ':' that fits, else at the last character that fits. Nothing
 * is inserted (no hyphen) and nothing is dropped: joining the lines gives back every character.
 */
import { labelText } from './clean-text'
import { charWidth, textUnits } from './font-metric'

/**
 * Makes label text printable (clean-text.ts): control and invisible characters removed (a person
 * confirmed the cleaned text when the request came in), NFC, odd spaces plain, blank lines dropped.
 */
export function normaliseLabelText(text: string): string {
  return labelText(text)
}

const BREAK_AFTER = new Set(['-', '/', ',', '.', ';', ':'])

function breakWord(word: string, maxUnits: number): string[] {
  const chars = [...word]
  const pieces: string[] = []
  let start = 0
  while (start < chars.length) {
    let units = 0
    let end = start
    let lastBreak = -1
    while (end < chars.length) {
      const width = charWidth(chars[end] ?? '')
      if (units + width > maxUnits && end > start) break
      units += width
      if (BREAK_AFTER.has(chars[end] ?? '') && end + 1 < chars.length) lastBreak = end + 1
      end++
    }
    const cut = end < chars.length && lastBreak > start ? lastBreak : end
    pieces.push(chars.slice(start, cut).join(''))
    start = cut
  }
  return pieces
}

/** Wraps text into lines no wider than `maxUnits` (1/1000 em). */
function wrapUnits(text: string, maxUnits: number): string[] {
  const lines: string[] = []
  const spaceUnits = charWidth(' ')
  for (const paragraph of text.split('\n')) {
    let line = ''
    let lineUnits = 0
    for (const word of paragraph.split(' ')) {
      if (word.length === 0) continue
      const wordUnits = textUnits(word)
      if (line.length > 0 && lineUnits + spaceUnits + wordUnits <= maxUnits) {
        line += ` ${word}`
        lineUnits += spaceUnits + wordUnits
        continue
      }
      if (line.length > 0) lines.push(line)
      if (wordUnits <= maxUnits) {
        line = word
        lineUnits = wordUnits
      } else {
        const pieces = breakWord(word, maxUnits)
        const last = pieces.pop() ?? ''
        lines.push(...pieces)
        line = last
        lineUnits = textUnits(last)
      }
    }
    if (line.length > 0) lines.push(line)
  }
  return lines
}

/** Wraps text for a line `maxDots` wide at font size `emDots`. */
export function wrapText(text: string, maxDots: number, emDots: number): string[] {
  return wrapUnits(text, Math.floor((maxDots * 1000) / emDots))
}
