/**
 * A `Retry-After` longer than the counter's own longest backoff (5 minutes): Phensys asked for it
 * (a maintenance window, a rate limit reset), so no event goes before its end, up to the counter's
 * ceiling of an hour. The contract-literal Phensys answers; the workstation's clock is stepped by hand.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { requestBody, settle, staffSession } from '../helpers/linked'
import { linkedToLiteral, type LiteralLink } from '../helpers/literal-world'
import { ManualClock } from '../helpers/temp-core'

const MINUTE = 60_000

let link: LiteralLink
let clock: ManualClock
beforeEach(async () => {
  clock = new ManualClock(Date.now())
  // The counter's own backoff as shipped (1 s doubling to 5 minutes); only the clock is the test's.
  link = await linkedToLiteral({ clock, syncTuning: { retryBaseMs: 1_000, retryMaxMs: 5 * MINUTE } })
}, 60_000)
afterEach(async () => link?.stop())

/** A request accepted at the counter whose `accepted` Phensys answered 503 with this Retry-After. */
async function acceptedAnswered503(core: Core, id: string, retryAfter: string): Promise<void> {
  const staff = await staffSession(core, ['dispenser'])
  link.lit.create(requestBody(id))
  await settle(core)
  link.lit.fail('events', 1, { status: 503, retryAfter })
  const answer = await core.call(staff, 'requests.accept', { id })
  if (!answer.ok) throw new Error(JSON.stringify(answer.error))
  await core.internals.sync.pushOnce()
  expect(link.lit.faulted.map((f) => f.requestId)).toEqual([id])
}

const sentAt = (id: string): boolean => link.lit.accepted(id).some((e) => e.type === 'accepted')

it('a Retry-After of 30 minutes holds the events for 30 minutes, not the counter’s own 5', async () => {
  const id = 'fr_RA_HALF_HOUR'
  await acceptedAnswered503(link.core, id, String(30 * 60))
  clock.advance(6 * MINUTE)
  await link.core.internals.sync.pushOnce()
  expect(sentAt(id)).toBe(false)
  clock.advance(24 * MINUTE + 1_000)
  await link.core.internals.sync.pushOnce()
  expect(sentAt(id)).toBe(true)
  expect(link.lit.violations).toEqual([])
})

it('a Retry-After of a day is kept to an hour: the events go after the hour', async () => {
  const id = 'fr_RA_A_DAY'
  await acceptedAnswered503(link.core, id, String(24 * 60 * 60))
  clock.advance(59 * MINUTE)
  await link.core.internals.sync.pushOnce()
  expect(sentAt(id)).toBe(false)
  clock.advance(MINUTE + 1_000)
  await link.core.internals.sync.pushOnce()
  expect(sentAt(id)).toBe(true)
})

it('a person asks to try now (F9): the events go at once, and the audit trail says who asked', async () => {
  const id = 'fr_RA_TRY_NOW'
  await acceptedAnswered503(link.core, id, String(30 * 60))
  clock.advance(MINUTE)
  const dispenser = await staffSession(link.core, ['dispenser'])
  expect(await link.core.call(dispenser, 'sync.tryNow', {})).toMatchObject({ ok: false })
  await link.core.internals.sync.pushOnce()
  expect(sentAt(id)).toBe(false)
  const pharmacist = await staffSession(link.core, ['pharmacist'])
  const before = await link.core.call(pharmacist, 'sync.health', {})
  expect(before).toMatchObject({ ok: true, value: { phensysWaitUntil: expect.any(String) } })
  const waitLeft = before.ok ? Date.parse(before.value.phensysWaitUntil ?? '') - clock.now().getTime() : NaN
  expect(waitLeft).toBe(29 * MINUTE)
  expect(await link.core.call(pharmacist, 'sync.tryNow', {})).toMatchObject({
    ok: true,
    value: { phensysWaitUntil: null }
  })
  await link.core.internals.sync.pushOnce()
  expect(sentAt(id)).toBe(true)
  const asked = link.core.internals.audit.list({ limit: 50 }).filter((entry) => entry.command === 'sync.tryNow')
  expect(asked.map((entry) => entry.actorName)).toEqual(['Staff pharmacist'])
})
