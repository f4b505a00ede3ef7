import { afterEach, describe, expect, it } from 'vitest'
import type { StatusEventType } from '../shared/phensys/events'
import type { FeedEntry } from '../shared/phensys/snapshot'
import type { Sandbox } from './index'
import {
  apiFor,
  createIn,
  drainFeed,
  eventBody,
  newKey,
  read,
  seqOf,
  started,
  type Api
} from '../../test/helpers/sandbox'

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

/** Sends and reports the status, or `dropped` when the socket closed without an answer. */
async function attempt(send: () => Promise<{ status: number }>): Promise<number | 'dropped'> {
  try {
    return (await send()).status
  } catch {
    return 'dropped'
  }
}

describe('fault injection (seeded)', () => {
  it('errors: 503 / 429 with Retry-After, 500 without; nothing committed', async () => {
    const api = await fresh()
    const id = await createIn(api, 'sent_to_provider')
    const settings = await api.put('/sandbox/faults', { errorRate: 1, retryAfterSeconds: 2, seed: 7 })
    expect(settings.status).toBe(200)
    const seen = new Map<number, number>()
    for (let i = 0; i < 40; i += 1) {
      const reply = await api.event(id, eventBody('accepted'), newKey())
      seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1)
      expect([503, 429, 500]).toContain(reply.status)
      expect(reply.headers.get('retry-after')).toBe(reply.status === 500 ? null : '2')
      expect(read.error(reply).code).toBe({ 503: 'unavailable', 429: 'rate_limited', 500: 'internal' }[reply.status])
    }
    expect([...seen.keys()].sort()).toEqual([429, 500, 503])
    expect((seen.get(503) ?? 0) > (seen.get(429) ?? 0)).toBe(true)
    expect(read.events(await api.get(`/sandbox/requests/${id}/events`))).toEqual([])
    // Health and control calls never misbehave.
    expect((await apiFor(api.url, null).get('/v1/health')).status).toBe(200)
    expect(read.snapshot(await api.post('/sandbox/requests/' + id + '/update', { changes: {} })).version).toBe(2)
    const counts = (await api.get('/sandbox/faults')).body as { counts: Record<string, number> }
    expect(counts.counts.errors503! + counts.counts.errors429! + counts.counts.errors500!).toBe(40)
  })

  it('drop after commit: the change is kept, the retry with the same key is replayed', async () => {
    const api = await fresh()
    const id = await createIn(api, 'sent_to_provider')
    await api.put('/sandbox/faults', { dropAfterCommitRate: 1, seed: 1 })
    const key = newKey()
    expect(await attempt(() => api.event(id, eventBody('accepted'), key))).toBe('dropped')
    expect(await attempt(() => api.event(id, eventBody('accepted'), key))).toBe('dropped')
    expect(read.events(await api.get(`/sandbox/requests/${id}/events`))).toHaveLength(1)
    expect(await attempt(() => api.get('/v1/provider/feed'))).toBe('dropped')

    await api.put('/sandbox/faults', {})
    const retry = await api.event(id, eventBody('accepted'), key)
    expect(retry.status).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(read.accepted(retry).request).toMatchObject({ state: 'in_fulfilment', version: 2 })
    expect(read.events(await api.get(`/sandbox/requests/${id}/events`))).toHaveLength(1)
  })

  it('answer latency: the event is recorded before its answer is on the way back', async () => {
    const api = await fresh()
    const id = await createIn(api, 'sent_to_provider')
    await api.put('/sandbox/faults', { answerLatencyMs: 400, seed: 1 })
    let answered = false
    const sent = api.event(id, eventBody('accepted'), newKey()).then((reply) => {
      answered = true
      return reply
    })
    const deadline = Date.now() + 5_000
    while (read.events(await api.get(`/sandbox/requests/${id}/events`)).length === 0) {
      if (Date.now() > deadline) throw new Error('never recorded')
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(answered).toBe(false)
    expect((await sent).status).toBe(201)
    const counts = (await api.get('/sandbox/faults')).body as { counts: Record<string, number> }
    expect(counts.counts.answersDelayed).toBe(1)
  })

  it('duplicates: repeated in a page and redelivered under new cursors; the feed still ends', async () => {
    const api = await fresh()
    for (let i = 0; i < 6; i += 1) await createIn(api, 'sent_to_provider')
    await api.put('/sandbox/faults', { duplicateRate: 1, seed: 3 })
    // Copies appended while a page was read show up on the next poll, like new entries.
    const entries: FeedEntry[] = []
    let next: string | null = null
    for (let polls = 0; polls < 20; polls += 1) {
      const drained = await drainFeed(api, next, 10)
      if (drained.entries.length === 0) break
      entries.push(...drained.entries)
      next = drained.next
    }
    const cursors = entries.map((entry) => entry.cursor)
    const originals = ['c_000001', 'c_000002', 'c_000003', 'c_000004', 'c_000005', 'c_000006']
    for (const cursor of originals) expect(cursors).toContain(cursor)
    expect(new Set(cursors).size).toBeLessThan(cursors.length) // repeated under the same cursor
    const copies = entries.filter((entry) => seqOf(entry.cursor) > 6)
    expect(copies.length).toBeGreaterThan(0) // redelivered under a new cursor
    for (const copy of copies) {
      const original = entries.find((entry) => seqOf(entry.cursor) <= 6 && entry.requestId === copy.requestId)
      expect(copy).toEqual({ ...original, cursor: copy.cursor })
    }
    expect(seqOf(next ?? 'c_0')).toBe(Math.max(...cursors.map(seqOf)))
    const counts = ((await api.get('/sandbox/faults')).body as { counts: Record<string, number> }).counts
    expect(counts.duplicatedInPage).toBeGreaterThan(0)
    expect(counts.redelivered).toBe(new Set(copies.map((copy) => copy.cursor)).size)
  })

  it('reorder: entries of a page come shuffled, next is still the highest cursor', async () => {
    const api = await fresh()
    for (let i = 0; i < 5; i += 1) await createIn(api, 'sent_to_provider')
    await api.put('/sandbox/faults', { reorderRate: 1, seed: 11 })
    const page = read.page(await api.get('/v1/provider/feed?limit=5'))
    const cursors = page.entries.map((entry) => entry.cursor)
    expect(cursors).not.toEqual([...cursors].sort())
    expect([...cursors].sort()).toEqual(['c_000001', 'c_000002', 'c_000003', 'c_000004', 'c_000005'])
    expect(page.next).toBe('c_000005')
  })

  it('latency delays provider calls only', async () => {
    const api = await fresh()
    await api.put('/sandbox/faults', { latencyMs: 300, seed: 5 })
    let started = performance.now()
    expect((await api.get('/v1/provider/feed')).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    started = performance.now()
    await api.get('/v1/health')
    await api.get('/sandbox/faults')
    expect(performance.now() - started).toBeLessThan(250)
  })

  it('the same seed reproduces the same schedule', async () => {
    const schedule = async (seed: number): Promise<string[]> => {
      const api = await fresh()
      for (let i = 0; i < 6; i += 1) await createIn(api, 'in_fulfilment')
      await api.put('/sandbox/faults', {
        errorRate: 0.3,
        dropAfterCommitRate: 0.2,
        duplicateRate: 0.3,
        reorderRate: 0.5,
        jitterMs: 5,
        seed
      })
      const log: string[] = []
      for (let i = 0; i < 25; i += 1) {
        try {
          const reply = await api.get(`/v1/provider/feed?limit=3&after=c_00000${i % 4}`)
          const cursors =
            reply.status === 200
              ? read
                  .page(reply)
                  .entries.map((entry) => entry.cursor)
                  .join(',')
              : ''
          log.push(`${reply.status}:${cursors}`)
        } catch {
          log.push('dropped')
        }
      }
      await sandbox?.close()
      sandbox = null
      return log
    }
    const first = await schedule(42)
    expect(await schedule(42)).toEqual(first)
    expect(await schedule(43)).not.toEqual(first)
    expect(first.some((line) => line === 'dropped')).toBe(true)
    expect(first.some((line) => line.startsWith('503') || line.startsWith('429') || line.startsWith('500'))).toBe(true)
  })

  it('under every fault at once, a retrying client gets each event recorded exactly once, in order', async () => {
    const api = await fresh()
    const ids = [await createIn(api, 'sent_to_provider'), await createIn(api, 'sent_to_provider')]
    await api.put('/sandbox/faults', {
      errorRate: 0.3,
      dropAfterCommitRate: 0.3,
      duplicateRate: 0.5,
      reorderRate: 0.5,
      retryAfterSeconds: 0,
      seed: 2026
    })
    const plan: StatusEventType[] = [
      'accepted',
      'hard_copy.awaiting',
      'hard_copy.received',
      'dispensing.started',
      'dispensing.labelled',
      'dispensing.checked',
      'packed',
      'dispatched',
      'delivered'
    ]
    for (const id of ids) {
      for (const type of plan) {
        const key = newKey()
        let status: number | 'dropped' = 'dropped'
        for (let tries = 0; tries < 100 && (status === 'dropped' || status >= 429); tries += 1) {
          status = await attempt(() => api.event(id, eventBody(type), key))
        }
        expect(status, type).toBe(201)
      }
    }
    await api.put('/sandbox/faults', {})
    for (const id of ids) {
      const events = read.events(await api.get(`/sandbox/requests/${id}/events`))
      expect(events.map((event) => event.type)).toEqual(plan)
      expect(read.snapshot(await api.get(`/v1/provider/requests/${id}`))).toMatchObject({
        state: 'delivered',
        version: 4
      })
    }
    // The feed kept every version of every request (reading it with faults on, at least once each).
    await api.put('/sandbox/faults', { errorRate: 0.2, duplicateRate: 0.5, reorderRate: 0.5, seed: 9 })
    const seen = new Set<string>()
    let cursor: string | null = null
    for (let pages = 0; pages < 500; pages += 1) {
      const reply = await api.get(`/v1/provider/feed?limit=3${cursor ? `&after=${cursor}` : ''}`)
      if (reply.status !== 200) continue
      const page = read.page(reply)
      for (const entry of page.entries) seen.add(`${entry.requestId}@${entry.version}`)
      cursor = page.next
      if (!page.more) break
    }
    for (const id of ids) for (const version of [1, 2, 3, 4]) expect(seen).toContain(`${id}@${version}`)
  })

  it('rejects settings out of range', async () => {
    const api = await fresh()
    expect((await api.put('/sandbox/faults', { errorRate: 1.5 })).status).toBe(400)
    expect((await api.put('/sandbox/faults', { typo: 1 })).status).toBe(400)
  })
})
