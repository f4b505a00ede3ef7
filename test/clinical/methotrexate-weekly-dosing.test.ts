/**
 * Oral methotrexate is taken once a week; daily dosing in error has killed patients (the safety
 * file's own words). The clinical check raises a `weekly_dosing` flag, to acknowledge, when a weekly
 * medicine's directions say daily (README, "Safety flags": "directions that say daily for a
 * once-weekly medicine"). Today the rule (`highRiskFindings`, src/main/clinical/safety-rules.ts)
 * stays silent whenever the directions hold the word "week" anywhere, so a daily course "for one
 * week" (28 tablets of 2.5 mg in seven days, the classic fatal error) or "daily, blood test next
 * week" gets no such flag: only the general high-risk flag, the same as a correct weekly dose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staffedWorld, type StaffedWorld } from '../helpers/dispensed-world'
import { requestBody, settle } from '../helpers/linked'
import { item, withItems } from '../stock/helpers'

const METHOTREXATE = '41002411000001108'

let w: StaffedWorld
beforeAll(async () => {
  w = await staffedWorld()
}, 60_000)
afterAll(async () => w?.l.stop())

async function flagKindsFor(id: string, directions: string): Promise<string[]> {
  const body = withItems(requestBody(id), [
    item('l1', METHOTREXATE, 'Methotrexate 2.5mg tablets', 28, 'tablet', directions)
  ])
  await w.l.phensys.post('/sandbox/requests', body)
  await settle(w.core)
  const view = await w.core.call(w.pharmacist, 'clinical.view', { id })
  if (!view.ok) throw new Error(JSON.stringify(view.error))
  return view.value.flags.filter((flag) => flag.mustAcknowledge).map((flag) => flag.kind)
}

describe('methotrexate directions that are not once a week are held for the pharmacist', () => {
  it('the control: "Take FOUR tablets daily" is flagged as daily dosing of a weekly medicine', async () => {
    expect(await flagKindsFor('fr_R28B_MTX_DAILY', 'Take FOUR tablets daily')).toContain('weekly_dosing')
  })

  it('"Take FOUR tablets every morning for one week" is daily dosing too', async () => {
    expect(await flagKindsFor('fr_R28B_MTX_FOR_A_WEEK', 'Take FOUR tablets every morning for one week')).toContain(
      'weekly_dosing'
    )
  })

  it('"Take ONE tablet daily, blood test next week" is daily dosing too', async () => {
    expect(await flagKindsFor('fr_R28B_MTX_NEXT_WEEK', 'Take ONE tablet daily, blood test next week')).toContain(
      'weekly_dosing'
    )
  })
})
