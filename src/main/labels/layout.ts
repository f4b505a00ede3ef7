/**
 * Lays a LabelDocument out on a stock: one or more labels of positioned lines and a barcode.
 * ZPL and SVG both render from this, so the preview shows the lines, breaks and sizes that print.
 *
 * Geometry (inside the stock's margins): the barcode sits in the bottom-right corner; the footer's
 * lines run beside it; the banner spans the width above them; the body fills the rest from the top.
 * Banner and footer use the minimum size. The body starts at the preferred size and shrinks one dot
 * at a time down to the minimum; if it still does not fit, it continues on further labels, each
 * repeating banner and footer with "n of N" on the reference line, at the largest size that fits
 * that many labels. Nothing is cut: a stock too small for the footer is a LabelError.
 */
import { dataMatrixSize } from './datamatrix'
import type { LabelDocument, LabelRole, TextBlock } from './document'
import { LabelError } from './errors'
import { baselineOffset, emForCapHeight, lineHeight, measure } from './font-metric'
import { DEFAULT_STOCK, mmToDots, stockGeometry, type LabelStock } from './stock'
import { normaliseLabelText, wrapText } from './wrap'

export interface LayoutOptions {
  /** Legible minimum: cap height in mm (default 1.8 mm ≈ 7 pt type). */
  minCapHeightMm?: number
  /** Starting size for the body: cap height in mm (default 2.5 mm ≈ 10 pt type). */
  preferredCapHeightMm?: number
  /** DataMatrix module size in mm (default 0.375 mm; at least 2 dots). */
  barcodeModuleMm?: number
}

export type LineSection = 'body' | 'banner' | 'footer'

export interface PositionedLine {
  text: string
  /** Left edge, dots. */
  x: number
  /** Baseline, dots from the label's top. */
  baseline: number
  /** Font size (em) in dots: ZPL ^A0N,h,h and SVG font-size. */
  fontDots: number
  /** Width measured by the font metric; never more than `maxWidth`. */
  width: number
  maxWidth: number
  role: LabelRole
  section: LineSection
}

export interface PositionedBarcode {
  symbology: 'datamatrix'
  payload: string
  x: number
  y: number
  moduleDots: number
  /** Symbol side in modules (forced in ^BX so the printer draws this size). */
  modules: number
  sizeDots: number
}

export interface LaidOutLabel {
  kind: LabelDocument['kind']
  stockId: string
  dpi: number
  widthMm: number
  heightMm: number
  widthDots: number
  heightDots: number
  page: number
  pageCount: number
  lines: PositionedLine[]
  barcode: PositionedBarcode
}

interface WrappedLine {
  text: string
  role: LabelRole
}

const MAX_LABELS = 20

const normalised = (blocks: readonly TextBlock[]) =>
  blocks.map((block) => ({ ...block, text: normaliseLabelText(block.text) }))

/** Wraps already-normalised blocks. */
function wrapBlocks(blocks: readonly TextBlock[], maxDots: number, emDots: number): WrappedLine[] {
  const out: WrappedLine[] = []
  for (const block of blocks) {
    for (const text of wrapText(block.text, maxDots, emDots)) out.push({ text, role: block.role })
  }
  return out
}

function withPageMark(footer: readonly TextBlock[], mark: string | null): TextBlock[] {
  if (mark === null) return [...footer]
  const index = footer.findIndex((block) => block.role === 'reference')
  if (index === -1) return [...footer, { role: 'reference', text: mark }]
  return footer.map((block, i) => (i === index ? { ...block, text: `${block.text} · ${mark}` } : block))
}

