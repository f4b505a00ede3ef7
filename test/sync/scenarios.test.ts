import { afterEach, describe, expect, it } from 'vitest'
import type { CounterEvent } from '../../src/shared/contract'
import { settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { heldAtStockCheck } from '../helpers/request-body'

let linked: Linked | undefined
afterEach(async () => linked?.stop())

async function recordedTypes(l: Linked, id: string): Promise<string[]> {
  return (
    (await l.phensys.get(`/sandbox/requests/${id}/events`)).body as { events: Array<{ type: string }> }
  ).events.map((event) => event.type)
}

/** What the stock step does when it orders a shortfall (stage and event in one transaction), done by hand. */
function reportStockOrdered(l: Linked, id: string): void {
  const { store, requests, outbox } = l.core.internals
  const stored = requests.get(id)!
  store.sqlite.transaction(() => {
    store.sqlite
      .prepare('UPDATE requests SET stage = ?, stage_since = ? WHERE id = ?')
      .run('awaiting_patient_decision', new Date().toISOString(), id)
    outbox.enqueue(
      id,
      'stock.ordered',
      { eta: '2026-11-28', lines: ['l1'], wholesaler: 'AAH' },
      {
        basedOnVersion: stored.version,
        actor: { id: 'u1', name: 'Test', role: 'dispenser' },
        now: new Date()
      }
    )
  })()
}

describe('Phensys and the counter working on the same request', () => {
  it('a cancellation arriving while the request is mid-work stops it and is acknowledged', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', heldAtStockCheck('fr_MID1'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    expect((await linked.core.call(staff, 'requests.accept', { id: 'fr_MID1' })).ok).toBe(true)
    await settle(linked.core)
    await linked.phensys.post('/sandbox/requests/fr_MID1/cancel', { reason: 'patient_request' })
    await settle(linked.core)
    const detail = await linked.core.call(staff, 'requests.get', { id: 'fr_MID1' })
    expect(detail).toMatchObject({ ok: true, value: { row: { stage: 'cancelled', phensysState: 'cancelled' } } })
    expect(await recordedTypes(linked, 'fr_MID1')).toEqual(['accepted', 'cancellation.acknowledged'])
    const refused = await linked.core.call(staff, 'requests.raiseQuery', {
      id: 'fr_MID1',
      reason: 'clinical',
      message: 'Too late to ask.'
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })

  it('a patient who chooses to wait keeps the request waiting for stock; further consultation holds it', async () => {
    linked = await startLinked()
    for (const id of ['fr_WAIT', 'fr_MORE']) await linked.phensys.post('/sandbox/requests', heldAtStockCheck(id))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    const heard: CounterEvent[] = []
    linked.core.subscribe(staff, (event) => heard.push(event))
    for (const id of ['fr_WAIT', 'fr_MORE']) {
      await linked.core.call(staff, 'requests.accept', { id })
      reportStockOrdered(linked, id)
    }
    await settle(linked.core)
    expect(((await linked.phensys.get('/v1/provider/requests/fr_WAIT')).body as { state: string }).state).toBe(
      'awaiting_patient_decision'
    )

    await linked.phensys.post('/sandbox/requests/fr_WAIT/decision', { choice: 'wait' })
    await linked.phensys.post('/sandbox/requests/fr_MORE/decision', { choice: 'further_consultation' })
    await settle(linked.core)
    expect(linked.core.internals.requests.get('fr_WAIT')?.row.stage).toBe('awaiting_stock')
    expect(linked.core.internals.requests.get('fr_WAIT')?.snapshot.patientDecision?.choice).toBe('wait')
    expect(linked.core.internals.requests.get('fr_MORE')?.row.stage).toBe('further_consultation')
    const changes = heard.flatMap((event) => (event.name === 'requests.changed' ? event.payload.changes : []))
    expect(changes).toEqual(
      expect.arrayContaining([
        { requestId: 'fr_WAIT', changes: expect.arrayContaining(['patient_decided']) },
        { requestId: 'fr_MORE', changes: expect.arrayContaining(['patient_decided']) }
      ])
    )
  })

  it('a resolved query that changes the items brings the new items and sends the request back to work', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', heldAtStockCheck('fr_Q1'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    await linked.core.call(staff, 'requests.accept', { id: 'fr_Q1' })
    const raised = await linked.core.call(staff, 'requests.raiseQuery', {
      id: 'fr_Q1',
      reason: 'clinical',
      message: "Sertraline with the patient's tramadol? Please review."
    })
    expect(raised).toMatchObject({ ok: true, value: { row: { stage: 'query_raised' } } })
    await settle(linked.core)
    const heard: CounterEvent[] = []
    linked.core.subscribe(staff, (event) => heard.push(event))
    const items = [
      {
        lineId: 'l2',
        product: {
          dmdCode: '39732811000001109',
          name: 'Finasteride 1mg tablets',
          strength: '1mg',
          form: 'tablet',
          controlledDrugSchedule: null
        },
        quantity: 28,
        unit: 'tablet',
        directions: 'Take ONE tablet daily',
        cautionaryLabels: []
      }
    ]
    const resolved = await linked.phensys.post('/sandbox/requests/fr_Q1/resolve-query', {
      changes: { prescription: { items } }
    })
    expect(resolved.status).toBeLessThan(300)
    await settle(linked.core)
    const stored = linked.core.internals.requests.get('fr_Q1')!
    expect(stored.snapshot.prescription.items.map((item) => item.product.name)).toEqual(['Finasteride 1mg tablets'])
    expect(stored.row).toMatchObject({ stage: 'stock_check', phensysState: 'in_fulfilment' })
    const changes = heard.flatMap((event) => (event.name === 'requests.changed' ? event.payload.changes : []))
    expect(changes).toEqual([{ requestId: 'fr_Q1', changes: ['query_resolved', 'items_changed'] }])
    expect(await recordedTypes(linked, 'fr_Q1')).toEqual(['accepted', 'query.raised'])
  })
})
