/**
 * Word wrap against the font metric. Lines break at spaces, but a number stays with the word after
 * it ("2 tablets", "ONE capsule", "10 ml") while the pair fits a line. A word wider than a line
 * breaks after its last '-', '/', ',', '.', ';' or ':' that fits, else at the last character that
 * fits. Nothing is inserted (no hyphen) and nothing is dropped: joining the lines gives back every
 * character.
 */
import { charWidth, textUnits } from './font-metric'

const BREAK_AFTER = new Set(['-', '/', ',', '.', ';', ':'])

const NUMBER_WORDS =
  /^(half|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty)$/i

/** A number or a dose figure written as a word: "2", "0.5", "1-2", "(28", "ONE", "half". */
export function isNumberToken(token: string): boolean {
  const bare = token.replace(/^[("'‘“]+/, '')
  const first = bare.charCodeAt(0)
  if ((first >= 48 && first <= 57) || first === 43 || first === 45) return /^[-+]?\d[\d.,/:×x-]*%?$/.test(bare)
  return bare.length <= 7 && NUMBER_WORDS.test(bare)
}

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

/** The words of a paragraph, a number joined to the word after it when the two fit a line. */
function units(paragraph: string, maxUnits: number): string[] {
  const words = paragraph.split(' ').filter((word) => word.length > 0)
  const out: string[] = []
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? ''
    const next = words[i + 1]
    if (next !== undefined && isNumberToken(word) && textUnits(`${word} ${next}`) <= maxUnits) {
      out.push(`${word} ${next}`)
      i++
    } else out.push(word)
  }
  return out
}

/**
 * Wraps text into lines no wider than `maxUnits(n)` (1/1000 em) for the n-th line (0-based, counted
 * from `firstLine`); "\n" starts a new paragraph.
 */
function wrapUnits(text: string, maxUnits: number | ((line: number) => number), firstLine = 0): string[] {
  const widthOf = typeof maxUnits === 'number' ? () => maxUnits : maxUnits
  const lines: string[] = []
  const spaceUnits = charWidth(' ')
  for (const paragraph of text.split('\n')) {
    let line = ''
    let lineUnits = 0
    const room = () => widthOf(firstLine + lines.length)
    const queue = units(paragraph, room())
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const word = next
      const wordUnits = textUnits(word)
      if (line.length > 0 && lineUnits + spaceUnits + wordUnits <= room()) {
        line += ` ${word}`
        lineUnits += spaceUnits + wordUnits
        continue
      }
      if (line.length > 0) lines.push(line)
      if (wordUnits <= room()) {
        line = word
        lineUnits = wordUnits
      } else if (word.includes(' ')) {
        // A number and its unit that do not fit this line together after all: as two words.
        line = ''
        lineUnits = 0
        queue.unshift(...word.split(' '))
      } else {
        // A word wider than the line, broken piece by piece (each line may have its own width).
        let rest = word
        for (;;) {
          const pieces = breakWord(rest, room())
          const head = pieces[0] ?? ''
          if (pieces.length <= 1 || textUnits(rest) <= room()) {
            line = rest
            lineUnits = textUnits(rest)
            break
          }
          lines.push(head)
          rest = rest.slice(head.length)
        }
      }
    }
    if (line.length > 0) lines.push(line)
  }
  return lines
}

// The layout tries several sizes and several ways to split the same text: each wrap is done once.
const wrapped = new Map<string, string[]>()

/** Wraps text for lines `maxDots` wide (or as wide as `maxDots(n)` says for the n-th) at font size `emDots`. */
export function wrapText(
  text: string,
  maxDots: number | ((line: number) => number),
  emDots: number,
  firstLine = 0
): string[] {
  const units = (dots: number) => Math.floor((dots * 1000) / emDots)
  if (typeof maxDots !== 'number') return wrapUnits(text, (line) => units(maxDots(line)), firstLine)
  const key = `${units(maxDots)}|${text}`
  let lines = wrapped.get(key)
  if (!lines) {
    lines = wrapUnits(text, units(maxDots))
    if (wrapped.size > 20_000) wrapped.clear()
    wrapped.set(key, lines)
  }
  return lines
}
