/**
 * The contract's state table, written out here independently of ./state-table.ts: for every
 * Phensys state and every event type, accepted (and the resulting state) or 409 with the snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EVENT_TYPES, type StatusEventType } from '../shared/phensys/events'
import { PHENSYS_STATES, type PhensysState } from '../shared/phensys/snapshot'
import type { Sandbox } from './index'
import { judgeEvent } from './state-table'
import { createIn, eventBody, newKey, read, started, type Api } from '../../test/helpers/sandbox'

const NON_TERMINAL: PhensysState[] = [
  'sent_to_provider',
  'in_fulfilment',
  'awaiting_patient_decision',
  'further_consultation',
  'query_open',
  'dispatched'
]

/** event type → state it is accepted in → state afterwards. Everything missing is a 409. */
const EXPECTED: Record<StatusEventType, Partial<Record<PhensysState, PhensysState>>> = {
  accepted: { sent_to_provider: 'in_fulfilment' },
  'hard_copy.awaiting': { in_fulfilment: 'in_fulfilment' },
  'hard_copy.received': { in_fulfilment: 'in_fulfilment', awaiting_patient_decision: 'awaiting_patient_decision' },
  'stock.available': { in_fulfilment: 'in_fulfilment', awaiting_patient_decision: 'in_fulfilment' },
  'stock.ordered': {
    in_fulfilment: 'awaiting_patient_decision',
    awaiting_patient_decision: 'awaiting_patient_decision'
  },
  'stock.supply_issue': {
    in_fulfilment: 'awaiting_patient_decision',
    awaiting_patient_decision: 'awaiting_patient_decision'
  },
  'dispensing.started': { in_fulfilment: 'in_fulfilment' },
  'dispensing.labelled': { in_fulfilment: 'in_fulfilment' },
  'dispensing.checked': { in_fulfilment: 'in_fulfilment' },
  packed: { in_fulfilment: 'in_fulfilment' },
  dispatched: { in_fulfilment: 'dispatched' },
  delivered: { dispatched: 'delivered' },
  'query.raised': Object.fromEntries(NON_TERMINAL.map((state) => [state, 'query_open'])),
  rejected: Object.fromEntries(NON_TERMINAL.map((state) => [state, 'rejected'])),
  'cancellation.acknowledged': { cancelled: 'cancelled' }
}

describe('state table (pure)', () => {
  it('matches the contract for every state and event type', () => {
    for (const type of EVENT_TYPES) {
      for (const state of PHENSYS_STATES) {
        const expected = EXPECTED[type][state]
        const verdict = judgeEvent(type, state)
        expect(verdict.accepted, `${type} in ${state}`).toBe(expected !== undefined)
        if (verdict.accepted) expect(verdict.nextState, `${type} in ${state}`).toBe(expected)
      }
    }
  })

  it('counts an unknown state as non-terminal: only query.raised and rejected fit', () => {
    const accepted = EVENT_TYPES.filter((type) => judgeEvent(type, 'paused_by_phensys').accepted)
    expect(accepted).toEqual(['query.raised', 'rejected'])
  })
})

describe('state table over HTTP: accepted (201) or 409 for every state × event type', () => {
  let sandbox: Sandbox
  let api: Api
  beforeAll(async () => {
    ;({ sandbox, api } = await started())
  })
  afterAll(() => sandbox.close())

  for (const state of PHENSYS_STATES) {
    it(`in ${state}`, async () => {
      const outcomes: string[] = []
      const expected: string[] = []
      for (const type of EVENT_TYPES) {
        const id = await createIn(api, state)
        const reply = await api.event(id, eventBody(type), newKey())
        const after = read.snapshot(await api.get(`/v1/provider/requests/${id}`))
        const target = EXPECTED[type][state]
        expected.push(`${type}: ${target === undefined ? `409 ${state}` : `201 ${target}`}`)
        if (reply.status === 201) {
          const answer = read.accepted(reply)
          expect(answer.eventId).toMatch(/^ev_/)
          expect(answer.request).toEqual(after)
          expect(after.version).toBe(target === state ? 1 : 2)
          const events = read.events(await api.get(`/sandbox/requests/${id}/events`))
          expect(events.map((event) => event.type)).toEqual([type])
        } else if (reply.status === 409) {
          expect(read.error(reply).code).toBe('conflict')
          expect(read.conflictRequest(reply)).toEqual(after)
          expect(after.version).toBe(1)
          expect(read.events(await api.get(`/sandbox/requests/${id}/events`))).toEqual([])
        }
        outcomes.push(`${type}: ${reply.status} ${after.state}`)
      }
      expect(outcomes).toEqual(expected)
    })
  }
})

