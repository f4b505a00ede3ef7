import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../helpers/temp-core'
import { settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import {
  DMD,
  bookIn,
  checkedRequest,
  item,
  ownerSession,
  packCode,
  recordedEvents,
  scan,
  setUpWholesaler,
  stockedPack
} from './helpers'

let linked: Linked | undefined
afterEach(async () => linked?.stop())

async function start(): Promise<{ l: Linked; staff: string }> {
  const l = await startLinked({ core: { clock: new ManualClock(Date.parse('2026-11-26T09:00:00Z')) } })
  linked = l
  const staff = await staffSession(l.core, ['dispenser'])
  await setUpWholesaler(l.core, await ownerSession(l.core))
  return { l, staff }
}

const stage = (l: Linked, id: string) => l.core.internals.requests.get(id)?.row.stage

describe('goods-in', () => {
  it('books in the ordered packs by scanning and releases the request whose patient chose to wait; stock.available reaches the sandbox', async () => {
    const { l, staff } = await start()
    await checkedRequest(l, staff, 'fr_G_WAIT', [item('l1', DMD.finasteride, 'Finasteride 1mg tablets', 56)])
    expect(stage(l, 'fr_G_WAIT')).toBe('awaiting_patient_decision')

    expect((await l.phensys.post('/sandbox/requests/fr_G_WAIT/decision', { choice: 'wait' })).status).toBeLessThan(300)
    await settle(l.core)
    expect(stage(l, 'fr_G_WAIT')).toBe('awaiting_stock')

    const { gtin } = await stockedPack(l.core, staff, DMD.finasteride)
    const first = await scan(l.core, staff, packCode(gtin, 'FIN01', '280131'))
    expect(first).toMatchObject({
      line: { booked: true, flags: [], batchNo: 'FIN01', expiry: '2028-01-31', orderId: expect.any(Number) },
      released: []
    })
    expect(stage(l, 'fr_G_WAIT')).toBe('awaiting_stock')
    // The wedge dropped the GS separators: where the batch's end cannot be told, the scan is
    // flagged, not guessed; where only one reading exists, it is read field by field.
    const ambiguous = await scan(
      l.core,
      staff,
      packCode(gtin, 'FIN01', '280131', { separator: 'none' }),
      first.deliveryId
    )
    expect(ambiguous).toMatchObject({
      line: { booked: false, flags: [{ code: 'unreadable', message: expect.stringContaining('cannot be told') }] },
      released: []
    })
    const second = await scan(
      l.core,
      staff,
      packCode(gtin, 'FIN01', '280131', { separator: 'none', serial: null }),
      first.deliveryId
    )
    expect(second).toMatchObject({ line: { booked: true, flags: [] }, released: ['fr_G_WAIT'] })
    expect(stage(l, 'fr_G_WAIT')).toBe('ready_to_dispense')

    const orders = await l.core.call(staff, 'stock.orders', { openOnly: true })
    expect(orders).toMatchObject({ ok: true, value: [] })
    const stock = await l.core.call(staff, 'stock.request', { id: 'fr_G_WAIT' })
    expect(stock).toMatchObject({
      ok: true,
      value: { outcome: 'available', lines: [{ outcome: 'in_stock', reserved: 56 }] }
    })

    await settle(l.core)
    const events = await recordedEvents(l, 'fr_G_WAIT')
    expect(events.map((e) => e.type)).toEqual(['accepted', 'stock.ordered', 'stock.available'])
    expect(events[2]?.stateAfter).toBe('in_fulfilment')
    const audit = await l.core.call(await staffSession(l.core, ['pharmacist']), 'audit.list', {
      entityId: 'fr_G_WAIT',
      limit: 20
    })
    const arrival = audit.ok ? audit.value.find((entry) => entry.command === 'workflow.stockArrived') : undefined
    expect(arrival).toMatchObject({
      actorName: 'Staff dispenser',
      summary: { before: 'awaiting_stock', after: 'ready_to_dispense' }
    })
  })

  it('a patient waiting out a supply issue waits in supply_issue, and stock coming in releases them too', async () => {
    const { l, staff } = await start()
    await l.core.call(staff, 'stock.raiseSupplyIssue', {
      dmdId: DMD.zolmitriptan,
      source: 'msn',
      reference: null,
      reason: 'Shortage',
      expectedReturn: null
    })
    await checkedRequest(l, staff, 'fr_G_MSN', [item('l1', DMD.zolmitriptan, 'Zolmitriptan 2.5mg tablets', 6)])
    await l.phensys.post('/sandbox/requests/fr_G_MSN/decision', { choice: 'wait' })
    await settle(l.core)
    expect(stage(l, 'fr_G_MSN')).toBe('supply_issue')

    await bookIn(l.core, staff, DMD.zolmitriptan, 1)
    expect(stage(l, 'fr_G_MSN')).toBe('ready_to_dispense')
    await settle(l.core)
    expect((await recordedEvents(l, 'fr_G_MSN')).map((e) => e.type)).toEqual([
      'accepted',
      'stock.supply_issue',
      'stock.available'
    ])
  })

  it('flags unknown, unreadable, expired, short-dated, over-delivered and twice-scanned packs, and keeps every scan', async () => {
    const { l, staff } = await start()
    const { gtin, amppId, packSize } = await stockedPack(l.core, staff, DMD.sertraline)
    const first = await scan(l.core, staff, packCode(gtin, 'S1', '280630', { serial: 'DUP1' }))
    const delivery = first.deliveryId
    const twice = await scan(l.core, staff, packCode(gtin, 'S1', '280630', { serial: 'DUP1' }), delivery)
    const expired = await scan(l.core, staff, packCode(gtin, 'OLD', '261031'), delivery)
    const short = await scan(l.core, staff, packCode(gtin, 'SOON', '270115'), delivery)
    const unknown = await scan(l.core, staff, packCode('05012345678900', 'X1', '280630'), delivery)
    const unreadable = await scan(l.core, staff, 'hello\r', delivery)
    const mismatch = await scan(l.core, staff, packCode(gtin, 'S1', '290101'), delivery)

    const codes = (r: typeof first) => r.line.flags.map((f) => f.code)
    expect(codes(first)).toEqual(['over_delivery'])
    expect(first.line.booked).toBe(true)
    expect([codes(twice), twice.line.booked]).toEqual([['already_received'], false])
    expect([codes(expired), expired.line.booked]).toEqual([['expired'], false])
    expect([codes(short), short.line.booked]).toEqual([['short_dated', 'over_delivery'], true])
    expect([codes(unknown), unknown.line.booked, unknown.line.gtin]).toEqual([
      ['unknown_gtin'],
      false,
      '05012345678900'
    ])
    expect([codes(unreadable), unreadable.line.booked, unreadable.line.read]).toEqual([['unreadable'], false, 'hello␍'])
    expect([codes(mismatch), mismatch.line.booked]).toEqual([['batch_expiry_mismatch'], false])

    const kept = await l.core.call(staff, 'stock.delivery', { id: delivery })
    expect(kept.ok && kept.value.lines).toHaveLength(7)
    const detail = await l.core.call(staff, 'stock.pack', { amppId })
    expect(detail).toMatchObject({ ok: true, value: { onHand: 2 * packSize, reserved: 0 } })
  })

  it('a cancellation at Phensys gives the reserved stock back and says so in the acknowledgement', async () => {
    const { l, staff } = await start()
    await bookIn(l.core, staff, DMD.sertraline, 1)
    const { amppId } = await stockedPack(l.core, staff, DMD.sertraline)
    await checkedRequest(l, staff, 'fr_G_CAN', [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 20)])
    expect(await l.core.call(staff, 'stock.pack', { amppId })).toMatchObject({
      ok: true,
      value: { reserved: 20, available: 8 }
    })

    await l.phensys.post('/sandbox/requests/fr_G_CAN/cancel', { reason: 'patient_request' })
    await settle(l.core)
    expect(stage(l, 'fr_G_CAN')).toBe('cancelled')
    expect(await l.core.call(staff, 'stock.pack', { amppId })).toMatchObject({
      ok: true,
      value: { reserved: 0, available: 28 }
    })
    const events = await recordedEvents(l, 'fr_G_CAN')
    expect(events.at(-1)).toMatchObject({ type: 'cancellation.acknowledged', data: { stockReturned: true } })
  })
})
