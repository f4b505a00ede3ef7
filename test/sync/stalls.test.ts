/**
 * A request whose look-up by id keeps failing must not stop the sync for good: neither the feed
 * (an entry without a snapshot) nor a re-sync after `410`. The contract-literal Phensys plays
 * Phensys; a small proxy in front of it fails the look-up of chosen requests and strips the
 * snapshot from their feed entries (switches the literal Phensys does not have).
 */
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { staffSession, startLinked, type Linked } from '../helpers/linked'
import { ManualClock } from '../helpers/temp-core'
import { startLiteralPhensys, type Json, type LiteralPhensys } from './literal-phensys'

interface Proxy {
  url: string
  /** Look-ups of these requests are answered with this status. */
  failing: Map<string, number>
  /** Feed entries of these requests come without their snapshot. */
  bare: Set<string>
  /** Look-ups asked, by request id. */
  asked: Map<string, number>
  close(): Promise<void>
}

async function startProxy(target: string): Promise<Proxy> {
  const failing = new Map<string, number>()
  const bare = new Set<string>()
  const asked = new Map<string, number>()
  const upstream = new URL(target)
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    const lookUp = /^\/v1\/provider\/requests\/([^/]+)$/.exec(path)
    if (req.method === 'GET' && lookUp) {
      const id = decodeURIComponent(lookUp[1]!)
      asked.set(id, (asked.get(id) ?? 0) + 1)
      const status = failing.get(id)
      if (status !== undefined) {
        res.writeHead(status, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ error: { code: 'failing', message: `look-up of ${id} fails`, details: [] } }))
        return
      }
    }
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = []
        answer.on('data', (chunk: Buffer) => chunks.push(chunk))
        answer.on('end', () => {
          let body = Buffer.concat(chunks).toString('utf8')
          if (path === '/v1/provider/feed' && answer.statusCode === 200) {
            const page = JSON.parse(body) as { entries: Json[] }
            for (const entry of page.entries) if (bare.has(entry.requestId as string)) delete entry.request
            body = JSON.stringify(page)
          }
          const headers = { ...answer.headers }
          delete headers['content-length']
          res.writeHead(answer.statusCode ?? 502, headers)
          res.end(body)
        })
      }
    )
    req.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    failing,
    bare,
    asked,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function snap(id: string): Json {
  return {
    id,
    tenant: { id: 'lovemylife', name: 'LoveMyLife' },
    route: 'form_consultation',
    prescription: {
      id: `rx ${id}`,
      kind: 'consultation',
      issuedAt: '2026-11-25',
      prescriber: { name: 'Dr A Khan', registration: { body: 'GMC', number: '7012345' } },
      items: [
        {
          lineId: 'l1',
          dmdId: '39695211000001102',
          name: 'Sertraline 50mg tablets',
          quantity: 28,
          unit: 'tablet',
          directions: 'One a day'
        }
      ]
    },
    patient: { id: `pt ${id}`, name: { given: 'Zoe', family: 'Brown' }, dateOfBirth: '1988-04-02' },
    delivery: {
      recipientName: 'Zoe Brown',
      address: { line1: '14 Kirkgate', city: 'Leeds', postcode: 'LS1 6BU', country: 'GB' },
      service: 'royal_mail_tracked_24'
    },
    payment: { status: 'paid', payer: 'patient', reference: `p ${id}` }
  }
}

let lit: LiteralPhensys
let proxy: Proxy
let l: Linked
const clock = new ManualClock()

beforeEach(async () => {
  lit = await startLiteralPhensys()
  proxy = await startProxy(lit.url)
  l = await startLinked({
    coreToken: lit.token,
    through: async () => proxy.url,
    core: { clock, syncTuning: { retryBaseMs: 1_000, retryMaxMs: 60_000, pollWaitSeconds: 0 } }
  })
}, 60_000)
afterEach(async () => {
  await l?.stop()
  await proxy?.close()
  await lit?.close()
})

const stored = (id: string) => l.core.internals.requests.get(id)
const sync = () => l.core.internals.sync
const sql = () => l.core.internals.store.sqlite

async function pulls(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await sync().pullOnce(0)
}

