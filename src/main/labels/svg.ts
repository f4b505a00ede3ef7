/**
 * On-screen preview as SVG, drawn from the same layout as the ZPL: same positions (dots), same line
 * breaks, same font sizes. Each run of text is held to its measured width (textLength), so a
 * preview font with other widths cannot make the preview wrap or overflow differently from the
 * print. Characters the printer's font lacks are drawn as the very dots the ZPL sends as graphics.
 * The DataMatrix is drawn from our own encoder at the size the printer is told to use.
 */
import { encodeDataMatrix } from './datamatrix'
import type { GraphicRun, LaidOutLabel } from './layout'

const LABEL_TITLES: Record<LaidOutLabel['kind'], string> = {
  dispensing: 'Dispensing label',
  bag: 'Bag label',
  dispatch_note: 'Dispatch note'
}

const PREVIEW_FONT_FAMILY = "Arial, Helvetica, 'Liberation Sans', sans-serif"

/** Escapes text for XML content and attributes; characters XML 1.0 cannot hold become U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd'
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function dataMatrixPath(label: LaidOutLabel): string {
  const { barcode } = label
  const matrix = encodeDataMatrix(barcode.payload)
  const m = barcode.moduleDots
  const parts: string[] = []
  matrix.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (dark) parts.push(`M${barcode.x + c * m} ${barcode.y + r * m}h${m}v${m}h-${m}z`)
    })
  })
  return parts.join('')
}

/** A glyph picture as the printer gets it: one small square per black dot, row by row. */
function bitmapPath(run: GraphicRun): string {
  const { bitmap } = run
  const parts: string[] = []
  for (let row = 0; row < bitmap.heightDots; row++) {
    const rowHex = bitmap.hex.slice(row * bitmap.bytesPerRow * 2, (row + 1) * bitmap.bytesPerRow * 2)
    const dark = (col: number) =>
      (parseInt(rowHex.slice((col >> 3) * 2, (col >> 3) * 2 + 2), 16) & (0x80 >> (col & 7))) !== 0
    let start = -1
    for (let col = 0; col <= bitmap.widthDots; col++) {
      const on = col < bitmap.widthDots && dark(col)
      if (on && start < 0) start = col
      if (!on && start >= 0) {
        parts.push(`M${run.x + start} ${run.y + row}h${col - start}v1h-${col - start}z`)
        start = -1
      }
    }
  }
  return parts.join('')
}

export function toSvg(label: LaidOutLabel): string {
  const { widthDots: w, heightDots: h } = label
  const texts: string[] = []
  const pictures: string[] = []
  for (const line of label.lines) {
    for (const run of line.runs) {
      if (run.kind === 'graphic') {
        pictures.push(`<path d="${bitmapPath(run)}" data-role="${line.role}" data-text="${escapeXml(run.text)}"/>`)
        continue
      }
      const length = run.width > 0 ? ` textLength="${run.width}" lengthAdjust="spacingAndGlyphs"` : ''
      texts.push(
        `<text x="${run.x}" y="${line.baseline}" font-size="${line.fontDots}"${length} xml:space="preserve" data-role="${line.role}">${escapeXml(run.text)}</text>`
      )
    }
  }
  const title = `${LABEL_TITLES[label.kind]} ${label.page} of ${label.pageCount}`
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${label.widthMm}mm" height="${label.heightMm}mm" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeXml(title)}">`,
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#fff" stroke="#bbb" stroke-width="1"/>`,
    `<g font-family="${escapeXml(PREVIEW_FONT_FAMILY)}" font-weight="700" fill="#000" style="white-space:pre">`,
    ...texts,
    '</g>',
    `<g fill="#000" shape-rendering="crispEdges">`,
    ...pictures,
    '</g>',
    `<path d="${dataMatrixPath(label)}" fill="#000" shape-rendering="crispEdges" data-payload="${escapeXml(label.barcode.payload)}"/>`,
    '</svg>'
  ].join('\n')
}
