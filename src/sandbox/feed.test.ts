import { afterEach, describe, expect, it } from 'vitest'
import { snapshotSchema } from '../shared/phensys/snapshot'
import type { Sandbox } from './index'
import { createIn, drainFeed, eventBody, newKey, read, started, type Api } from '../../test/helpers/sandbox'

let sandbox: Sandbox | null = null
afterEach(async () => {
  await sandbox?.close()
  sandbox = null
})

async function fresh(options: Parameters<typeof started>[0] = {}): Promise<Api> {
  const run = await started(options)
  sandbox = run.sandbox
  return run.api
}

describe('feed paging', () => {
  it('starts at the oldest entry, pages with limit, next and more, and follows after', async () => {
    const api = await fresh()
    const ids: string[] = []
    for (let i = 0; i < 7; i += 1) ids.push(await createIn(api, 'sent_to_provider'))

    const first = read.page(await api.get('/v1/provider/feed?limit=3'))
    expect(first.entries.map((entry) => entry.cursor)).toEqual(['c_000001', 'c_000002', 'c_000003'])
    expect(first.next).toBe('c_000003')
    expect(first.more).toBe(true)
    expect(first.entries[0]).toMatchObject({ kind: 'request.created', requestId: ids[0], version: 1 })
    expect(snapshotSchema.safeParse(first.entries[0]?.request).success).toBe(true)

    const second = read.page(await api.get(`/v1/provider/feed?limit=3&after=${first.next}`))
    expect(second.entries.map((entry) => entry.requestId)).toEqual(ids.slice(3, 6))
    const third = read.page(await api.get(`/v1/provider/feed?limit=3&after=${second.next}`))
    expect(third.entries.map((entry) => entry.requestId)).toEqual(ids.slice(6))
    expect(third.more).toBe(false)
    expect(third.next).toBe('c_000007')

    const empty = read.page(await api.get(`/v1/provider/feed?after=${third.next}`))
    expect(empty).toEqual({ entries: [], next: 'c_000007', more: false })
    expect(read.page(await api.get('/v1/provider/feed'))).toMatchObject({ more: false })
  })

  it('an empty feed answers next null', async () => {
    const api = await fresh()
    expect(read.page(await api.get('/v1/provider/feed'))).toEqual({ entries: [], next: null, more: false })
  })

  it('every change the provider causes appends request.updated with the new version', async () => {
    const api = await fresh()
    const id = await createIn(api, 'sent_to_provider')
    await api.event(id, eventBody('accepted'), newKey())
    await api.event(id, eventBody('dispensing.started'), newKey()) // informational: no change, no entry
    await api.event(id, eventBody('stock.ordered'), newKey())
    const { entries } = await drainFeed(api)
    expect(
      entries.map((entry) => [entry.kind, entry.version, snapshotSchema.safeParse(entry.request).success])
    ).toEqual([
      ['request.created', 1, true],
      ['request.updated', 2, true],
      ['request.updated', 3, true]
    ])
    expect(entries[2]?.request).toMatchObject({
      state: 'awaiting_patient_decision',
      options: ['wait', 'cancel', 'further_consultation']
    })
  })

  it('rejects bad parameters with 400', async () => {
    const api = await fresh()
    for (const query of ['limit=0', 'limit=501', 'limit=x', 'wait=31', 'wait=-1', 'after=123', 'after=c_x']) {
      const reply = await api.get(`/v1/provider/feed?${query}`)
      expect(reply.status, query).toBe(400)
      expect(read.error(reply).code).toBe('validation_failed')
    }
  })
})

