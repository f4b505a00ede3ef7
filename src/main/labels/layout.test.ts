import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildBagLabel } from './bag-label'
import { buildDispensingLabel } from './dispensing-label'
import type { LabelDocument } from './document'
import { LabelError } from './errors'
import { baselineOffset, capHeightMm, emForCapHeight, lineHeight, measure } from './font-metric'
import { LONG_DIRECTIONS, LONG_INPUT, SAMPLE_BAG, SIMPLE_INPUT } from '../../../test/helpers/label-fixtures'
import { layoutLabel, type LaidOutLabel } from './layout'
import { DEFAULT_STOCK, mmToDots, stockGeometry, type LabelStock } from './stock'
import { normaliseLabelText } from './wrap'

const MIN_EM_203 = emForCapHeight(1.8, 203)

/** Problems with a label: a line outside the printable box, unmeasured, over the barcode or over another line. */
function geometryProblems(label: LaidOutLabel, stock: LabelStock = DEFAULT_STOCK): string[] {
  const { content } = stockGeometry(stock)
  const minEm = emForCapHeight(1.8, stock.dpi)
  const problems: string[] = []
  const boxes = label.lines.map((line) => {
    const top = line.baseline - baselineOffset(line.fontDots)
    return { line, top, bottom: top + lineHeight(line.fontDots) }
  })
  for (const { line, top, bottom } of boxes) {
    const say = (what: string) => problems.push(`"${line.text}": ${what}`)
    if (line.width !== measure(line.text, line.fontDots)) say('width is not the measured width')
    if (line.width > line.maxWidth) say(`${line.width} dots wide, more than ${line.maxWidth}`)
    if (line.fontDots < minEm || capHeightMm(line.fontDots, stock.dpi) < 1.8)
      say(`font ${line.fontDots} dots is under the minimum`)
    if (line.x < content.x || line.x + line.maxWidth > content.x + content.width)
      say('outside the margins horizontally')
    if (top < content.y || bottom > content.y + content.height) say('outside the margins vertically')
    const { barcode } = label
    if (line.x + line.maxWidth > barcode.x && bottom > barcode.y) say('overlaps the barcode')
  }
  const sorted = [...boxes].sort((a, b) => a.top - b.top)
  sorted.slice(1).forEach((box, i) => {
    if (box.top < (sorted[i]?.bottom ?? 0)) problems.push(`"${box.line.text}" overlaps the line above`)
  })
  if (label.barcode.x + label.barcode.sizeDots > content.x + content.width) problems.push('barcode outside the margins')
  if (label.barcode.y + label.barcode.sizeDots > content.y + content.height)
    problems.push('barcode outside the margins')
  return problems
}

function expectSound(label: LaidOutLabel, stock: LabelStock = DEFAULT_STOCK): void {
  expect(geometryProblems(label, stock)).toEqual([])
}

const squash = (text: string) => normaliseLabelText(text).replace(/\s+/g, '')

/** The body's text comes back whole and in order across the labels. */
function expectNothingLost(doc: LabelDocument, labels: LaidOutLabel[]): void {
  const printed = labels
    .flatMap((label) => label.lines.filter((line) => line.section === 'body').map((line) => line.text))
    .join('')
  expect(printed.replace(/\s+/g, '')).toBe(doc.body.map((block) => squash(block.text)).join(''))
  for (const label of labels) {
    const footer = label.lines
      .filter((line) => line.section !== 'body')
      .map((line) => line.text)
      .join(' ')
    for (const block of [...doc.footer, ...doc.banner]) {
      expect(footer.replace(/\s+/g, '')).toContain(squash(block.text))
    }
  }
}

