/**
 * The label fonts: what draws, as a picture, a character the label printer's own font cannot
 * print (Greek, Cyrillic, Hebrew, Arabic, Chinese, Japanese, Korean…). A run of such characters is
 * shaped and rasterised here to the printer's dots; the ZPL sends that bitmap as a graphic field
 * (^GF) and the preview draws the very same dots, so what prints is what the screen shows.
 *
 * Fonts, tried in order for each character: DejaVu Sans Bold (Latin, Greek, Cyrillic, Hebrew,
 * Arabic…), then Droid Sans Fallback (Chinese, Japanese, Korean). A character neither has cannot
 * go on a label: the layout refuses it and says which.
 */
import { readFileSync } from 'node:fs'
import fontkit from '@pdf-lib/fontkit'
import { resourcePath } from '../resources'

type Font = ReturnType<typeof fontkit.create>

const FONT_FILES = ['DejaVuSans-Bold.ttf', 'DroidSansFallbackFull.ttf'] as const

let fonts: Font[] | null = null

function labelFonts(): Font[] {
  if (fonts) return fonts
  fonts = FONT_FILES.map((file) => fontkit.create(readFileSync(resourcePath('fonts', file))))
  return fonts
}

function fontFor(codePoint: number): Font | null {
  return labelFonts().find((font) => font.hasGlyphForCodePoint(codePoint)) ?? null
}

const advances = new Map<number, number | null>()

/** Advance width of a character in the label fonts, in 1/1000 em; null when no label font has it. */
export function labelFontAdvance(ch: string): number | null {
  const codePoint = ch.codePointAt(0) ?? 0
  let advance = advances.get(codePoint)
  if (advance === undefined) {
    const font = fontFor(codePoint)
    advance = font ? Math.round((font.glyphForCodePoint(codePoint).advanceWidth * 1000) / font.unitsPerEm) : null
    advances.set(codePoint, advance)
  }
  return advance
}

/** A 1-bit picture, rows top down, each row `bytesPerRow` bytes (most significant bit leftmost) as hex. */
export interface GlyphBitmap {
  widthDots: number
  heightDots: number
  bytesPerRow: number
  /** Every row's bytes, upper-case hex, concatenated: the data of a ^GFA field as it stands. */
  hex: string
}

interface Edge {
  x0: number
  y0: number
  x1: number
  y1: number
}

/** Outline commands of the run's glyphs, flattened to straight edges in dots (y grows down). */
function runEdges(text: string, emDots: number, baseline: number): { edges: Edge[]; advance: number } {
  const edges: Edge[] = []
  let penX = 0
  // Consecutive characters that the same font draws are shaped together (joining, marks, kerning).
  const pieces: Array<{ font: Font; text: string }> = []
  for (const ch of text) {
    const font = fontFor(ch.codePointAt(0) ?? 0) ?? labelFonts()[0]!
    const last = pieces.at(-1)
    if (last && last.font === font) last.text += ch
    else pieces.push({ font, text: ch })
  }
  for (const piece of pieces) {
    const scale = emDots / piece.font.unitsPerEm
    const run = piece.font.layout(piece.text)
    run.glyphs.forEach((glyph, i) => {
      const position = run.positions[i]
      const originX = penX + (position?.xOffset ?? 0) * scale
      const originY = baseline - (position?.yOffset ?? 0) * scale
      const at = (x: number, y: number): [number, number] => [originX + x * scale, originY - y * scale]
      let start: [number, number] | null = null
      let current: [number, number] = [0, 0]
      const lineTo = (to: [number, number]) => {
        edges.push({ x0: current[0], y0: current[1], x1: to[0], y1: to[1] })
        current = to
      }
      // fontkit's typings leave out the path's commands, which it has.
      const { commands } = glyph.path as unknown as { commands: Array<{ command: string; args: number[] }> }
      for (const { command, args } of commands) {
        if (command === 'moveTo') {
          if (start) lineTo(start)
          current = at(args[0] ?? 0, args[1] ?? 0)
          start = current
        } else if (command === 'lineTo') {
          lineTo(at(args[0] ?? 0, args[1] ?? 0))
        } else if (command === 'quadraticCurveTo' || command === 'bezierCurveTo') {
          const points = []
          for (let k = 0; k < args.length; k += 2) points.push(at(args[k] ?? 0, args[k + 1] ?? 0))
          const from = current
          const steps = 6
          for (let s = 1; s <= steps; s++) {
            const t = s / steps
            lineTo(bezierPoint([from, ...points], t))
          }
        } else if (command === 'closePath') {
          if (start) lineTo(start)
          start = null
        }
      }
      if (start) lineTo(start)
      penX += (position?.xAdvance ?? glyph.advanceWidth) * scale
    })
  }
  return { edges, advance: penX }
}

