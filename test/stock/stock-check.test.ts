import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../helpers/temp-core'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { DMD, bookIn, item, ownerSession, recordedEvents, setUpWholesaler, withItems } from './helpers'

let linked: Linked | undefined
afterEach(async () => linked?.stop())

/** Thursday 26 Nov 2026, 09:00 GMT: before AAH's noon same-day cut-off. */
const THURSDAY_MORNING = Date.parse('2026-11-26T09:00:00Z')

async function start(at = THURSDAY_MORNING): Promise<{ l: Linked; staff: string; admin: string; clock: ManualClock }> {
  const clock = new ManualClock(at)
  const l = await startLinked({ core: { clock } })
  linked = l
  const staff = await staffSession(l.core, ['dispenser'])
  const admin = await ownerSession(l.core)
  await setUpWholesaler(l.core, admin)
  return { l, staff, admin, clock }
}

async function acceptedRequest(
  l: Linked,
  staff: string,
  id: string,
  items: Array<Record<string, unknown>>
): Promise<void> {
  await l.phensys.post('/sandbox/requests', withItems(requestBody(id), items))
  await settle(l.core)
  // Accepting runs the stock check: nothing before it needs a person.
  expect(await l.core.call(staff, 'requests.accept', { id })).toMatchObject({ ok: true })
}

