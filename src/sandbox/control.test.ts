import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { snapshotSchema } from '../shared/phensys/snapshot'
import type { Sandbox } from './index'
import {
  createIn,
  drainFeed,
  eventBody,
  newKey,
  read,
  requestBody,
  started,
  type Api
} from '../../test/helpers/sandbox'

let sandbox: Sandbox
let api: Api
const NOW = new Date('2026-11-26T09:30:00Z')

beforeAll(async () => {
  ;({ sandbox, api } = await started({ now: () => NOW }))
})
afterAll(() => sandbox.close())

async function feedKinds(id: string): Promise<[string, number, string][]> {
  const { entries } = await drainFeed(api)
  return entries
    .filter((entry) => entry.requestId === id)
    .map((entry) => [entry.kind, entry.version, String((entry.request as { state?: unknown }).state)])
}

describe('POST /sandbox/requests', () => {
  it('fills id, version, state and times; keeps unknown fields; emits request.created', async () => {
    const body = requestBody({ futureField: { kept: true } })
    delete body.id
    const reply = await api.post('/sandbox/requests', body)
    expect(reply.status).toBe(201)
    const snapshot = read.snapshot(reply)
    expect(snapshot).toMatchObject({
      version: 1,
      state: 'sent_to_provider',
      createdAt: '2026-11-26T09:30:00Z',
      updatedAt: '2026-11-26T09:30:00Z',
      futureField: { kept: true }
    })
    expect(snapshot.id).toMatch(/^fr_[0-9A-Z]{8}$/)
    expect(read.snapshot(await api.get(`/v1/provider/requests/${snapshot.id}`))).toEqual(snapshot)
    expect(await feedKinds(snapshot.id)).toEqual([['request.created', 1, 'sent_to_provider']])
  })

  it('takes id, version and state from the body; awaiting_patient_decision gets its options', async () => {
    const reply = await api.post(
      '/sandbox/requests',
      requestBody({ id: 'fr_GIVEN1', version: 7, state: 'awaiting_patient_decision' })
    )
    expect(read.snapshot(reply)).toMatchObject({
      id: 'fr_GIVEN1',
      version: 7,
      state: 'awaiting_patient_decision',
      options: ['wait', 'cancel', 'further_consultation']
    })
    const again = await api.post('/sandbox/requests', requestBody({ id: 'fr_GIVEN1' }))
    expect(again.status).toBe(409)
    expect(read.conflictRequest(again).version).toBe(7)
  })

  it('400 for a snapshot that does not fit the contract, unless ?unchecked=true', async () => {
    const bad = requestBody({ id: 'fr_BAD1', patient: { id: 'pt_x', name: { given: 'No' } } })
    const refused = await api.post('/sandbox/requests', bad)
    expect(refused.status).toBe(400)
    expect(read.error(refused).message).toMatch(/patient/)
    const stored = await api.post('/sandbox/requests?unchecked=true', bad)
    expect(stored.status).toBe(201)
    const { entries } = await drainFeed(api)
    const entry = entries.find((candidate) => candidate.requestId === 'fr_BAD1')
    expect(entry && snapshotSchema.safeParse(entry.request).success).toBe(false)
    // The workstation answers an unreadable request with rejected / request_unreadable.
    const rejected = await api.event(
      'fr_BAD1',
      eventBody('rejected', {
        data: { reason: 'request_unreadable', message: 'patient.name.family: required' }
      }),
      newKey()
    )
    expect(rejected.status).toBe(201)
  })
})

describe('POST /sandbox/requests/bulk', () => {
  it('creates many requests in one transaction, or none when one is refused', async () => {
    const bodies = Array.from({ length: 50 }, (_, index) => requestBody({ id: `fr_BULK${index}` }))
    const reply = await api.post('/sandbox/requests/bulk', { requests: bodies })
    expect(reply.status).toBe(201)
    expect(reply.body).toMatchObject({ created: 50 })
    expect(read.snapshot(await api.get('/v1/provider/requests/fr_BULK49')).version).toBe(1)
    const refused = await api.post('/sandbox/requests/bulk', {
      requests: [requestBody({ id: 'fr_BULKNEW' }), requestBody({ id: 'fr_BULK0' })]
    })
    expect(refused.status).toBe(409)
    expect((await api.get('/v1/provider/requests/fr_BULKNEW')).status).toBe(404)
  })
})

