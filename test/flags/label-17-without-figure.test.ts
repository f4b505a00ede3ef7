/**
 * BNF labels 17 and 18 take the prescription's figures ("Do not take more than … in 24 hours";
 * domain brief). The contract leaves the shape of `cautionaryLabels` open, and a Phensys that sends
 * plain numbers (`[17, 2]`, the shape the counter itself reads for every other label) gives no
 * figure. A flag on the line at arrival (`cautionaryFlags`, src/main/flags/intake-flags.ts) names
 * label 17, holds the labels back and is in view at the clinical check, so the pharmacist settles
 * the wording or raises a query before anything is assembled. (Found by review 28b: nothing was
 * said until the labels were refused, with the pack already in the bag and no flag to settle.)
 */
import { describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { ok, snapshotOf, worldForFile } from '../helpers/literal-world'
import type { Json } from '../sync/literal-phensys'
import { FlagsRepo } from '../../src/main/flags/flags-repo'
import { labelDecisions } from '../../src/main/flags/label-decisions'
import { bundledCautionaryLabels, cautionaryWording } from '../../src/main/labels'

const w = worldForFile()

function whenRequired(id: string): Record<string, unknown> {
  const snapshot = snapshotOf(id, {}, { directions: 'Take ONE tablet when required', cautionaryLabels: [17, 2] })
  return { ...snapshot, patient: { ...(snapshot.patient as Json), phone: null, email: null } }
}

describe('label 17 sent with no figure is held for a pharmacist at arrival, not found after the pack is scanned', () => {
  it('a flag on the line names label 17 and holds the labels back', async () => {
    const id = 'fr_R28B_LABEL17'
    w.lit.create(whenRequired(id) as never)
    await settle(w.core)
    const flags = ok(await w.core.call(w.pharmacist, 'requests.flags', { id }), 'flags')
    const about17 = flags.filter((flag) => flag.lineId === 'l1' && /\b17\b/.test(flag.words))
    expect(about17, `flags at arrival: ${JSON.stringify(flags.map((flag) => flag.words))}`).not.toEqual([])
    expect(about17.some((flag) => flag.blocks.includes('printLabels'))).toBe(true)

    // The pharmacist words it with the prescription's figure: nothing holds the labels back, and
    // label 17 prints that wording on the line.
    const wording = 'Do not take more than 4 tablets in 24 hours'
    ok(
      await w.core.call(w.pharmacist, 'flags.chooseWording', { id: about17[0]!.id, wording, bnfNumber: 17 }),
      'wording'
    )
    const after = ok(await w.core.call(w.pharmacist, 'requests.flags', { id }), 'flags')
    const holding = after.filter((flag) => flag.status !== 'resolved' && flag.blocks.includes('printLabels'))
    expect(holding.map((flag) => flag.words)).toEqual([])
    const decided = labelDecisions(
      w.core.internals.requests.get(id)!.snapshot,
      new FlagsRepo(w.core.internals.store.db).ofRequest(id),
      bundledCautionaryLabels()
    )
    expect(cautionaryWording(decided.cautionaryFor('l1'), 17)).toBe(wording)
  })

  it('label 17 sent with its figure raises no such flag', async () => {
    const id = 'fr_R28B_LABEL17_FIGURE'
    const request = whenRequired(id) as { prescription: { items: Array<Record<string, unknown>> } }
    request.prescription.items[0]!.cautionaryLabels = [{ number: 17, max: '4 tablets' }, 2]
    w.lit.create(request as never)
    await settle(w.core)
    const flags = ok(await w.core.call(w.pharmacist, 'requests.flags', { id }), 'flags')
    expect(flags.filter((flag) => /\b17\b/.test(flag.words)).map((flag) => flag.words)).toEqual([])
  })
})
