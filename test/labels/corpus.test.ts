/**
 * The label corpus: prescriptions shaped like real ones and like the worst Phensys could send,
 * each laid out as the counter lays it out, sent to a network label printer on loopback through
 * the counter's own transport, and the captured ZPL then checked:
 * - as text, label by label (every ^XA…^XZ): the patient, the medicine and the pharmacy are on
 *   it, no control character, and no label ends inside a parenthesis or after a number;
 * - as pictures: an independent ZPL renderer draws each label and resvg draws its SVG preview;
 *   lines stand in the same places, characters drawn as graphics are the same dots, the ink
 *   differs little, and the barcode reads back, from the print and from the preview.
 * Every prescription is laid out, printed and read as text. Drawing and comparing pictures costs
 * about 0.1 s a label, so by default one prescription in LABEL_CORPUS_PICTURES_EVERY (4) is also
 * drawn; LABEL_CORPUS_PICTURES_EVERY=1 draws them all, and LABEL_CORPUS_SIZE=2000 runs a larger
 * corpus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { zplSink } from '../../src/main/devices/label-sink'
import { createTcpPrinterTransport } from '../../src/main/devices/printers/tcp-transport'
import { startListener, type Listener } from '../helpers/tcp-listeners'
import { bagLabelInput, buildBagLabel } from '../../src/main/labels/bag-label'
import { bundledCautionaryLabels, cautionaryWording } from '../../src/main/labels/cautionary-labels'
import { labelText, withoutControlCharacters } from '../../src/main/labels/clean-text'
import { LabelError } from '../../src/main/labels/errors'
import { printerFontHas } from '../../src/main/labels/font-metric'
import { layoutLabel, type LaidOutLabel } from '../../src/main/labels/layout'
import { layoutDispensingLabels, type LabelSet } from '../../src/main/labels/request-labels'
import type { LabelStock } from '../../src/main/labels/stock'
import { decodeZplField } from '../helpers/zpl-decode'
import { isNumberToken } from '../../src/main/labels/wrap'
import { patientDisplayName } from '../../src/shared/phensys/snapshot'
import { densityDifference, inkExtent, readDataMatrix, renderPreview, renderZplJob, type Bitmap } from './label-images'
import { CORPUS_DATE, CORPUS_PHARMACY, prescriptionCorpus, type CorpusPrescription } from './prescription-corpus'

const SIZE = Number(process.env.LABEL_CORPUS_SIZE ?? 200)
const PICTURES_EVERY = Math.max(1, Number(process.env.LABEL_CORPUS_PICTURES_EVERY ?? 4))
const corpus = prescriptionCorpus(SIZE)
/** Prescriptions whose dispensing labels the stock could not hold (refused, never cut). */
const refused: string[] = []

let printer: Listener
beforeAll(async () => {
  printer = await startListener({ kind: 'printer' })
})
afterAll(async () => {
  await printer.close()
})

/** Sends labels to the printer on loopback as the print queue does; answers the bytes it received. */
async function capture(labels: readonly LaidOutLabel[]): Promise<string> {
  const before = printer.jobs.length
  const sink = zplSink(createTcpPrinterTransport({ host: '127.0.0.1', port: printer.port, writeTimeoutMs: 10_000 }))
  await sink.print(labels)
  await sink.close()
  expect(printer.jobs).toHaveLength(before + 1)
  return printer.jobs[before]!.toString('latin1')
}

interface Block {
  /** Field texts decoded, by the ^FX section they follow. */
  fields: Array<{ section: string; text: string; graphic: boolean }>
}

/** Each ^XA…^XZ of a job, read as text without the counter's own parser. */
function blocksOf(zpl: string): Block[] {
  return [...zpl.matchAll(/\^XA([\s\S]*?)\^XZ/g)].map((match) => {
    const fields: Block['fields'] = []
    let section = ''
    for (const command of (match[1] ?? '').split('^')) {
      if (command.startsWith('FX')) section = command.slice(2).trim()
      else if (command.startsWith('FD'))
        fields.push({ section, text: decodeZplField(command.slice(2)), graphic: false })
      else if (command.startsWith('GF')) fields.push({ section, text: '', graphic: true })
    }
    return { fields }
  })
}

const textOf = (block: Block, section?: string) =>
  block.fields
    .filter((field) => !field.graphic && (section === undefined || field.section === section))
    .map((field) => field.text)
    .join(' ')

/** The parts of a name the printer's own font prints (the rest go as graphics). */
const printableParts = (text: string) =>
  withoutControlCharacters(text)
    .split(/[^ -~\u00a0-\u017f]+/u)
    .map((part) => part.trim())
    .filter((part) => part.length >= 2 && [...part].every(printerFontHas))

