/**
 * A bag label already printed for a request then stopped (cancelled at Phensys, rejected by a
 * pharmacist) cannot be called back from the bag: the print job keeps its row and is recorded void,
 * with why, in the transaction of the stop, whose audit entry names it. The print queue's history
 * says so in words, and the label scanned at packing says it is void. Before reject33 a job still
 * waiting was withdrawn, but one already printed stayed as if it stood.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { printJobsOf } from '../helpers/waiting-labels'
import { bagLabelPayload } from '../../src/shared/scan/own-labels'
import { checkedForDispatch, dispatchWorld, packedAndPrinted, type DispatchWorld } from '../dispatch/world'

let w: DispatchWorld
beforeAll(async () => {
  w = await dispatchWorld()
}, 60_000)
afterAll(async () => {
  await w.stop()
})

/** The stop's own audit entry (the last change of stage) names the bag label job voided. */
async function stopNames(id: string, command: string, job: number): Promise<void> {
  const { timeline } = await (async () => {
    const answer = await w.core.call(w.pharmacist, 'requests.get', { id })
    if (!answer.ok) throw new Error(answer.error.message)
    return answer.value
  })()
  const stop = timeline.filter((entry) => entry.command === command)
  expect(stop).toHaveLength(1)
  expect(JSON.stringify(stop[0]!.summary)).toContain(`"bagLabelsVoided":[${job}]`)
}

it('cancelled at Phensys once its bag label printed: the job stays, printed, recorded void in words; the stop names it; scanned at packing it is said void', async () => {
  const id = 'fr_BAG_VOID_CANCEL'
  const { bag } = await packedAndPrinted(w, id)
  expect((await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })).status).toBe(200)
  await settle(w.core)
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('cancelled')
  const after = (await printJobsOf(w.core, w.checker, id)).find((job) => job.id === bag.id)!
  expect(after).toMatchObject({ state: 'delivered', deliveredAt: bag.deliveredAt })
  expect(after.notice).toBe('Void: request cancelled at Phensys. Do not use this bag label: take it off the bag.')
  // The print queue's history (the last jobs of every request) shows it so.
  const history = await w.core.call(w.checker, 'print.jobs', {})
  expect(history.ok && history.value.find((job) => job.id === bag.id)?.notice).toBe(after.notice)
  await stopNames(id, 'workflow.cancelledByPhensys', bag.id)

  // Its bag label scanned while packing another request: void, in words, not merely another's.
  const other = 'fr_BAG_VOID_OTHER'
  await checkedForDispatch(w, other)
  const packed = await w.core.call(w.checker, 'requests.pack', {
    id: other,
    bagScan: bagLabelPayload(id, 1),
    parcels: 1
  })
  expect(packed.ok ? null : packed.error.message).toBe(
    `Wrong bag: that label is ${id}'s, and void: request cancelled at Phensys. Do not use this bag label: take it off the bag.`
  )
  // And scanned at dispatch, where the carrier's tracking label is asked for: void, in words.
  await w.core.call(w.checker, 'requests.pack', { id: other, bagScan: bagScanFor(other), parcels: 1 })
  const dispatched = await w.core.call(w.checker, 'requests.dispatch', {
    id: other,
    trackingNumbers: [bagLabelPayload(id, 1)]
  })
  expect(dispatched.ok ? null : dispatched.error.message).toMatch(
    new RegExp(
      `That is ${id}'s bag label, and void: request cancelled at Phensys\\. Do not use this bag label: take it off the bag\\. Scan the carrier's tracking label\\.$`
    )
  )
})

it('rejected by a pharmacist once its bag label printed: recorded void with the reason, in the rejection', async () => {
  const id = 'fr_BAG_VOID_REJECT'
  const { bag } = await packedAndPrinted(w, id)
  const rejected = await w.core.call(w.pharmacist, 'requests.reject', {
    id,
    reason: 'other',
    message: 'The patient no longer wants it'
  })
  expect(rejected).toMatchObject({ ok: true, value: { row: { stage: 'rejected' } } })
  const after = (await printJobsOf(w.core, w.checker, id)).find((job) => job.id === bag.id)!
  expect(after.state).toBe('delivered')
  expect(after.notice).toMatch(
    /^Void: request rejected by the pharmacy \(.+\)\. Do not use this bag label: take it off the bag\.$/
  )
  await stopNames(id, 'requests.reject', bag.id)
})

it('cancelled at Phensys once its bag was dispatched: the bag is with the carrier, so its label is void with words to recall the parcel, not to take the label off a bag that is not here', async () => {
  const id = 'fr_BAG_VOID_DISPATCHED'
  const { bag } = await packedAndPrinted(w, id)
  const dispatched = await w.core.call(w.checker, 'requests.dispatch', {
    id,
    trackingNumbers: [trackingNumberFor(id, 1)]
  })
  expect(dispatched).toMatchObject({ ok: true, value: { row: { stage: 'dispatched' } } })
  expect((await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })).status).toBe(200)
  await settle(w.core)
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('cancelled')
  const after = (await printJobsOf(w.core, w.checker, id)).find((job) => job.id === bag.id)!
  expect(after.state).toBe('delivered')
  expect(after.notice).toBe(
    "Void: request cancelled at Phensys. The bag was dispatched and is with the carrier: recall the parcel (the request's recall flag names it); do not send it again with this label."
  )
  // The flag it points to is there, in words naming the parcel.
  const flags = await w.core.call(w.pharmacist, 'requests.flags', { id })
  expect(
    flags.ok && flags.value.filter((f) => f.kind === 'parcel_recall' && f.status === 'open').map((f) => f.words)
  ).toEqual([expect.stringContaining(`tracking ${trackingNumberFor(id, 1)}`)])
  await stopNames(id, 'workflow.cancelledByPhensys', bag.id)
})
