import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createIn, drainFeed, eventBody, newKey, read, started } from '../../test/helpers/sandbox'
import { openDatabase } from './db'

const dir = mkdtempSync(join(tmpdir(), 'phensys-sandbox-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('--db: state survives a restart', () => {
  it('keeps requests, the feed and its cursors, the event log and idempotency keys', async () => {
    const dbFile = join(dir, 'sandbox.sqlite')
    const first = await started({ dbFile, seed: 'demo' })
    const id = await createIn(first.api, 'sent_to_provider')
    const key = newKey()
    const accepted = await first.api.event(id, eventBody('accepted'), key)
    const feed = await drainFeed(first.api)
    await first.api.post('/sandbox/feed/expire', { before: 'c_000003' })
    await first.sandbox.close()

    const second = await started({ dbFile, seed: 'demo' })
    try {
      expect(second.sandbox.seeded).toBe(0)
      expect(read.snapshot(await second.api.get(`/v1/provider/requests/${id}`))).toMatchObject({
        state: 'in_fulfilment',
        version: 2
      })
      const replay = await second.api.event(id, eventBody('accepted'), key)
      expect(replay.headers.get('idempotent-replayed')).toBe('true')
      expect(replay.body).toEqual(accepted.body)
      expect(read.events(await second.api.get(`/sandbox/requests/${id}/events`))).toHaveLength(1)
      expect((await second.api.get('/v1/provider/feed?after=c_000001')).status).toBe(410)
      expect(read.page(await second.api.get(`/v1/provider/feed?after=${feed.next}`)).entries).toEqual([])
      await createIn(second.api, 'sent_to_provider')
      const after = read.page(await second.api.get(`/v1/provider/feed?after=${feed.next}`))
      expect(after.entries.map((entry) => Number(entry.cursor.slice(2)))).toEqual([feed.entries.length + 1])
    } finally {
      await second.sandbox.close()
    }
  })
})

describe('durable: false (tools that would rebuild after a crash)', () => {
  it('skips flushing each commit to disk, and what was committed is still there after a clean close', async () => {
    const dbFile = join(dir, 'fast.sqlite')
    const durable = openDatabase(join(dir, 'durable.sqlite'))
    expect(durable.pragma('synchronous', { simple: true })).toBe(2)
    durable.close()
    const fast = openDatabase(dbFile, { durable: false })
    expect(fast.pragma('synchronous', { simple: true })).toBe(0)
    fast.close()

    const first = await started({ dbFile, durable: false })
    const id = await createIn(first.api, 'sent_to_provider')
    await first.sandbox.close()
    const second = await started({ dbFile })
    try {
      expect(read.snapshot(await second.api.get(`/v1/provider/requests/${id}`))).toMatchObject({ id, version: 1 })
    } finally {
      await second.sandbox.close()
    }
  })
})

describe('a database made before the feed was indexed by when each entry went out', () => {
  it('opens, gains the index, and keeps what it held', () => {
    const dbFile = join(dir, 'first-schema.sqlite')
    const db = openDatabase(dbFile)
    db.exec('DROP INDEX feed_by_emitted')
    db.pragma('user_version = 1')
    db.prepare(
      `INSERT INTO feed (kind, request_id, version, at, emitted_ms, request) VALUES ('request.created', 'fr_1', 1, '', 5, '{}')`
    ).run()
    db.close()

    const opened = openDatabase(dbFile)
    try {
      expect(opened.pragma('user_version', { simple: true })).toBe(2)
      expect(opened.prepare(`SELECT name FROM sqlite_master WHERE name = 'feed_by_emitted'`).get()).toBeDefined()
      expect(opened.prepare('SELECT request_id FROM feed').all()).toEqual([{ request_id: 'fr_1' }])
    } finally {
      opened.close()
    }
  })
})
