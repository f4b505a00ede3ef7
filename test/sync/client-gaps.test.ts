/**
 * Gaps of the Phensys client the last closing note left open, each against the hand-made Phensys
 * (./hand-made-phensys.ts), written from the contract alone.
 */
import { afterEach, expect, it } from 'vitest'
import { PhensysClient } from '../../src/main/phensys/phensys-client'
import { SETTING_SCHEMAS } from '../../src/main/settings/settings'
import { calls } from '../../src/shared/contract'
import { SYSTEM_ACTOR } from '../../src/shared/phensys/events'
import type { TempCore } from '../helpers/temp-core'
import { startHandMadePhensys, type HandMadePhensys } from './hand-made-phensys'
import { staffSession } from '../helpers/linked'
import { ownerSession } from '../stock/helpers'
import { handMadeSnapshot, linkedToHandMade, unlinkAll } from './hand-made-linked'

let phensys: HandMadePhensys | null = null
let client: PhensysClient | null = null

afterEach(async () => {
  client?.close()
  await phensys?.close()
  client = null
  phensys = null
  await unlinkAll()
})

it('a kept-alive connection closed by Phensys, failing with EPIPE as the event is written, is tried again at once with the same key', async () => {
  phensys = await startHandMadePhensys()
  phensys.put(handMadeSnapshot('fr_EPIPE'))
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

/** What an Idempotency-Key may be: 8 to 128 characters, each a visible ASCII one (a header's value). */
const HEADER_SAFE_KEY = /^[\x21-\x7e]{8,128}$/

/**
 * A request held, an event of `type` enqueued (`prepare` first, then `stored` on the event) and
 * tried once, answered 503 (Phensys may or may not have recorded it); `back()` lets Phensys answer.
 */
async function triedOnce(
  id: string,
  type: 'hard_copy.awaiting' | 'accepted',
  hooks: { prepare?: (temp: TempCore) => void; stored?: (temp: TempCore, eventId: number) => void } = {}
): Promise<{ phensys: HandMadePhensys; temp: TempCore; eventId: number; back(): void }> {
  const { phensys, temp } = await linkedToHandMade()
  hooks.prepare?.(temp)
  phensys.put(handMadeSnapshot(id))
  await temp.core.internals.sync.pullOnce(0)
  const now = temp.clock.now()
  const eventId = temp.core.internals.outbox.enqueue(id, type, {}, { basedOnVersion: 1, actor: SYSTEM_ACTOR, now })
  hooks.stored?.(temp, eventId)
  let away = true
  phensys.answer = (call) => (call.method === 'POST' && away ? { status: 503 } : undefined)
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(1)
  return { phensys, temp, eventId, back: () => (away = false) }
}

it('a workstation named with a letter outside ASCII ("Bench Ω 2") sends its events under a valid key, the same on every try and after a restart', async () => {
  const { phensys, temp, eventId, back } = await triedOnce('fr_OMEGA', 'accepted', {
    prepare: (t) => t.core.internals.settings.set('workstationId', 'Bench Ω 2')
  })
  back()
  await temp.restart()
  temp.clock.advance(60_000)
  await temp.core.internals.sync.pushOnce()
  const row = temp.core.internals.outbox.byId(eventId)!
  expect(row.status).toBe('sent')
  const keys = phensys.events.map((event) => event.key)
  expect(keys).toHaveLength(2)
  expect(new Set(keys)).toEqual(new Set([row.idempotencyKey]))
  expect(row.idempotencyKey).toMatch(HEADER_SAFE_KEY)
  // The body still names the workstation as it is called.
  expect(phensys.events[0]?.body.workstation).toBe('Bench Ω 2')
})

it('an event whose key was stored holding a letter outside ASCII (made before keys were made safe) goes under a valid key, the same on every try', async () => {
  const { phensys, temp, eventId, back } = await triedOnce('fr_OLD_KEY', 'accepted', {
    stored: (t, id) =>
      t.core.internals.store.sqlite
        .prepare(`UPDATE outbox SET idempotency_key = ? WHERE id = ?`)
        .run('Bench Ω 2-8f14e45f-ceea-467f-a0e6-1b6a1a9a3c11', id)
  })
  back()
  temp.clock.advance(60_000)
  await temp.core.internals.sync.pushOnce()
  expect(temp.core.internals.outbox.byId(eventId)?.status).toBe('sent')
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
  const tried = await triedOnce(id, type)
  tried.back()
  tried.temp.clock.advance(laterMs)
  await tried.temp.core.internals.sync.pushOnce()
  return tried
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
  // Words on screen carry the one date format (en-GB, London), never a machine's timestamp.
  expect(flags[0]?.words).toMatch(/its key was made \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}\)/)
  // It holds nothing back: the person decides, in F9, whether it goes again or is set aside.
  expect(flags[0]?.blocks).toBe('[]')
  // Asked again, it is not raised twice, nor sent.
  temp.clock.advance(60_000)
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(1)
  expect(lateFlags(temp, 'fr_LATE')).toHaveLength(1)
  // A pharmacist who found it not at Phensys sends it again (F9): a new key, made now, goes at once,
  // and the flag is settled by that decision, named as theirs.
  const pharmacist = await staffSession(temp.core, ['pharmacist'])
  expect(await temp.core.call(pharmacist, 'sync.resolveEvent', { id: eventId, action: 'retry' })).toMatchObject({
    ok: true
  })
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(2)
  expect(temp.core.internals.outbox.byId(eventId)?.status).toBe('sent')
  expect(lateFlags(temp, 'fr_LATE')).toEqual([])
  const settled = temp.core.internals.store.sqlite
    .prepare(
      `SELECT resolution, resolved_by_name AS byName FROM request_flags WHERE request_id = ? AND kind = 'sent_late'`
    )
    .all('fr_LATE')
  expect(settled).toEqual([{ resolution: 'acknowledged', byName: expect.any(String) }])
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
  const { phensys, temp } = await linkedToHandMade()
  phensys.put(handMadeSnapshot('fr_NEVER_TRIED'))
  await temp.core.internals.sync.pullOnce(0)
  const now = temp.clock.now()
  const eventId = temp.core.internals.outbox.enqueue(
    'fr_NEVER_TRIED',
    'hard_copy.awaiting',
    {},
    {
      basedOnVersion: 1,
      actor: SYSTEM_ACTOR,
      now
    }
  )
  temp.clock.advance(3 * DAY_MS)
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(1)
  expect(temp.core.internals.outbox.byId(eventId)?.status).toBe('sent')
  expect(lateFlags(temp, 'fr_NEVER_TRIED')).toEqual([])
})