describe('patient and Phensys actions', () => {
  it('cancel: request.cancelled; later work is 409 with the snapshot; the acknowledgement fits', async () => {
    const id = await createIn(api, 'sent_to_provider')
    await api.event(id, eventBody('accepted'), newKey())
    await api.event(id, eventBody('dispensing.started'), newKey())
    const cancelled = read.snapshot(await api.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' }))
    expect(cancelled).toMatchObject({
      state: 'cancelled',
      version: 3,
      cancellation: { reason: 'patient_request', cancelledAt: '2026-11-26T09:30:00Z' }
    })
    const late = await api.event(id, eventBody('dispensing.labelled'), newKey())
    expect(late.status).toBe(409)
    expect(read.conflictRequest(late)).toEqual(cancelled)
    const ack = await api.event(id, eventBody('cancellation.acknowledged'), newKey())
    expect(ack.status).toBe(201)
    expect(read.accepted(ack).request.version).toBe(3)
    expect(await feedKinds(id)).toEqual([
      ['request.created', 1, 'sent_to_provider'],
      ['request.updated', 2, 'in_fulfilment'],
      ['request.cancelled', 3, 'cancelled']
    ])
    expect((await api.post(`/sandbox/requests/${id}/cancel`, {})).status).toBe(409)
    expect((await api.post('/sandbox/requests/fr_none/cancel', {})).status).toBe(404)
  })

  it('cancel without a body uses reason patient_request; a dispatched request cannot be cancelled', async () => {
    const id = await createIn(api, 'in_fulfilment')
    expect(read.snapshot(await api.post(`/sandbox/requests/${id}/cancel`)).cancellation).toMatchObject({
      reason: 'patient_request'
    })
    const gone = await createIn(api, 'dispatched')
    expect((await api.post(`/sandbox/requests/${gone}/cancel`, {})).status).toBe(409)
  })

  async function awaiting(): Promise<string> {
    const id = await createIn(api, 'in_fulfilment')
    const reply = await api.event(id, eventBody('stock.ordered'), newKey())
    expect(read.accepted(reply).request).toMatchObject({
      state: 'awaiting_patient_decision',
      options: ['wait', 'cancel', 'further_consultation']
    })
    return id
  }

  it('decision wait: stays awaiting with the decision; stock.available returns it to in_fulfilment', async () => {
    const id = await awaiting()
    const waited = read.snapshot(await api.post(`/sandbox/requests/${id}/decision`, { choice: 'wait' }))
    expect(waited).toMatchObject({
      state: 'awaiting_patient_decision',
      version: 3,
      options: ['wait', 'cancel', 'further_consultation'],
      patientDecision: { choice: 'wait', decidedAt: '2026-11-26T09:30:00Z' }
    })
    const arrived = read.accepted(await api.event(id, eventBody('stock.available'), newKey())).request
    expect(arrived).toMatchObject({ state: 'in_fulfilment', version: 4 })
    expect(arrived.options).toBeUndefined()
    expect(arrived.patientDecision).toBeUndefined()
    expect((await feedKinds(id)).map(([kind]) => kind)).toEqual([
      'request.created',
      'request.updated',
      'patient.decided',
      'request.updated'
    ])
  })

  it('decision cancel: cancelled, with the decision and the cancellation', async () => {
    const id = await awaiting()
    const snapshot = read.snapshot(await api.post(`/sandbox/requests/${id}/decision`, { choice: 'cancel' }))
    expect(snapshot).toMatchObject({
      state: 'cancelled',
      version: 3,
      patientDecision: { choice: 'cancel' },
      cancellation: { reason: 'patient_request' }
    })
    expect(snapshot.options).toBeUndefined()
    expect((await api.event(id, eventBody('stock.available'), newKey())).status).toBe(409)
  })

  it('decision further_consultation, then the consultation changes the items and returns it to in_fulfilment', async () => {
    const id = await awaiting()
    const held = read.snapshot(await api.post(`/sandbox/requests/${id}/decision`, { choice: 'further_consultation' }))
    expect(held).toMatchObject({ state: 'further_consultation', patientDecision: { choice: 'further_consultation' } })
    expect(held.options).toBeUndefined()
    expect((await api.event(id, eventBody('dispensing.started'), newKey())).status).toBe(409)

    const newItems = [
      {
        lineId: 'l2',
        product: {
          dmdCode: '39732711000001100',
          name: 'Sildenafil 50mg tablets',
          strength: '50mg',
          form: 'tablet',
          controlledDrugSchedule: null
        },
        quantity: 4,
        unit: 'tablet',
        directions: 'Take ONE tablet when required',
        cautionaryLabels: []
      }
    ]
    const resolved = read.snapshot(
      await api.post(`/sandbox/requests/${id}/resolve-query`, {
        changes: { prescription: { items: newItems } }
      })
    )
    expect(resolved).toMatchObject({ state: 'in_fulfilment', version: 4 })
    expect(resolved.prescription.items).toEqual(newItems)
    expect(resolved.prescription.kind).toBe('consultation') // the rest of the prescription is kept
    expect(resolved.patientDecision).toBeUndefined()
    expect((await feedKinds(id)).at(-1)).toEqual(['request.updated', 4, 'in_fulfilment'])
  })

  it('decisions only while awaiting_patient_decision, and only among the options', async () => {
    const id = await createIn(api, 'in_fulfilment')
    expect((await api.post(`/sandbox/requests/${id}/decision`, { choice: 'wait' })).status).toBe(409)
    const limited = await createIn(api, 'awaiting_patient_decision', { options: ['cancel'] })
    expect((await api.post(`/sandbox/requests/${limited}/decision`, { choice: 'wait' })).status).toBe(409)
    expect((await api.post(`/sandbox/requests/${limited}/decision`, { choice: 'shrug' })).status).toBe(400)
  })

  it('resolve-query: deep-merges the changes, replaces items wholesale, back to in_fulfilment, query.resolved', async () => {
    const id = await createIn(api, 'in_fulfilment')
    const raised = await api.event(
      id,
      eventBody('query.raised', {
        data: { reason: 'address', message: 'Postcode does not match the street' }
      }),
      newKey()
    )
    expect(read.accepted(raised).request).toMatchObject({ state: 'query_open', version: 2 })
    const resolved = read.snapshot(
      await api.post(`/sandbox/requests/${id}/resolve-query`, {
        changes: {
          delivery: { address: { postcode: 'LS1 5DL' } },
          prescription: { notes: 'Address confirmed by phone' }
        }
      })
    )
    expect(resolved).toMatchObject({
      state: 'in_fulfilment',
      version: 3,
      delivery: {
        address: { line1: '14 Kirkgate', city: 'Leeds', postcode: 'LS1 5DL' },
        service: 'royal_mail_tracked_24'
      },
      prescription: { notes: 'Address confirmed by phone' }
    })
    expect(resolved.prescription.items).toHaveLength(1)
    expect((await feedKinds(id)).at(-1)).toEqual(['query.resolved', 3, 'in_fulfilment'])
    expect((await api.post(`/sandbox/requests/${id}/resolve-query`, { changes: {} })).status).toBe(409)
  })

  it('resolve-query refuses managed fields and changes that make the snapshot unreadable', async () => {
    const id = await createIn(api, 'query_open')
    expect((await api.post(`/sandbox/requests/${id}/resolve-query`, { changes: { version: 9 } })).status).toBe(400)
    expect(
      (await api.post(`/sandbox/requests/${id}/resolve-query`, { changes: { prescription: { items: [] } } })).status
    ).toBe(400)
    expect(read.snapshot(await api.get(`/v1/provider/requests/${id}`))).toMatchObject({
      state: 'query_open',
      version: 1
    })
    const back = await api.post(`/sandbox/requests/${id}/resolve-query`, { state: 'sent_to_provider' })
    expect(read.snapshot(back)).toMatchObject({ state: 'sent_to_provider', version: 2 })
  })

  it('update: Phensys changes a request without changing its state', async () => {
    const id = await createIn(api, 'in_fulfilment')
    const updated = read.snapshot(
      await api.post(`/sandbox/requests/${id}/update`, { changes: { delivery: { instructions: 'Ring twice' } } })
    )
    expect(updated).toMatchObject({ state: 'in_fulfilment', version: 2, delivery: { instructions: 'Ring twice' } })
  })

  it('GET /sandbox/requests/{id}/events lists accepted events in order, with their bodies', async () => {
    const id = await createIn(api, 'sent_to_provider')
    const keys = [newKey(), newKey(), newKey()]
    await api.event(id, eventBody('accepted'), keys[0]!)
    await api.event(id, eventBody('delivered'), newKey()) // 409: not listed
    await api.event(id, eventBody('dispensing.labelled'), keys[1]!)
    await api.event(id, eventBody('dispensing.labelled'), keys[1]!) // replay: not listed twice
    await api.event(id, eventBody('packed'), keys[2]!)
    const events = read.events(await api.get(`/sandbox/requests/${id}/events`))
    expect(events.map((event) => [event.type, event.idempotencyKey, event.stateBefore, event.stateAfter])).toEqual([
      ['accepted', keys[0], 'sent_to_provider', 'in_fulfilment'],
      ['dispensing.labelled', keys[1], 'in_fulfilment', 'in_fulfilment'],
      ['packed', keys[2], 'in_fulfilment', 'in_fulfilment']
    ])
    expect(events[1]?.event).toEqual(eventBody('dispensing.labelled'))
    expect((await api.get('/sandbox/requests/fr_none/events')).status).toBe(404)
  })
})

describe('GET /v1/provider/requests', () => {
  it('open=true pages through the non-terminal requests by id; without it, every request', async () => {
    const local = await started()
    try {
      const ids = ['fr_A', 'fr_B', 'fr_C', 'fr_D', 'fr_E']
      const states = ['sent_to_provider', 'delivered', 'in_fulfilment', 'cancelled', 'query_open']
      for (const [index, id] of ids.entries()) await createIn(local.api, states[index]!, { id })
      const first = read.requests(await local.api.get('/v1/provider/requests?open=true&limit=2'))
      expect(first.requests.map((request) => request.id)).toEqual(['fr_A', 'fr_C'])
      expect(first.next).toBe('fr_C')
      const second = read.requests(await local.api.get(`/v1/provider/requests?open=true&limit=2&after=${first.next}`))
      expect(second).toMatchObject({ next: null })
      expect(second.requests.map((request) => request.id)).toEqual(['fr_E'])
      const all = read.requests(await local.api.get('/v1/provider/requests?limit=500'))
      expect(all.requests.map((request) => request.id)).toEqual(ids)
      expect((await local.api.get('/v1/provider/requests?open=yes')).status).toBe(400)
      expect((await local.api.get('/v1/provider/requests?limit=501')).status).toBe(400)
    } finally {
      await local.sandbox.close()
    }
  })
})
