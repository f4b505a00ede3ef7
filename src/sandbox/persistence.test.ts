import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createIn, drainFeed, eventBody, newKey, read, started } from '../../test/helpers/sandbox'

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
