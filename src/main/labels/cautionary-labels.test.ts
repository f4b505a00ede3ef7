import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import bundledFile from '../../../resources/labels/bnf-cautionary-labels.json'
import {
  bundledCautionaryLabels,
  cautionaryWording,
  loadCautionaryLabelFile,
  parseCautionaryLabelFile
} from './cautionary-labels'
import { LabelError } from './errors'

// A reference copy of the BNF's wording, kept outside the repository on the machines that have it:
// the file's wording is compared with it there, so a typo cannot slip into a label.
const BNF_REFERENCE = '/work/shared/domain-brief.md'

describe('BNF cautionary label data', () => {
  const set = bundledCautionaryLabels()

  it('holds exactly labels 1–19, 21–30 and 32', () => {
    const expected = [
      ...Array.from({ length: 19 }, (_, i) => i + 1),
      ...Array.from({ length: 10 }, (_, i) => i + 21),
      32
    ]
    expect([...set.labels.keys()]).toEqual(expected)
  })

  it.runIf(existsSync(BNF_REFERENCE))('uses the reference wording verbatim', () => {
    const reference = readFileSync(BNF_REFERENCE, 'utf8').replace(/\s+/g, ' ')
    for (const label of set.labels.values()) {
      const wording = label.text.replace(/\{(max|maxPerWeek)\}/g, '…')
      expect(reference, `label ${label.number}`).toContain(`${label.number} ${wording}`)
    }
  })

  it('fills 17 and 18 with the prescription’s figures', () => {
    expect(cautionaryWording(set, { number: 17, max: '8 tablets' })).toBe('Do not take more than 8 tablets in 24 hours')
    expect(cautionaryWording(set, { number: 18, max: '2 sachets', maxPerWeek: '6 sachets' })).toBe(
      'Do not take more than 2 sachets in 24 hours. Also, do not take more than 6 sachets in any one week'
    )
    expect(cautionaryWording(set, 4)).toBe('Warning: Do not drink alcohol')
  })

  it('refuses 17/18 without their figures and numbers not in the file', () => {
    expect(() => cautionaryWording(set, 17)).toThrow(expect.objectContaining({ code: 'missing-figure' }))
    expect(() => cautionaryWording(set, { number: 18, max: '2 tablets' })).toThrow(/weekly maximum/)
    expect(() => cautionaryWording(set, { number: 17, max: '  ' })).toThrow(LabelError)
    expect(() => cautionaryWording(set, 20)).toThrow(expect.objectContaining({ code: 'unknown-cautionary-label' }))
  })

  it('loads a replacement file and validates it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bnf-'))
    const good = join(dir, 'good.json')
    await writeFile(
      good,
      JSON.stringify({ source: 'Licensed BNF', edition: '2026', labels: [{ number: 1, text: 'Licensed wording' }] })
    )
    const loaded = await loadCautionaryLabelFile(good)
    expect(loaded.source).toBe('Licensed BNF')
    expect(cautionaryWording(loaded, 1)).toBe('Licensed wording')
    await expect(loadCautionaryLabelFile(join(dir, 'missing.json'))).rejects.toThrow(LabelError)
  })

  it.each([
    ['an unknown placeholder', [{ number: 1, text: 'Take {dose}' }], /unknown placeholder/],
    ['17 without its figure', [{ number: 17, text: 'Do not take more than … in 24 hours' }], /needs the \{max\}/],
    [
      'a duplicate number',
      [
        { number: 1, text: 'a' },
        { number: 1, text: 'b' }
      ],
      /twice/
    ],
    ['a control character', [{ number: 1, text: 'a\u0007b' }], /control/],
    ['a number over 32', [{ number: 33, text: 'x' }], /labels/],
    ['a stray brace', [{ number: 2, text: 'Take {max' }], /brace/]
  ])('refuses %s', (_name, labels, message) => {
    expect(() => parseCautionaryLabelFile({ source: 's', edition: 'e', labels })).toThrow(message)
  })

  it('keeps the bundled file parseable as shipped', () => {
    expect(parseCautionaryLabelFile(bundledFile).labels.size).toBe(30)
  })
})