function keptFor(id: string): Array<{ category: string; reason: string; acknowledged_at: string | null }> {
  return sql()
    .prepare('SELECT category, reason, acknowledged_at FROM feed_exceptions WHERE request_id = ? ORDER BY id')
    .all(id) as Array<{ category: string; reason: string; acknowledged_at: string | null }>
}

function eventTypes(id: string): string[] {
  return (sql().prepare('SELECT type FROM outbox WHERE request_id = ? ORDER BY id').all(id) as { type: string }[]).map(
    (row) => row.type
  )
}

it('an entry without a snapshot whose look-up keeps failing holds the feed back a few pulls, then is kept for a person and asked for again', async () => {
  lit.create(snap('fr A/1'))
  await pulls(2)
  expect(stored('fr A/1')?.version).toBe(1)
  // Phensys changes the request, tells it by an entry without the snapshot, and fails its look-up.
  proxy.bare.add('fr A/1')
  proxy.failing.set('fr A/1', 500)
  lit.change('fr A/1', (s) => ((s.delivery as Json).recipientName = 'Z Brown-Lukasik'), 'request.updated')
  lit.create(snap('fr B/2'))
  const cursor = sync().cursor()
  expect(await sync().pullOnce(0)).toBe('retry')
  expect(await sync().pullOnce(0)).toBe('retry')
  expect(sync().cursor(), 'held back for two pulls').toBe(cursor)
  await pulls(3)
  expect(stored('fr B/2'), 'a request created after the entry').toBeTruthy()
  expect(sync().cursor()).not.toBe(cursor)
  const [kept, ...more] = keptFor('fr A/1')
  expect(more).toEqual([])
  expect(kept).toMatchObject({ category: 'awaiting_snapshot', acknowledged_at: null })
  expect(kept?.reason).toMatch(/did not give this request's snapshot.*answered 500.*asks Phensys again/s)
  expect(sync().health().unreadableEntries).toBe(1)
  // Phensys was only briefly away: nothing is rejected.
  expect(eventTypes('fr A/1')).toEqual([])
  expect(stored('fr A/1')?.version).toBe(1)
  // Asked again at a pull once its backoff is over, not before.
  const asked = proxy.asked.get('fr A/1')
  await pulls(2)
  expect(proxy.asked.get('fr A/1')).toBe(asked)
  clock.advance(60_000)
  await pulls(1)
  expect(proxy.asked.get('fr A/1')).toBe(asked! + 1)
  // Phensys answers again: the request is refreshed, the item closed by the counter.
  proxy.failing.delete('fr A/1')
  clock.advance(60_000)
  await pulls(1)
  expect(stored('fr A/1')?.version).toBe(2)
  expect(stored('fr A/1')?.snapshot.delivery.recipientName).toBe('Z Brown-Lukasik')
  expect(keptFor('fr A/1')[0]?.acknowledged_at).not.toBeNull()
  expect(sync().health().unreadableEntries).toBe(0)
  expect(eventTypes('fr A/1')).toEqual([])
})

it('a look-up refused (403) is not asked again in a loop: the entry is kept at once and the request asked for long after', async () => {
  proxy.bare.add('fr C/3')
  proxy.failing.set('fr C/3', 403)
  lit.create(snap('fr C/3'))
  lit.create(snap('fr D/4'))
  await pulls(6)
  expect(stored('fr D/4')).toBeTruthy()
  expect(proxy.asked.get('fr C/3'), 'one look-up over six pulls').toBe(1)
  expect(keptFor('fr C/3')[0]?.reason).toMatch(/answered 403/)
  expect(eventTypes('fr C/3')).toEqual([])
  // Its own id fits the contract, so it is asked again, once a refusal's long wait is over.
  proxy.failing.delete('fr C/3')
  clock.advance(60_000)
  await pulls(1)
  expect(proxy.asked.get('fr C/3')).toBe(2)
  expect(stored('fr C/3')?.version).toBe(1)
})

it('a re-sync whose look-up of one request keeps failing finishes without it after a few tries, and refreshes it later, after a restart', async () => {
  for (const id of ['fr C1', 'fr A1', 'fr C2']) lit.create(snap(id))
  await pulls(3)
  expect(stored('fr A1')?.version).toBe(1)
  lit.expireCursors()
  lit.change('fr A1', (s) => (s.state = 'delivered'), 'request.updated')
  lit.change('fr C1', (s) => (s.state = 'cancelled'), 'request.cancelled')
  lit.expireCursors()
  lit.change('fr C2', (s) => (s.state = 'cancelled'), 'request.cancelled')
  proxy.failing.set('fr A1', 500)
  const expired = lit.stats.expired
  for (let i = 0; i < 6; i++)
    await sync()
      .pullOnce(0)
      .catch(() => 'retry')
  expect(lit.stats.expired - expired, 'the re-sync started over twice, then finished').toBe(3)
  // The open list and the feed followed from its start told the rest.
  expect(stored('fr C1')?.row.phensysState).toBe('cancelled')
  expect(stored('fr C2')?.row.phensysState).toBe('cancelled')
  expect(stored('fr A1')?.row.phensysState).toBe('sent_to_provider')
  // Remembered in the store: a restart does not forget it.
  await l.restart()
  proxy.failing.delete('fr A1')
  clock.advance(60_000)
  await pulls(1)
  expect(stored('fr A1')?.row.phensysState).toBe('delivered')
})

it('an entry without a snapshot whose id is longer than the contract allows is not asked for: kept, and the feed goes on', async () => {
  const long = `fr ${'x'.repeat(63)}`
  lit.append({ kind: 'request.updated', requestId: long, version: 2, at: new Date().toISOString() })
  lit.create(snap('fr E/5'))
  await pulls(2)
  expect(stored('fr E/5')).toBeTruthy()
  expect(proxy.asked.get(long)).toBeUndefined()
  const kept = sql().prepare('SELECT request_id FROM feed_exceptions WHERE raw LIKE ?').all(`%${long}%`)
  expect(kept).toEqual([{ request_id: null }])
})

it('an unreadable version of a request whose snapshot is still awaited is its own item, and Phensys hears request_unreadable', async () => {
  lit.create(snap('fr A/1'))
  await pulls(2)
  proxy.bare.add('fr A/1')
  proxy.failing.set('fr A/1', 500)
  lit.change('fr A/1', (s) => ((s.delivery as Json).recipientName = 'Z Brown-Lukasik'), 'request.updated')
  await pulls(4)
  expect(keptFor('fr A/1').map((kept) => kept.category)).toEqual(['awaiting_snapshot'])
  proxy.bare.delete('fr A/1')
  lit.append({
    kind: 'request.updated',
    requestId: 'fr A/1',
    version: 3,
    at: '2026-11-26T10:00:00Z',
    request: { id: 'fr A/1', version: 3, prescription: { items: 'not a list' } }
  } as never)
  await pulls(2)
  expect(keptFor('fr A/1').map((kept) => [kept.category, kept.acknowledged_at])).toEqual([
    ['awaiting_snapshot', null],
    ['unreadable', null]
  ])
  expect(sync().health().unreadableEntries).toBe(2)
  expect(eventTypes('fr A/1')).toContain('rejected')
})

it('a Retry-After on the look-up of a request asked for again holds back every event, as one on the feed does', async () => {
  lit.create(snap('fr A/1'))
  lit.create(snap('fr B/2'))
  await pulls(2)
  proxy.bare.add('fr A/1')
  proxy.failing.set('fr A/1', 500)
  lit.change('fr A/1', (s) => ((s.delivery as Json).recipientName = 'Z Brown-Lukasik'), 'request.updated')
  await pulls(5)
  expect(keptFor('fr A/1')[0]).toMatchObject({ category: 'awaiting_snapshot' })
  // Asked for again once its backoff is over: Phensys answers 429, asking for 30 seconds.
  proxy.failing.delete('fr A/1')
  lit.fail('request', 1, { status: 429, retryAfter: '30' })
  clock.advance(60_000)
  await pulls(1)
  expect(stored('fr A/1')?.version).toBe(1)
  const staff = await staffSession(l.core, ['dispenser'])
  expect((await l.core.call(staff, 'requests.accept', { id: 'fr B/2' })).ok).toBe(true)
  expect(await sync().pushOnce()).toBe(0)
  expect(lit.accepted('fr B/2')).toEqual([])
  clock.advance(30_000)
  expect(await sync().pushOnce()).toBeGreaterThan(0)
  expect(lit.accepted('fr B/2').map((event) => event.type)).toContain('accepted')
})