function bezierPoint(points: Array<[number, number]>, t: number): [number, number] {
  let level = points
  while (level.length > 1) {
    const next: Array<[number, number]> = []
    for (let i = 0; i + 1 < level.length; i++) {
      const a = level[i]!
      const b = level[i + 1]!
      next.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t])
    }
    level = next
  }
  return level[0] ?? [0, 0]
}

const SUBSAMPLES = 4
/** Of 16 samples in a dot, this many inside the outline make it black: thin strokes keep their dots. */
const INK_THRESHOLD = 5

const bitmaps = new Map<string, GlyphBitmap>()

/**
 * The run drawn in the label fonts into a box `widthDots` wide and `heightDots` tall whose
 * baseline is `baselineDots` from its top. A run the fonts set wider than the box (the layout
 * measured each character on its own) is squeezed to fit, never cut.
 */
export function rasteriseRun(
  text: string,
  emDots: number,
  box: { widthDots: number; heightDots: number; baselineDots: number }
): GlyphBitmap {
  const key = `${emDots}|${box.widthDots}|${box.heightDots}|${box.baselineDots}|${text}`
  const cached = bitmaps.get(key)
  if (cached) return cached
  const { widthDots, heightDots } = box
  const { edges, advance } = runEdges(text, emDots, box.baselineDots)
  const squeeze = advance > widthDots && advance > 0 ? widthDots / advance : 1
  const bytesPerRow = Math.max(1, Math.ceil(widthDots / 8))
  const rows = new Uint8Array(bytesPerRow * heightDots)
  const counts = new Uint8Array(widthDots)
  for (let y = 0; y < heightDots; y++) {
    counts.fill(0)
    for (let sy = 0; sy < SUBSAMPLES; sy++) {
      const scanY = y + (sy + 0.5) / SUBSAMPLES
      const crossings: Array<{ x: number; winding: number }> = []
      for (const edge of edges) {
        const { y0, y1 } = edge
        if (y0 === y1 || scanY < Math.min(y0, y1) || scanY >= Math.max(y0, y1)) continue
        const x = edge.x0 + ((scanY - y0) / (y1 - y0)) * (edge.x1 - edge.x0)
        crossings.push({ x: x * squeeze, winding: y1 > y0 ? 1 : -1 })
      }
      crossings.sort((a, b) => a.x - b.x)
      let winding = 0
      for (let i = 0; i < crossings.length; i++) {
        const crossing = crossings[i]!
        winding += crossing.winding
        const next = crossings[i + 1]
        if (winding === 0 || !next) continue
        // Samples at x + (sx + 0.5) / SUBSAMPLES inside [crossing.x, next.x).
        const first = Math.max(0, Math.ceil(crossing.x * SUBSAMPLES - 0.5))
        const last = Math.min(widthDots * SUBSAMPLES - 1, Math.ceil(next.x * SUBSAMPLES - 0.5) - 1)
        for (let sample = first; sample <= last; sample++) {
          const dot = Math.floor(sample / SUBSAMPLES)
          counts[dot] = (counts[dot] ?? 0) + 1
        }
      }
    }
    for (let x = 0; x < widthDots; x++) {
      if ((counts[x] ?? 0) >= INK_THRESHOLD) {
        const index = y * bytesPerRow + (x >> 3)
        rows[index] = (rows[index] ?? 0) | (0x80 >> (x & 7))
      }
    }
  }
  let hex = ''
  for (const byte of rows) hex += byte.toString(16).toUpperCase().padStart(2, '0')
  const bitmap: GlyphBitmap = { widthDots, heightDots, bytesPerRow, hex }
  if (bitmaps.size > 5000) bitmaps.clear()
  bitmaps.set(key, bitmap)
  return bitmap
}
