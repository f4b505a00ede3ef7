/**
 * The original in hand is read against the prescriber's name as a person reads it. Phensys re-sending
 * the same name in another case or spacing ("DR A PRESCRIBER" for "Dr A Prescriber") names the same
 * prescriber the paper names, as a patient's name re-cased names the same patient: the request is not
 * taken back to wait for an original the pharmacist already holds, and nothing is sent.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { recordedEvents } from '../stock/helpers'
import { cdWorld, matchingFp10pcd, morphineRequest, ok, stageOf, type CdWorld } from '../helpers/cd-world'

let w: CdWorld
beforeAll(async () => {
  w = await cdWorld(4)
}, 60_000)
afterAll(async () => w?.stop())

it("the prescriber's name re-sent in another case and spacing: the original in hand still matches", async () => {
  const id = 'fr_ORIG_PRESCRIBER_RECASED'
  await w.l.phensys.post('/sandbox/requests', morphineRequest(id, w.morphine.packSize, 2))
  await settle(w.core)
  ok(await w.core.call(w.assembler, 'requests.accept', { id }), 'accept')
  ok(await w.core.call(w.pharmacist, 'requests.receiveHardCopy', matchingFp10pcd(id, w.morphine.packSize)), 'original')
  expect(stageOf(w, id)).toBe('ready_to_dispense')
  await settle(w.core)
  const sentBefore = (await recordedEvents(w.l, id)).length
  const prescriber = w.core.internals.requests.get(id)!.snapshot.prescription.prescriber
  const recased = ` ${prescriber.name.toUpperCase().replace(/ /g, '  ')} `
  const updated = await w.l.phensys.post(`/sandbox/requests/${id}/update`, {
    changes: { prescription: { prescriber: { ...prescriber, name: recased } } }
  })
  expect(updated.status, JSON.stringify(updated.body)).toBe(200)
  await settle(w.core)
  expect(w.core.internals.requests.get(id)!.snapshot.prescription.prescriber.name).toBe(recased)
  expect(stageOf(w, id)).toBe('ready_to_dispense')
  expect(w.core.internals.hardCopies.inHand(w.core.internals.requests.get(id)!.snapshot)).toBe(true)
  expect((await recordedEvents(w.l, id)).length).toBe(sentBefore)
})
