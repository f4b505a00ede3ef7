import { afterEach, describe, expect, it } from 'vitest'
import type { CounterEvent } from '../../src/shared/contract'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'

let linked: Linked | undefined
afterEach(async () => linked?.stop())

function storedSnapshot(l: Linked, id: string): Record<string, unknown> | undefined {
  return l.core.internals.requests.get(id)?.snapshot as Record<string, unknown> | undefined
}

describe('pulling the feed', () => {
  it('stores new requests with the cursor in one step, and a second pull adds nothing', async () => {
    linked = await startLinked({ sandbox: { seed: 'demo' } })
    expect(linked.sandbox.seeded).toBeGreaterThanOrEqual(10)
    await settle(linked.core)
    const rows = linked.core.internals.requests.worklist(true).rows
    expect(rows).toHaveLength(linked.sandbox.seeded)
    const cursor = linked.core.internals.sync.cursor()
    expect(cursor).toMatch(/^c_/)
    const auditBefore = linked.core.internals.audit.list({ limit: 500 }).length
    expect(await linked.core.internals.sync.pullOnce(0)).toBe('page')
    expect(linked.core.internals.audit.list({ limit: 500 })).toHaveLength(auditBefore)
    expect(linked.core.internals.sync.health()).toMatchObject({
      mode: 'live',
      connected: true,
      outboxDepth: 0,
      unreadableEntries: 0
    })
  })

  it('keeps the highest version when entries come twice and out of order', async () => {
    linked = await startLinked({ sandbox: { faults: { duplicateRate: 1, reorderRate: 1, seed: 7 } } })
    await linked.phensys.post('/sandbox/requests', requestBody('fr_DUP1'))
    for (let i = 0; i < 4; i++)
      await linked.phensys.post('/sandbox/requests/fr_DUP1/update', {
        changes: { delivery: { instructions: `note ${i}` } }
      })
    await settle(linked.core)
    const atSandbox = (await linked.phensys.get('/v1/provider/requests/fr_DUP1')).body as { version: number }
    expect(linked.core.internals.requests.get('fr_DUP1')?.version).toBe(atSandbox.version)
    expect(storedSnapshot(linked, 'fr_DUP1')).toMatchObject({ delivery: { instructions: 'note 3' } })
    const counts = linked.sandbox.faults().counts
    expect(counts.duplicatedInPage + counts.redelivered).toBeGreaterThan(0)
    expect(counts.reorderedPages).toBeGreaterThan(0)
  })

  it('ignores a snapshot at or below the stored version', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', requestBody('fr_OLD1'))
    await linked.phensys.post('/sandbox/requests/fr_OLD1/update', { changes: { delivery: { instructions: 'newer' } } })
    await settle(linked.core)
    const { requests, store } = linked.core.internals
    const current = requests.get('fr_OLD1')!
    const older = {
      ...current.snapshot,
      version: current.version - 1,
      delivery: { ...current.snapshot.delivery, instructions: 'older' }
    }
    const same = {
      ...current.snapshot,
      delivery: { ...current.snapshot.delivery, instructions: 'same version, other text' }
    }
    store.sqlite.transaction(() => {
      expect(requests.ingest(older, new Date().toISOString())).toBe('ignored')
      expect(requests.ingest(same, new Date().toISOString())).toBe('ignored')
    })()
    expect(requests.get('fr_OLD1')?.snapshot.delivery.instructions).toBe('newer')
  })

  it('keeps unknown fields and unknown enum values instead of failing on them', async () => {
    linked = await startLinked()
    await linked.phensys.post(
      '/sandbox/requests',
      requestBody('fr_NEW1', {
        loyaltyTier: 'gold',
        delivery: { ...(requestBody('x').delivery as object), service: 'drone_next_hour' }
      })
    )
    await settle(linked.core)
    expect(storedSnapshot(linked, 'fr_NEW1')).toMatchObject({
      loyaltyTier: 'gold',
      delivery: { service: 'drone_next_hour' }
    })
    expect(linked.core.internals.sync.health().unreadableEntries).toBe(0)
  })

  it('keeps an unknown kind of entry without stopping the feed', async () => {
    linked = await startLinked()
    const { store, sync } = linked.core.internals
    const ingest = (
      linked.core.internals as unknown as {
        sync: { deps: { ingest: import('../../src/main/sync/feed-ingest').SnapshotIngest } }
      }
    ).sync.deps.ingest
    const result = { changed: [], unreadable: 0 }
    store.sqlite.transaction(() =>
      ingest.entry(
        { cursor: 'c_9', kind: 'tenant.renamed', requestId: 'fr_X', at: '2026-11-26T10:00:00Z' },
        new Date(),
        result
      )
    )()
    const kept = store.sqlite.prepare(`SELECT category, kind FROM feed_exceptions`).all()
    expect(kept).toEqual([{ category: 'unknown_kind', kind: 'tenant.renamed' }])
    expect(sync.health().unreadableEntries).toBe(0)
  })

  it('keeps an entry that cannot be a request with its reason for a person, tells Phensys once, and goes on', async () => {
    linked = await startLinked()
    // No list of items: this cannot be a request at all.
    const broken = requestBody('fr_BAD1')
    broken.prescription = { ...(broken.prescription as object), items: 'one box of tablets' }
    expect((await linked.phensys.post('/sandbox/requests?unchecked=true', broken)).status).toBe(201)
    await linked.phensys.post('/sandbox/requests', requestBody('fr_GOOD1'))
    await linked.phensys.post('/sandbox/requests?unchecked=true', {
      ...broken,
      id: 'fr_BAD2',
      version: 3,
      prescription: null
    })
    // A missing patient is a gap in a request, not a broken one: stored, and flagged for a person.
    const noPatient = requestBody('fr_GAP1')
    delete noPatient.patient
    await linked.phensys.post('/sandbox/requests?unchecked=true', noPatient)
    await settle(linked.core)

    expect(linked.core.internals.requests.get('fr_GOOD1')).toBeDefined()
    expect(linked.core.internals.requests.get('fr_GAP1')).toBeDefined()
    expect(linked.core.internals.requests.get('fr_BAD1')).toBeUndefined()
    const staff = await staffSession(linked.core)
    const problems = await linked.core.call(staff, 'sync.problems', {})
    expect(problems.ok && problems.value.unreadable.map((entry) => [entry.requestId, entry.reason])).toEqual([
      ['fr_BAD1', expect.stringContaining('no list of items')],
      ['fr_BAD2', expect.stringContaining('no list of items')]
    ])
    expect(problems.ok && problems.value.unreadable[0]?.raw).toContain('"fr_BAD1"')
    const recorded = (await linked.phensys.get('/sandbox/requests/fr_BAD1/events')).body as {
      events: Array<{ type: string; event: { data: { reason: string } } }>
    }
    expect(recorded.events.map((event) => [event.type, event.event.data.reason])).toEqual([
      ['rejected', 'request_unreadable']
    ])
    expect((await linked.phensys.get('/sandbox/requests/fr_GAP1/events')).body).toEqual({ events: [] })
    const first = problems.ok ? problems.value.unreadable[0]!.id : 0
    expect((await linked.core.call(staff, 'sync.acknowledgeEntry', { id: first })).ok).toBe(true)
    expect(linked.core.internals.sync.health().unreadableEntries).toBe(1)
  })

  it('re-syncs from the open requests after 410 cursor_expired, then follows the feed from its start', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', requestBody('fr_R1'))
    await settle(linked.core)
    for (const id of ['fr_R2', 'fr_R3']) await linked.phensys.post('/sandbox/requests', requestBody(id))
    await linked.phensys.post('/sandbox/requests/fr_R1/cancel', { reason: 'patient_request' })
    const feed = (await linked.phensys.get('/v1/provider/feed?limit=500')).body as { next: string }
    expect((await linked.phensys.post('/sandbox/feed/expire', { before: feed.next })).status).toBeLessThan(300)

    expect(await linked.core.internals.sync.pullOnce(0)).toBe('expired')
    expect(linked.core.internals.sync.cursor()).toBeNull()
    const ids = linked.core.internals.requests.worklist(true).rows.map((row) => [row.id, row.stage])
    expect(ids).toEqual(
      expect.arrayContaining([
        ['fr_R1', 'cancelled'],
        ['fr_R2', 'new'],
        ['fr_R3', 'new']
      ])
    )
    await settle(linked.core)
    expect(linked.core.internals.sync.cursor()).toMatch(/^c_/)
  })

  it('raises a contract event for each change that matters at the counter', async () => {
    linked = await startLinked()
    const staff = await staffSession(linked.core)
    const heard: CounterEvent[] = []
    linked.core.subscribe(staff, (event) => heard.push(event))
    await linked.phensys.post('/sandbox/requests', requestBody('fr_EV1'))
    await settle(linked.core)
    await linked.phensys.post('/sandbox/requests/fr_EV1/cancel', { reason: 'patient_request' })
    await settle(linked.core)
    const changes = heard.flatMap((event) => (event.name === 'requests.changed' ? event.payload.changes : []))
    expect(changes).toEqual(
      expect.arrayContaining([
        { requestId: 'fr_EV1', changes: ['new'] },
        { requestId: 'fr_EV1', changes: ['cancelled'] }
      ])
    )
    expect(heard.some((event) => event.name === 'worklist.changed')).toBe(true)
    expect(heard.some((event) => event.name === 'sync.health')).toBe(true)
  })
})