/** An event of `id`'s request, enqueued now for the hand-made Phensys, its request pulled first. */
async function enqueuedFor(
  id: string,
  options: Parameters<typeof linkedToHandMade>[0] = {}
): Promise<{ phensys: HandMadePhensys; temp: TempCore; eventId: number }> {
  const { phensys, temp } = await linkedToHandMade(options)
  phensys.put(handMadeSnapshot(id))
  await temp.core.internals.sync.pullOnce(0)
  const now = temp.clock.now()
  const eventId = temp.core.internals.outbox.enqueue(
    id,
    'hard_copy.awaiting',
    {},
    { basedOnVersion: 1, actor: SYSTEM_ACTOR, now }
  )
  return { phensys, temp, eventId }
}

it('an event whose every try was refused before connecting (Phensys down for over a day) goes when Phensys is back, with no flag', async () => {
  const { phensys, temp, eventId } = await enqueuedFor('fr_DOWN')
  await phensys.down()
  // As in any outage, the counter's kept-alive connection sees Phensys close it before the next try
  // (a try written on it as it closed may have been read: that one counts as reaching Phensys).
  await new Promise((done) => setTimeout(done, 100))
  // Tried all through the outage: each try refused at the port, so none can have reached Phensys.
  for (const hours of [0, 6, 12, 18, 25]) {
    temp.clock.advance(hours === 0 ? 0 : 6 * 60 * 60 * 1000)
    await temp.core.internals.sync.pushOnce()
  }
  const tried = temp.core.internals.outbox.byId(eventId)!
  expect(tried.attempts).toBeGreaterThanOrEqual(5)
  expect(tried.status).toBe('pending')
  await phensys.up()
  temp.clock.advance(60_000)
  await temp.core.internals.sync.pushOnce()
  // Phensys never saw its key: sent under it as a first sending would be, and nothing for a person.
  expect(phensys.events.map((event) => event.key)).toEqual([tried.idempotencyKey])
  expect(temp.core.internals.outbox.byId(eventId)?.status).toBe('sent')
  expect(lateFlags(temp, 'fr_DOWN')).toEqual([])
})

it('an event whose try timed out after Phensys had read it is held for a person after a day, with the flag, as before', async () => {
  const { phensys, temp, eventId } = await enqueuedFor('fr_STALLED', { tuning: { requestTimeoutMs: 300 } })
  let stalling = true
  phensys.answer = (call) => (call.method === 'POST' && stalling ? { status: 0, hang: true } : undefined)
  await temp.core.internals.sync.pushOnce()
  // Phensys read the event and may have recorded it; its answer never came.
  expect(phensys.events).toHaveLength(1)
  expect(temp.core.internals.outbox.byId(eventId)?.status).toBe('pending')
  stalling = false
  temp.clock.advance(DAY_MS + 60 * 60 * 1000)
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(1)
  expect(temp.core.internals.outbox.byId(eventId)?.status).toBe('failed')
  expect(lateFlags(temp, 'fr_STALLED')).toHaveLength(1)
}, 30_000)

