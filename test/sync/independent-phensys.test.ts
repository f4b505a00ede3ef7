/**
 * The counter against a hand-made minimal Phensys (./hand-made-phensys.ts) answering in ways the
 * contract allows and the sandbox never takes: each test sets one answer and looks at what the
 * counter did with it.
 */
import { afterEach, expect, it } from 'vitest'
import { PhensysClient } from '../../src/main/phensys/phensys-client'
import { SYSTEM_ACTOR } from '../../src/shared/phensys/events'
import { startTempCore, type TempCore } from '../helpers/temp-core'
import { startHandMadePhensys, type Call, type HandMadePhensys, type Json, type Reply } from './hand-made-phensys'
import { handMadeSnapshot as snapshot, linkedToHandMade as linked, unlinkAll } from './hand-made-linked'

let phensys: HandMadePhensys | null = null
let temp: TempCore | null = null

afterEach(async () => {
  await temp?.stop()
  await phensys?.close()
  temp = null
  phensys = null
  await unlinkAll()
})

function eventTypes(t: TempCore, id: string): string[] {
  return t.core.internals.outbox.forRequest(id).map((row) => row.type)
}

it('an entry of a kind the contract does not list, sent with "request": null, is kept for a person: nothing is rejected', async () => {
  const { phensys, temp } = await linked()
  phensys.put(snapshot('fr_IND_KIND'))
  expect(await temp.core.internals.sync.pullOnce(0)).toBe('page')
  const stage = temp.core.internals.requests.get('fr_IND_KIND')?.row.stage
  expect(stage).toBeDefined()
  const before = eventTypes(temp, 'fr_IND_KIND')
  // "more kinds may appear later": one that names a request but carries no snapshot, the field
  // sent as null (null and left out are alike to JSON's writers), for a request held and one not.
  for (const requestId of ['fr_IND_KIND', 'fr_IND_OTHER'])
    phensys.append({ kind: 'request.note_added', requestId, version: 2, at: '2026-11-26T10:00:00Z', request: null })
  expect(await temp.core.internals.sync.pullOnce(0)).toBe('page')
  expect(eventTypes(temp, 'fr_IND_KIND')).toEqual(before)
  expect(eventTypes(temp, 'fr_IND_OTHER')).toEqual([])
  expect(temp.core.internals.requests.get('fr_IND_KIND')?.row.stage).toBe(stage)
  const kept = temp.core.internals.store.sqlite
    .prepare(`SELECT category, kind, request_id AS requestId FROM feed_exceptions ORDER BY id`)
    .all()
  expect(kept).toEqual([
    { category: 'unknown_kind', kind: 'request.note_added', requestId: 'fr_IND_KIND' },
    { category: 'unknown_kind', kind: 'request.note_added', requestId: 'fr_IND_OTHER' }
  ])
  expect(temp.core.internals.sync.cursor()).toBe('k3')
})

it('an entry of a kind the contract does not list whose request is not a whole snapshot is kept for a person: nothing is rejected', async () => {
  const { phensys, temp } = await linked()
  phensys.put(snapshot('fr_IND_PART'))
  expect(await temp.core.internals.sync.pullOnce(0)).toBe('page')
  const stage = temp.core.internals.requests.get('fr_IND_PART')?.row.stage
  const before = eventTypes(temp, 'fr_IND_PART')
  // A later kind may carry only part of the request (here its id, version and a note): no list of
  // items, so no snapshot the counter can read; it says nothing about whether the request can be worked.
  phensys.append({
    kind: 'request.annotated',
    requestId: 'fr_IND_PART',
    version: 2,
    at: '2026-11-26T10:00:00Z',
    request: { id: 'fr_IND_PART', version: 2, note: 'called the patient' }
  })
  expect(await temp.core.internals.sync.pullOnce(0)).toBe('page')
  expect(eventTypes(temp, 'fr_IND_PART')).toEqual(before)
  expect(temp.core.internals.requests.get('fr_IND_PART')?.row.stage).toBe(stage)
  expect(temp.core.internals.store.sqlite.prepare(`SELECT category, kind FROM feed_exceptions`).all()).toEqual([
    { category: 'unknown_kind', kind: 'request.annotated' }
  ])
  expect(temp.core.internals.sync.health().unreadableEntries).toBe(0)
})

/** An `accepted` for a request held, written as a command would; then one push. */
async function acceptedPushed(
  t: TempCore,
  id: string
): Promise<{ status: string; attempts: number; lastError: string | null }> {
  t.core.internals.outbox.enqueue(id, 'accepted', {}, { basedOnVersion: 1, actor: SYSTEM_ACTOR, now: t.clock.now() })
  await t.core.internals.sync.pushOnce()
  const row = t.core.internals.outbox.forRequest(id).find((r) => r.type === 'accepted')!
  return { status: row.status, attempts: row.attempts, lastError: row.lastError }
}

