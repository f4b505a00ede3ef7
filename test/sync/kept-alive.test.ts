/**
 * A kept-alive connection closed by the other side while idle (a proxy's or Phensys's idle
 * timeout): the next call on it is reset before any answer. The client sends it again once on a
 * new connection, with the same idempotency key, instead of taking Phensys for away.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { PhensysClient } from '../../src/main/phensys/phensys-client'

let server: Server | null = null
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())))

/** A server that answers the first call on each connection and resets the connection at the next. */
async function resettingServer(): Promise<{ url: string; calls: IncomingMessage[]; connections: () => number }> {
  const calls: IncomingMessage[] = []
  const served = new WeakMap<Socket, number>()
  let connections = 0
  server = createServer((request, response) => {
    calls.push(request)
    const before = served.get(request.socket) ?? 0
    served.set(request.socket, before + 1)
    if (before > 0) return void request.socket.destroy()
    const body = request.method === 'POST' ? { eventId: 'ev_1', request: { id: 'fr_1', version: 2 } } : { ok: true }
    response.writeHead(request.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/json' })
    response.end(JSON.stringify(body))
  })
  server.on('connection', () => (connections += 1))
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, connections: () => connections }
}

describe('a kept-alive connection closed while idle', () => {
  it('a read is sent again on a new connection and answered', async () => {
    const phensys = await resettingServer()
    const client = new PhensysClient({ url: phensys.url, token: 't' })
    try {
      expect(await client.healthy()).toBe(true)
      expect(await client.healthy()).toBe(true)
      expect(phensys.calls).toHaveLength(3)
      expect(phensys.connections()).toBe(2)
    } finally {
      client.close()
    }
  })

  it('an event is sent again with its idempotency key and settles, not taken for Phensys being away', async () => {
    const phensys = await resettingServer()
    const client = new PhensysClient({ url: phensys.url, token: 't' })
    try {
      expect(await client.healthy()).toBe(true)
      const outcome = await client.postEvent('fr_1', 'key-00000001', '{"type":"accepted"}')
      expect(outcome).toMatchObject({ kind: 'accepted', snapshot: { id: 'fr_1', version: 2 } })
      expect(phensys.calls.slice(1).map((call) => call.headers['idempotency-key'])).toEqual([
        'key-00000001',
        'key-00000001'
      ])
    } finally {
      client.close()
    }
  })

  it('when every idle connection was closed, the call sent again goes on a new one, not on another closed one', async () => {
    const phensys = await resettingServer()
    const client = new PhensysClient({ url: phensys.url, token: 't' })
    try {
      // Two calls at once leave two idle connections in the pool.
      expect(await Promise.all([client.healthy(), client.healthy()])).toEqual([true, true])
      expect(phensys.connections()).toBe(2)
      expect(await client.healthy()).toBe(true)
      expect(phensys.connections()).toBe(3)
    } finally {
      client.close()
    }
  })

  it('a new connection reset before any answer is a network failure, as before: sent once', async () => {
    const phensys = await resettingServer()
    server!.removeAllListeners('request')
    server!.on('request', (request: IncomingMessage) => {
      phensys.calls.push(request)
      request.socket.destroy()
    })
    const client = new PhensysClient({ url: phensys.url, token: 't' })
    try {
      expect(await client.request('fr_1')).toMatchObject({ kind: 'retry', unreachable: true })
      expect(phensys.calls).toHaveLength(1)
    } finally {
      client.close()
    }
  })
})
