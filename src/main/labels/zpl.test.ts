import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildBagLabel } from './bag-label'
import { buildDispensingLabel } from './dispensing-label'
import { LONG_INPUT, SAMPLE_BAG, SIMPLE_INPUT } from '../../../test/helpers/label-fixtures'
import { layoutLabel } from './layout'
import { encodeZplField, toZpl } from './zpl'
import { decodeZplField, parseZplJob } from '../../../test/helpers/zpl-decode'

// eslint-disable-next-line no-control-regex
const COMMAND_OR_CONTROL = /[\^~\u0000-\u001f\u007f-\uffff]/

describe('ZPL field encoding', () => {
  it('round-trips any string and emits no command or control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const encoded = encodeZplField(text)
        expect(decodeZplField(encoded)).toBe(text)
        expect(encoded).not.toMatch(COMMAND_OR_CONTROL)
        expect(encoded.replace(/_[0-9A-F]{2}/g, '')).not.toContain('_')
      }),
      { numRuns: 2000 }
    )
  })

  it('escapes the command prefixes, the escape character and controls', () => {
    expect(encodeZplField('^XZ~JA_\r\nA')).toBe('_5EXZ_7EJA_5F_0D_0AA')
    expect(encodeZplField('Zoë')).toBe('Zo_C3_AB')
  })
})

describe('toZpl', () => {
  it('renders every laid-out line and the barcode, one ^XA…^XZ per label, in one job', () => {
    const labels = [...layoutLabel(buildDispensingLabel(LONG_INPUT)), ...layoutLabel(buildBagLabel(SAMPLE_BAG))]
    const zpl = toZpl(labels)
    expect(zpl.match(/\^XA/g)).toHaveLength(labels.length)
    expect(zpl.match(/\^XZ/g)).toHaveLength(labels.length)
    expect(zpl).not.toMatch(/~/)
    expect(zpl).toMatch(/^[\x20-\x7e\n]*$/)
    const parsed = parseZplJob(zpl)
    parsed.forEach((label, i) => {
      const laid = labels[i]
      if (!laid) throw new Error('missing label')
      expect(label).toMatchObject({ widthDots: laid.widthDots, lengthDots: laid.heightDots, charset: 28 })
      const text = label.fields.filter((field) => field.font)
      expect(
        text.map((field) => [field.origin, field.x, field.y, field.font?.height, field.font?.width, field.text])
      ).toEqual(laid.lines.map((line) => ['FT', line.x, line.baseline, line.fontDots, line.fontDots, line.text]))
      const barcode = label.fields.find((field) => field.barcode)
      expect(barcode).toMatchObject({
        origin: 'FO',
        x: laid.barcode.x,
        y: laid.barcode.y,
        text: laid.barcode.payload,
        barcode: { moduleDots: laid.barcode.moduleDots, columns: laid.barcode.modules, rows: laid.barcode.modules }
      })
    })
  })

  it('cannot be hijacked by what a patient or prescriber typed', () => {
    const hostile = '^XZ^XA^FO0,0^GB800,800,800^FS~JR\u0003_5E'
    const labels = layoutLabel(
      buildDispensingLabel({ ...SIMPLE_INPUT, patientName: hostile, directions: `Take ${hostile}` })
    )
    const zpl = toZpl(labels)
    expect(zpl.match(/\^XA/g)).toHaveLength(labels.length)
    expect(zpl).not.toContain('^GB')
    expect(zpl).not.toContain('~')
    const fields = parseZplJob(zpl).flatMap((label) => label.fields.map((field) => field.text))
    expect(fields.join(' ')).toContain('^XZ^XA^FO0,0^GB800,800,800^FS~JR')
  })
})

describe('layout → ZPL text fidelity', () => {
  it('prints exactly the laid-out runs, even from malformed input: text as text, other glyphs as the same pictures', () => {
    const labels = layoutLabel(
      buildDispensingLabel({
        ...SIMPLE_INPUT,
        patientName: 'A\ud800B\u0007C\u00a0D Ωμέγα',
        directions: 'e\u0301 x\r\ny'
      })
    )
    const fields = parseZplJob(toZpl(labels)).flatMap((label) => label.fields.filter((field) => !field.barcode))
    const runs = labels.flatMap((label) => label.lines.flatMap((line) => line.runs))
    expect(fields.map((field) => (field.graphic ? field.graphic.hex : field.text))).toEqual(
      runs.map((run) => (run.kind === 'graphic' ? run.bitmap.hex : run.text))
    )
    expect(fields.map((field) => [field.x, field.graphic ? 'FO' : 'FT'])).toEqual(
      runs.map((run) => [run.x, run.kind === 'graphic' ? 'FO' : 'FT'])
    )
    const printed = labels.flatMap((label) => label.lines.map((line) => line.text))
    expect(printed).toContain('A\ufffdBC D Ωμέγα')
    expect(printed).toContain('é x')
    expect(runs.filter((run) => run.kind === 'graphic').map((run) => run.text)).toEqual(['\ufffd', 'Ωμέγα'])
  })

  it('names each section of a label in a comment', () => {
    const [label] = parseZplJob(toZpl(layoutLabel(buildDispensingLabel(SIMPLE_INPUT))))
    expect([...new Set(label?.fields.map((field) => field.section))]).toEqual([
      'header',
      'flow',
      'banner',
      'footer',
      'barcode'
    ])
  })
})
