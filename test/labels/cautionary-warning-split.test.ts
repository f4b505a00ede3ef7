/**
 * A BNF cautionary label is one warning, worded by the BNF and "used unmodified" (domain brief,
 * "BNF cautionary and advisory labels"). When the directions and wording continue onto a second
 * label, the layout (src/main/labels/layout.ts: `clausesOf` cuts every block at each sentence,
 * and `paginate` may end a label at any of them) ends label 1 between the sentences of one warning: on 70 × 35 mm a morphine oral solution's label 1 then reads
 * "Warning: This medicine may make you sleepy." — which is BNF label 1, a different and weaker
 * warning — and label 2 starts "If this happens, do not drive or use tools or machines. Do not drink
 * alcohol", a warning with nothing to say what "this" is. A pharmacist expects each warning whole on
 * one label wherever it fits on one label (here it does: it takes three lines and label 2 has room
 * for them), even if the set then needs one more label.
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