describe('what accepted events do to the snapshot', () => {
  let sandbox: Sandbox
  let api: Api
  beforeAll(async () => {
    ;({ sandbox, api } = await started())
  })
  afterAll(() => sandbox.close())

  it('a whole happy path bumps the version on each state change and keeps updatedAt current', async () => {
    const id = await createIn(api, 'sent_to_provider', { createdAt: '2026-11-26T08:00:00Z' })
    const steps: [StatusEventType, string, number][] = [
      ['accepted', 'in_fulfilment', 2],
      ['hard_copy.awaiting', 'in_fulfilment', 2],
      ['stock.ordered', 'awaiting_patient_decision', 3],
      ['hard_copy.received', 'awaiting_patient_decision', 3],
      ['stock.available', 'in_fulfilment', 4],
      ['dispensing.started', 'in_fulfilment', 4],
      ['dispensing.labelled', 'in_fulfilment', 4],
      ['dispensing.checked', 'in_fulfilment', 4],
      ['packed', 'in_fulfilment', 4],
      ['dispatched', 'dispatched', 5],
      ['delivered', 'delivered', 6]
    ]
    for (const [type, state, version] of steps) {
      const reply = await api.event(id, eventBody(type), newKey())
      expect(reply.status, type).toBe(201)
      const { request } = read.accepted(reply)
      expect([type, request.state, request.version]).toEqual([type, state, version])
      expect(request.updatedAt > '2026-11-26T08:00:00Z').toBe(true)
      if (state !== 'awaiting_patient_decision') expect(request.options).toBeUndefined()
    }
    const events = read.events(await api.get(`/sandbox/requests/${id}/events`))
    expect(events.map((event) => event.type)).toEqual(steps.map(([type]) => type))
    expect(events.map((event) => event.versionAfter)).toEqual(steps.map(([, , version]) => version))
  })

  it('400 for bodies that do not fit the event schemas', async () => {
    const id = await createIn(api, 'in_fulfilment')
    const bad: Record<string, unknown>[] = [
      { ...eventBody('packed'), data: {} },
      { ...eventBody('packed'), data: { parcels: 0 } },
      { ...eventBody('stock.ordered'), data: { eta: '28/11/2026', lines: ['l1'], wholesaler: 'AAH' } },
      { ...eventBody('stock.ordered'), data: { eta: '2026-11-28', lines: [], wholesaler: 'AAH' } },
      {
        ...eventBody('dispatched'),
        data: { carrier: 'RM', service: 'x', tracking_numbers: [], dispatchedAt: '2026-11-26T10:00:00Z' }
      },
      { ...eventBody('accepted'), occurredAt: '2026-11-26 10:02' },
      { ...eventBody('accepted'), occurredAt: '2026-11-26T10:02:11+01:00' },
      { ...eventBody('accepted'), basedOnVersion: 0 },
      { ...eventBody('accepted'), extra: true },
      { ...eventBody('query.raised'), data: { reason: 'bored', message: 'x' } },
      {
        type: 'accepted',
        occurredAt: '2026-11-26T10:02:11Z',
        basedOnVersion: 1,
        workstation: 'w',
        actor: { id: 'u', name: 'n', role: 'r' }
      },
      { ...eventBody('accepted'), type: 'teleported' }
    ]
    for (const body of bad) {
      const reply = await api.event(id, body, newKey())
      expect(reply.status, JSON.stringify(body)).toBe(400)
      expect(read.error(reply).code).toBe('validation_failed')
    }
    const notJson = await api.post(`/v1/provider/requests/${id}/events`, '{"type":', { 'Idempotency-Key': newKey() })
    expect(notJson.status).toBe(400)
    expect(read.events(await api.get(`/sandbox/requests/${id}/events`))).toEqual([])
  })

  it('404 for an unknown request', async () => {
    const reply = await api.event('fr_unknown', eventBody('accepted'), newKey())
    expect(reply.status).toBe(404)
    expect(read.error(reply).code).toBe('not_found')
  })
})
