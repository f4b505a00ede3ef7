/**
 * A Schedule 2 prescription dated 2026-11-25 is valid through 2026-12-22 (28 days). It is dispensed,
 * labelled, accuracy-checked and packed in time, then waits on the shelf. On 2026-12-24 the patient's
 * representative comes to collect it, or the parcel is handed to the carrier: that is the supply, and
 * the law counts validity to the supply (domain brief: refuse once the prescription has expired).
 * Today neither the collect nor the dispatch step checks validity: the expired CD is supplied and
 * written in the CD register as a supply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkedRequest } from '../helpers/dispensed-world'
import { settle, staffSession } from '../helpers/linked'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { cdWorld, expectRefused, morphineRequest, ok, stageOf, type CdWorld } from '../helpers/cd-world'

const DAY = 86_400_000
let w: CdWorld
beforeAll(async () => {
  w = await cdWorld(4)
}, 60_000)
afterAll(async () => w?.stop())

/** Dispensed, checked and packed on the day after the prescription's date; then 28 days pass. */
async function checkedThenExpired(id: string, service: string): Promise<void> {
  // Each test starts where the last left the clock: sign in afresh (idle screens lock).
  w.assembler = await staffSession(w.core, ['dispenser', 'accuracy_checker'])
  w.pharmacist = await staffSession(w.core, ['pharmacist'])
  w.checker = await staffSession(w.core, ['accuracy_checker'])
  const issuedAt = new Date(w.clock.now().getTime() - DAY).toISOString().slice(0, 10)
  const body = morphineRequest(id, w.morphine.packSize, 2)
  const delivery = body.delivery as Record<string, unknown>
  const prescription = body.prescription as Record<string, unknown>
  const request = { ...body, delivery: { ...delivery, service }, prescription: { ...prescription, issuedAt } }
  await checkedRequest(w, id, request, { l1: [w.morphine.code('MR1')] })
  ok(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }), 'pack')
  expect(stageOf(w, id)).toBe('packed')
  // 28 days on: valid through the 27th day after its date, the prescription expired yesterday.
  w.clock.advance(28 * DAY)
  w.checker = await staffSession(w.core, ['accuracy_checker'])
}

describe('an expired CD prescription is not supplied', () => {
  it('collection refused after the 28 days', async () => {
    const id = 'fr_R27B_CD_EXP_COLLECT'
    await checkedThenExpired(id, 'collect')
    const collected = await w.core.call(w.checker, 'requests.collect', {
      id,
      collectedBy: { name: 'A Friend', relation: 'representative', idAsked: true, idSeen: true }
    })
    expectRefused(collected, 'collecting an expired Schedule 2 prescription')
    expect(stageOf(w, id)).toBe('packed')
  })

  it('dispatch refused after the 28 days', async () => {
    const id = 'fr_R27B_CD_EXP_DISPATCH'
    await checkedThenExpired(id, 'royal_mail_tracked_24')
    const dispatched = await w.core.call(w.checker, 'requests.dispatch', {
      id,
      trackingNumbers: [trackingNumberFor(id)]
    })
    expectRefused(dispatched, 'dispatching an expired Schedule 2 prescription')
    await settle(w.core)
    expect(stageOf(w, id)).toBe('packed')
  })
})