/** Lays out a document; returns one label, or several marked "n of N". */
export function layoutLabel(
  doc: LabelDocument,
  stock: LabelStock = DEFAULT_STOCK,
  options: LayoutOptions = {}
): LaidOutLabel[] {
  const geometry = stockGeometry(stock)
  const { dpi } = geometry.stock
  const { x: left, y: top, width, height } = geometry.content
  const minEm = emForCapHeight(options.minCapHeightMm ?? 1.8, dpi)
  const preferredEm = Math.max(minEm, emForCapHeight(options.preferredCapHeightMm ?? 2.5, dpi))
  const footerEm = minEm
  const footerLine = lineHeight(footerEm)

  const moduleDots = Math.max(2, mmToDots(options.barcodeModuleMm ?? 0.375, dpi))
  const modules = dataMatrixSize(doc.barcode.payload)
  const barcodeDots = modules * moduleDots
  const gap = mmToDots(1, dpi)
  const footerWidth = width - barcodeDots - gap
  if (barcodeDots > height || footerWidth < 4 * footerEm) {
    throw new LabelError(
      'stock-too-small',
      `label stock ${stock.id} is too small for the ${modules}×${modules} barcode and the footer`
    )
  }
  const banner = wrapBlocks(normalised(doc.banner), width, footerEm)
  const footerBlocks = normalised(doc.footer)
  const bodyText = normalised(doc.body)
  const wrapCache = new Map<number, WrappedLine[]>()
  const bodyLines = (em: number) => {
    let lines = wrapCache.get(em)
    if (!lines) {
      lines = wrapBlocks(bodyText, width, em)
      wrapCache.set(em, lines)
    }
    return lines
  }

  const frame = (pageCount: number) => {
    const mark = pageCount > 1 ? `${pageCount} of ${pageCount}` : null
    const footerLines = wrapBlocks(withPageMark(footerBlocks, mark), footerWidth, footerEm).length
    const footerHeight = Math.max(footerLines * footerLine, barcodeDots)
    const bodyHeight = height - footerHeight - banner.length * footerLine - gap
    return { footerHeight, bodyHeight }
  }

  let pageCount = 1
  let chosen: { em: number; frame: ReturnType<typeof frame> } | null = null
  for (let round = 0; round < 8 && !chosen; round++) {
    const current = frame(pageCount)
    if (current.bodyHeight < lineHeight(minEm)) {
      throw new LabelError('stock-too-small', `label stock ${stock.id} leaves no room for the body beside the footer`)
    }
    let needed = Infinity
    for (let em = preferredEm; em >= minEm; em--) {
      const perPage = Math.floor(current.bodyHeight / lineHeight(em))
      const pages = Math.max(1, Math.ceil(bodyLines(em).length / perPage))
      if (pages <= pageCount) {
        chosen = { em, frame: current }
        break
      }
      needed = pages
    }
    if (!chosen) pageCount = needed
  }
  if (!chosen || pageCount > MAX_LABELS) {
    throw new LabelError('stock-too-small', `the label text needs more than ${MAX_LABELS} labels of stock ${stock.id}`)
  }

  const {
    em,
    frame: { footerHeight, bodyHeight }
  } = chosen
  const lines = bodyLines(em)
  const perPage = Math.floor(bodyHeight / lineHeight(em))
  const footerTop = top + height - footerHeight
  const bannerTop = footerTop - banner.length * footerLine
  const barcode: PositionedBarcode = {
    symbology: doc.barcode.symbology,
    payload: doc.barcode.payload,
    x: left + width - barcodeDots,
    y: top + height - barcodeDots,
    moduleDots,
    modules,
    sizeDots: barcodeDots
  }

  const place = (
    wrapped: readonly WrappedLine[],
    section: LineSection,
    firstTop: number,
    fontDots: number,
    maxWidth: number
  ) =>
    wrapped.map((line, i): PositionedLine => ({
      text: line.text,
      x: left,
      baseline: firstTop + i * lineHeight(fontDots) + baselineOffset(fontDots),
      fontDots,
      width: measure(line.text, fontDots),
      maxWidth,
      role: line.role,
      section
    }))

  const labels: LaidOutLabel[] = []
  for (let page = 1; page <= pageCount; page++) {
    const mark = pageCount > 1 ? `${page} of ${pageCount}` : null
    const footer = wrapBlocks(withPageMark(footerBlocks, mark), footerWidth, footerEm)
    labels.push({
      kind: doc.kind,
      stockId: geometry.stock.id,
      dpi,
      widthMm: geometry.stock.widthMm,
      heightMm: geometry.stock.heightMm,
      widthDots: geometry.widthDots,
      heightDots: geometry.heightDots,
      page,
      pageCount,
      lines: [
        ...place(lines.slice((page - 1) * perPage, page * perPage), 'body', top, em, width),
        ...place(banner, 'banner', bannerTop, footerEm, width),
        ...place(footer, 'footer', footerTop, footerEm, footerWidth)
      ],
      barcode
    })
  }
  return labels
}
