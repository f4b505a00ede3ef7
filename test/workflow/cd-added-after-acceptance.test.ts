/**
 * A sertraline request is accepted (no original needed) and is ready to dispense. Phensys then sends
 * a new version in fulfilment that adds a Schedule 2 line (morphine). The counter now requires the
 * original FP10PCD, rightly, and refuses to dispense without it; but the request stays "ready to
 * dispense": it is not among the originals awaited (F4, so nobody chases it), Phensys is never told
 * `hard_copy.awaiting`, and receiving the original is refused because the request is not in
 * "awaiting hard copy". Nothing but a query or a rejection can move it. It should go back to
 * awaiting the original, like a query resolved with new items does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packMaker, registerRequest } from '../helpers/dispensed-world'
import { settle } from '../helpers/linked'
import { DMD, recordedEvents, scan } from '../stock/helpers'
import { MORPHINE, cdWorld, matchingFp10pcd, ok, stageOf, type CdWorld } from '../helpers/cd-world'

let w: CdWorld
let sertraline: Awaited<ReturnType<typeof packMaker>>
beforeAll(async () => {
  w = await cdWorld(2)
  sertraline = await packMaker(w, DMD.sertraline)
  await scan(w.core, w.assembler, sertraline.code('SA1'))
}, 60_000)
afterAll(async () => w?.stop())

describe('a Schedule 2 line added after acceptance', () => {
  it('sends the request back to awaiting the original, where it is listed, chased and can be received', async () => {
    const id = 'fr_R27B_CD_ADDED'
    const sertralineLine = {
      lineId: 'l1',
      dmdId: DMD.sertraline,
      name: 'Sertraline 50mg tablets',
      quantity: sertraline.packSize
    }
    await w.l.phensys.post('/sandbox/requests', registerRequest(id, [sertralineLine]))
    await settle(w.core)
    ok(await w.core.call(w.assembler, 'requests.accept', { id }), 'accept')
    expect(stageOf(w, id)).toBe('ready_to_dispense')

    const withMorphine = registerRequest(id, [
      sertralineLine,
      { lineId: 'l2', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity: w.morphine.packSize, schedule: 2 }
    ])
    const items = (withMorphine.prescription as { items: unknown[] }).items
    const updated = await w.l.phensys.post(`/sandbox/requests/${id}/update`, { changes: { prescription: { items } } })
    expect(updated.status, JSON.stringify(updated.body)).toBeLessThan(300)
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.hardCopyRequired).toBe(true)

    expect(stageOf(w, id)).toBe('awaiting_hard_copy')
    const outstanding = ok(await w.core.call(w.pharmacist, 'hardCopies.outstanding', {}), 'originals awaited')
    expect(outstanding.map((row) => row.requestId)).toContain(id)
    expect((await recordedEvents(w.l, id)).map((event) => event.type)).toContain('hard_copy.awaiting')
    const received = await w.core.call(w.pharmacist, 'requests.receiveHardCopy', {
      ...matchingFp10pcd(id, w.morphine.packSize),
      lines: [
        { lineId: 'l1', matches: true, quantityOnForm: sertraline.packSize },
        { lineId: 'l2', matches: true, quantityOnForm: w.morphine.packSize }
      ]
    })
    expect(received.ok, JSON.stringify(received)).toBe(true)
  })
})