describe('long-polling', () => {
  it('answers as soon as an entry arrives', async () => {
    const api = await fresh()
    const started = performance.now()
    const poll = api.get('/v1/provider/feed?wait=10')
    setTimeout(() => void createIn(api, 'sent_to_provider'), 300)
    const page = read.page(await poll)
    const elapsed = performance.now() - started
    expect(page.entries).toHaveLength(1)
    expect(elapsed).toBeGreaterThanOrEqual(250)
    expect(elapsed).toBeLessThan(3000)
  })

  it('answers at once when entries exist', async () => {
    const api = await fresh()
    await createIn(api, 'sent_to_provider')
    const started = performance.now()
    const page = read.page(await api.get('/v1/provider/feed?wait=10'))
    expect(page.entries).toHaveLength(1)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('answers empty after wait seconds when nothing arrives', async () => {
    const api = await fresh()
    const id = await createIn(api, 'sent_to_provider')
    const { next } = await drainFeed(api)
    await api.event(id, eventBody('accepted'), newKey()) // one entry, then silence
    const after = await drainFeed(api, next)
    const started = performance.now()
    const page = read.page(await api.get(`/v1/provider/feed?wait=1.2&after=${after.next}`))
    const elapsed = performance.now() - started
    expect(page).toEqual({ entries: [], next: after.next, more: false })
    expect(elapsed).toBeGreaterThanOrEqual(1150)
    expect(elapsed).toBeLessThan(3000)
  })

  it('close() ends open long-polls promptly', async () => {
    const api = await fresh()
    const poll = api.get('/v1/provider/feed?wait=30')
    await new Promise((resolve) => setTimeout(resolve, 200))
    const started = performance.now()
    await sandbox?.close()
    sandbox = null
    const reply = await poll
    expect(reply.status).toBe(200)
    expect(read.page(reply).entries).toEqual([])
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

describe('retention: 410 cursor_expired', () => {
  it('after POST /sandbox/feed/expire, older cursors are 410 and the feed restarts from its oldest entry', async () => {
    const api = await fresh()
    for (let i = 0; i < 5; i += 1) await createIn(api, 'sent_to_provider')
    const expired = await api.post('/sandbox/feed/expire', { before: 'c_000004' })
    expect(expired.body).toEqual({ purgedThrough: 'c_000003', oldest: 'c_000004' })

    const gone = await api.get('/v1/provider/feed?after=c_000002')
    expect(gone.status).toBe(410)
    expect(read.error(gone).code).toBe('cursor_expired')
    const longPollGone = await api.get('/v1/provider/feed?after=c_000001&wait=5')
    expect(longPollGone.status).toBe(410)

    // c_000003 has seen everything that expired: it still works.
    const fine = read.page(await api.get('/v1/provider/feed?after=c_000003'))
    expect(fine.entries.map((entry) => entry.cursor)).toEqual(['c_000004', 'c_000005'])
    const fromStart = read.page(await api.get('/v1/provider/feed'))
    expect(fromStart.entries[0]?.cursor).toBe('c_000004')
  })

  it('drops entries older than 7 days by the sandbox clock', async () => {
    let now = new Date('2026-11-26T09:00:00Z')
    const api = await fresh({ now: () => now })
    await createIn(api, 'sent_to_provider')
    await createIn(api, 'sent_to_provider')
    const { next } = await drainFeed(api)
    expect(next).toBe('c_000002')

    now = new Date('2026-12-02T09:00:00Z') // six days later: still kept
    await createIn(api, 'sent_to_provider')
    expect(read.page(await api.get('/v1/provider/feed?after=c_000000')).entries).toHaveLength(3)

    now = new Date('2026-12-03T09:00:01Z') // the first two are now older than 7 days
    expect((await api.get('/v1/provider/feed?after=c_000001')).status).toBe(410)
    const caughtUp = read.page(await api.get(`/v1/provider/feed?after=${next}`))
    expect(caughtUp.entries.map((entry) => entry.cursor)).toEqual(['c_000003'])
    expect(read.page(await api.get('/v1/provider/feed')).entries.map((entry) => entry.cursor)).toEqual(['c_000003'])
  })

  it('a cursor the feed never issued is 410 too (e.g. another sandbox database)', async () => {
    const api = await fresh()
    await createIn(api, 'sent_to_provider')
    expect((await api.get('/v1/provider/feed?after=c_000099')).status).toBe(410)
  })

  it('after a 410 the open-requests list re-syncs everything', async () => {
    const api = await fresh()
    const ids = [
      await createIn(api, 'sent_to_provider'),
      await createIn(api, 'in_fulfilment'),
      await createIn(api, 'cancelled')
    ]
    await api.post('/sandbox/feed/expire', { before: 'c_000004' })
    expect((await api.get('/v1/provider/feed?after=c_000001')).status).toBe(410)
    const open = read.requests(await api.get('/v1/provider/requests?open=true'))
    expect(open.requests.map((request) => request.id).sort()).toEqual(ids.slice(0, 2).sort())
  })
})
