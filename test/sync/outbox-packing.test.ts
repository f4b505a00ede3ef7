/**
 * Final outbox events (sent, superseded, set aside) are kept packed whole (what was told to Phensys
 * deflated, with its key and times); an event that can still go keeps its row as it is, and its key unique. Against the sandbox on loopback.
 */
import { createHash } from 'node:crypto'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/db/open'
import { FinalEventPacking } from '../../src/main/maintenance'
import { Outbox, type OutboxRow } from '../../src/main/phensys'
import {
  EVENT_DICTIONARY,
  packEvent,
  packEventBody,
  unpackEvent,
  type PackedEventFields
} from '../../src/main/phensys/outbox-packing'
import { findMigrationsDir } from '../../src/main/resources'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { ManualClock, tempDir } from '../helpers/temp-core'

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
  createdAt: string
  nextAttemptAt: string
  settledAt: string | null
  answerState: string | null
}

function stored(l: Linked): StoredEvent[] {
  return l.core.internals.store.sqlite
    .prepare(
      `SELECT id, status, body, event_packed AS packed, idempotency_key AS key, created_at AS createdAt,
              next_attempt_at AS nextAttemptAt, settled_at AS settledAt, answer_state AS answerState FROM outbox ORDER BY id`
    )
    .all() as StoredEvent[]
}

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

