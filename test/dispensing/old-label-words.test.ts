/**
 * Phensys corrects the patient's name after the labels printed: the labels are voided
 * (`labelsVoided`), their generation moves on and the bag is labelled again. At the accuracy check
 * the checker scans a pack with the label printed under the old name still on it. The refusal
 * (`refuseOldLabel`, src/main/workflow/guards.ts) must not state a cause that did not happen: its
 * words hold for every cause ("from an earlier printing of this request's labels, voided since").
 * (Found by review 28d: it said "printed before the directions changed" whatever the cause.)
 */
import { describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { until } from '../helpers/until'
import { dispensingLabelPayload } from '../../src/shared/scan/own-labels'
import { accuracyChecked, nameChangedAtPhensys, ok, stageOf, worldForFile } from '../helpers/literal-world'

const w = worldForFile()

describe('an old label refused after a corrected name', () => {
  it('is refused in words that name the cause, not "the directions changed"', async () => {
    const id = 'fr_OLD_LABEL_WORDS'
    const code = await accuracyChecked(w, id)
    nameChangedAtPhensys(w, id, { title: 'Ms', given: 'Zoe', family: "O'Brien-Lukasik" })
    await settle(w.core)
    expect(stageOf(w, id)).toBe('dispensing')
    ok(await w.core.call(w.assembler, 'requests.printLabels', { id }), 'labels again')
    await until(() => stageOf(w, id) === 'labelled', `${id} labelled again`)
    const view = ok(await w.core.call(w.checker, 'dispensing.view', { id }), 'dispensing view')
    const pack = view.lines.flatMap((line) => line.packs).find((p) => p.state === 'assembled')!
    const oldLabel = dispensingLabelPayload(id, pack.id, view.labelGeneration - 1)
    const checked = await w.core.call(w.checker, 'requests.accuracyCheck', { id, rescans: [code, oldLabel] })
    expect(checked.ok, 'the label under the old name passed').toBe(false)
    const words = JSON.stringify(checked)
    expect(words).toContain('Old label')
    expect(words, 'the refusal states a cause that did not happen').not.toContain('directions changed')
  })
})
