/**
 * Gaps of the Phensys client the last closing note left open, each against the hand-made Phensys
 * (./hand-made-phensys.ts), written from the contract alone.
 */
import { afterEach, expect, it } from 'vitest'
import { PhensysClient } from '../../src/main/phensys/phensys-client'
import { startHandMadePhensys, type HandMadePhensys, type Json } from './hand-made-phensys'
import { SETTING_SCHEMAS } from '../../src/main/settings/settings'
import { SYSTEM_ACTOR } from '../../src/shared/phensys/events'
import { requestBody } from '../helpers/request-body'
import { startTempCore, type TempCore } from '../helpers/temp-core'

let phensys: HandMadePhensys | null = null
let client: PhensysClient | null = null

afterEach(async () => {
  client?.close()
  await phensys?.close()
  client = null
  phensys = null
})

function snapshot(id: string, fields: Json = {}): Json {
  return {
    ...requestBody(id),
    version: 1,
    state: 'sent_to_provider',
    createdAt: '2026-11-26T09:12:00Z',
    updatedAt: '2026-11-26T09:12:00Z',
    ...fields
  }
}

it('a kept-alive connection closed by Phensys, failing with EPIPE as the event is written, is tried again at once with the same key', async () => {
  phensys = await startHandMadePhensys()
  phensys.put(snapshot('fr_EPIPE'))
  client = new PhensysClient({ url: phensys.url, token: phensys.token })
  expect(await client.request('fr_EPIPE')).toMatchObject({ kind: 'found' })
  // Phensys closes the connection the client keeps; the client writes its next call on it before it
  // has read the close. A body of 2 MB is still being written when Phensys's host answers the first
  // bytes with a reset: the write fails with EPIPE (a small one fails with ECONNRESET instead).
  phensys.dropConnections()
  const body = JSON.stringify({ type: 'dispensing.started', data: {}, padding: 'x'.repeat(2_000_000) })
  const outcome = await client.postEvent('fr_EPIPE', 'key-epipe-0001', body)
  expect(outcome).toMatchObject({ kind: 'accepted' })
  expect(phensys.events.map((event) => event.key)).toEqual(['key-epipe-0001'])
})

let temp: TempCore | null = null
afterEach(async () => {
  await temp?.stop()
  temp = null
})

async function linked(): Promise<{ phensys: HandMadePhensys; temp: TempCore }> {
  phensys = await startHandMadePhensys()
  temp = await startTempCore({
    phensys: { url: phensys.url, token: phensys.token },
    autoSync: false,
    syncTuning: { retryBaseMs: 1, retryMaxMs: 5, retryAfterMaxMs: 5, pollWaitSeconds: 0 }
  })
  return { phensys, temp }
}

/** What an Idempotency-Key may be: 8 to 128 characters, each a visible ASCII one (a header's value). */
const HEADER_SAFE_KEY = /^[\x21-\x7e]{8,128}$/

it('a workstation named with a letter outside ASCII ("Bench Ω 2") sends its events under a valid key, the same on every try and after a restart', async () => {
  const { phensys, temp } = await linked()
  temp.core.internals.settings.set('workstationId', 'Bench Ω 2')
  phensys.put(snapshot('fr_OMEGA'))
  await temp.core.internals.sync.pullOnce(0)
  temp.core.internals.outbox.enqueue(
    'fr_OMEGA',
    'accepted',
    {},
    {
      basedOnVersion: 1,
      actor: SYSTEM_ACTOR,
      now: temp.clock.now()
    }
  )
  // The first try is answered 503; the workstation restarts before the next.
  let away = true
  phensys.answer = (call) => (call.method === 'POST' && away ? { status: 503 } : undefined)
  await temp.core.internals.sync.pushOnce()
  away = false
  await temp.restart()
  temp.clock.advance(60_000)
  await temp.core.internals.sync.pushOnce()
  const row = temp.core.internals.outbox.forRequest('fr_OMEGA').find((event) => event.type === 'accepted')!
  expect(row.status).toBe('sent')
  const keys = phensys.events.map((event) => event.key)
  expect(keys).toHaveLength(2)
  expect(new Set(keys)).toEqual(new Set([row.idempotencyKey]))
  expect(row.idempotencyKey).toMatch(HEADER_SAFE_KEY)
  // The body still names the workstation as it is called.
  expect(phensys.events[0]?.body.workstation).toBe('Bench Ω 2')
})

it('an event whose key was stored holding a letter outside ASCII (made before keys were made safe) goes under a valid key, the same on every try', async () => {
  const { phensys, temp } = await linked()
  phensys.put(snapshot('fr_OLD_KEY'))
  await temp.core.internals.sync.pullOnce(0)
  const id = temp.core.internals.outbox.enqueue(
    'fr_OLD_KEY',
    'accepted',
    {},
    {
      basedOnVersion: 1,
      actor: SYSTEM_ACTOR,
      now: temp.clock.now()
    }
  )
  temp.core.internals.store.sqlite
    .prepare(`UPDATE outbox SET idempotency_key = ? WHERE id = ?`)
    .run('Bench Ω 2-8f14e45f-ceea-467f-a0e6-1b6a1a9a3c11', id)
  let away = true
  phensys.answer = (call) => (call.method === 'POST' && away ? { status: 503 } : undefined)
  await temp.core.internals.sync.pushOnce()
  away = false
  temp.clock.advance(60_000)
  await temp.core.internals.sync.pushOnce()
  expect(temp.core.internals.outbox.byId(id)?.status).toBe('sent')
  const keys = phensys.events.map((event) => event.key)
  expect(keys).toHaveLength(2)
  expect(new Set(keys).size).toBe(1)
  expect(keys[0]).toMatch(HEADER_SAFE_KEY)
})

