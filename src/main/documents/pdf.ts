/**
 * A table as a PDF document (registers, recall lists, carrier manifests): A4 landscape, a title,
 * a subtitle saying what was selected, who generated it and when, column headers repeated on
 * every page, cell text wrapped to its column, and "page X of Y" at the foot. DejaVu Sans is
 * embedded (subset) so that every patient's name prints as written, "Zoë O'Brien-Łukasik" too.
 */
import { readFileSync } from 'node:fs'
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import { resourcePath } from '../resources'
import { labelText } from '../labels'
import { formatDateTime } from '../../shared/time/london'

export interface TableColumn {
  header: string
  /** Share of the table's width, relative to the other columns. */
  weight: number
}

export interface TableDocument {
  title: string
  /** What was selected: the dates, the filter, the section. */
  subtitle: string
  generatedAt: Date
  generatedBy: string
  columns: readonly TableColumn[]
  rows: readonly (readonly string[])[]
}

export interface PdfFonts {
  regular: Uint8Array
  bold: Uint8Array
}

const A4_LANDSCAPE: [number, number] = [841.89, 595.28]
const MARGIN = 36
const BODY_SIZE = 8
const HEADER_SIZE = 8
const LINE = BODY_SIZE * 1.25
const CELL_PAD = 3
const FOOTER_SPACE = 24

let bundledFonts: PdfFonts | null = null

/** DejaVu Sans from resources/fonts, read once. */
function bundledPdfFonts(): PdfFonts {
  if (bundledFonts) return bundledFonts
  bundledFonts = {
    regular: readFileSync(resourcePath('fonts', 'DejaVuSans.ttf')),
    bold: readFileSync(resourcePath('fonts', 'DejaVuSans-Bold.ttf'))
  }
  return bundledFonts
}

export async function renderTablePdf(table: TableDocument, fonts: PdfFonts = bundledPdfFonts()): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  pdf.registerFontkit(fontkit)
  pdf.setTitle(table.title)
  pdf.setCreator('Pharmetra Counter')
  pdf.setCreationDate(table.generatedAt)
  const regular = await pdf.embedFont(fonts.regular, { subset: true })
  const bold = await pdf.embedFont(fonts.bold, { subset: true })

  const [pageWidth, pageHeight] = A4_LANDSCAPE
  const tableWidth = pageWidth - 2 * MARGIN
  const totalWeight = table.columns.reduce((sum, column) => sum + column.weight, 0)
  const widths = table.columns.map((column) => (tableWidth * column.weight) / totalWeight)
  const wrapCells = (cells: readonly string[], font: PDFFont, size: number) =>
    widths.map((width, i) => wrapToWidth(printable(cells[i] ?? ''), font, size, width - 2 * CELL_PAD))
  const headerLines = wrapCells(
    table.columns.map((c) => c.header),
    bold,
    HEADER_SIZE
  )
  const headerHeight = rowHeight(headerLines)

  const pages: PDFPage[] = []
  let y = 0
  let rowsOnPage = 0
  const startPage = (): PDFPage => {
    const page = pdf.addPage(A4_LANDSCAPE)
    pages.push(page)
    rowsOnPage = 0
    y = pageHeight - MARGIN
    if (pages.length === 1) {
      page.drawText(printable(table.title), { x: MARGIN, y: y - 14, size: 14, font: bold })
      y -= 20
      for (const line of wrapToWidth(printable(table.subtitle), regular, 9, tableWidth)) {
        page.drawText(line, { x: MARGIN, y: y - 10, size: 9, font: regular })
        y -= 12
      }
      page.drawText(`Generated ${formatDateTime(table.generatedAt)} by ${printable(table.generatedBy)}`, {
        x: MARGIN,
        y: y - 10,
        size: 9,
        font: regular
      })
      y -= 18
    }
    drawRow(page, headerLines, y, bold, HEADER_SIZE, true)
    y -= headerHeight
    return page
  }
  let page = startPage()

  for (const row of table.rows) {
    const lines = wrapCells(row, regular, BODY_SIZE)
    const height = rowHeight(lines)
    // A row taller than a whole page still goes on a page of its own rather than looping.
    if (y - height < MARGIN + FOOTER_SPACE && rowsOnPage > 0) page = startPage()
    drawRow(page, lines, y, regular, BODY_SIZE, false)
    y -= height
    rowsOnPage++
  }
  if (table.rows.length === 0)
    page.drawText('No entries.', { x: MARGIN + CELL_PAD, y: y - LINE, size: BODY_SIZE, font: regular })

  pages.forEach((p, i) => {
    const text = `${printable(table.title)}: page ${i + 1} of ${pages.length}`
    p.drawText(text, {
      x: pageWidth - MARGIN - regular.widthOfTextAtSize(text, 8),
      y: MARGIN - 4,
      size: 8,
      font: regular
    })
  })
  return pdf.save()

  function drawRow(
    target: PDFPage,
    cells: string[][],
    top: number,
    font: PDFFont,
    size: number,
    shaded: boolean
  ): void {
    const height = rowHeight(cells)
    if (shaded)
      target.drawRectangle({ x: MARGIN, y: top - height, width: tableWidth, height, color: rgb(0.9, 0.9, 0.9) })
    let x = MARGIN
    cells.forEach((lines, i) => {
      lines.forEach((line, n) =>
        target.drawText(line, { x: x + CELL_PAD, y: top - CELL_PAD - size - n * LINE + 1, size, font })
      )
      x += widths[i] ?? 0
    })
    target.drawLine({
      start: { x: MARGIN, y: top - height },
      end: { x: MARGIN + tableWidth, y: top - height },
      thickness: 0.4,
      color: rgb(0.6, 0.6, 0.6)
    })
  }
}

function rowHeight(cells: string[][]): number {
  return Math.max(1, ...cells.map((lines) => lines.length)) * LINE + 2 * CELL_PAD
}

/** One line per paragraph at most, control characters made harmless (see labelText). */
function printable(text: string): string {
  return labelText(text)
}

/** Greedy word wrap by the font's own widths; a word wider than the column is cut where it must be. */
function wrapToWidth(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const width = (s: string) => font.widthOfTextAtSize(s, size)
  const lines: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(' ').filter((w) => w.length > 0)) {
      const candidate = line ? `${line} ${word}` : word
      if (width(candidate) <= maxWidth) {
        line = candidate
        continue
      }
      if (line) lines.push(line)
      line = word
      while (width(line) > maxWidth && [...line].length > 1) {
        const chars = [...line]
        let fit = 1
        while (fit < chars.length && width(chars.slice(0, fit + 1).join('')) <= maxWidth) fit++
        lines.push(chars.slice(0, fit).join(''))
        line = chars.slice(fit).join('')
      }
    }
    if (line) lines.push(line)
  }
  return lines.length > 0 ? lines : ['']
}
