/**
 * Final outbox events (sent, superseded, set aside) keep what was told to Phensys deflated; an event
 * that can still go keeps its body as it is, and its key unique. Against the sandbox on loopback.
 */
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { FinalEventPacking } from '../../src/main/maintenance'
import { EVENT_DICTIONARY } from '../../src/main/phensys/outbox-packing'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { ManualClock } from '../helpers/temp-core'

let linked: Linked | undefined
afterEach(async () => {
  await linked?.stop()
  linked = undefined
})

interface StoredEvent {
  id: number
  status: string
  body: string
  packed: Buffer | null
  key: string
}

function stored(l: Linked): StoredEvent[] {
  return l.core.internals.store.sqlite
    .prepare('SELECT id, status, body, body_packed AS packed, idempotency_key AS key FROM outbox ORDER BY id')
    .all() as StoredEvent[]
}

describe('final outbox events kept deflated', () => {
  it('keeps a sent event’s body deflated, reads it back as it was sent, and after a restart sends nothing again', async () => {
    linked = await startLinked({ core: { clock: new ManualClock() } })
    await linked.phensys.post('/sandbox/requests', requestBody('fr_PACK'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    await linked.core.call(staff, 'requests.accept', { id: 'fr_PACK' })
    await settle(linked.core)
    const before = stored(linked)
    expect(before.map((row) => row.status)).toEqual(['sent', 'sent'])

    const packing = new FinalEventPacking({ db: linked.core.internals.store.db, log: () => undefined })
    expect(packing.packAll()).toBe(2)
    const after = stored(linked)
    for (const [i, row] of after.entries()) {
      expect(row).toMatchObject({ body: '', key: before[i]!.key })
      expect(row.packed!.length).toBeLessThan(before[i]!.body.length / 2)
    }

    const core = await linked.restart()
    expect(await core.internals.sync.pushOnce()).toBe(0)
    expect(
      core.internals.outbox.forRequest('fr_PACK').map((row) => [row.status, row.body, row.idempotencyKey])
    ).toEqual(before.map((row) => ['sent', row.body, row.key]))
    const admin = await staffSession(core, ['pharmacist'])
    const history = await core.call(admin, 'sync.history', { limit: 10, requestId: 'fr_PACK' })
    expect(history.ok && history.value.map((event) => event.body)).toEqual(
      [...before].reverse().map((row) => JSON.parse(row.body) as unknown)
    )
    const recorded = (
      (await linked.phensys.get('/sandbox/requests/fr_PACK/events')).body as {
        events: Array<{ idempotencyKey: string }>
      }
    ).events
    expect(recorded.map((event) => event.idempotencyKey)).toEqual(before.map((row) => row.key))
  })

  it('leaves an event that can still go as it is, its key unique among those', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', requestBody('fr_WAIT'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    await linked.core.call(staff, 'requests.accept', { id: 'fr_WAIT' })
    // Not pushed yet: the events wait.
    const waiting = stored(linked)
    expect(waiting.map((row) => row.status)).toEqual(['pending', 'pending'])
    expect(new FinalEventPacking({ db: linked.core.internals.store.db, log: () => undefined }).packAll()).toBe(0)
    expect(stored(linked)).toEqual(waiting)

    const copy = linked.core.internals.store.sqlite.prepare(
      `INSERT INTO outbox (request_id, type, idempotency_key, body, created_at, next_attempt_at)
       SELECT request_id, type, idempotency_key, body, created_at, next_attempt_at FROM outbox WHERE id = ?`
    )
    expect(() => copy.run(waiting[0]!.id)).toThrow(/UNIQUE/)
    await settle(linked.core)
    expect(stored(linked).map((row) => row.status)).toEqual(['sent', 'sent'])
  })

  it('compacting the store on demand packs every final event first', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', requestBody('fr_COMPACT'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    await linked.core.call(staff, 'requests.accept', { id: 'fr_COMPACT' })
    await settle(linked.core)
    expect(stored(linked).every((row) => row.status === 'sent' && row.body !== '')).toBe(true)
    const owner = linked.core.openSession()
    const admin = await linked.core.call(owner, 'auth.signIn', { username: 'owner', secret: '864209' })
    if (!admin.ok) throw new Error(admin.error.message)
    const compacted = await linked.core.call(admin.renewedSessionId ?? owner, 'store.compact', {})
    expect(compacted).toMatchObject({ ok: true, value: { freeBytes: 0 } })
    expect(stored(linked).every((row) => row.body === '' && row.packed !== null)).toBe(true)
  })

  it('packs with a dictionary that never changes (events packed with it are read with it)', () => {
    expect(createHash('sha256').update(EVENT_DICTIONARY).digest('hex')).toBe(
      '1cad2c14637a17894eaa16eb3cf133909d7efe05689272503ac7f81322423301'
    )
  })
})