const squash = (text: string) => text.replace(/\s+/g, '')

/** How each directions and cautionary text ends: a label may end there. */
function blockEnds(prescription: CorpusPrescription): string[] {
  return prescription.snapshot.prescription.items.flatMap((item) => [
    squash(labelText(item.directions)).slice(-12),
    ...item.cautionaryLabels.map((ref) => squash(cautionaryWording(bundledCautionaryLabels(), ref)).slice(-12))
  ])
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/

function checkText(prescription: CorpusPrescription, labels: LaidOutLabel[], zpl: string): void {
  const blocks = blocksOf(zpl)
  expect(blocks).toHaveLength(labels.length)
  expect(zpl, 'the job is plain ASCII with no control character but line ends').toMatch(/^[\x20-\x7e\n]*$/)
  const patient = patientDisplayName(prescription.snapshot)
  blocks.forEach((block, i) => {
    const label = labels[i]!
    const all = textOf(block)
    expect(all, `label ${i + 1}: no control character`).not.toMatch(CONTROL)
    if (label.kind === 'dispensing') {
      for (const part of printableParts(patient)) expect(all, `label ${i + 1}: patient`).toContain(part)
      expect(all, `label ${i + 1}: pharmacy`).toContain(CORPUS_PHARMACY.name)
      const header = textOf(block, 'header')
      const medicine = prescription.packs.find((pack) => header.includes(pack.product.name.split(' ')[0]!))
      expect(medicine, `label ${i + 1}: medicine in "${header}"`).toBeTruthy()
      const flow = textOf(block, 'flow')
      let depth = 0
      for (const ch of flow) {
        if (ch === '(') depth++
        if (ch === ')') depth--
        expect(depth, `label ${i + 1}: a parenthesis closed before it opened in "${flow}"`).toBeGreaterThanOrEqual(0)
      }
      expect(depth, `label ${i + 1}: ends inside a parenthesis: "${flow}"`).toBe(0)
      if (label.page < label.pageCount) {
        expect(isNumberToken(flow.split(' ').at(-1) ?? ''), `label ${i + 1}: ends on a number: "${flow}"`).toBe(false)
        const ends = blockEnds(prescription)
        const endsABlock = ends.some((end) => squash(flow).endsWith(end))
        const endsAClause = endsABlock || /[.,;:!?)]$/.test(flow)
        // Only a clause longer than a whole label is split between words: such a label holds nothing but that clause's start.
        const outsideParentheses = flow.replace(/\([^)]*\)/g, '')
        const holdsABoundary =
          /[.,;:!?] /.test(outsideParentheses) || ends.some((end) => squash(flow).slice(0, -1).includes(end))
        expect(endsAClause || !holdsABoundary, `label ${i + 1} ends between clauses: "${flow}"`).toBe(true)
      }
    } else {
      for (const part of printableParts(prescription.snapshot.delivery.recipientName))
        expect(all, `bag label: recipient`).toContain(part)
      expect(all, 'bag label: postcode').toContain(prescription.snapshot.delivery.address.postcode)
    }
  })
}

async function checkPictures(labels: LaidOutLabel[], zpl: string): Promise<void> {
  const first = labels[0]!
  const printed = await renderZplJob(zpl, first.widthMm, first.heightMm)
  expect(printed).toHaveLength(labels.length)
  for (const [i, label] of labels.entries()) {
    const print = printed[i]!
    const preview = renderPreview(label)
    const where = `label ${i + 1} (${label.kind} ${label.page} of ${label.pageCount})`
    expect(densityDifference(print, preview), `${where}: ink differs`).toBeLessThan(0.06)
    for (const line of label.lines) {
      const top = line.baseline - Math.ceil(line.fontDots * 0.8)
      const bottom = line.baseline + Math.ceil(line.fontDots * 0.2)
      for (const [r, run] of line.runs.entries()) {
        if (run.kind === 'graphic') {
          expect(mismatch(print, preview, run), `${where}: "${run.text}" drawn the same`).toBeLessThan(0.02)
          continue
        }
        if (run.text.trim().length === 0) continue
        // Beside a graphic run (checked dot for dot above), the window stops where the graphic starts.
        const before = line.runs[r - 1]
        const after = line.runs[r + 1]
        const left = before ? run.x : run.x - 4
        const right = after ? after.x : run.x + run.width + 6
        const inPreview = inkExtent(preview, top, bottom, left, right)
        const inPrint = inkExtent(print, top, bottom, left, right)
        expect(inPreview, `${where}: "${run.text}" in the preview`).not.toBeNull()
        expect(inPrint, `${where}: "${run.text}" printed`).not.toBeNull()
        expect(
          Math.abs(inPrint![0] - inPreview![0]),
          `${where}: "${run.text}" starts in the same place`
        ).toBeLessThanOrEqual(4)
        expect(inPrint![1], `${where}: "${run.text}" printed no wider than previewed`).toBeLessThanOrEqual(
          inPreview![1] + 4
        )
      }
    }
    const box = {
      x: label.barcode.x,
      y: label.barcode.y,
      width: label.barcode.sizeDots,
      height: label.barcode.sizeDots
    }
    expect(await readDataMatrix(print, box), `${where}: barcode of the print`).toBe(label.barcode.payload)
    expect(await readDataMatrix(preview, box), `${where}: barcode of the preview`).toBe(label.barcode.payload)
  }
}

