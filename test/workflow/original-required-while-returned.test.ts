/**
 * A bag back from the carrier (*returned to sender*, an address query at Phensys) whose answer
 * comes in a version that now requires the original prescription (`hardCopy.required`, a paper
 * prescription): the bag does not go out again without it. The answer holds the request for the
 * original as at acceptance (the table's `originalRequired`: its labelled packs to quarantine,
 * `hard_copy.awaiting` to Phensys), and packing and dispatch are refused. Review29c found the bag
 * sent back to *accuracy checked* and packed and dispatched again without the original: the
 * later version was read as needing an original only before the supply, and the address answer
 * took the bag on as it was.
 */
import { expect, it } from 'vitest'
import { settle, MOVED_ADDRESS, queryResolvedWith } from '../helpers/linked'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { recordedEvents } from '../stock/helpers'
import { startedForFile } from '../helpers/started-for-file'
import { dispatchWorld, later, returnedByCarrier } from '../dispatch/world'

const w = startedForFile(dispatchWorld)

it('a returned bag whose address answer requires the original waits for it, and is not packed or dispatched again without it', async () => {
  const id = 'fr_ORIG_RETURNED'
  const returned = await returnedByCarrier(w, id)
  expect(returned).toMatchObject({ ok: true, value: { row: { stage: 'returned_to_sender' } } })
  await settle(w.core)

  await later(w, 24 * 60 * 60_000)
  await queryResolvedWith(w.l, id, {
    delivery: { address: MOVED_ADDRESS },
    prescription: { kind: 'private_paper', hardCopy: { required: true, reason: 'paper_prescription' } }
  })
  expect(w.core.internals.requests.get(id)?.row.hardCopyRequired).toBe(true)

  expect(w.core.internals.requests.get(id)?.row.stage, 'the bag going on without the original').toBe(
    'awaiting_hard_copy'
  )
  const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  const dispatched = await w.core.call(w.checker, 'requests.dispatch', {
    id,
    trackingNumbers: [trackingNumberFor(id, 2)]
  })
  expect(packed.ok || dispatched.ok, 'packed or dispatched again without the original').toBe(false)
  await settle(w.core)
  const events = (await recordedEvents(w.l, id)).map((e) => e.type)
  expect(events.filter((type) => type === 'dispatched')).toHaveLength(1)
  expect(events.at(-1)).toBe('hard_copy.awaiting')
})