describe('the stock check through the contract, answered to the real sandbox', () => {
  it('in stock: reserves first expiry first out and tells Phensys stock.available', async () => {
    const { l, staff } = await start()
    await bookIn(l.core, staff, DMD.sertraline, 1, 'LATE1', '281231')
    await bookIn(l.core, staff, DMD.sertraline, 1, 'EARLY1', '270331')
    await acceptedRequest(l, staff, 'fr_S_IN', [
      item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 42, 'tablets', 'Take ONE tablet each morning')
    ])

    const checked = await l.core.call(staff, 'requests.get', { id: 'fr_S_IN' })
    expect(checked).toMatchObject({ ok: true, value: { row: { stage: 'ready_to_dispense' } } })
    const stock = await l.core.call(staff, 'stock.request', { id: 'fr_S_IN' })
    expect(stock).toMatchObject({
      ok: true,
      value: { outcome: 'available', lines: [{ lineId: 'l1', outcome: 'in_stock', reserved: 42, courseDays: 42 }] }
    })
    if (!stock.ok) return
    // First expiry first out: the whole early batch, then the rest from the later one.
    expect(stock.value.lines[0]?.picks.map((p) => [p.batchNo, p.quantity])).toEqual([
      ['EARLY1', 28],
      ['LATE1', 14]
    ])
    // The reasons on screen: how each batch comes off the shelf, from where, and when it expires.
    expect(stock.value.lines[0]?.picks.map((p) => [p.packWords, p.location, p.expiryWords])).toEqual([
      ['1 pack of 28', 'Dispensary shelf S', '31/03/2027'],
      ['14 of 28 from an opened pack', 'Dispensary shelf S', '31/12/2028']
    ])

    await settle(l.core)
    expect((await recordedEvents(l, 'fr_S_IN')).map((e) => e.type)).toEqual(['accepted', 'stock.available'])
    const again = await l.core.call(staff, 'requests.checkStock', { id: 'fr_S_IN' })
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })

  it('does not reserve a batch that expires before the course ends: the line is ordered, with no pick the scan would refuse', async () => {
    const { l, staff } = await start()
    // Short-dated: usable to 10 Dec, but 28 tablets once a day from 26 Nov run to 24 Dec.
    await bookIn(l.core, staff, DMD.sertraline, 1, 'SHORT1', '261210')
    await acceptedRequest(l, staff, 'fr_S_COURSE', [
      item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 28, 'tablets', 'Take ONE tablet each morning')
    ])
    const stock = await l.core.call(staff, 'stock.request', { id: 'fr_S_COURSE' })
    expect(stock).toMatchObject({ ok: true, value: { lines: [{ courseDays: 28, picks: [], warnings: [] }] } })
    if (!stock.ok) return
    expect(stock.value.lines[0]!.orders).toHaveLength(1)
  })

  it('short: reserves what there is, orders the rest from the soonest wholesaler and tells Phensys stock.ordered with its ETA', async () => {
    const { l, staff } = await start()
    await bookIn(l.core, staff, DMD.sertraline, 1)
    await acceptedRequest(l, staff, 'fr_S_ORD', [
      item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 28),
      item('l2', DMD.finasteride, 'Finasteride 1mg tablets', 56)
    ])

    const checked = await l.core.call(staff, 'requests.get', { id: 'fr_S_ORD' })
    expect(checked).toMatchObject({ ok: true, value: { row: { stage: 'awaiting_patient_decision' } } })
    const stock = await l.core.call(staff, 'stock.request', { id: 'fr_S_ORD' })
    expect(stock).toMatchObject({
      ok: true,
      value: {
        outcome: 'ordered',
        lines: [
          { lineId: 'l1', outcome: 'in_stock', reserved: 28 },
          // Ordered before AAH's noon same-day cut-off: delivered this afternoon.
          {
            lineId: 'l2',
            outcome: 'ordered',
            reserved: 0,
            eta: { date: '2026-11-26', words: 'Thursday 26 Nov, afternoon delivery' }
          }
        ]
      }
    })
    expect(stock.ok && stock.value.lines[1]?.orders).toEqual([
      expect.stringMatching(
        /^Ordered from AAH Pharmaceuticals \(ref .+\): 2 × Finasteride 1mg tablets .*28 tablet, Thursday 26 Nov, afternoon delivery$/
      )
    ])
    const worklist = await l.core.call(staff, 'worklist.get', {})
    expect(worklist.ok && worklist.value.rows.find((row) => row.id === 'fr_S_ORD')?.notes).toEqual([
      'owing until Thu 26 Nov'
    ])
    const orders = await l.core.call(staff, 'stock.orders', { openOnly: true })
    expect(orders).toMatchObject({
      ok: true,
      value: [
        {
          wholesalerName: 'AAH Pharmaceuticals',
          requestId: 'fr_S_ORD',
          lines: [{ status: 'placed', lineId: 'l2', outstanding: 2 }]
        }
      ]
    })

    await settle(l.core)
    const events = await recordedEvents(l, 'fr_S_ORD')
    expect(events.map((e) => e.type)).toEqual(['accepted', 'stock.ordered'])
    expect(events[1]).toMatchObject({
      data: { eta: '2026-11-26', lines: ['l2'], wholesaler: 'AAH Pharmaceuticals' },
      stateAfter: 'awaiting_patient_decision'
    })
  })

  it('after the cut-off the ETA moves to the next morning', async () => {
    const { l, staff } = await start(THURSDAY_MORNING + 5 * 3_600_000) // 14:00, past the noon run
    await acceptedRequest(l, staff, 'fr_S_LATE', [item('l1', DMD.finasteride, 'Finasteride 1mg tablets', 28)])
    const stock = await l.core.call(staff, 'stock.request', { id: 'fr_S_LATE' })
    expect(stock).toMatchObject({
      ok: true,
      value: { lines: [{ eta: { date: '2026-11-27', words: 'Friday 27 Nov, morning delivery' } }] }
    })
  })

  it("supply issue: an MSN (with its return date) and a wholesaler's rejection become stock.supply_issue; an unknown dm+d code never does", async () => {
    const { l, staff } = await start()
    const msn = await l.core.call(staff, 'stock.raiseSupplyIssue', {
      dmdId: DMD.zolmitriptan,
      source: 'msn',
      reference: 'MSN/2026/099',
      reason: 'Manufacturing delay',
      expectedReturn: '2027-01-15'
    })
    expect(msn.ok).toBe(true)
    await acceptedRequest(l, staff, 'fr_S_MSN', [item('l1', DMD.zolmitriptan, 'Zolmitriptan 2.5mg tablets', 6)])
    await acceptedRequest(l, staff, 'fr_S_REJ', [
      item('l1', DMD.tirzepatide, 'Tirzepatide 2.5mg/0.6ml pens', 1, 'pre-filled pen', 'Inject ONCE a week')
    ])
    await acceptedRequest(l, staff, 'fr_S_UNK', [
      item('l1', '99999911000001100', 'Imaginol 5mg tablets', 28),
      item('l2', DMD.finasteride, 'Finasteride 1mg tablets', 28)
    ])

    for (const id of ['fr_S_MSN', 'fr_S_REJ']) {
      expect(await l.core.call(staff, 'requests.get', { id })).toMatchObject({
        ok: true,
        value: { row: { stage: 'awaiting_patient_decision' } }
      })
    }
    // A gap in the catalogue is not a shortage: the request waits at the counter for a product match.
    expect(await l.core.call(staff, 'requests.checkStock', { id: 'fr_S_UNK' })).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', message: expect.stringContaining('needs a product match') }
    })
    const rejected = await l.core.call(staff, 'stock.request', { id: 'fr_S_REJ' })
    expect(rejected).toMatchObject({
      ok: true,
      value: {
        outcome: 'supply_issue',
        lines: [{ outcome: 'supply_issue', reason: expect.stringContaining('Manufacturer cannot supply') }]
      }
    })
    const issues = await l.core.call(staff, 'stock.supplyIssues', { activeOnly: true })
    expect(issues.ok && issues.value.map((i) => i.source).sort()).toEqual(['msn', 'wholesaler'])
    const unknown = await l.core.call(staff, 'stock.request', { id: 'fr_S_UNK' })
    expect(unknown).toMatchObject({
      ok: true,
      value: { checkedAt: null, lines: [{ outcome: null }, { outcome: null }] }
    })

    await settle(l.core)
    const msnEvent = (await recordedEvents(l, 'fr_S_MSN'))[1]
    expect(msnEvent).toMatchObject({
      type: 'stock.supply_issue',
      data: { lines: ['l1'], eta: '2027-01-15', reason: expect.stringContaining('MSN/2026/099') }
    })
    expect((await recordedEvents(l, 'fr_S_REJ'))[1]).toMatchObject({ type: 'stock.supply_issue', data: { eta: null } })
    expect((await recordedEvents(l, 'fr_S_UNK')).map((e) => e.type)).toEqual(['accepted'])
  })

  it('a prescription past its validity is refused at the stock check', async () => {
    const { l, staff } = await start()
    await l.phensys.post('/sandbox/requests', {
      ...requestBody('fr_S_OLD'),
      prescription: { ...(requestBody('fr_S_OLD').prescription as object), issuedAt: '2026-05-01' }
    })
    await settle(l.core)
    await l.core.call(staff, 'requests.accept', { id: 'fr_S_OLD' })
    const refused = await l.core.call(staff, 'requests.checkStock', { id: 'fr_S_OLD' })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', message: expect.stringContaining('valid to 31/10/2026') }
    })
  })
})
