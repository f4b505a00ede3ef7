/**
 * The final events of a request closed a week are packed together (maintenance/closed-events.ts):
 * every reader (the outbox's own, the sync screen) reads each event as before, a restart sends none
 * of them again, and an event that can still go is never touched. Against the sandbox on loopback,
 * and on a store alone for what the sandbox cannot make happen.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/db/open'
import { RequestsRepo } from '../../src/main/fulfilment'
import { ClosedEventGrouping, FinalEventPacking } from '../../src/main/maintenance'
import { Outbox, type OutboxRow } from '../../src/main/phensys'
import {
  packEvent,
  packEventGroup,
  unpackEventGroup,
  type PackedEventFields
} from '../../src/main/phensys/outbox-packing'
import { snapshotSchema } from '../../src/shared/phensys/snapshot'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { ManualClock, tempDir } from '../helpers/temp-core'

const DAY = 86_400_000

let linked: Linked | undefined
afterEach(async () => {
  await linked?.stop()
  linked = undefined
})

/** An event as its readers see it: every field but how it is stored. */
function asRead({ bodyPacked: _, eventPacked: __, ...row }: OutboxRow): Omit<OutboxRow, 'bodyPacked' | 'eventPacked'> {
  return row
}

function keysPhensysRecorded(l: Linked, id: string): Promise<string[]> {
  return l.phensys
    .get(`/sandbox/requests/${id}/events`)
    .then((answer) =>
      (answer.body as { events: Array<{ idempotencyKey: string }> }).events.map((e) => e.idempotencyKey)
    )
}

describe("a closed request's final events packed together", () => {
  it('only a week after the request closed; every event reads back as it was, on the sync screen too; after a crash none goes again', async () => {
    const clock = new ManualClock()
    linked = await startLinked({ core: { clock } })
    for (const id of ['fr_DONE', 'fr_RECENT', 'fr_OPEN'])
      await linked.phensys.post('/sandbox/requests', requestBody(id))
    await settle(linked.core)
    const pharmacist = await staffSession(linked.core, ['pharmacist'])
    for (const id of ['fr_DONE', 'fr_RECENT', 'fr_OPEN']) await linked.core.call(pharmacist, 'requests.accept', { id })
    // A fresh sign-in each time: days pass between them.
    const reject = async (id: string) =>
      linked!.core.call(await staffSession(linked!.core, ['pharmacist']), 'requests.reject', {
        id,
        reason: 'clinical',
        message: 'Not clinically appropriate; the prescriber has been told why.'
      })
    expect(await reject('fr_DONE')).toMatchObject({ ok: true, value: { row: { stage: 'rejected' } } })
    await settle(linked.core)
    clock.advance(6 * DAY)
    expect(await reject('fr_RECENT')).toMatchObject({ ok: true, value: { row: { stage: 'rejected' } } })
    await settle(linked.core)
    clock.advance(2 * DAY)

    const { core } = linked
    const { db, sqlite } = core.internals.store
    new FinalEventPacking({ db, log: () => undefined }).packAll()
    const ids = ['fr_DONE', 'fr_RECENT', 'fr_OPEN']
    const read = () => ({
      events: ids.map((id) => core.internals.outbox.forRequest(id).map(asRead)),
      one: ids.map((id) => asRead(core.internals.outbox.byId(core.internals.outbox.forRequest(id)[0]!.id)!))
    })
    const before = read()
    expect(before.events[0]!.map((event) => event.type)).toEqual(['accepted', 'stock.supply_issue', 'rejected'])
    const admin = await staffSession(core, ['pharmacist'])
    const screen = async (c = core) => ({
      all: await c.call(admin, 'sync.history', { limit: 50 }),
      done: await c.call(admin, 'sync.history', { limit: 50, requestId: 'fr_DONE' })
    })
    const screenBefore = await screen()
    expect(screenBefore.done).toMatchObject({ ok: true })

    const grouping = new ClosedEventGrouping({ db, now: () => clock.now(), log: () => undefined })
    expect(grouping.packAll()).toBe(1)
    expect(sqlite.prepare('SELECT request_id FROM outbox_closed').pluck().all()).toEqual(['fr_DONE'])
    const kept = sqlite
      .prepare('SELECT request_id AS requestId, length(event_packed) AS packed FROM outbox ORDER BY id')
      .all() as Array<{ requestId: string; packed: number }>
    for (const row of kept) expect(row.packed === 0, row.requestId).toBe(row.requestId === 'fr_DONE')
    expect(read()).toEqual(before)
    expect(await screen()).toEqual(screenBefore)
    expect(grouping.packAll()).toBe(0)

    const again = await linked.crash()
    expect(again.internals.outbox.forRequest('fr_DONE').map(asRead)).toEqual(before.events[0])
    await linked.phensys.post('/sandbox/requests', requestBody('fr_NEXT'))
    await settle(again)
    const staff = await staffSession(again, ['pharmacist'])
    await again.call(staff, 'requests.accept', { id: 'fr_NEXT' })
    await settle(again)
    expect(again.internals.outbox.forRequest('fr_NEXT').map((row) => row.status)).toEqual(['sent', 'sent'])
    expect(await keysPhensysRecorded(linked, 'fr_DONE')).toEqual(before.events[0]!.map((row) => row.idempotencyKey))
  })
})