it('a re-sync follows the open list to its last page when Phensys writes its next id as a JSON number', async () => {
  const { phensys, temp } = await linked()
  const a = snapshot('fr_OPEN_A')
  const b = snapshot('fr_OPEN_B')
  phensys.answer = (call) => {
    if (call.path === '/v1/provider/feed' && call.query.get('after') === 'old')
      return { status: 410, body: { error: { code: 'cursor_expired', message: 'too old', details: [] } } }
    if (call.path !== '/v1/provider/requests') return undefined
    return call.query.get('after') === '2'
      ? { status: 200, body: { requests: [b], next: null } }
      : { status: 200, body: { requests: [a], next: 2 } }
  }
  temp.core.internals.store.sqlite.prepare(`INSERT INTO sync_state (key, value) VALUES ('cursor', '"old"')`).run()
  expect(await temp.core.internals.sync.pullOnce(0)).toBe('expired')
  expect(temp.core.internals.requests.get('fr_OPEN_A')).toBeDefined()
  expect(temp.core.internals.requests.get('fr_OPEN_B')).toBeDefined()
})

/** Requests held at the counter (stored from the feed), each event then answered by `post`. */
async function heldWithPosts(
  ids: string[],
  post: (call: Call, phensys: HandMadePhensys) => Reply
): Promise<{ phensys: HandMadePhensys; temp: TempCore }> {
  const link = await linked()
  for (const id of ids) link.phensys.put(snapshot(id))
  await link.temp.core.internals.sync.pullOnce(0)
  link.phensys.answer = (call) => (call.method === 'POST' ? post(call, link.phensys) : undefined)
  return link
}

/** Phensys's answer to an event: the request after it, one version on, in fulfilment, with `fields`. */
function movedOn(phensys: HandMadePhensys, call: Call, fields: Json = {}): Json {
  const id = decodeURIComponent(call.path.split('/')[4] ?? '')
  return { ...phensys.requests.get(id), version: 2, state: 'in_fulfilment', ...fields }
}

it('a 201 whose eventId is a JSON number settles the event: it is not sent again and again', async () => {
  const { phensys, temp } = await heldWithPosts(['fr_EV_NUM'], (call, p) => ({
    status: 201,
    body: { eventId: 912, request: movedOn(p, call) }
  }))
  expect(await acceptedPushed(temp, 'fr_EV_NUM')).toMatchObject({ status: 'sent' })
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(1)
})

it("a 409 whose body is not the contract's (no snapshot, not JSON) waits for a person, not retried", async () => {
  const { phensys, temp } = await heldWithPosts(['fr_409'], () => ({ status: 409, text: 'Conflict' }))
  expect(await acceptedPushed(temp, 'fr_409')).toMatchObject({ status: 'conflict' })
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(1)
})

it('422 validation_failed and 403, with or without details: each waits for a person, not retried', async () => {
  const invalid = {
    code: 'validation_failed',
    message: 'basedOnVersion too high',
    details: [{ field: 'basedOnVersion' }]
  }
  const { phensys, temp } = await heldWithPosts(['fr_422', 'fr_403'], (call) =>
    call.path.includes('fr_422')
      ? { status: 422, body: { error: invalid } }
      : { status: 403, body: { error: { code: 'forbidden', message: 'not your site' } } }
  )
  expect(await acceptedPushed(temp, 'fr_422')).toMatchObject({ status: 'failed' })
  expect(await acceptedPushed(temp, 'fr_403')).toMatchObject({
    status: 'failed',
    lastError: expect.stringContaining('403 forbidden')
  })
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(2)
})

it('an answer whose time is written with fractional seconds and +00:00 is taken as it is', async () => {
  const { temp } = await heldWithPosts(['fr_TZ'], (call, p) => ({
    status: 201,
    body: { eventId: 'ev_tz', request: movedOn(p, call, { updatedAt: '2026-11-26T10:15:00.123456+00:00' }) }
  }))
  expect(await acceptedPushed(temp, 'fr_TZ')).toMatchObject({ status: 'sent' })
  expect(temp.core.internals.requests.get('fr_TZ')?.snapshot.version).toBe(2)
})

it('Phensys served under a path of its host (behind a gateway): every call goes under it, with or without /v1 in the address', async () => {
  phensys = await startHandMadePhensys('gw-token', '/gw')
  phensys.put(snapshot('fr_GW_1'))
  for (const url of [`${phensys.url}/gw`, `${phensys.url}/gw/`, `${phensys.url}/gw/v1`]) {
    const client = new PhensysClient({ url, token: 'gw-token' })
    try {
      expect(await client.healthy()).toBe(true)
      expect(await client.feed(null, 0, 10)).toMatchObject({ kind: 'page', next: 'k1' })
      expect(await client.request('fr_GW_1')).toMatchObject({ kind: 'found', snapshot: { id: 'fr_GW_1' } })
    } finally {
      client.close()
    }
  }
  expect(phensys.calls.filter((call) => call.path.startsWith('(outside'))).toEqual([])
})

