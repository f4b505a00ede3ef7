import { afterEach, describe, expect, it } from 'vitest'
import type { Sandbox } from './index'
import { TOKEN, createIn, eventBody, newKey, read, started, type Api } from '../../test/helpers/sandbox'
import { until } from '../../test/helpers/until'

let sandbox: Sandbox | null = null
afterEach(async () => {
  await sandbox?.close()
  sandbox = null
})

async function fresh(): Promise<Api> {
  const run = await started()
  sandbox = run.sandbox
  return run.api
}

/** The status of a call, or the network error's code when nothing answered. */
async function reach(url: string): Promise<number | string> {
  try {
    return (await fetch(url)).status
  } catch (error) {
    return String((error as { cause?: { code?: string } }).cause?.code ?? 'network error')
  }
}

describe('the outage switch', () => {
  it('unavailable: every /v1 call answers 503, health too; control calls still work and end it', async () => {
    const api = await fresh()
    const id = await createIn(api, 'in_fulfilment')
    const begun = await api.put('/sandbox/outage', { mode: 'unavailable' })
    expect(begun).toMatchObject({ status: 200, body: { mode: 'unavailable', until: null } })

    expect((await api.get('/v1/health')).status).toBe(503)
    const feed = await api.get('/v1/provider/feed')
    expect(feed.status).toBe(503)
    expect(read.error(feed).code).toBe('unavailable')
    expect((await api.get(`/v1/provider/requests/${id}`)).status).toBe(503)
    expect((await api.get('/sandbox/outage')).body).toEqual({ mode: 'unavailable', until: null })
    expect((await api.get(`/sandbox/requests/${id}/events`)).status).toBe(200)

    expect((await api.delete('/sandbox/outage')).body).toEqual({ mode: null, until: null })
    expect((await api.get('/v1/health')).status).toBe(200)
    expect(read.snapshot(await api.get(`/v1/provider/requests/${id}`)).id).toBe(id)
  })

  it('unavailable with retryAfterSeconds: the 503s carry Retry-After; no other mode takes one', async () => {
    const api = await fresh()
    expect((await api.put('/sandbox/outage', { mode: 'unavailable', retryAfterSeconds: 1800 })).status).toBe(200)
    const health = await api.get('/v1/health')
    expect(health.status).toBe(503)
    expect(health.headers.get('retry-after')).toBe('1800')
    expect((await api.put('/sandbox/outage', { mode: 'captive_portal', retryAfterSeconds: 60 })).status).toBe(400)
    expect((await api.put('/sandbox/outage', { mode: 'unavailable' })).status).toBe(200)
    expect((await api.get('/v1/health')).headers.get('retry-after')).toBeNull()
  })

  it('unavailable for some seconds ends by itself', async () => {
    const api = await fresh()
    const begun = await api.put('/sandbox/outage', { mode: 'unavailable', seconds: 0.2 })
    expect(Date.parse((begun.body as { until: string }).until)).toBeGreaterThan(Date.now())
    expect((await api.get('/v1/health')).status).toBe(503)
    await until(() => sandbox!.outage.state().mode === null, 'the outage to end')
    expect((await api.get('/v1/health')).status).toBe(200)
  })

  it('hang: /v1 calls are taken and never answered until the outage ends, then cut; control calls still work', async () => {
    const api = await fresh()
    const id = await createIn(api, 'in_fulfilment')
    expect((await api.put('/sandbox/outage', { mode: 'hang' })).status).toBe(200)
    let settled = false
    const held = api.get(`/v1/provider/requests/${id}`).then(
      (reply) => {
        settled = true
        return reply.status
      },
      (error: { cause?: { code?: string } }) => {
        settled = true
        return String(error.cause?.code)
      }
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(settled).toBe(false)
    expect((await api.get(`/sandbox/requests/${id}/events`)).status).toBe(200)
    await api.delete('/sandbox/outage')
    expect(await held).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/)
    expect(read.snapshot(await api.get(`/v1/provider/requests/${id}`)).id).toBe(id)
  })

  it('refuse: connections are refused and a parked long-poll is cut, then it listens on the same port again with nothing lost', async () => {
    const api = await fresh()
    const id = await createIn(api, 'in_fulfilment')
    const parked = api.get('/v1/provider/feed?after=c_000001&wait=30').then(
      (reply) => reply.status,
      () => 'cut'
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect((await api.put('/sandbox/outage', { mode: 'refuse', seconds: 0.5 })).status).toBe(200)
    expect(await parked).toBe('cut')
    await until(() => sandbox!.outage.state().mode === 'refuse', 'the refusal to begin')
    // A kept-alive socket the client has not yet seen closed fails first; a new one is refused.
    expect(await reach(`${api.url}/v1/health`)).toMatch(/^(UND_ERR_SOCKET|ECONNREFUSED|ECONNRESET)$/)
    expect(await reach(`${api.url}/v1/health`)).toBe('ECONNREFUSED')

    await until(() => sandbox!.outage.state().mode === null, 'the outage to end')
    expect(await reach(`${api.url}/v1/health`)).toBe(200)
    expect(read.snapshot(await api.get(`/v1/provider/requests/${id}`)).id).toBe(id)
  })

  it('refuse must say for how long (nothing could reach the sandbox to end it); unknown fields are refused', async () => {
    const api = await fresh()
    expect((await api.put('/sandbox/outage', { mode: 'refuse' })).status).toBe(400)
    expect((await api.put('/sandbox/outage', { mode: 'unavailable', minutes: 2 })).status).toBe(400)
    expect((await api.put('/sandbox/outage', { mode: 'asleep' })).status).toBe(400)
    expect((await api.get('/v1/health')).status).toBe(200)
  })

  it('captive_portal: a status event is answered 200 with an HTML page and never recorded; other calls answer as usual; once ended the same event is taken', async () => {
    const api = await fresh()
    const id = await createIn(api, 'sent_to_provider')
    expect(await api.put('/sandbox/outage', { mode: 'captive_portal' })).toMatchObject({
      status: 200,
      body: { mode: 'captive_portal', until: null }
    })
    const key = newKey()
    const post = () =>
      fetch(`${api.url}/v1/provider/requests/${id}/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify(eventBody('accepted'))
      })
    const portal = await post()
    expect(portal.status).toBe(200)
    expect(portal.headers.get('content-type')).toMatch(/^text\/html/)
    const page = await portal.text()
    expect(page).toMatch(/^<!doctype html>/)
    expect(page).not.toMatch(/eventId/)
    expect(read.events(await api.get(`/sandbox/requests/${id}/events`))).toEqual([])
    // Only the events: Phensys's feed, its requests and its health answer in JSON as ever.
    expect(read.snapshot(await api.get(`/v1/provider/requests/${id}`)).state).toBe('sent_to_provider')
    expect((await api.get('/v1/provider/feed')).status).toBe(200)
    expect((await api.get('/v1/health')).status).toBe(200)
    expect((await api.get('/sandbox/outage')).body).toEqual({ mode: 'captive_portal', until: null })

    await api.delete('/sandbox/outage')
    // The key was never kept: the same event, sent again, is taken as new (201, not a replay).
    const taken = await post()
    expect(taken.status).toBe(201)
    expect(taken.headers.get('idempotent-replayed')).toBeNull()
    expect(((await taken.json()) as { eventId?: unknown }).eventId).toEqual(expect.any(String))
    expect(read.events(await api.get(`/sandbox/requests/${id}/events`)).map((event) => event.type)).toEqual([
      'accepted'
    ])
  })

  it('in-process: a refusing outage ends on request, and closing the sandbox during one is clean', async () => {
    const api = await fresh()
    await sandbox!.outage.begin({ mode: 'refuse', seconds: 60 })
    expect(await reach(`${api.url}/v1/health`)).toBe('ECONNREFUSED')
    await sandbox!.outage.end()
    expect(await reach(`${api.url}/v1/health`)).toBe(200)
    await sandbox!.outage.begin({ mode: 'refuse', seconds: 60 })
    await sandbox!.close()
    sandbox = null
  })
})
