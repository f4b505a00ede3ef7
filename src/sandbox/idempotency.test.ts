import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from './index'
import { canonicalJson, fingerprint } from './idempotency'
import { createIn, drainFeed, eventBody, newKey, read, started, type Api } from '../../test/helpers/sandbox'

describe('canonical JSON', () => {
  it('sorts keys, drops whitespace and writes numbers as JSON.stringify does', () => {
    expect(canonicalJson({ b: [1, { z: null, a: 'é' }], a: 1.0 })).toBe('{"a":1,"b":[1,{"a":"é","z":null}]}')
    expect(canonicalJson(JSON.parse('{ "x" : 1.50 , "w":[ ] }'))).toBe('{"w":[],"x":1.5}')
  })

  it('does not depend on key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const shuffled = JSON.parse(JSON.stringify(value, (_key, v: unknown) => reverseKeys(v))) as unknown
        expect(canonicalJson(shuffled)).toBe(canonicalJson(value))
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))
      })
    )
  })

  it('distinguishes the request a body was sent to', () => {
    expect(fingerprint('fr_1', { a: 1 })).not.toBe(fingerprint('fr_2', { a: 1 }))
    expect(fingerprint('fr_1', { a: 1, b: 2 })).toBe(fingerprint('fr_1', { b: 2, a: 1 }))
  })
})

function reverseKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).reverse())
}

describe('Idempotency-Key over HTTP', () => {
  let sandbox: Sandbox
  let api: Api
  beforeAll(async () => {
    ;({ sandbox, api } = await started())
  })
  afterAll(() => sandbox.close())

  it('the same key and body again: the first answer, with Idempotent-Replayed, recorded once', async () => {
    const id = await createIn(api, 'sent_to_provider')
    const key = newKey()
    const first = await api.event(id, eventBody('accepted'), key)
    expect(first.status).toBe(201)
    expect(first.headers.get('idempotent-replayed')).toBeNull()

    // Phensys changes the request meanwhile: the replay still answers the first snapshot.
    await api.post(`/sandbox/requests/${id}/update`, { changes: { delivery: { instructions: 'Ring twice' } } })

    // Same JSON value: other key order and whitespace.
    const body = eventBody('accepted')
    const reordered = `{ "data": {}, "actor": ${JSON.stringify(body.actor)},
      "workstation": "leeds-counter-1", "basedOnVersion": 1.0, "occurredAt": "${String(body.occurredAt)}", "type": "accepted" }`
    const again = await api.post(`/v1/provider/requests/${id}/events`, reordered, { 'Idempotency-Key': key })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
    expect(read.accepted(again).request.version).toBe(2)

    const third = await api.event(id, eventBody('accepted'), key)
    expect(third.body).toEqual(first.body)
    const events = read.events(await api.get(`/sandbox/requests/${id}/events`))
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ type: 'accepted', idempotencyKey: key, eventId: read.accepted(first).eventId })
    // One feed entry for the one change (plus creation and the update).
    const kinds = (await drainFeed(api)).entries.filter((entry) => entry.requestId === id).map((entry) => entry.kind)
    expect(kinds).toEqual(['request.created', 'request.updated', 'request.updated'])
  })

  it('the same key with a different body: 422 idempotency_key_reused, nothing recorded', async () => {
    const id = await createIn(api, 'in_fulfilment')
    const key = newKey()
    expect((await api.event(id, eventBody('dispensing.labelled'), key)).status).toBe(201)
    const changed = await api.event(id, { ...eventBody('dispensing.labelled'), data: { labels: 3 } }, key)
    expect(changed.status).toBe(422)
    expect(read.error(changed).code).toBe('idempotency_key_reused')
    const otherRequest = await createIn(api, 'in_fulfilment')
    const elsewhere = await api.event(otherRequest, eventBody('dispensing.labelled'), key)
    expect(elsewhere.status).toBe(422)
    expect(read.events(await api.get(`/sandbox/requests/${id}/events`))).toHaveLength(1)
    expect(read.events(await api.get(`/sandbox/requests/${otherRequest}/events`))).toHaveLength(0)
  })

  it('400 when the key is missing or malformed (8..128 visible ASCII)', async () => {
    const id = await createIn(api, 'sent_to_provider')
    const missing = await api.post(`/v1/provider/requests/${id}/events`, eventBody('accepted'))
    expect(missing.status).toBe(400)
    expect(read.error(missing).code).toBe('validation_failed')
    for (const key of ['short', 'x'.repeat(129), 'has space!']) {
      expect((await api.event(id, eventBody('accepted'), key)).status, key).toBe(400)
    }
    expect((await api.event(id, eventBody('accepted'), 'x'.repeat(128))).status).toBe(201)
    expect((await api.event(id, eventBody('accepted'), '12345678')).status).toBe(409)
  })

  it('a 409 is final for its key; 400 and 404 are not stored', async () => {
    const id = await createIn(api, 'sent_to_provider')
    const key = newKey()
    const conflict = await api.event(id, eventBody('packed'), key)
    expect(conflict.status).toBe(409)
    await api.event(id, eventBody('accepted'), newKey()) // now packed would fit
    const replay = await api.event(id, eventBody('packed'), key)
    expect(replay.status).toBe(409)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(replay.body).toEqual(conflict.body)

    const reused = newKey()
    expect((await api.event(id, { ...eventBody('packed'), data: {} }, reused)).status).toBe(400)
    expect((await api.event('fr_nobody', eventBody('packed'), reused)).status).toBe(404)
    expect((await api.event(id, eventBody('packed'), reused)).status).toBe(201)
  })

  it('concurrent sends of one key record one event', async () => {
    const id = await createIn(api, 'sent_to_provider')
    const key = newKey()
    const replies = await Promise.all(Array.from({ length: 10 }, () => api.event(id, eventBody('accepted'), key)))
    expect(replies.map((reply) => reply.status)).toEqual(Array(10).fill(201))
    expect(replies.filter((reply) => reply.headers.get('idempotent-replayed') === 'true')).toHaveLength(9)
    expect(read.events(await api.get(`/sandbox/requests/${id}/events`))).toHaveLength(1)
  })
})
