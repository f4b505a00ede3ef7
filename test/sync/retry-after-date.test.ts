/**
 * `Retry-After` as RFC 9110 allows it: delay-seconds (what the contract names) or an HTTP-date. A
 * Phensys built to the contract may send the date form (a proxy in front of it often does): the
 * counter waits until that time as it waits out the seconds, and not before.
 */
import { afterEach, expect, it } from 'vitest'
import { requestBody, staffSession } from '../helpers/linked'
import { until } from '../helpers/until'
import { linkedToLiteral, type LiteralLink } from '../helpers/literal-world'

let link: LiteralLink | undefined
afterEach(async () => {
  await link?.stop()
  link = undefined
})

const RETRY_AFTER_MS = 4_000
/** Timers may fire a little early. */
const SLACK_MS = 150

it('a Retry-After given as an HTTP-date holds back the events until that time', async () => {
  const l = (link = await linkedToLiteral({
    autoSync: true,
    syncTuning: { retryBaseMs: 1, retryMaxMs: 60_000, pollWaitSeconds: 1, probeIntervalMs: 100 }
  }))
  const staff = await staffSession(l.core, ['dispenser'])
  for (const id of ['fr_RA_DATE_FIRST', 'fr_RA_DATE_OTHER']) l.lit.create(requestBody(id))
  await until(
    () => ['fr_RA_DATE_FIRST', 'fr_RA_DATE_OTHER'].every((id) => l.core.internals.requests.get(id) !== undefined),
    'the requests to arrive'
  )
  const retryAt = new Date(Date.now() + RETRY_AFTER_MS)
  l.lit.fail('events', 1, { status: 503, retryAfter: retryAt.toUTCString() })
  expect((await l.core.call(staff, 'requests.accept', { id: 'fr_RA_DATE_FIRST' })).ok).toBe(true)
  await until(() => l.lit.faulted.some((f) => f.requestId === 'fr_RA_DATE_FIRST'), 'the first event answered 503')
  expect((await l.core.call(staff, 'requests.accept', { id: 'fr_RA_DATE_OTHER' })).ok).toBe(true)
  await until(() => l.lit.accepted('fr_RA_DATE_OTHER').some((e) => e.type === 'accepted'), 'the other accepted', 15_000)
  // The date is to the second: the wait ends at its whole second.
  expect(Date.now()).toBeGreaterThanOrEqual(Math.floor(retryAt.getTime() / 1000) * 1000 - SLACK_MS)
  expect(l.lit.violations).toEqual([])
}, 30_000)

/**
 * A counter linked to a contract-literal Phensys (waits capped at two seconds) holding request `id`,
 * restarted with a wait kept from while the workstation's clock ran a year ahead; it has been set
 * right since.
 */
async function restartedWithAFarWaitKept(id: string): Promise<LiteralLink> {
  const l = (link = await linkedToLiteral({
    autoSync: true,
    syncTuning: { retryBaseMs: 1, retryMaxMs: 2_000, retryAfterMaxMs: 2_000, pollWaitSeconds: 1, probeIntervalMs: 100 }
  }))
  l.lit.create(requestBody(id))
  await until(() => l.core.internals.requests.get(id) !== undefined, 'the request to arrive')
  const aYearOn = new Date(Date.now() + 365 * 86_400_000).toISOString()
  for (const key of ['eventsRetryAfterUntil', 'feedRetryAfterUntil'])
    l.core.internals.store.sqlite
      .prepare('INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)')
      .run(key, JSON.stringify(aYearOn))
  l.core = await l.l.restart()
  return l
}

it('a wait kept from before a restart is never longer than the cap, though the clock was set back meanwhile', async () => {
  const l = await restartedWithAFarWaitKept('fr_RA_CLOCK_BACK')
  const staff = await staffSession(l.core, ['dispenser'])
  expect((await l.core.call(staff, 'requests.accept', { id: 'fr_RA_CLOCK_BACK' })).ok).toBe(true)
  await until(() => l.lit.accepted('fr_RA_CLOCK_BACK').some((e) => e.type === 'accepted'), 'accepted at Phensys', 8_000)
}, 30_000)

it('a wait kept from before a restart and capped is capped once: the next restart does not wait all over again', async () => {
  const l = await restartedWithAFarWaitKept('fr_RA_CAPPED_ONCE')
  const cappedAt = l.core.internals.sync.health().phensysWaitUntil
  expect(Date.parse(cappedAt ?? '') - Date.now()).toBeLessThanOrEqual(2_000)
  await until(() => Date.now() > Date.parse(cappedAt ?? ''), 'the capped wait over', 5_000)
  // Restarted every morning, a counter would otherwise lose the ceiling's time (an hour) each day.
  l.core = await l.l.restart()
  expect(l.core.internals.sync.health().phensysWaitUntil).toBeNull()
}, 30_000)
