/**
 * What Phensys sent that the counter does not know (an unknown cautionary label here) is flagged on
 * the request screen; the pharmacist approving must see it too, in its own words and with the steps
 * it holds back, without opening another screen. Settled, it leaves the check's view.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { dispatchWorld, type DispatchWorld } from '../dispatch/world'
import { arrives, firstItem, ok, sertralineRequest } from '../flags/world'

let world: DispatchWorld | undefined
afterEach(async () => {
  await world?.stop()
  world = undefined
})

describe('the clinical check shows the request’s open intake flags', () => {
  it('an unknown cautionary label: listed with its words and what it holds back, until settled', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_CHECK_SEES_L99'
    await arrives(
      w,
      sertralineRequest(w, id, (body) => {
        firstItem(body).cautionaryLabels = [2, 99]
      })
    )

    const view = ok(await w.core.call(w.pharmacist, 'clinical.view', { id }), 'clinical view')
    expect(view.intakeFlags).toHaveLength(1)
    const [flag] = view.intakeFlags
    expect(flag).toMatchObject({
      kind: 'unknown_cautionary_label',
      status: 'open',
      words: expect.stringContaining('Cautionary label 99 on line l1 (Sertraline 50mg tablets) is not one'),
      blocksWords: 'Print labels, Pack, Dispatch, Hand over (collection)',
      resolutions: ['wording_chosen', 'acknowledged']
    })

    ok(
      await w.core.call(w.pharmacist, 'flags.chooseWording', {
        id: flag!.id,
        wording: 'Do not take indigestion remedies at the same time of day as this medicine'
      }),
      'wording chosen'
    )
    const after = ok(await w.core.call(w.pharmacist, 'clinical.view', { id }), 'clinical view')
    expect(after.intakeFlags).toEqual([])
  })
})
