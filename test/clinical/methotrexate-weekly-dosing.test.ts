/**
 * Oral methotrexate is taken once a week; daily dosing in error has killed patients (the safety
 * file's own words). The clinical check raises a `weekly_dosing` flag, to acknowledge, when a weekly
 * medicine's directions say daily (`highRiskFindings`, src/main/clinical/safety-rules.ts): a daily
 * schedule raises it whatever weekly words the directions also hold (a course "for one week", a
 * blood test "next week" or "weekly", "every day except on Sundays"), and only a weekly schedule
 * with no daily one is read as a weekly dose. Found by reviews 28b and 28d, each with a test that
 * failed before its fix.
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

describe('methotrexate dosed daily, its directions naming a week otherwise, is held for the pharmacist', () => {
  it.each([
    ['fr_MTX_TESTS_WEEKLY', 'Take ONE tablet daily, blood tests weekly'],
    ['fr_MTX_WEEKLY_FBC', 'Take ONE tablet daily. Weekly FBC and LFTs'],
    ['fr_MTX_EXCEPT_SUNDAYS', 'Take FOUR tablets every day except on Sundays']
  ])('%s: "%s" is flagged as daily dosing', async (id, directions) => {
    expect(await flagKindsFor(id, directions)).toContain('weekly_dosing')
  })
})

describe('methotrexate dosed once a week is not flagged as daily dosing', () => {
  it.each([
    ['fr_MTX_ONCE_A_WEEK_AT_NIGHT', 'Take FOUR tablets ONCE a week at night'],
    ['fr_MTX_ON_MONDAYS', 'Take FOUR tablets on Mondays, blood tests weekly'],
    ['fr_MTX_ONE_DAY_A_WEEK', 'Take FOUR tablets on a day of the week, once a week']
  ])('%s: "%s" is a weekly dose', async (id, directions) => {
    expect(await flagKindsFor(id, directions)).not.toContain('weekly_dosing')
  })
})
