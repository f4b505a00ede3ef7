/**
 * Nothing is packed, dispatched or handed over while the original prescription is required and
 * not in hand (domain brief: an upload-route paper prescription, a Schedule 2 or 3 item), whatever
 * stage the request has reached: pack, dispatch and hand-over each refuse it in words, a backstop
 * behind the table's holds (which send a request back to wait for its original before it gets this
 * far). No path of the table leaves a packed request needing an original it lacks (a later version
 * requiring one sends it back to *awaiting hard copy*), so each test makes it so by a direct edit of
 * the store: a store damaged, or from an older version that read the requirement otherwise.
 */
import { afterEach, expect, it } from 'vitest'
import { GUARDS } from '../../src/shared/workflow/transitions'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { checkedForDispatch, deliveredTo, dispatchWorld, type DispatchWorld } from './world'

let world: DispatchWorld | undefined
afterEach(async () => {
  await world?.stop()
  world = undefined
})

/** The store says the request needs its original (no original was ever received for it). */
function originalRequiredInTheStore(w: DispatchWorld, id: string): void {
  w.core.internals.store.sqlite.prepare('UPDATE requests SET hard_copy_required = 1 WHERE id = ?').run(id)
  expect(w.core.internals.requests.get(id)?.row.hardCopyRequired).toBe(true)
}

function refusedForTheOriginal(answer: unknown): void {
  expect(answer).toMatchObject({
    ok: false,
    error: { code: 'precondition_failed', message: expect.stringContaining(GUARDS.hardCopyInHand) }
  })
}

const eventsOf = (w: DispatchWorld, id: string) => w.core.internals.outbox.forRequest(id).map((row) => row.type)

it('a checked bag is not packed while the original is required and not in hand', async () => {
  const w = (world = await dispatchWorld())
  const id = 'fr_BACKSTOP_PACK'
  await checkedForDispatch(w, id)
  originalRequiredInTheStore(w, id)
  refusedForTheOriginal(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }))
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('accuracy_checked')
  expect(eventsOf(w, id)).not.toContain('packed')
})

it('a packed bag is not dispatched while the original is required and not in hand', async () => {
  const w = (world = await dispatchWorld())
  const id = 'fr_BACKSTOP_DISPATCH'
  await checkedForDispatch(w, id)
  const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  expect(packed).toMatchObject({ ok: true, value: { row: { stage: 'packed' } } })
  originalRequiredInTheStore(w, id)
  refusedForTheOriginal(
    await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
  )
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('packed')
  expect(eventsOf(w, id)).not.toContain('dispatched')
})

it('a packed collection is not handed over while the original is required and not in hand', async () => {
  const w = (world = await dispatchWorld())
  const id = 'fr_BACKSTOP_COLLECT'
  await checkedForDispatch(w, id, deliveredTo('Zoe Obrien', 'LS1 6BU', 'collect'))
  const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  expect(packed).toMatchObject({ ok: true, value: { row: { stage: 'packed' } } })
  originalRequiredInTheStore(w, id)
  refusedForTheOriginal(
    await w.core.call(w.checker, 'requests.collect', {
      id,
      collectedBy: { name: 'Zoe Obrien', relation: 'patient', idAsked: true, idSeen: true }
    })
  )
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('packed')
  expect(eventsOf(w, id)).not.toContain('dispatched')
})