it('answers whose request is null (201 and 409): the event settles, and nothing is kept as an unreadable request', async () => {
  const { temp } = await heldWithPosts(['fr_NULL_201', 'fr_NULL_409'], (call) =>
    call.path.includes('fr_NULL_201')
      ? { status: 201, body: { eventId: 'ev_null', request: null } }
      : { status: 409, body: { error: { code: 'conflict', message: 'not now', details: [] }, request: null } }
  )
  expect(await acceptedPushed(temp, 'fr_NULL_201')).toMatchObject({ status: 'sent' })
  expect(await acceptedPushed(temp, 'fr_NULL_409')).toMatchObject({ status: 'conflict' })
  expect(temp.core.internals.store.sqlite.prepare(`SELECT category, reason FROM feed_exceptions`).all()).toEqual([])
  expect(temp.core.internals.sync.health().unreadableEntries).toBe(0)
})

it('an event answered 302 by a captive portal is tried again with the same key, not left for a person; sent once the portal is gone', async () => {
  let portal = true
  const { phensys, temp } = await heldWithPosts(['fr_PORTAL'], (call, p) =>
    portal
      ? {
          status: 302,
          text: '<html><body>Sign in to the guest Wi-Fi</body></html>',
          headers: { Location: 'http://portal.example/login', 'Content-Type': 'text/html' }
        }
      : { status: 201, body: { eventId: 'ev_portal', request: movedOn(p, call) } }
  )
  expect(await acceptedPushed(temp, 'fr_PORTAL')).toMatchObject({ status: 'pending', attempts: 1 })
  portal = false
  temp.clock.advance(60_000)
  await temp.core.internals.sync.pushOnce()
  const row = temp.core.internals.outbox.forRequest('fr_PORTAL')[0]!
  expect(row.status).toBe('sent')
  expect(new Set(phensys.events.map((event) => event.key))).toEqual(new Set([row.idempotencyKey]))
  expect(phensys.events).toHaveLength(2)
})

it('an entry that carries no snapshot, for a request Phensys then answers 404 for, is kept for a person: the request is neither stopped nor rejected', async () => {
  const { phensys, temp } = await linked()
  phensys.put(snapshot('fr_GONE'))
  await temp.core.internals.sync.pullOnce(0)
  const stage = temp.core.internals.requests.get('fr_GONE')?.row.stage
  // Phensys no longer knows the request (purged, or never this provider's): its look-up answers 404.
  phensys.requests.delete('fr_GONE')
  phensys.append({ kind: 'request.cancelled', requestId: 'fr_GONE', version: 2, at: '2026-11-26T10:00:00Z' })
  expect(await temp.core.internals.sync.pullOnce(0)).toBe('page')
  expect(eventTypes(temp, 'fr_GONE')).toEqual([])
  expect(temp.core.internals.requests.get('fr_GONE')?.row.stage).toBe(stage)
  const kept = temp.core.internals.store.sqlite
    .prepare(`SELECT category, reason FROM feed_exceptions WHERE request_id = 'fr_GONE'`)
    .all() as Array<{ category: string; reason: string }>
  expect(kept).toEqual([{ category: 'awaiting_snapshot', reason: expect.stringContaining('404') }])
  expect(temp.core.internals.sync.cursor()).toBe('k2')
})

it('a Phensys that answers a long-poll at once, with no entries, is not asked again at once: a few calls a second at most, not a tight loop', async () => {
  phensys = await startHandMadePhensys()
  // The contract's `wait` answers "after wait seconds with no entries"; this one answers at once.
  temp = await startTempCore({
    phensys: { url: phensys.url, token: phensys.token },
    syncTuning: { retryBaseMs: 1, retryMaxMs: 5, retryAfterMaxMs: 5, pollWaitSeconds: 25 }
  })
  const feedCalls = (): Call[] => phensys!.calls.filter((call) => call.path === '/v1/provider/feed')
  await expect.poll(() => feedCalls().length).toBeGreaterThanOrEqual(2)
  const longPolls = feedCalls().filter((call) => call.query.get('wait') === '25').length
  await new Promise((resolve) => setTimeout(resolve, 3_000))
  expect(feedCalls().filter((call) => call.query.get('wait') === '25').length - longPolls).toBeLessThanOrEqual(3)
  // And an entry still comes through.
  phensys.put(snapshot('fr_NO_LONG_POLL'))
  await expect.poll(() => temp!.core.internals.requests.get('fr_NO_LONG_POLL'), { timeout: 5_000 }).toBeDefined()
})
