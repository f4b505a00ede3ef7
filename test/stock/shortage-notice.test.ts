import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../helpers/temp-core'
import { settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { DMD, bookIn, checkedRequest, item, ownerSession, recordedEvents, setUpWholesaler } from './helpers'

let linked: Linked | undefined
afterEach(async () => linked?.stop())

const stage = (l: Linked, id: string) => l.core.internals.requests.get(id)?.row.stage

const MSN = {
  dmdId: DMD.finasteride,
  source: 'msn',
  reference: 'MSN/2026/123',
  reason: 'Finasteride 1mg tablets: manufacturing problem, no stock until mid-January',
  expectedReturn: '2027-01-15'
} as const

describe('a shortage notice reaches the requests already waiting on an order', () => {
  it('each waiting request hears stock.supply_issue once, for its lines on order; arrived stock and other products are left alone', async () => {
    const l = await startLinked({ core: { clock: new ManualClock(Date.parse('2026-11-26T09:00:00Z')) } })
    linked = l
    const staff = await staffSession(l.core, ['dispenser'])
    await setUpWholesaler(l.core, await ownerSession(l.core))
    await bookIn(l.core, staff, DMD.sertraline, 1)

    // Its finasteride came in before the notice: released, ready to dispense.
    await checkedRequest(l, staff, 'fr_N_ARRIVED', [item('l1', DMD.finasteride, 'Finasteride 1mg tablets', 28)])
    await bookIn(l.core, staff, DMD.finasteride, 1, 'FIN01')
    expect(stage(l, 'fr_N_ARRIVED')).toBe('ready_to_dispense')
    // Sertraline in stock, finasteride on order; the patient has not chosen yet.
    await checkedRequest(l, staff, 'fr_N_DECIDING', [
      item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 28),
      item('l2', DMD.finasteride, 'Finasteride 1mg tablets', 56)
    ])
    // Finasteride on order, and the patient chose to wait for it.
    await checkedRequest(l, staff, 'fr_N_WAITING', [item('l1', DMD.finasteride, 'Finasteride 1mg tablets', 28)])
    await l.phensys.post('/sandbox/requests/fr_N_WAITING/decision', { choice: 'wait' })
    await settle(l.core)
    expect(stage(l, 'fr_N_WAITING')).toBe('awaiting_stock')
    // On order, then cancelled at Phensys: no longer waiting.
    await checkedRequest(l, staff, 'fr_N_CANCELLED', [item('l1', DMD.finasteride, 'Finasteride 1mg tablets', 28)])
    await l.phensys.post('/sandbox/requests/fr_N_CANCELLED/cancel', { reason: 'patient_request' })
    await settle(l.core)
    expect(stage(l, 'fr_N_CANCELLED')).toBe('cancelled')
    // Another product on order: the notice is not about it.
    await checkedRequest(l, staff, 'fr_N_OTHER', [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 56)])
    expect(stage(l, 'fr_N_OTHER')).toBe('awaiting_patient_decision')

    const notice = await l.core.call(staff, 'stock.raiseSupplyIssue', MSN)
    expect(notice.ok, JSON.stringify(notice)).toBe(true)
    // The same shortage recorded again, now as a Serious Shortage Protocol without a date.
    const again = await l.core.call(staff, 'stock.raiseSupplyIssue', {
      ...MSN,
      source: 'ssp',
      reference: 'SSP/2026/007',
      expectedReturn: null
    })
    expect(again.ok, JSON.stringify(again)).toBe(true)
    await settle(l.core)

    const reason =
      'Medicine Supply Notification MSN/2026/123: Finasteride 1mg tablets: manufacturing problem, no stock until mid-January'
    const deciding = await recordedEvents(l, 'fr_N_DECIDING')
    expect(deciding.map((e) => e.type)).toEqual(['accepted', 'stock.ordered', 'stock.supply_issue'])
    expect(deciding[2]).toEqual({
      type: 'stock.supply_issue',
      data: { lines: ['l2'], reason, eta: '2027-01-15' },
      stateAfter: 'awaiting_patient_decision'
    })
    const waiting = await recordedEvents(l, 'fr_N_WAITING')
    expect(waiting.map((e) => e.type)).toEqual(['accepted', 'stock.ordered', 'stock.supply_issue'])
    expect(waiting[2]).toEqual({
      type: 'stock.supply_issue',
      data: { lines: ['l1'], reason, eta: '2027-01-15' },
      stateAfter: 'awaiting_patient_decision'
    })
    expect((await recordedEvents(l, 'fr_N_ARRIVED')).map((e) => e.type)).toEqual([
      'accepted',
      'stock.ordered',
      'stock.available'
    ])
    expect((await recordedEvents(l, 'fr_N_OTHER')).map((e) => e.type)).toEqual(['accepted', 'stock.ordered'])
    expect((await recordedEvents(l, 'fr_N_CANCELLED')).map((e) => e.type)).toEqual([
      'accepted',
      'stock.ordered',
      'cancellation.acknowledged'
    ])

    // Still waiting: on the patient's choice, or (they chose to wait) out the supply issue. Audited
    // as the table's step, naming who raised the notice.
    expect(stage(l, 'fr_N_DECIDING')).toBe('awaiting_patient_decision')
    expect(stage(l, 'fr_N_WAITING')).toBe('supply_issue')
    expect(stage(l, 'fr_N_ARRIVED')).toBe('ready_to_dispense')
    const steps = l.core.internals.audit
      .list({ limit: 200 })
      .filter((entry) => entry.command === 'workflow.shortageNotified')
      .map((entry) => [entry.entityId, entry.actorName === null ? null : 'named'])
    expect(steps.sort()).toEqual([
      ['fr_N_DECIDING', 'named'],
      ['fr_N_WAITING', 'named']
    ])

    // The line is a supply issue now; the order with the wholesaler stays as placed.
    expect(await l.core.call(staff, 'stock.request', { id: 'fr_N_DECIDING' })).toMatchObject({
      ok: true,
      value: {
        outcome: 'supply_issue',
        lines: [
          { lineId: 'l1', outcome: 'in_stock' },
          { lineId: 'l2', outcome: 'supply_issue', reason }
        ]
      }
    })
    const orders = await l.core.call(staff, 'stock.orders', { openOnly: true })
    expect(
      orders.ok &&
        orders.value
          .filter((o) => o.requestId === 'fr_N_DECIDING' || o.requestId === 'fr_N_WAITING')
          .map((o) => o.lines.map((line) => line.cancelled))
    ).toEqual([[false], [false]])

    // The patient still deciding chooses to wait: for the supply issue.
    await l.phensys.post('/sandbox/requests/fr_N_DECIDING/decision', { choice: 'wait' })
    await settle(l.core)
    expect(stage(l, 'fr_N_DECIDING')).toBe('supply_issue')
  })

  it('a line whose item Phensys has changed since its stock check is left to the next check, not told of a notice about the old product', async () => {
    const l = await startLinked({ core: { clock: new ManualClock(Date.parse('2026-11-26T09:00:00Z')) } })
    linked = l
    const staff = await staffSession(l.core, ['dispenser'])
    await setUpWholesaler(l.core, await ownerSession(l.core))
    await checkedRequest(l, staff, 'fr_N_CHANGED', [item('l1', DMD.finasteride, 'Finasteride 1mg tablets', 28)])
    await l.phensys.post('/sandbox/requests/fr_N_CHANGED/decision', { choice: 'wait' })
    await settle(l.core)
    expect(stage(l, 'fr_N_CHANGED')).toBe('awaiting_stock')
    // A new version from Phensys (the feed's own path): line l1 is sertraline now.
    const now = (await l.phensys.get('/v1/provider/requests/fr_N_CHANGED')).body as Record<string, unknown>
    const next = {
      ...now,
      version: (now.version as number) + 1,
      prescription: {
        ...(now.prescription as Record<string, unknown>),
        items: [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 28)]
      }
    }
    const result = { changed: [], unreadable: 0 }
    l.core.internals.store.sqlite.transaction(() =>
      l.core.internals.ingest.snapshot(next, new Date('2026-11-26T10:00:00Z'), result, {
        cursor: null,
        kind: 'request.updated'
      })
    )()
    // Its order brings finasteride, not what is prescribed now: back to the stock check (itemsOutgrewStock).
    expect(stage(l, 'fr_N_CHANGED')).toBe('stock_check')

    const notice = await l.core.call(staff, 'stock.raiseSupplyIssue', MSN)
    expect(notice.ok, JSON.stringify(notice)).toBe(true)
    await settle(l.core)
    expect((await recordedEvents(l, 'fr_N_CHANGED')).map((e) => e.type)).not.toContain('stock.supply_issue')
    expect(stage(l, 'fr_N_CHANGED')).toBe('stock_check')
  })
})
