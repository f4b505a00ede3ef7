/**
 * An original is in hand only while it matches the request as it is now (its prescriber and date
 * too, not only its items and patient). A Schedule 2 request whose FP10PCD was received and matched,
 * then changed by Phensys to another prescriber or another date of prescription, waits for an
 * original that matches, as at acceptance (the table's `originalRequired`: *awaiting hard copy*,
 * `hard_copy.awaiting` to Phensys), where a person can receive it or raise a query; it is not left
 * ready to dispense with every step refused for an original no one can receive there.
 */
import { expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { recordedEvents } from '../stock/helpers'
import { cdWorld, expectRefused, matchingFp10pcd, morphineRequest, ok, stageOf } from '../helpers/cd-world'
import { startedForFile } from '../helpers/started-for-file'

const w = startedForFile(() => cdWorld(4))

async function matchedOriginal(id: string): Promise<void> {
  await w.l.phensys.post('/sandbox/requests', morphineRequest(id, w.morphine.packSize, 2))
  await settle(w.core)
  ok(await w.core.call(w.assembler, 'requests.accept', { id }), 'accept')
  ok(await w.core.call(w.pharmacist, 'requests.receiveHardCopy', matchingFp10pcd(id, w.morphine.packSize)), 'original')
  expect(stageOf(w, id)).toBe('ready_to_dispense')
}

async function heldForAnOriginalThatMatches(id: string, changes: Record<string, unknown>): Promise<void> {
  const updated = await w.l.phensys.post(`/sandbox/requests/${id}/update`, { changes })
  expect(updated.status, JSON.stringify(updated.body)).toBe(200)
  await settle(w.core)
  expect(stageOf(w, id)).toBe('awaiting_hard_copy')
  expect((await recordedEvents(w.l, id)).at(-1)?.type).toBe('hard_copy.awaiting')
  expectRefused(await w.core.call(w.assembler, 'requests.startDispensing', { id }), 'dispensing without the original')
  // A person receives the original for the request as it is now: it goes on.
  ok(await w.core.call(w.pharmacist, 'requests.receiveHardCopy', matchingFp10pcd(id, w.morphine.packSize)), 'again')
  expect(stageOf(w, id)).toBe('ready_to_dispense')
}

it('another prescriber at Phensys after the original matched: held for one that matches', async () => {
  const id = 'fr_ORIG_OTHER_PRESCRIBER'
  await matchedOriginal(id)
  const prescriber = w.core.internals.requests.get(id)!.snapshot.prescription.prescriber
  await heldForAnOriginalThatMatches(id, { prescription: { prescriber: { ...prescriber, name: 'Dr B Other' } } })
})

it('another date of prescription at Phensys after the original matched: held for one that matches', async () => {
  const id = 'fr_ORIG_OTHER_DATE'
  await matchedOriginal(id)
  const issuedAt = w.core.internals.requests.get(id)!.snapshot.prescription.issuedAt
  const dayBefore = new Date(Date.parse(`${issuedAt}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
  await heldForAnOriginalThatMatches(id, { prescription: { issuedAt: dayBefore } })
})