describe('layoutLabel', () => {
  it('fits a simple label on one 70×35 mm label at the preferred size', () => {
    const doc = buildDispensingLabel(SIMPLE_INPUT)
    const labels = layoutLabel(doc)
    expect(labels).toHaveLength(1)
    const [label] = labels
    if (!label) throw new Error('no label')
    expect(label).toMatchObject({ widthDots: 559, heightDots: 280, page: 1, pageCount: 1 })
    expect(label.lines.find((line) => line.section === 'body')?.fontDots).toBe(emForCapHeight(2.5, 203))
    expect(label.lines.map((line) => line.text)).toContain('Keep out of the reach and sight of children')
    expect(label.lines.some((line) => / of \d/.test(line.text))).toBe(false)
    expectSound(label)
    expectNothingLost(doc, labels)
  })

  it('shrinks before it continues', () => {
    const doc = buildDispensingLabel({ ...SIMPLE_INPUT, cautionaryLabels: [13] })
    const labels = layoutLabel(doc)
    expect(labels).toHaveLength(1)
    const size = labels[0]?.lines[0]?.fontDots ?? 0
    expect(size).toBeLessThan(emForCapHeight(2.5, 203))
    expect(size).toBeGreaterThanOrEqual(MIN_EM_203)
  })

  it('continues 300+ characters of directions and ten cautionary labels on marked labels', () => {
    expect(LONG_DIRECTIONS.length).toBeGreaterThan(300)
    const doc = buildDispensingLabel(LONG_INPUT)
    const labels = layoutLabel(doc)
    expect(labels.length).toBeGreaterThan(1)
    labels.forEach((label, i) => {
      const footer = label.lines.filter((line) => line.section === 'footer').map((line) => line.text)
      expect(footer.join(' ')).toContain(`${i + 1} of ${labels.length}`)
      expect(footer).toContain("Ms Zoë O'Brien-Łukasik")
      expect(footer.join(' ')).toContain('Ref fr_7Q2K9/l2')
      expect(label.barcode.payload).toBe('PC-REQ:fr_7Q2K9')
      expectSound(label)
    })
    expectNothingLost(doc, labels)
    // All labels of a set use one body size.
    expect(
      new Set(labels.flatMap((l) => l.lines.filter((x) => x.section === 'body').map((x) => x.fontDots))).size
    ).toBe(1)
  })

  it('needs fewer labels on bigger stock, at other resolutions', () => {
    const big: LabelStock = {
      id: '99x99-300',
      widthMm: 99,
      heightMm: 99,
      dpi: 300,
      marginsMm: { top: 2, right: 2, bottom: 2, left: 2 }
    }
    const doc = buildDispensingLabel(LONG_INPUT)
    const labels = layoutLabel(doc, big)
    expect(labels).toHaveLength(1)
    expect(labels[0]?.barcode.moduleDots).toBe(mmToDots(0.375, 300))
    labels.forEach((label) => expectSound(label, big))
    expectNothingLost(doc, labels)
  })

  it('breaks words longer than a line after a hyphen or slash, else at the edge, losing nothing', () => {
    const long = `Apply https://example.org/${'very-long-path-segment/'.repeat(6)} and ${'X'.repeat(120)} then rest`
    const doc = buildDispensingLabel({ ...SIMPLE_INPUT, directions: long })
    const labels = layoutLabel(doc)
    labels.forEach((label) => expectSound(label))
    expectNothingLost(doc, labels)
    const body = labels.flatMap((label) =>
      label.lines.filter((line) => line.section === 'body' && line.role === 'directions')
    )
    expect(body.some((line) => /[-/]$/.test(line.text))).toBe(true)
  })

  it('lays out bag labels', () => {
    const doc = buildBagLabel(SAMPLE_BAG)
    const labels = layoutLabel(doc)
    expect(labels).toHaveLength(1)
    labels.forEach((label) => expectSound(label))
    expectNothingLost(doc, labels)
  })

  it('refuses a stock too small for the footer rather than cutting', () => {
    const tiny: LabelStock = {
      id: 'tiny',
      widthMm: 25,
      heightMm: 15,
      dpi: 203,
      marginsMm: { top: 1, right: 1, bottom: 1, left: 1 }
    }
    expect(() => layoutLabel(buildDispensingLabel(SIMPLE_INPUT), tiny)).toThrow(LabelError)
    expect(() => layoutLabel(buildDispensingLabel(SIMPLE_INPUT), { ...DEFAULT_STOCK, dpi: 20 })).toThrow(/stock/)
  })

  it('has a geometry check that catches overflow and overlap', () => {
    const [label] = layoutLabel(buildDispensingLabel(SIMPLE_INPUT))
    if (!label) throw new Error('no label')
    const [first, second] = label.lines
    if (!first || !second) throw new Error('no lines')
    const broken = {
      ...label,
      lines: [
        { ...first, text: `${first.text} and much more`, width: first.maxWidth + 1 },
        { ...second, baseline: first.baseline }
      ]
    }
    expect(geometryProblems(broken).join('\n')).toMatch(/more than[\s\S]*overlaps the line above/)
  })

  it('never cuts or overflows, whatever the text', () => {
    const anyText = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 400 })
      .filter((s) => normaliseLabelText(s).length > 0)
    const words = fc
      .array(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 60 })
      .map((w) => w.join(' '))
      .filter((s) => normaliseLabelText(s).length > 0)
    const labelRefs = fc.subarray([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 32
    ])
    fc.assert(
      fc.property(fc.oneof(anyText, words), anyText, labelRefs, (directions, patientName, refs) => {
        const doc = buildDispensingLabel({
          ...SIMPLE_INPUT,
          directions,
          patientName: patientName.slice(0, 60),
          cautionaryLabels: refs
        })
        const labels = layoutLabel(doc)
        labels.forEach((label, i) => {
          expect(label.page).toBe(i + 1)
          expectSound(label)
        })
        expectNothingLost(doc, labels)
      }),
      { numRuns: 150 }
    )
  })
})
