/**
 * The one font metric every layout, ZPL job and preview uses.
 *
 * Text prints in Zebra font 0 (CG Triumvirate Bold Condensed) as ^A0N,h,h with h = the layout's
 * font size in dots, and previews in Arial/Helvetica bold at the same size. Widths are measured
 * with the Helvetica-Bold AFM advance widths (per 1000 em) — a bold face that is not condensed, so
 * wider than the printer's condensed face: a line the layout accepts cannot overflow on the
 * printer. Accented Latin letters (Latin-1, Latin Extended-A) measure as their base letter.
 *
 * Those are the characters the printer's font prints. Any other character (Greek, Cyrillic, Hebrew,
 * Arabic, Chinese…) is drawn as a graphic from the label fonts (glyph-font.ts) and measures as
 * those fonts set it.
 *
 * Vertical metric: cap height = 0.718 em (Helvetica), so 7 pt type has a cap height of 1.8 mm; a
 * line is 1.15 em; the baseline sits 0.92 em below the line's top, leaving room for accents above
 * capitals and descenders below.
 * These ratios should be confirmed once with a calibration print on the target printer.
 */

import { labelFontAdvance } from './glyph-font'

const LINE_HEIGHT_PER_EM = 1.15
const BASELINE_PER_EM = 0.92

const UNKNOWN_WIDTH = 1000

// Helvetica-Bold advance widths for ASCII 32–126.
const ASCII_WIDTHS = [
  278,
  333,
  474,
  556,
  556,
  889,
  722,
  238,
  333,
  333,
  389,
  584,
  278,
  333,
  278,
  278, // space … /
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  333,
  333,
  584,
  584,
  584,
  611, // 0 … ?
  975,
  722,
  722,
  722,
  722,
  667,
  611,
  778,
  722,
  278,
  556,
  722,
  611,
  833,
  722,
  778, // @ … O
  667,
  778,
  722,
  667,
  611,
  722,
  667,
  944,
  667,
  667,
  611,
  333,
  278,
  333,
  584,
  556, // P … _
  333,
  556,
  611,
  556,
  611,
  556,
  333,
  611,
  611,
  278,
  278,
  556,
  278,
  889,
  611,
  611, // ` … o
  611,
  611,
  389,
  556,
  333,
  611,
  556,
  778,
  556,
  556,
  500,
  389,
  280,
  389,
  584 //       p … ~
] as const

const EXTRA_WIDTHS: ReadonlyMap<string, number> = new Map([
  ['\u00a0', 278],
  ['‘', 278],
  ['’', 278],
  ['‚', 278],
  ['“', 500],
  ['”', 500],
  ['„', 500],
  ['–', 556],
  ['—', 1000],
  ['•', 350],
  ['…', 1000],
  ['£', 556],
  ['€', 556],
  ['¢', 556],
  ['¥', 556],
  ['°', 400],
  ['µ', 611],
  ['×', 584],
  ['÷', 584],
  ['·', 278],
  ['±', 584],
  ['½', 834],
  ['¼', 834],
  ['¾', 834],
  ['©', 737],
  ['®', 737],
  ['¹', 333],
  ['²', 333],
  ['³', 333],
  ['§', 556],
  ['¶', 556],
  ['ß', 611],
  ['Æ', 1000],
  ['æ', 889],
  ['Ø', 778],
  ['ø', 611],
  ['Œ', 1000],
  ['œ', 944],
  ['Þ', 667],
  ['þ', 611],
  ['Ð', 722],
  ['ð', 611],
  ['Đ', 722],
  ['đ', 611],
  ['Ł', 611],
  ['ł', 278],
  ['ı', 278],
  ['¡', 333],
  ['¿', 611],
  ['«', 556],
  ['»', 556],
  ['‹', 333],
  ['›', 333],
  ['¦', 280],
  ['¬', 584],
  ['ª', 370],
  ['º', 365],
  ['‰', 1000],
  ['†', 556],
  ['‡', 556],
  ['™', 1000]
])

const printerWidths = new Map<string, number | null>()

/** Width in the printer's own font, or null when that font cannot print the character. */
function printerWidth(ch: string): number | null {
  const code = ch.codePointAt(0) ?? 0
  if (code >= 32 && code <= 126) return ASCII_WIDTHS[code - 32] ?? null
  const cached = printerWidths.get(ch)
  if (cached !== undefined) return cached
  let width = EXTRA_WIDTHS.get(ch) ?? null
  if (width === null && code >= 0xc0 && code <= 0x17f) {
    // An accented Latin letter (Latin-1 and Latin Extended-A) measures as its base letter.
    const base = ch.normalize('NFD')
    const first = base.codePointAt(0) ?? 0
    if (base.length > 1 && first >= 65 && first <= 122 && /^.\p{M}+$/u.test(base))
      width = printerWidth(String.fromCodePoint(first))
  }
  printerWidths.set(ch, width)
  return width
}

/** True when the printer's own font (^A0) prints the character; otherwise it goes as a graphic. */
export function printerFontHas(ch: string): boolean {
  return printerWidth(ch) !== null
}

/** True when some font can draw the character on a label: the printer's, or a label font as a graphic. */
export function labelCanDraw(ch: string): boolean {
  return printerFontHas(ch) || labelFontAdvance(ch) !== null
}

/** Advance width of one character (a code point) in 1/1000 em. */
export function charWidth(ch: string): number {
  return printerWidth(ch) ?? labelFontAdvance(ch) ?? UNKNOWN_WIDTH
}

/** Width of a text in 1/1000 em. */
export function textUnits(text: string): number {
  let units = 0
  for (const ch of text) units += charWidth(ch)
  return units
}

/** Width in dots of a text set at `emDots`, rounded up. */
export function measure(text: string, emDots: number): number {
  return Math.ceil((textUnits(text) * emDots) / 1000)
}

export function lineHeight(emDots: number): number {
  return Math.ceil(emDots * LINE_HEIGHT_PER_EM)
}

export function baselineOffset(emDots: number): number {
  return Math.ceil(emDots * BASELINE_PER_EM)
}