describe('final outbox events kept packed', () => {
  it('packs a sent event whole, reads every field back as it was, and after a crash sends it never again while the next events go', async () => {
    linked = await startLinked({ core: { clock: new ManualClock() } })
    await linked.phensys.post('/sandbox/requests', requestBody('fr_PACK'))
    await linked.phensys.post('/sandbox/requests', requestBody('fr_NEXT'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    await linked.core.call(staff, 'requests.accept', { id: 'fr_PACK' })
    await settle(linked.core)
    const before = linked.core.internals.outbox.forRequest('fr_PACK').map(asRead)
    expect(before.map((row) => row.status)).toEqual(['sent', 'sent'])
    const admin = await staffSession(linked.core, ['pharmacist'])
    const historyBefore = await linked.core.call(admin, 'sync.history', { limit: 10, requestId: 'fr_PACK' })

    const packing = new FinalEventPacking({ db: linked.core.internals.store.db, log: () => undefined })
    expect(packing.packAll()).toBe(2)
    for (const [i, row] of stored(linked).entries()) {
      // Nothing left in the columns it came from: all of it is in the packed bytes, and fewer of them.
      expect(row).toMatchObject({
        body: '',
        key: '',
        createdAt: '',
        nextAttemptAt: '',
        settledAt: null,
        answerState: null
      })
      const text = before[i]!
      expect(row.packed!.length).toBeLessThan(
        (text.body.length + text.idempotencyKey.length + text.createdAt.length * 3) / 2
      )
    }
    // The second request's events are made now and wait: the workstation dies before they go.
    await linked.core.call(staff, 'requests.accept', { id: 'fr_NEXT' })

    const core = await linked.crash()
    expect(core.internals.outbox.forRequest('fr_PACK').map(asRead)).toEqual(before)
    const again = await staffSession(core, ['pharmacist'])
    expect(await core.call(again, 'sync.history', { limit: 10, requestId: 'fr_PACK' })).toEqual(historyBefore)
    expect(await core.internals.sync.pushOnce()).toBe(2)
    await settle(core)
    expect(core.internals.outbox.forRequest('fr_NEXT').map((row) => row.status)).toEqual(['sent', 'sent'])
    expect(await keysPhensysRecorded(linked, 'fr_PACK')).toEqual(before.map((row) => row.idempotencyKey))
    expect(await keysPhensysRecorded(linked, 'fr_NEXT')).toEqual(
      core.internals.outbox.forRequest('fr_NEXT').map((row) => row.idempotencyKey)
    )
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
    expect(stored(linked).every((row) => row.status === 'sent' && row.packed === null)).toBe(true)
    const owner = linked.core.openSession()
    const admin = await linked.core.call(owner, 'auth.signIn', { username: 'owner', secret: '864209' })
    if (!admin.ok) throw new Error(admin.error.message)
    const compacted = await linked.core.call(admin.renewedSessionId ?? owner, 'store.compact', {})
    expect(compacted).toMatchObject({ ok: true, value: { freeBytes: 0 } })
    expect(stored(linked).every((row) => row.key === '' && row.packed !== null)).toBe(true)
  })

  it('packs with a dictionary that never changes (events packed with it are read with it)', () => {
    expect(createHash('sha256').update(EVENT_DICTIONARY).digest('hex')).toBe(
      '1cad2c14637a17894eaa16eb3cf133909d7efe05689272503ac7f81322423301'
    )
  })
})

const body = (type: string, occurredAt: string, workstation = 'counter-1') =>
  JSON.stringify({
    type,
    occurredAt,
    basedOnVersion: 3,
    workstation,
    actor: { id: 'u_9b1f0a52-3c4d-4e5f-8a6b-7c8d9e0f1a2b', name: 'Sam Patel', role: 'dispenser' },
    data: {}
  })

describe('a final event packed whole reads back exactly, whatever its fields', () => {
  const made: PackedEventFields = {
    idempotencyKey: 'counter-1-5e1f7da1-023b-44be-ace4-5203de1c6034',
    body: body('accepted', '2025-12-01T10:40:02.000Z'),
    createdAt: '2025-12-01T10:40:02.000Z',
    nextAttemptAt: '2025-12-01T10:40:02.000Z',
    settledAt: '2025-12-01T11:44:02.123Z',
    answerState: 'in_fulfilment'
  }
  it.each<[string, Partial<PackedEventFields>]>([
    ['as the outbox makes them', {}],
    ['a key of another shape', { idempotencyKey: 'legacy-key-7' }],
    ['a key in capitals', { idempotencyKey: 'counter-1-5E1F7DA1-023B-44BE-ACE4-5203DE1C6034' }],
    ['a key of another workstation', { idempotencyKey: 'bench-2-5e1f7da1-023b-44be-ace4-5203de1c6034' }],
    ['made at another time than the body says', { createdAt: '2025-12-01T10:40:03.000Z' }],
    ['tried again later', { nextAttemptAt: '2025-12-01T10:41:07.250Z' }],
    ['never settled (set aside)', { settledAt: null, answerState: null }],
    ['a state of Phensys not known when this was written', { answerState: 'on_hold' }],
    ['the last state listed', { answerState: 'cancelled' }],
    ['times not written by toISOString', { settledAt: '2026-01-01T00:00:01Z', createdAt: '2026-01-01 00:00' }],
    ['a body that is not JSON', { body: 'not json ✓' }],
    [
      'a workstation with a dash and no occurredAt',
      { body: '{"workstation":"bench-2","type":"x"}', idempotencyKey: 'bench-2-5e1f7da1-023b-44be-ace4-5203de1c6034' }
    ]
  ])('%s', (_name, change) => {
    const event = { ...made, ...change }
    expect(unpackEvent(packEvent(event))).toEqual(event)
  })

  it('takes 24 bytes besides the deflated body for an event as the outbox makes them, under half its columns', () => {
    // A byte of flags, the key's UUID (16), the time it settled (6), the state Phensys answered (1).
    expect(packEvent(made).length).toBe(packEventBody(made.body).length + 24)
    const columns =
      made.idempotencyKey.length +
      made.createdAt.length * 3 +
      made.answerState!.length +
      packEventBody(made.body).length
    expect(packEvent(made).length).toBeLessThan(columns * 0.5)
  })
})

describe('a store from before: its final events packed again read as they did', () => {
  it('packs events whose body was deflated alone or not yet, reads each as before, and leaves the events that can still go', () => {
    const dir = tempDir()
    try {
      const file = join(dir.path, 'counter.sqlite')
      // The migrations before this packing: events as such a store wrote them.
      const folder = join(dir.path, 'drizzle')
      cpSync(findMigrationsDir(), folder, { recursive: true })
      const journalFile = join(folder, 'meta', '_journal.json')
      const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> }
      const at = journal.entries.findIndex((entry) => entry.tag.endsWith('_outbox_final_events_packed_whole'))
      expect(at).toBeGreaterThan(0)
      writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }))
      const older = openStore(file, { migrationsDir: folder })
      const insert = older.sqlite.prepare(
        `INSERT INTO outbox (request_id, type, idempotency_key, body, created_at, status, attempts, next_attempt_at,
           last_error, settled_at, answer_version, answer_state, body_packed)
         VALUES (@requestId, @type, @key, @body, @createdAt, @status, @attempts, @next, @error, @settledAt, @version, @state, @packed)`
      )
      const rows = [
        // Sent, its body deflated alone (as 0025 packed them).
        {
          type: 'accepted',
          key: 'counter-1-d09538d3-f2e9-47a9-814e-d917c4e25b0f',
          at: '2025-12-01T10:39:59.000Z',
          status: 'sent',
          packedBefore: true
        },
        // Sent and not yet packed; tried three times.
        {
          type: 'stock.available',
          key: 'counter-1-d7b5902f-e0aa-441d-9f9c-577ea344c3a8',
          at: '2025-12-01T10:39:59.000Z',
          status: 'sent',
          next: '2025-12-01T10:45:12.345Z',
          attempts: 3
        },
        // Superseded, with its reason; a key of an older shape.
        {
          type: 'dispensing.started',
          key: 'old-key-1',
          at: '2025-12-02T09:00:00.000Z',
          status: 'superseded',
          error: 'cancelled at Phensys',
          packedBefore: true
        },
        // Set aside by a person: never settled.
        {
          type: 'packed',
          key: 'counter-1-0f5b7a0e-6a3c-4d51-9d7e-2b8f6c4a1e90',
          at: '2025-12-03T09:00:00.000Z',
          status: 'dismissed',
          settledAt: null,
          error: 'rejected: 422'
        },
        // Still to go, and waiting for a person: never packed.
        {
          type: 'dispatched',
          key: 'counter-1-1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
          at: '2025-12-04T09:00:00.000Z',
          status: 'pending',
          settledAt: null
        },
        {
          type: 'delivered',
          key: 'counter-1-2b3c4d5e-6f7a-4b2c-9d3e-4f5a6b7c8d9e',
          at: '2025-12-04T10:00:00.000Z',
          status: 'conflict',
          error: '409'
        }
      ]
      // Each event as it was written: what every reader must go on reading.
      const written = rows.map((row, i) => ({
        id: i + 1,
        requestId: 'fr_OLD',
        type: row.type,
        idempotencyKey: row.key,
        body: body(row.type, row.at),
        createdAt: row.at,
        status: row.status,
        attempts: row.attempts ?? 1,
        nextAttemptAt: row.next ?? row.at,
        lastError: row.error ?? null,
        settledAt: row.settledAt === null ? null : '2025-12-05T08:00:00.000Z',
        answerVersion: row.status === 'sent' ? 4 : null,
        answerState: row.status === 'sent' ? 'in_fulfilment' : null,
        response: null
      }))
      older.sqlite.transaction(() => {
        for (const [i, row] of written.entries()) {
          const packedBefore = rows[i]!.packedBefore === true
          insert.run({
            ...row,
            key: row.idempotencyKey,
            next: row.nextAttemptAt,
            error: row.lastError,
            version: row.answerVersion,
            state: row.answerState,
            body: packedBefore ? '' : row.body,
            packed: packedBefore ? packEventBody(row.body) : null
          })
        }
      })()
      older.close()

      const current = openStore(file)
      try {
        const outbox = new Outbox(current.db, () => 'counter-1')
        // As written, and as 0049 marks the one tried and still waiting to go: a try may have reached Phensys.
        const read = () =>
          outbox.forRequest('fr_OLD').map((row) => {
            const { mayHaveReachedAt, ...rest } = asRead(row)
            expect(mayHaveReachedAt).toBe(row.status === 'pending' ? row.createdAt : null)
            return rest
          })
        expect(read()).toEqual(written)
        expect(new FinalEventPacking({ db: current.db, log: () => undefined }).packAll()).toBe(4)
        const raw = current.sqlite
          .prepare(
            'SELECT status, idempotency_key AS key, body, body_packed AS bodyPacked, event_packed AS packed FROM outbox ORDER BY id'
          )
          .all() as Array<{
          status: string
          key: string
          body: string
          bodyPacked: Buffer | null
          packed: Buffer | null
        }>
        expect(
          raw.map((row) => [row.status, row.key === '', row.body === '', row.bodyPacked === null, row.packed !== null])
        ).toEqual([
          ['sent', true, true, true, true],
          ['sent', true, true, true, true],
          ['superseded', true, true, true, true],
          ['dismissed', true, true, true, true],
          ['pending', false, false, true, false],
          ['conflict', false, false, true, false]
        ])
        expect(read()).toEqual(written)
        expect(new FinalEventPacking({ db: current.db, log: () => undefined }).packAll()).toBe(0)
      } finally {
        current.close()
      }
    } finally {
      dir.remove()
    }
  })
})
