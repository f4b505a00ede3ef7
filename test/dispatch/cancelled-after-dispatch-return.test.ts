/**
 * Phensys cancels a request after the counter dispatched it (the counter acknowledges with
 * `stockReturned: false`, as the parcel is with the carrier). The parcel then comes back to the
 * pharmacy. A person must be able to record it back, by hand or from the carrier's file, so the
 * packs go to quarantine and the supply in the registers is reversed; Phensys, which has closed
 * the request, is not asked an address query.
 */
import { expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { supplyByCarrier, trackingNumberFor } from '../helpers/supply'
import { accuracyChecked, cancelledAtPhensys, stageOf, worldForFile } from '../helpers/literal-world'

const w = worldForFile()

it('a parcel of a request cancelled after dispatch can be recorded back at the pharmacy', async () => {
  const { core } = w
  const id = 'fr_R27_CANCEL_RETURN'
  await accuracyChecked(w, id)
  await supplyByCarrier(core, w.checker, id)
  await settle(core)
  expect(w.lit.snapshot(id).state).toBe('dispatched')
  cancelledAtPhensys(w, id)
  await settle(core)
  expect(stageOf(w, id)).toBe('cancelled')
  expect(w.lit.accepted(id).at(-1)).toMatchObject({
    type: 'cancellation.acknowledged',
    body: { data: { stockReturned: false } }
  })

  // The carrier's file says the parcel came back, and the bag is on the returns shelf.
  const csv = `tracking,status,date\n${trackingNumberFor(id)},Returned to sender,${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}\n`
  const report = await core.call(w.checker, 'dispatch.importOutcomes', { fileName: 'rm.csv', csv })
  const byHand = await core.call(w.checker, 'requests.markReturned', {
    id,
    note: 'parcel back: cancelled after dispatch'
  })
  const recorded = (report.ok && report.value.lines.some((line) => line.result === 'applied')) || byHand.ok
  expect(recorded, `import: ${JSON.stringify(report)}; by hand: ${JSON.stringify(byHand)}`).toBe(true)
  const shipment = await core.call(w.checker, 'dispatch.shipment', { id })
  expect(shipment).toMatchObject({ ok: true, value: { parcelList: [{ outcome: 'returned' }] } })
  await settle(core)
  // Phensys has closed the request: no address query is made for it.
  expect(core.internals.outbox.forRequest(id).map((event) => event.type)).not.toContain('query.raised')
})
