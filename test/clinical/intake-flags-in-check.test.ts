/**
 * What Phensys sent that the counter does not know (an unknown cautionary label here) is flagged on
 * the request screen; the pharmacist approving must see it too, in its own words and with the steps
 * it holds back, without opening another screen. Settled, it leaves the check's view.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { dispatchWorld, type DispatchWorld } from '../dispatch/world'
import { arrives, firstItem, ok, sertralineRequest } from '../flags/world'
import { staffedWorld } from '../helpers/dispensed-world'
import { requestBody, settle } from '../helpers/linked'
import { item, withItems } from '../stock/helpers'

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

describe('a safety flag is listed once in the check', () => {
  it('methotrexate dosed daily: its weekly-dosing flag is in the safety list, not again among the flags to settle', async () => {
    const w = await staffedWorld()
    try {
      const id = 'fr_CHECK_SAFETY_ONCE'
      const body = withItems(requestBody(id), [
        item('l1', '41002411000001108', 'Methotrexate 2.5mg tablets', 28, 'tablet', 'Take FOUR tablets daily')
      ])
      await w.l.phensys.post('/sandbox/requests', body)
      await settle(w.core)
      const view = ok(await w.core.call(w.pharmacist, 'clinical.view', { id }), 'clinical view')
      expect(view.flags.map((flag) => flag.kind)).toContain('weekly_dosing')
      expect(view.intakeFlags.map((flag) => flag.kind)).toEqual([])
    } finally {
      await w.l.stop()
    }
  })
})