it('a refused try, then one Phensys read (answered 500), then a day: held for a person, the reaching try is not forgotten', async () => {
  const { phensys, temp, eventId } = await enqueuedFor('fr_MIXED')
  phensys.answer = (call) => (call.method === 'POST' ? { status: 500 } : undefined)
  await temp.core.internals.sync.pushOnce()
  await phensys.down()
  temp.clock.advance(60_000)
  await temp.core.internals.sync.pushOnce()
  expect(temp.core.internals.outbox.byId(eventId)?.attempts).toBe(2)
  await phensys.up()
  phensys.answer = () => undefined
  temp.clock.advance(DAY_MS)
  await temp.core.internals.sync.pushOnce()
  expect(phensys.events).toHaveLength(1)
  expect(temp.core.internals.outbox.byId(eventId)?.status).toBe('failed')
  expect(lateFlags(temp, 'fr_MIXED')).toHaveLength(1)
})

/** A token no header can carry as it is: a bell (a control character) in the middle. */
const UNSENDABLE_TOKEN = 'hand-made\u0007token'

it('a stored token no header can carry is never sent: no call goes, nothing throws, and the connection says in words the token is unusable', async () => {
  const { phensys, temp } = await linkedToHandMade({ token: UNSENDABLE_TOKEN })
  phensys.put(handMadeSnapshot('fr_TOKEN'))
  const eventId = temp.core.internals.outbox.enqueue(
    'fr_TOKEN',
    'hard_copy.awaiting',
    {},
    { basedOnVersion: 1, actor: SYSTEM_ACTOR, now: temp.clock.now() }
  )
  await temp.core.internals.sync.pullOnce(0)
  await temp.core.internals.sync.pushOnce()
  expect(phensys.calls.filter((call) => call.path !== '/v1/health')).toEqual([])
  const row = temp.core.internals.outbox.byId(eventId)!
  expect(row.status).toBe('pending')
  expect(row.lastError).toMatch(/token .*cannot be sent/)
  expect(temp.core.internals.sync.health().lastError).toMatch(/token .*cannot be sent.*control character/)
  // Waiting, it is not taken for a try that may have reached Phensys.
  expect(row.mayHaveReachedAt).toBeNull()
})

it('the client answers a try again later, in words, for a token with a space at its end or a letter outside Latin-1, and sends nothing', async () => {
  phensys = await startHandMadePhensys()
  phensys.put(handMadeSnapshot('fr_TOKEN_2'))
  for (const token of ['hand-made-token ', 'hand-made-Ω-token']) {
    client?.close()
    client = new PhensysClient({ url: phensys.url, token })
    const outcome = await client.postEvent('fr_TOKEN_2', 'key-token-0001', '{}')
    expect(outcome).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/token .*cannot be sent/) })
    expect(await client.request('fr_TOKEN_2')).toMatchObject({ kind: 'retry' })
  }
  expect(phensys.calls).toEqual([])
})

it('the settings refuse a Phensys token a header cannot carry, naming the character in words', async () => {
  const check = (token: string): string => {
    const parsed = calls['settings.setPhensys'].input.safeParse({ url: 'https://phensys.example/', token })
    return parsed.success ? 'taken' : (parsed.error.issues[0]?.message ?? '')
  }
  expect(check(' hand-made-token')).toMatch(/space at its start or end/)
  expect(check('hand-made-token ')).toMatch(/space at its start or end/)
  expect(check('hand-made\ttoken')).toMatch(/control character \(tab/)
  expect(check('hand-made\u0007token')).toMatch(/control character/)
  expect(check('hand-made-Ω-token')).toMatch(/Ω/)
  expect(check('hand-made-token')).toBe('taken')
  // As an administrator sees it, saving the connection: refused, in words.
  const { temp } = await linkedToHandMade()
  await staffSession(temp.core)
  const admin = await ownerSession(temp.core)
  const refused = await temp.core.call(admin, 'settings.setPhensys', {
    url: 'https://phensys.example/',
    token: 'hand-made\ttoken'
  })
  expect(refused.ok ? null : refused.error.message).toMatch(
    /^Not accepted\. .*A Phensys token cannot hold a control character \(tab, U\+0009\)/
  )
})