it('the settings refuse a workstation id holding a tab or another control character, in words', () => {
  const check = (id: string): string => {
    const parsed = SETTING_SCHEMAS.workstationId.safeParse(id)
    return parsed.success ? 'taken' : (parsed.error.issues[0]?.message ?? '')
  }
  expect(check('Bench\t2')).toMatch(/cannot hold .*tab/)
  expect(check('Bench\u0007 2')).toMatch(/cannot hold/)
  expect(check('Bench Ω 2')).toBe('taken')
})

const DAY_MS = 24 * 60 * 60 * 1000

/** The request's unsettled flags raised for events sent late, as a person reads them. */
function lateFlags(t: TempCore, requestId: string): Array<{ kind: string; words: string; blocks: string }> {
  return t.core.internals.store.sqlite
    .prepare(
      `SELECT kind, words, blocks FROM request_flags WHERE request_id = ? AND kind = 'sent_late' AND status = 'open'`
    )
    .all(requestId) as Array<{ kind: string; words: string; blocks: string }>
}

/** An event of `type` tried once and answered 503 (Phensys may have recorded it), then `laterMs` on, Phensys back. */
async function triedThenLater(
  id: string,
  type: 'hard_copy.awaiting' | 'accepted',
  laterMs: number
): Promise<{ phensys: HandMadePhensys; temp: TempCore; eventId: number }> {
  const { phensys, temp } = await linked()
  phensys.put(snapshot(id))
  await temp.core.internals.sync.pullOnce(0)
  const eventId = temp.core.internals.outbox.enqueue(
    id,
    type,
    {},
    {
      basedOnVersion: 1,
      actor: SYSTEM_ACTOR,
      now: temp.clock.now()
    }
  )
  let away = true
  phensys.answer = (call) => (call.method === 'POST' && away ? { status: 503 } : undefined)
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(1)
  away = false
  temp.clock.advance(laterMs)
  await temp.core.internals.sync.pushOnce()
  return { phensys, temp, eventId }
}

it('an event tried before and still unconfirmed when its key is more than a day old is held for a person, with a flag in words, not sent again', async () => {
  const { phensys, temp, eventId } = await triedThenLater('fr_LATE', 'hard_copy.awaiting', DAY_MS + 60 * 60 * 1000)
  // Phensys keeps a key 24 hours: sent again now, a first try it did record would be recorded twice.
  expect(phensys.events).toHaveLength(1)
  const row = temp.core.internals.outbox.byId(eventId)!
  expect(row.status).toBe('failed')
  expect(row.lastError).toMatch(/more than a day/)
  const flags = lateFlags(temp, 'fr_LATE')
  expect(flags).toHaveLength(1)
  expect(flags[0]?.words).toMatch(/Sent after more than a day: check Phensys shows it once/)
  // It holds nothing back: the person decides, in F9, whether it goes again or is set aside.
  expect(flags[0]?.blocks).toBe('[]')
  // Asked again, it is not raised twice, nor sent.
  temp.clock.advance(60_000)
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(1)
  expect(lateFlags(temp, 'fr_LATE')).toHaveLength(1)
  // A person who found it not at Phensys sends it again (F9): a new key, made now, goes at once.
  temp.core.internals.outbox.resolve(eventId, 'retry', temp.clock.now())
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(2)
  expect(temp.core.internals.outbox.byId(eventId)?.status).toBe('sent')
})

it('an event whose key is less than a day old goes again with its key, as before', async () => {
  const { phensys, temp, eventId } = await triedThenLater('fr_NOT_LATE', 'hard_copy.awaiting', DAY_MS - 60 * 60 * 1000)
  expect(phensys.events).toHaveLength(2)
  expect(temp.core.internals.outbox.byId(eventId)?.status).toBe('sent')
  expect(lateFlags(temp, 'fr_NOT_LATE')).toEqual([])
})

it('an event Phensys takes only once by its state (accepted) goes again after a day: a second would be answered 409, not recorded', async () => {
  const { phensys, temp, eventId } = await triedThenLater('fr_LATE_ACCEPT', 'accepted', DAY_MS + 60 * 60 * 1000)
  expect(phensys.events).toHaveLength(2)
  expect(temp.core.internals.outbox.byId(eventId)?.status).toBe('sent')
  expect(lateFlags(temp, 'fr_LATE_ACCEPT')).toEqual([])
})

it('an event never tried (the workstation was off) goes after a day: Phensys never saw its key', async () => {
  const { phensys, temp } = await linked()
  phensys.put(snapshot('fr_NEVER_TRIED'))
  await temp.core.internals.sync.pullOnce(0)
  const eventId = temp.core.internals.outbox.enqueue(
    'fr_NEVER_TRIED',
    'hard_copy.awaiting',
    {},
    {
      basedOnVersion: 1,
      actor: SYSTEM_ACTOR,
      now: temp.clock.now()
    }
  )
  temp.clock.advance(3 * DAY_MS)
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(1)
  expect(temp.core.internals.outbox.byId(eventId)?.status).toBe('sent')
  expect(lateFlags(temp, 'fr_NEVER_TRIED')).toEqual([])
})
