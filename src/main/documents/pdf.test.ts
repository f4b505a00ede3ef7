import { PDFDocument } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { pdfPageTexts } from '../../../test/helpers/pdf-text'
import { renderTablePdf, type TableDocument } from './pdf'

const table = (rows: string[][]): TableDocument => ({
  title: 'Private prescription register',
  subtitle: 'Supplies 01/11/2026 to 26/11/2026',
  generatedAt: new Date('2026-11-26T10:30:00Z'),
  generatedBy: 'S Patel',
  columns: [
    { header: 'Date supplied', weight: 1 },
    { header: 'Patient', weight: 2 },
    { header: 'Medicine', weight: 3 }
  ],
  rows
})

describe('table PDF', () => {
  it('prints every name as written, with the title, who generated it, and page X of Y', async () => {
    const bytes = await renderTablePdf(
      table([['26/11/2026', "Zoë O'Brien-Łukasik, Flat 2, 14 Kirkgate, Leeds LS1 6BU", 'Sertraline 50mg tablets × 28']])
    )
    const [text = ''] = await pdfPageTexts(bytes)
    expect(text).toContain('Private prescription register')
    expect(text).toContain('Supplies 01/11/2026 to 26/11/2026')
    expect(text).toContain('Generated 26/11/2026, 10:30 by S Patel')
    expect(text).toContain("Zoë O'Brien-Łukasik")
    expect(text).toContain('Sertraline 50mg tablets × 28')
    expect(text).toContain('page 1 of 1')
  })

  it('adds pages as rows grow, repeating the column headers on each, and wraps long cells', async () => {
    const one = await PDFDocument.load(await renderTablePdf(table([['a', 'b', 'c']])))
    const rows = Array.from({ length: 120 }, (_, i) => [
      `row ${i}`,
      'A patient with a long name and a longer address that must wrap inside its cell '.repeat(2),
      `line ${i}`
    ])
    const bytes = await renderTablePdf(table(rows))
    const many = await PDFDocument.load(bytes)
    expect(one.getPageCount()).toBe(1)
    expect(many.getPageCount()).toBeGreaterThan(3)
    const texts = await pdfPageTexts(bytes)
    texts.forEach((text, i) => {
      expect(text).toContain('Date supplied')
      expect(text).toContain(`page ${i + 1} of ${texts.length}`)
    })
    expect(texts.join('\n')).toContain('row 119')
    expect(texts.join('\n')).not.toContain('longer address that must wrap inside its cell A patient')
  })

  it('writes an empty table as one page that says so', async () => {
    const texts = await pdfPageTexts(await renderTablePdf(table([])))
    expect(texts).toHaveLength(1)
    expect(texts[0]).toContain('No entries.')
  })
})
