/**
 * Oral methotrexate is taken once a week; daily dosing in error has killed patients.
 * The clinical check raises `weekly_dosing` (to acknowledge) when the directions say daily, unless
 * they also match `WEEKLY` (src/main/clinical/safety-rules.ts), which is meant to read a weekly
 * dosing schedule. It still reads any "weekly" not followed by blood/test/review/monitoring, and
 * any "on <weekday>s": so a daily dose with its monitoring written after ("blood tests weekly"),
 * monitoring named otherwise ("Weekly FBC and LFTs") or a daily dose with a day off ("every day
 * except on Sundays") silences the flag: the pharmacist sees only the general high-risk flag, the
 * same as for a correct weekly dose. Each of these is daily dosing and must be flagged.
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
