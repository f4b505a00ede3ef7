/**
 * A BNF cautionary label is one warning, worded by the BNF and "used unmodified" (domain brief,
 * "BNF cautionary and advisory labels"). When the directions and wording continue onto a second
 * label, each warning stays whole on one label wherever it fits on one, even if the set then needs
 * one more label (src/main/labels/layout.ts, `paginate`). (Found by review 28b: on 70 × 35 mm a
 * morphine oral solution's label 1 ended "Warning: This medicine may make you sleepy.", which is
 * BNF label 1, and label 2 began "If this happens, do not drive…", with nothing to say what "this" is.)
 */
import { describe, expect, it } from 'vitest'
import {
  bundledCautionaryLabels,
  buildDispensingLabel,
  cautionaryWording,
  layoutLabel,
  type DispensingLabelInput
} from '../../src/main/labels'
import { DEFAULT_STOCK } from '../../src/main/labels/stock'
import { SIMPLE_INPUT } from '../helpers/label-fixtures'

const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

const MORPHINE: DispensingLabelInput = {
  ...SIMPLE_INPUT,
  medicine: { name: 'Oramorph 10mg/5ml oral solution', strength: '10mg/5ml', form: 'oral solution' },
  quantity: 100,
  unit: 'ml',
  directions: 'Take 2.5ml to 5ml every four hours when required for pain',
  cautionaryLabels: [2],
  pack: { number: 1, of: 1, quantity: 100, packSize: 300, packId: 3, labelGeneration: 1 }
}

describe('a BNF cautionary warning is never split between two labels where it fits on one', () => {
  it('morphine oral solution with BNF label 2 on 70 × 35 mm', () => {
    const labels = layoutLabel(buildDispensingLabel(MORPHINE), DEFAULT_STOCK, { minimumPt: 7 })
    const warning = cautionaryWording(bundledCautionaryLabels(), 2)
    const flows = labels.map((label) =>
      squash(
        label.lines
          .filter((line) => line.section === 'flow')
          .map((line) => line.text)
          .join(' ')
      )
    )
    expect(
      flows.some((flow) => flow.includes(warning)),
      `BNF label 2 whole on one label; the labels' flow reads: ${JSON.stringify(flows)}`
    ).toBe(true)
  })
})