describe('closed requests’ events on a store alone', () => {
  const NOW = new Date('2026-11-26T12:00:00.000Z')
  const actor = { id: 'u_314d7992-b63a-4d71-a6a8-c33618025ebe', name: 'Alex Jones', role: 'dispenser' as const }

  it('adds an event settled after its request was packed to the group, and leaves one that can still go as it is', () => {
    const dir = tempDir()
    const store = openStore(join(dir.path, 'counter.sqlite'))
    try {
      const requests = new RequestsRepo(store.db)
      const outbox = new Outbox(store.db, () => 'counter-1')
      const body = requestBody('fr_LATE') as Record<string, unknown>
      const snapshot = snapshotSchema.parse({
        ...body,
        version: 1,
        state: 'delivered',
        createdAt: '2026-11-01T09:00:00Z',
        updatedAt: '2026-11-01T09:00:00Z'
      })
      store.sqlite.transaction(() => requests.ingest(snapshot, NOW.toISOString()))()
      store.sqlite
        .prepare("UPDATE requests SET stage = 'delivered', stage_since = ? WHERE id = 'fr_LATE'")
        .run(new Date(NOW.getTime() - 10 * DAY).toISOString())
      const event = (n: number) =>
        outbox.enqueue('fr_LATE', 'dispensing.labelled', { labels: n }, { basedOnVersion: 1, actor, now: NOW })
      const sent = (id: number) => outbox.markSent(id, NOW, { version: 2, state: 'delivered' })
      sent(event(1))
      sent(event(2))
      const failed = event(3)
      outbox.markForPerson(failed, 'failed', NOW, 'refused', undefined)
      const packing = new FinalEventPacking({ db: store.db, log: () => undefined })
      const grouping = new ClosedEventGrouping({ db: store.db, now: () => NOW, log: () => undefined })
      packing.packAll()
      const firstTwo = outbox.forRequest('fr_LATE').map(asRead)
      expect(grouping.packAll()).toBe(1)
      const late = event(4)
      sent(late)
      packing.packAll()
      const all = outbox.forRequest('fr_LATE').map(asRead)
      expect(grouping.packAll()).toBe(1)
      expect(outbox.forRequest('fr_LATE').map(asRead)).toEqual(all)
      expect(all.slice(0, 3)).toEqual(firstTwo)
      const packed = store.sqlite
        .prepare('SELECT id, status, length(event_packed) AS packed FROM outbox ORDER BY id')
        .all() as Array<{ id: number; status: string; packed: number | null }>
      expect(packed).toEqual([
        { id: 1, status: 'sent', packed: 0 },
        { id: 2, status: 'sent', packed: 0 },
        { id: failed, status: 'failed', packed: null },
        { id: late, status: 'sent', packed: 0 }
      ])
      const group = store.sqlite.prepare("SELECT events FROM outbox_closed WHERE request_id = 'fr_LATE'").pluck().get()
      expect([...unpackEventGroup(group as Buffer).keys()].sort()).toEqual([1, 2, late])
      // The one waiting for a person is still theirs to send again, as it was.
      expect(outbox.resolve(failed, 'retry', NOW)).toMatchObject({ status: 'pending' })
    } finally {
      store.close()
      dir.remove()
    }
  })

  it('gives back every field exactly, however it was written, in fewer bytes than each packed alone', () => {
    const body = (occurredAt: string, extra = '') =>
      `{"type":"dispensing.labelled","occurredAt":"${occurredAt}","basedOnVersion":3,"workstation":"counter-1","actor":{"id":"u_8c511ead-35bb-46e4-8961-80936b03baa3","name":"Alex Jones","role":"dispenser"},"data":{"labels":2${extra}}}`
    const usual = (id: number, at: string): PackedEventFields & { id: number } => ({
      id,
      idempotencyKey: `counter-1-${'9e0c44a6-4cf7-4625-ac16-fb8d3d0453'}${String(id).padStart(2, '0')}`,
      body: body(at),
      createdAt: at,
      nextAttemptAt: at,
      settledAt: '2025-12-01T11:44:02.000Z',
      answerState: 'in_fulfilment'
    })
    const events: Array<PackedEventFields & { id: number }> = [
      usual(1, '2025-12-01T10:39:59.000Z'),
      usual(2, '2025-12-01T10:47:26.000Z'),
      usual(3, '2025-12-01T11:26:08.000Z'),
      // Every field the other way: no UUID key, times not the app's, a state not listed, no answer.
      {
        id: 2 ** 40 + 7,
        idempotencyKey: 'someone-else#1',
        body: body('2025-12-01T10:39:59Z', ',"note":"\\"occurredAt\\":\\"\\" é ✓"'),
        createdAt: '2025-12-01 10:39',
        nextAttemptAt: '2025-12-02T00:00:00.000Z',
        settledAt: 'yesterday',
        answerState: 'on_the_moon'
      },
      // The slot's own text before the time, a lone surrogate, text that is not JSON.
      {
        ...usual(5, '2025-12-01T12:00:00.000Z'),
        body: '{"x":"\\"occurredAt\\":\\"\\"","occurredAt":"2025-12-01T12:00:00.000Z"}'
      },
      { ...usual(6, '2025-12-01T12:00:00.000Z'), body: `{"note":"\ud800","occurredAt":"2025-12-01T12:00:00.000Z"}` },
      { ...usual(7, '2025-12-01T12:00:00.000Z'), body: 'not JSON "occurredAt":""', settledAt: null, answerState: null }
    ]
    const packed = packEventGroup(events)
    const back = unpackEventGroup(packed)
    expect([...back.keys()].sort((a, b) => a - b)).toEqual(events.map((event) => event.id).sort((a, b) => a - b))
    for (const { id, ...fields } of events) expect(back.get(id)).toEqual(fields)
    const usualOnly = events.slice(0, 3)
    const alone = usualOnly.reduce((sum, event) => sum + packEvent(event).length, 0)
    expect(packEventGroup(usualOnly).length).toBeLessThan(alone * 0.8)
  })
})
