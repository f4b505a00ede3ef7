/**
 * A pharmacist may decline the supply at any stage before dispatch, a packed bag too (the table's
 * `reject`): its labelled packs go to quarantine as from accuracy checked, and Phensys is told.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { checkedRequest, dispensedWorld, type DispensedWorld } from '../helpers/dispensed-world'
import { bagScanFor } from '../helpers/supply'
import { oneSertralinePack } from '../registers/one-sertraline-pack'

let w: DispensedWorld
beforeAll(async () => {
  w = await dispensedWorld()
}, 60_000)
afterAll(async () => w?.stop())

it('a pharmacist rejects a packed bag: its packs to quarantine, `rejected` sent', async () => {
  const id = 'fr_FIX29_REJECT_PACKED'
  const { body, code } = await oneSertralinePack(w, id, 'RJP1')
  await checkedRequest(w, id, body, { l1: [code] })
  const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  expect(packed.ok ? 'packed' : packed.error.message).toBe('packed')

  const rejected = await w.core.call(w.pharmacist, 'requests.reject', {
    id,
    reason: 'clinical',
    message: 'Interacts with a medicine the patient started this week'
  })
  expect(rejected.ok ? 'rejected' : rejected.error.message).toBe('rejected')
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('rejected')
  const view = await w.core.call(w.checker, 'dispensing.view', { id })
  if (!view.ok) throw new Error(view.error.message)
  expect(view.value.lines.flatMap((line) => line.packs.map((pack) => pack.state))).toEqual(['quarantined'])
  expect(w.core.internals.outbox.forRequest(id).map((event) => event.type)).toContain('rejected')
})
