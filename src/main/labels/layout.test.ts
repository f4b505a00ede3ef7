import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildBagLabel } from './bag-label'
import { bundledCautionaryLabels, cautionaryWording } from './cautionary-labels'
import { labelText } from './clean-text'
import { buildDispensingLabel } from './dispensing-label'
import type { LabelDocument } from './document'
import { LabelError } from './errors'
import { baselineOffset, lineHeight, measure } from './font-metric'
import { LONG_DIRECTIONS, LONG_INPUT, SAMPLE_BAG, SIMPLE_INPUT } from '../../../test/helpers/label-fixtures'
import { emForPoints, layoutLabel, type LaidOutLabel } from './layout'
import { DEFAULT_STOCK, mmToDots, stockGeometry, type LabelStock } from './stock'
import { isNumberToken } from './wrap'

const STOCK_96x37: LabelStock = { ...DEFAULT_STOCK, id: '96x37', widthMm: 96, heightMm: 37 }
const STOCK_99x99_300: LabelStock = {
  id: '99x99-300',
  widthMm: 99,
  heightMm: 99,
  dpi: 300,
  marginsMm: { top: 2, right: 2, bottom: 2, left: 2 }
}

/** Problems with a label: a line outside the printable box, unmeasured, too small, over the barcode or over another line. */
function geometryProblems(label: LaidOutLabel, stock: LabelStock = DEFAULT_STOCK, minimumPt = 7): string[] {
  const { content } = stockGeometry(stock)
  const minEm = emForPoints(minimumPt, stock.dpi)
  const problems: string[] = []
  const boxes = label.lines.map((line) => {
    const top = line.baseline - baselineOffset(line.fontDots)
    return { line, top, bottom: top + lineHeight(line.fontDots) }
  })
  for (const { line, top, bottom } of boxes) {
    const say = (what: string) => problems.push(`"${line.text}": ${what}`)
    if (line.width !== measure(line.text, line.fontDots)) say('width is not the measured width')
    if (line.width > line.maxWidth) say(`${line.width} dots wide, more than ${line.maxWidth}`)
    if (line.fontDots < minEm) say(`font ${line.fontDots} dots is under the legible minimum`)
    if (line.x < content.x || line.x + line.maxWidth > content.x + content.width)
      say('outside the margins horizontally')
    if (top < content.y || bottom > content.y + content.height) say('outside the margins vertically')
    const { barcode } = label
    if (line.x + line.maxWidth > barcode.x && bottom > barcode.y) say('overlaps the barcode')
    if (line.runs.map((run) => run.text).join('') !== line.text) say('runs do not make up the line')
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

const squash = (text: string) => labelText(text).replace(/\s+/g, '')
const sectionText = (label: LaidOutLabel, section: string) =>
  label.lines
    .filter((line) => line.section === section)
    .map((line) => line.text)
    .join(' ')

/** The flow comes back whole and in order across the labels; banner and footer are on every label. */
function expectNothingLost(doc: LabelDocument, labels: LaidOutLabel[]): void {
  const printed = labels.map((label) => sectionText(label, 'flow')).join('')
  expect(printed.replace(/\s+/g, '')).toBe(doc.flow.map((block) => squash(block.text)).join(''))
  for (const label of labels) {
    const bottom = `${sectionText(label, 'banner')} ${sectionText(label, 'footer')}`.replace(/\s+/g, '')
    for (const block of [...doc.footer, ...doc.banner]) expect(bottom).toContain(squash(block.text))
    const header = sectionText(label, 'header').replace(/\s+/g, '')
    for (const block of doc.header) expect(header).toContain(squash(block.text))
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
    expect(label.lines.find((line) => line.section === 'flow')?.fontDots).toBe(emForPoints(10, 203))
    expect(label.lines.map((line) => line.text)).toContain('Keep out of the reach and sight of children')
    expect(label.lines.some((line) => /label \d+ of/.test(line.text))).toBe(false)
    expectSound(label)
    expectNothingLost(doc, labels)
  })

  it('shrinks before it continues, never below the legible minimum', () => {
    const doc = buildDispensingLabel({ ...SIMPLE_INPUT, cautionaryLabels: [13] })
    const labels = layoutLabel(doc)
    expect(labels).toHaveLength(1)
    const size = labels[0]?.lines[0]?.fontDots ?? 0
    expect(size).toBeLessThan(emForPoints(10, 203))
    expect(size).toBeGreaterThanOrEqual(emForPoints(7, 203))
    // A higher legible minimum is honoured (and 7 pt is the floor whatever is asked).
    const larger = layoutLabel(doc, STOCK_99x99_300, { minimumPt: 12, preferredPt: 12 })
    for (const label of larger)
      for (const line of label.lines) expect(line.fontDots).toBe(emForPoints(12, STOCK_99x99_300.dpi))
    // Long directions shrink as far as they may: to 7 pt, even when 4 pt is asked for.
    const floor = layoutLabel(buildDispensingLabel(LONG_INPUT), DEFAULT_STOCK, { minimumPt: 4 })
    expect(floor.some((label) => label.lines.some((line) => line.fontDots === emForPoints(7, 203)))).toBe(true)
    for (const label of floor)
      for (const line of label.lines) expect(line.fontDots).toBeGreaterThanOrEqual(emForPoints(7, 203))
  })

  it('continues long directions on supplementary labels, each complete and saying which label it is', () => {
    expect(LONG_DIRECTIONS.length).toBeGreaterThan(300)
    const doc = buildDispensingLabel(LONG_INPUT)
    const labels = layoutLabel(doc, STOCK_96x37)
    expect(labels.length).toBeGreaterThan(1)
    labels.forEach((label, i) => {
      const header = sectionText(label, 'header')
      expect(header).toContain(`Co-codamol 30mg/500mg tablets · label ${i + 1} of ${labels.length}`)
      expect(header).toContain('Qty: 100 tablets')
      expect(sectionText(label, 'footer')).toContain("Ms Zoë O'Brien-Łukasik")
      expect(sectionText(label, 'footer')).toContain('Ref fr_7Q2K9/l2')
      expect(sectionText(label, 'footer')).toContain('Pharmetra Pharmacy')
      expect(sectionText(label, 'banner')).toContain('Keep out of the reach and sight of children')
      expect(label.barcode.payload).toBe('PC-REQ:fr_7Q2K9')
      expectSound(label, STOCK_96x37)
    })
    expectNothingLost(doc, labels)
    // All labels of a set use one body size.
    expect(
      new Set(labels.flatMap((l) => l.lines.filter((x) => x.section === 'flow').map((x) => x.fontDots))).size
    ).toBe(1)
  })

  it('ends a label between sentences or clauses, never inside a parenthesis or after a number', () => {
    const directions =
      'Take ONE tablet twice a day (fifty-six tablets in all, morning and evening), with food. ' +
      'If you miss a dose take it as soon as you remember, unless it is nearly time for the next one. ' +
      'Do not take TWO doses together. Keep taking these tablets for 28 days (4 weeks) unless told to stop.'
    const labels = layoutLabel(
      buildDispensingLabel({ ...SIMPLE_INPUT, directions, cautionaryLabels: [2, 10, 25] }),
      DEFAULT_STOCK
    )
    expect(labels.length).toBeGreaterThan(1)
    // A BNF warning ends with no stop of its own ("… Do not drink alcohol"): a label may end with one whole.
    const warnings = [2, 10, 25].map((number) => labelText(cautionaryWording(bundledCautionaryLabels(), number)))
    for (const label of labels.slice(0, -1)) {
      const flow = sectionText(label, 'flow')
      expect(/[.,;:!?]$/.test(flow) || warnings.some((warning) => flow.endsWith(warning)), flow).toBe(true)
      expect(flow.split('(').length, flow).toBe(flow.split(')').length)
      expect(isNumberToken(flow.split(' ').at(-1) ?? '')).toBe(false)
    }
  })

  it('keeps each BNF warning whole on one label, whatever the length of the directions before it', () => {
    const words = 'Take 2.5ml to 5ml every four hours when required for pain, and at night if woken by it'.split(' ')
    const wording = (number: number) => labelText(cautionaryWording(bundledCautionaryLabels(), number))
    for (const cautionaryLabels of [[2], [2, 3]])
      for (let count = 1; count <= words.length * 3; count++) {
        const directions = Array.from({ length: count }, (_, i) => words[i % words.length]).join(' ')
        const labels = layoutLabel(
          buildDispensingLabel({ ...SIMPLE_INPUT, directions, cautionaryLabels }),
          DEFAULT_STOCK,
          { minimumPt: 7 }
        )
        const flows = labels.map((label) => sectionText(label, 'flow'))
        for (const number of cautionaryLabels)
          expect(
            flows.some((flow) => flow.includes(wording(number))),
            `${count} words: ${JSON.stringify(flows)}`
          ).toBe(true)
      }
  })

  it('never breaks a BNF warning between words over labels: where one cannot stand whole on one label of the stock, the set is refused in words', () => {
    // A combination inhaler's name takes three header lines of 70 × 35 mm, leaving one line for the flow:
    // BNF label 10 came out as "Warning:" on one label, "Read the additional information given with this" on the next and "medicine" on a third.
    const input = {
      ...SIMPLE_INPUT,
      medicine: {
        name: 'Fluticasone propionate 250micrograms/dose / Salmeterol 25micrograms/dose pressurised inhaler CFC free',
        strength: null,
        form: null
      },
      quantity: 120,
      unit: 'dose',
      directions: 'Inhale TWO puffs twice a day',
      cautionaryLabels: [10]
    }
    const refusal = (() => {
      try {
        return layoutLabel(buildDispensingLabel(input), DEFAULT_STOCK, { minimumPt: 7 })
      } catch (error) {
        return error
      }
    })()
    expect(refusal).toBeInstanceOf(LabelError)
    expect((refusal as LabelError).message).toMatch(/BNF warning 10 .*whole on one label .*choose a larger stock/)
    // On a larger stock it stands whole on one label.
    const larger = layoutLabel(buildDispensingLabel(input), STOCK_96x37, { minimumPt: 7 })
    const wording = labelText(cautionaryWording(bundledCautionaryLabels(), 10))
    expect(larger.some((label) => sectionText(label, 'flow').includes(wording))).toBe(true)
  })

  it('splits a clause longer than a label between words, never inside a parenthesis nor between a number and its unit', () => {
    const filler = 'slowly with water after the evening meal and before you go to bed at night'.split(' ')
    for (let pad = 0; pad < filler.length * 2; pad++) {
      const lead = Array.from({ length: pad }, (_, i) => filler[i % filler.length]).join(' ')
      const directions = `Take ${lead} ONE tablet for 28 days (fifty-six tablets in all over the four weeks of the course) then 2 tablets every 4 hours for 3 days then stop`
      const labels = layoutLabel(buildDispensingLabel({ ...SIMPLE_INPUT, directions, cautionaryLabels: [] }))
      for (const label of labels.slice(0, -1)) {
        const flow = sectionText(label, 'flow')
        expect(flow.split('(').length, flow).toBe(flow.split(')').length)
        expect(/\b(ONE|28|2|4|3)$/.test(flow), `ends on a number: ${flow}`).toBe(false)
      }
    }
  })

  it('keeps room on every label of a set of ten or more for its longer header ("label 10 of 10")', () => {
    const doc = buildDispensingLabel({
      ...SIMPLE_INPUT,
      directions: 'Take ONE tablet daily, with food. Swallow whole with water.',
      cautionaryLabels: [2, 5, 6, 7, 12, 13, 25, 28, 29],
      pack: { number: 1, of: 1, quantity: 10, packSize: 28, packId: 1, labelGeneration: 1 },
      quantity: 112
    })
    const labels = layoutLabel(doc)
    expect(labels.length).toBeGreaterThanOrEqual(10)
    labels.forEach((label) => expectSound(label))
  })

  it('needs fewer labels on bigger stock, at other resolutions', () => {
    const doc = buildDispensingLabel(LONG_INPUT)
    const labels = layoutLabel(doc, STOCK_99x99_300)
    expect(labels).toHaveLength(1)
    expect(labels[0]?.barcode.moduleDots).toBe(mmToDots(0.375, 300))
    labels.forEach((label) => expectSound(label, STOCK_99x99_300))
    expectNothingLost(doc, labels)
    expect(layoutLabel(doc, STOCK_96x37).length).toBeLessThan(layoutLabel(doc).length)
  })

  it('breaks words longer than a line after a hyphen or slash, else at the edge, losing nothing', () => {
    const long = `Apply https://example.org/${'very-long-path-segment/'.repeat(6)} and ${'X'.repeat(120)} then rest`
    const doc = buildDispensingLabel({ ...SIMPLE_INPUT, directions: long })
    const labels = layoutLabel(doc)
    labels.forEach((label) => expectSound(label))
    expectNothingLost(doc, labels)
    const flow = labels.flatMap((label) => label.lines.filter((line) => line.section === 'flow'))
    expect(flow.some((line) => /[-/]$/.test(line.text))).toBe(true)
  })

  it('keeps a number with its unit on a line', () => {
    const doc = buildDispensingLabel({
      ...SIMPLE_INPUT,
      directions: 'Take the contents of one sachet dissolved in water every morning, 2 sachets at most in 24 hours'
    })
    for (const label of layoutLabel(doc)) {
      for (const line of label.lines) expect(isNumberToken(line.text.split(' ').at(-1) ?? ''), line.text).toBe(false)
    }
  })

  it('lays out a bag label as one label, and refuses one that cannot fit rather than split it', () => {
    const doc = buildBagLabel(SAMPLE_BAG)
    const labels = layoutLabel(doc)
    expect(labels).toHaveLength(1)
    labels.forEach((label) => expectSound(label))
    expectNothingLost(doc, labels)
    const long = buildBagLabel({
      ...SAMPLE_BAG,
      recipientName: 'Professor Sir Bartholomew Montgomery-Fitzwilliam-Huntingdon-Smythe of Little Snoring',
      address: {
        line1: 'The Old Rectory Cottage, Flat 17b, Third Floor, Rear Entrance via the Courtyard Gate',
        line2: 'Little Snoring-on-the-Marsh near Great Snoring, off the Fakenham Road',
        city: 'Fakenham, Norfolk',
        postcode: 'NR21 0AA',
        country: 'GB'
      }
    })
    expect(() => layoutLabel(long)).toThrow(expect.objectContaining({ code: 'does-not-fit' }))
    expect(() => layoutLabel(long)).toThrow(/larger label stock.*raise a query/)
    expect(layoutLabel(long, { ...DEFAULT_STOCK, id: '99x99', widthMm: 99, heightMm: 99 })).toHaveLength(1)
  })

  it('draws characters the printer font lacks as pictures, and refuses those no font has', () => {
    const [label] = layoutLabel(buildDispensingLabel({ ...SIMPLE_INPUT, patientName: 'Mr 李 Wei Ωμέγα' }))
    const patient = label?.lines.find((line) => line.role === 'patient')
    expect(patient?.runs.map((run) => [run.kind, run.text])).toEqual([
      ['text', 'Mr '],
      ['graphic', '李 '],
      ['text', 'Wei '],
      ['graphic', 'Ωμέγα']
    ])
    const graphic = patient?.runs.find((run) => run.kind === 'graphic')
    expect(graphic?.kind === 'graphic' && /[1-9A-F]/.test(graphic.bitmap.hex)).toBe(true)
    expect(() => layoutLabel(buildDispensingLabel({ ...SIMPLE_INPUT, patientName: 'Mr अ Sharma' }))).toThrow(
      /patient's name holds "अ" \(U\+0905\), which neither/
    )
  })

  it('refuses text that reaches it with a control character (the builders clean it first)', () => {
    const doc = buildDispensingLabel(SIMPLE_INPUT)
    const dirty = { ...doc, footer: [{ role: 'patient' as const, text: 'Ann\u0000 Lee' }] }
    expect(() => layoutLabel(dirty)).toThrow(/control character \(U\+0000\)/)
  })

  it('refuses a stock too small for the barcode and footer rather than cutting', () => {
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
    const words = fc
      .array(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 60 })
      .map((w) => w.join(' '))
      .filter((s) => labelText(s).length > 0)
    const labelRefs = fc.subarray([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 32
    ])
    fc.assert(
      fc.property(
        words,
        fc.constantFrom('Ann Lee', 'Zoë Ωμέγα', 'Li 李'),
        labelRefs,
        (directions, patientName, refs) => {
          const doc = buildDispensingLabel({ ...SIMPLE_INPUT, directions, patientName, cautionaryLabels: refs })
          let labels: LaidOutLabel[]
          try {
            labels = layoutLabel(doc, STOCK_96x37)
          } catch (error) {
            // Refusing is allowed only for the stated reasons, never a silent cut.
            expect(error).toBeInstanceOf(LabelError)
            expect((error as LabelError).code).toBe('stock-too-small')
            return
          }
          labels.forEach((label, i) => {
            expect(label.page).toBe(i + 1)
            expectSound(label, STOCK_96x37)
          })
          expectNothingLost(doc, labels)
        }
      ),
      { numRuns: 100 }
    )
  })

  it('keeps every word of the directions and cautionary wording, exactly once and in order, across the labels of a set', () => {
    const word = fc.oneof(
      fc.constantFrom(
        'Take',
        'ONE',
        'TWO',
        'tablet',
        'tablets',
        'daily',
        'with',
        'food',
        'at',
        'night',
        'Zoë',
        'Ωμέγα',
        '李'
      ),
      fc.integer({ min: 1, max: 500 }).map(String),
      fc.constantFrom('0.5', '1-2', '10mg', '5ml', '28', '24'),
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }).filter((w) => !/[\s()]/.test(w))
    )
    const phrase = fc.array(word, { minLength: 1, maxLength: 12 }).map((words) => words.join(' '))
    const piece = fc.oneof(
      phrase,
      phrase.map((text) => `${text}.`),
      phrase.map((text) => `${text},`),
      fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => `(${words.join(' ')})`)
    )
    const directions = fc.array(piece, { minLength: 1, maxLength: 30 }).map((pieces) => pieces.join(' '))
    const refs = fc.subarray([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 21, 22, 25, 27, 28, 29, 30, 32
    ])
    const stock = fc.constantFrom(DEFAULT_STOCK, STOCK_96x37, STOCK_99x99_300)
    const pack = fc.option(
      fc.integer({ min: 1, max: 4 }).chain((of) =>
        fc.record({
          number: fc.integer({ min: 1, max: of }),
          of: fc.constant(of),
          quantity: fc.integer({ min: 1, max: 28 }),
          packSize: fc.constant(28),
          packId: fc.integer({ min: 1, max: 99999 }),
          labelGeneration: fc.integer({ min: 1, max: 999 })
        })
      ),
      { nil: undefined }
    )
    const words = (text: string) => text.split(/\s+/).filter((w) => w.length > 0)
    let runs = 0
    let laidOut = 0
    fc.assert(
      fc.property(directions, refs, stock, pack, (text, cautionaryLabels, chosen, onPack) => {
        runs++
        const doc = buildDispensingLabel({
          ...SIMPLE_INPUT,
          directions: text,
          cautionaryLabels,
          pack: onPack,
          quantity: 112
        })
        let labels: LaidOutLabel[]
        try {
          labels = layoutLabel(doc, chosen)
        } catch (error) {
          // Refused, never cut: only when a parenthesis or a word cannot stay whole on one label.
          expect((error as LabelError).code).toBe('stock-too-small')
          return
        }
        laidOut++
        const printed = labels.flatMap((label) =>
          label.lines.filter((line) => line.section === 'flow').flatMap((line) => words(line.text))
        )
        expect(printed).toEqual(doc.flow.flatMap((block) => words(block.text)))
        labels.forEach((label) => expectSound(label, chosen))
      }),
      { numRuns: 150 }
    )
    // The property is about laid-out labels: almost every document must be laid out, not refused.
    expect(laidOut / runs).toBeGreaterThan(0.9)
  })
})
