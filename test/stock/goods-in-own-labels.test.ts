/**
 * A bag label read at goods-in (a parcel back at the counter, scanned where packs from wholesalers
 * are booked in) is one of our own labels, not a pack: goods-in says in words which request's bag
 * label it is (its parcel), or that no request here carries it with what was read, and books
 * nothing. Before reject33 a short-form bag label whose request the scan pipeline could not point
 * at went on to the pack reading, which said only that the code could not be read.
 */
import { expect, it } from 'vitest'
import { registerRequest } from '../helpers/dispensed-world'
import { settle } from '../helpers/linked'
import { startedForFile } from '../helpers/started-for-file'
import { DMD } from './helpers'
import { dispatchWorld } from '../dispatch/world'
import { bagLabelPayload, labelRefOf, requestLabelPayload } from '../../src/shared/scan/own-labels'

/** An id too long for a barcode as it is: its labels carry the short form. */
const LONG = `fr${'/ %:?#&+'.repeat(8)}`.slice(0, 62) + 'g1'
const NOT_HERE = `fr${'/ %:?#&+'.repeat(8)}`.slice(0, 62) + 'g2'

const w = startedForFile(async () => {
  const world = await dispatchWorld()
  const body = registerRequest(LONG, [
    { lineId: 'l1', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: world.sertraline.packSize }
  ])
  body.patient = { ...(body.patient as object), id: 'pt_goods_in_labels' }
  body.prescription = { ...(body.prescription as object), id: 'rx_goods_in_labels' }
  const answer = await world.l.phensys.post('/sandbox/requests', body)
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300)
  await settle(world.core)
  return world
})

async function atGoodsIn(raw: string): Promise<{ code: string | null; message: string | null; lines: number }> {
  const answer = await w.core.call(w.assembler, 'stock.receiveScan', { raw, deliveryId: null })
  const lines = w.core.internals.store.sqlite.prepare('SELECT count(*) AS n FROM receipt_lines').get() as { n: number }
  return {
    code: answer.ok ? null : answer.error.code,
    message: answer.ok ? null : answer.error.message,
    lines: lines.n
  }
}

it("a short-form bag label of a request here is said to be that request's bag label, parcel named; nothing booked", async () => {
  expect(labelRefOf(LONG)).not.toBeNull()
  expect(w.core.internals.requests.get(LONG)).toBeDefined()
  const before = await atGoodsIn('x-not-a-code')
  const read = await atGoodsIn(bagLabelPayload(LONG, 2))
  expect(read).toEqual({
    code: 'invalid_input',
    message: `That is the bag label of request ${LONG} (parcel 2), not a pack from a wholesaler: nothing is booked in. Open the request to record what became of its parcel.`,
    lines: before.lines
  })
})

it('a short-form bag label no request here carries is said to be not known here, with what was read; nothing booked', async () => {
  const before = await atGoodsIn('x-not-a-code-either')
  const raw = bagLabelPayload(NOT_HERE, 1)
  const read = await atGoodsIn(raw)
  expect(read).toEqual({
    code: 'invalid_input',
    message: `That is a bag label, not a pack, and it is not known here: no request on this workstation carries it (read: ${raw}); it may be from another pharmacy. Nothing is booked in.`,
    lines: before.lines
  })
})

it("a request's own label is said so too, not read as a pack", async () => {
  const before = await atGoodsIn('x-not-a-code-at-all')
  const read = await atGoodsIn(requestLabelPayload(LONG))
  expect(read.message).toBe(`That is a label of request ${LONG}, not a pack from a wholesaler: nothing is booked in.`)
  expect(read.lines).toBe(before.lines)
})
