/**
 * Phensys cancels a request while one of the counter's events of it has not reached Phensys: its
 * call got no answer, and the counter holds it for its retry. The model test once met this under
 * load (a kept-alive connection the sandbox had closed); here it is forced with the sandbox's
 * outage. The counter must learn of the cancellation from the feed and stop at once, and the
 * held event, sent again under its key, must be settled as the contract says: Phensys refuses it
 * with the cancelled snapshot, the cancellation wins, nothing is tried again or left for a person.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { requestBody, settle, type Linked } from '../helpers/linked'
import { staffedWorld } from '../helpers/dispensed-world'
import { DMD, bookIn, item, packCode, recordedEvents, stockedPack, withItems } from '../stock/helpers'

let linked: Linked | undefined
afterEach(async () => {
  await linked?.sandbox.outage.end()
  await linked?.stop()
  linked = undefined
})

describe('a cancellation Phensys makes before it has heard the counter', () => {
  it('stops the request when the feed brings it; the unheard event is refused, superseded, never retried; the acknowledgement goes', async () => {
    const w = await staffedWorld()
    linked = w.l
    const { core } = w
    const id = 'fr_UNHEARD'
    await bookIn(core, w.assembler, DMD.sertraline, 2, 'LOT1', '280630')
    const pack = await stockedPack(core, w.assembler, DMD.sertraline)
    await w.l.phensys.post(
      '/sandbox/requests',
      withItems(requestBody(id), [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', pack.packSize)])
    )
    await settle(core)
    // Accepting runs the stock check, which reserves the pack; Phensys hears both.
    expect((await core.call(w.assembler, 'requests.accept', { id })).ok).toBe(true)
    await settle(core)

    // The counter starts dispensing while Phensys cannot be reached: the event waits for its retry.
    await w.l.sandbox.outage.begin({ mode: 'refuse', seconds: 60 })
    expect((await core.call(w.assembler, 'requests.startDispensing', { id })).ok).toBe(true)
    const raw = packCode(pack.gtin, 'LOT1', '280630')
    expect((await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })).ok).toBe(true)
    await core.internals.sync.pushOnce()
    const held = core.internals.outbox.forRequest(id).find((row) => row.type === 'dispensing.started')!
    expect(held).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/^network:/) })

    // Phensys is back and cancels before the counter has told it anything more.
    await w.l.sandbox.outage.end()
    const cancelled = await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
    expect(cancelled.body).toMatchObject({ state: 'cancelled', version: 3 })
    await settle(core)

    expect(core.internals.requests.get(id)?.row.stage).toBe('cancelled')
    expect(core.internals.outbox.forRequest(id).map((row) => [row.type, row.status])).toEqual([
      ['accepted', 'sent'],
      ['stock.available', 'sent'],
      ['dispensing.started', 'superseded'],
      ['cancellation.acknowledged', 'sent']
    ])
    // Sent again under the key it was made with, refused, and settled by Phensys's answer.
    expect(core.internals.outbox.byId(held.id)).toMatchObject({
      idempotencyKey: held.idempotencyKey,
      answerState: 'cancelled',
      answerVersion: 3,
      lastError: 'Not sent: Phensys had already cancelled the request (version 3).'
    })
    const events = await recordedEvents(w.l, id)
    expect(events.map((event) => event.type)).toEqual(['accepted', 'stock.available', 'cancellation.acknowledged'])
    // The scanned pack went back on the shelf before the acknowledgement said so.
    expect(events.at(-1)?.data).toEqual({ stockReturned: true })
    expect(core.internals.sync.health()).toMatchObject({ outboxDepth: 0, eventsNeedingAPerson: 0 })

    // Nothing more is done to it at the counter.
    expect(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })).toMatchObject({
      ok: false,
      error: { code: 'conflict' }
    })
    expect(await core.call(w.assembler, 'requests.printLabels', { id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' }
    })
  })
})