/** Share of a graphic run's dots that differ between two pictures. */
function mismatch(
  a: Bitmap,
  b: Bitmap,
  run: { x: number; y: number; bitmap: { widthDots: number; heightDots: number } }
): number {
  let differ = 0
  for (let y = run.y; y < run.y + run.bitmap.heightDots; y++) {
    for (let x = run.x; x < run.x + run.bitmap.widthDots; x++) {
      if (a.dots[y * a.width + x] !== b.dots[y * b.width + x]) differ++
    }
  }
  return differ / (run.bitmap.widthDots * run.bitmap.heightDots)
}

describe(`label corpus (${SIZE} prescriptions, 1 in ${PICTURES_EVERY} drawn)`, () => {
  it('holds the hostile cases it claims to', () => {
    const titles = corpus.map((c) => c.title).join('\n')
    for (const trait of [
      'long directions',
      'split pack',
      '3 packs',
      'six-line address',
      'control character in the name',
      'control character in the address',
      'control character in the directions',
      '李',
      'Ωμέγα',
      'Пётр'
    ])
      expect(titles).toContain(trait)
    const refs = corpus.flatMap((c) => c.snapshot.prescription.items.flatMap((item) => item.cautionaryLabels))
    expect(refs.some((ref) => typeof ref === 'object' && ref.number === 17)).toBe(true)
    expect(refs.some((ref) => typeof ref === 'object' && ref.number === 18)).toBe(true)
  })

  it.each(
    corpus.map(
      // Relabelled requests too: a barcode naming a later label generation reads back whole.
      (prescription, index) =>
        [prescription.title, prescription, index % PICTURES_EVERY === 0, 1 + (index % 3)] as const
    )
  )('%s', { timeout: 60_000 }, async (_title, prescription, drawn, labelGeneration) => {
    const layout = (stock: LabelStock) =>
      layoutDispensingLabels(
        prescription.snapshot,
        prescription.packs,
        CORPUS_PHARMACY,
        CORPUS_DATE,
        { stock, options: {} },
        labelGeneration
      )
    let sets: LabelSet[] | null = null
    try {
      sets = layout(prescription.stock)
    } catch (error) {
      // The smallest stock may lack room for all a label must carry: refused in words; the largest takes it.
      expect(error).toBeInstanceOf(LabelError)
      expect((error as LabelError).code).toBe('stock-too-small')
      refused.push(prescription.title)
      expect(layout({ ...prescription.stock, id: '99x99', widthMm: 99, heightMm: 99 }).length).toBeGreaterThan(0)
    }
    if (sets) {
      expect(sets).toHaveLength(prescription.packs.length)
      const dispensing = sets.flatMap((set) => set.labels)
      const zpl = await capture(dispensing)
      checkText(prescription, dispensing, zpl)
      if (drawn) await checkPictures(dispensing, zpl)
    }

    let bag: LaidOutLabel[]
    try {
      bag = layoutLabel(buildBagLabel(bagLabelInput(prescription.snapshot)), prescription.stock)
    } catch (error) {
      // Refused only because the stock is too small: it fits the largest stock offered.
      expect(error).toBeInstanceOf(LabelError)
      expect((error as LabelError).code).toBe('does-not-fit')
      const large = { ...prescription.stock, id: '99x99', widthMm: 99, heightMm: 99 }
      expect(layoutLabel(buildBagLabel(bagLabelInput(prescription.snapshot)), large)).toHaveLength(1)
      return
    }
    expect(bag).toHaveLength(1)
    const bagZpl = await capture(bag)
    checkText(prescription, bag, bagZpl)
    if (drawn) await checkPictures(bag, bagZpl)
  })

  it('refuses few prescriptions for want of room on the stock', () => {
    expect(refused.length, refused.join('\n')).toBeLessThanOrEqual(Math.ceil(SIZE * 0.03))
  })
})
