import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from './index'
import { apiFor, createIn, eventBody, newKey, read, started, TOKEN, type Api } from '../../test/helpers/sandbox'

let sandbox: Sandbox
let api: Api
let requestId: string

beforeAll(async () => {
  ;({ sandbox, api } = await started())
  requestId = await createIn(api, 'sent_to_provider')
})
afterAll(() => sandbox.close())

describe('bearer token', () => {
  it('health needs no token', async () => {
    const reply = await apiFor(sandbox.url, null).get('/v1/health')
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ status: 'ok' })
    expect(String((reply.body as { time: string }).time)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  })

  const protectedCalls: [string, (api: Api) => Promise<{ status: number; headers: Headers; body: unknown }>][] = [
    ['feed', (a) => a.get('/v1/provider/feed')],
    ['open requests', (a) => a.get('/v1/provider/requests?open=true')],
    ['one request', (a) => a.get(`/v1/provider/requests/${requestId}`)],
    ['events', (a) => a.event(requestId, eventBody('accepted'), newKey())],
    ['control: create', (a) => a.post('/sandbox/requests', {})],
    ['control: faults', (a) => a.put('/sandbox/faults', {})],
    ['unknown path', (a) => a.get('/v1/nothing-here')]
  ]

  for (const [name, call] of protectedCalls) {
    it(`401 without a token: ${name}`, async () => {
      const reply = await call(apiFor(sandbox.url, null))
      expect(reply.status).toBe(401)
      expect(read.error(reply).code).toBe('unauthorized')
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/)
    })
    it(`401 with a wrong token: ${name}`, async () => {
      const reply = await call(apiFor(sandbox.url, `${TOKEN}x`))
      expect(reply.status).toBe(401)
      expect(read.error(reply).code).toBe('unauthorized')
    })
  }

  it('401 for another scheme carrying the right token', async () => {
    const reply = await apiFor(sandbox.url, null).get('/v1/provider/feed', { Authorization: `Basic ${TOKEN}` })
    expect(reply.status).toBe(401)
  })

  it('nothing changed behind a 401', async () => {
    const reply = await api.get(`/sandbox/requests/${requestId}/events`)
    expect(read.events(reply)).toEqual([])
    expect(read.snapshot(await api.get(`/v1/provider/requests/${requestId}`)).state).toBe('sent_to_provider')
  })

  it('with the token: 404 for unknown paths and requests, 405 for a wrong method', async () => {
    expect((await api.get('/v1/nothing-here')).status).toBe(404)
    const missing = await api.get('/v1/provider/requests/fr_nope')
    expect(missing.status).toBe(404)
    expect(read.error(missing).code).toBe('not_found')
    const wrongMethod = await api.post('/v1/provider/feed', {})
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get('allow')).toBe('GET')
  })
})
