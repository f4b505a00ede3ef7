/**
 * The safety flags of a page of the feed are computed at its end from its patients' records read
 * at once (src/main/clinical/safety-flags.ts): each request still gets what a reading of its own
 * patient's record gives, every id a person confirmed included, in that reading's order.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  checkedRequest,
  dispensedWorld,
  packMaker,
  registerRequest,
  type DispensedWorld
} from '../helpers/dispensed-world'
import { supplyByCarrier } from '../helpers/supply'
import { DMD, scan, setUpWholesaler } from '../stock/helpers'
import { answerValue as value } from '../helpers/answer'

const SERTRALINE = { lineId: 'l1', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets' }
const patient = (id: string) => ({
  patient: {
    id,
    name: { title: null, given: 'Cy', family: 'Once' },
    dateOfBirth: '1990-03-04',
    phone: null,
    email: null
  }
})

let w: DispensedWorld
let sertraline: Awaited<ReturnType<typeof packMaker>>

beforeAll(async () => {
  w = await dispensedWorld()
  await setUpWholesaler(w.core, w.admin, 'aah')
  sertraline = await packMaker(w, DMD.sertraline)
  for (const batch of ['PS1', 'PS1']) await scan(w.core, w.assembler, sertraline.code(batch))
}, 60_000)
afterAll(async () => w?.stop())

it('a page flags each request from its own patient’s record only, every id of theirs, the latest supply cited', async () => {
  const [a, a2, a3, a4, b] = ['pt_PS_A', 'pt_PS_A2', 'pt_PS_A3', 'pt_PS_A4', 'pt_PS_B'].map(patient)
  // Supplied the same day to two ids of one person, the second a minute later: the latest is the one cited.
  for (const [id, who] of [
    ['fr_PS_1', a],
    ['fr_PS_2', a2]
  ] as const) {
    const body = registerRequest(id, [{ ...SERTRALINE, quantity: sertraline.packSize }], who)
    await checkedRequest(w, id, body, { l1: [sertraline.code('PS1')] })
    await supplyByCarrier(w.core, w.assembler, id)
    w.clock.advance(60_000)
  }
  // Two more ids of theirs with a request open, neither in the page below: the last reached only through the other.
  for (const [id, who] of [
    ['fr_PS_6', a3],
    ['fr_PS_7', a4]
  ] as const)
    await w.l.phensys.post('/sandbox/requests', registerRequest(id, [{ ...SERTRALINE, quantity: 28 }], who))
  expect(await w.core.internals.sync.pullOnce(0)).toBe('page')
  for (const [patientId, otherPatientId] of [
    ['pt_PS_A2', 'pt_PS_A'],
    ['pt_PS_A2', 'pt_PS_A3'],
    ['pt_PS_A3', 'pt_PS_A4']
  ] as const)
    await value(
      w.core.call(w.pharmacist, 'patients.decideIdentity', {
        patientId,
        otherPatientId,
        samePerson: true,
        reason: 'The same person: confirmed on the phone'
      })
    )
  for (const [id, who] of [
    ['fr_PS_3', a],
    ['fr_PS_4', b],
    ['fr_PS_5', a2]
  ] as const)
    await w.l.phensys.post('/sandbox/requests', registerRequest(id, [{ ...SERTRALINE, quantity: 28 }], who))
  expect(await w.core.internals.sync.pullOnce(0)).toBe('page')

  const flagsOf = async (id: string) =>
    (await value(w.core.call(w.pharmacist, 'clinical.view', { id }))).flags.map((flag) => [flag.kind, flag.words])
  const alsoOn = (other: string) => [
    'duplicate_request',
    `Sertraline 50mg tablets is also on ${other}, another open request of this patient.`
  ]
  const early = ['early_supply', expect.stringContaining('supplied today (fr_PS_2)')]
  expect(await flagsOf('fr_PS_3')).toEqual([early, alsoOn('fr_PS_5'), alsoOn('fr_PS_6'), alsoOn('fr_PS_7')])
  expect(await flagsOf('fr_PS_5')).toEqual([early, alsoOn('fr_PS_3'), alsoOn('fr_PS_6'), alsoOn('fr_PS_7')])
  // Another patient in the same page, of the same name: nothing from the first one's record.
  expect(await flagsOf('fr_PS_4')).toEqual([])
})
