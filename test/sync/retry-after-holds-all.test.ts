/**
 * Phensys's `Retry-After` (a 429 or 503, contract: seconds) is a wait for the workstation, not for
 * one event: once Phensys gave one, no event of any request goes to Phensys before that time, and
 * when it came on the feed the feed is not polled before it either. Other answers meanwhile (the
 * health check, the feed) do not shorten it, and the wait is kept across a restart. The loops run
 * as in the app, against the contract-literal Phensys.
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

const RETRY_AFTER_S = 3
/** Timers and polling may fire a little early or late; the wait asked for is seconds. */
const SLACK_MS = 150

async function linked(): Promise<LiteralLink> {
  return (link = await linkedToLiteral({
    autoSync: true,
    syncTuning: { retryBaseMs: 1, retryMaxMs: 60_000, pollWaitSeconds: 1, probeIntervalMs: 100 }
  }))
}

async function arrived(l: LiteralLink, ids: string[]): Promise<void> {
  for (const id of ids) l.lit.create(requestBody(id))
  await until(() => ids.every((id) => l.core.internals.requests.get(id) !== undefined), 'the requests to arrive')
}

/**
 * Waits until the counter has read Phensys's Retry-After. An event made before that may already be
 * on its way (Phensys answered, the counter not yet read it): no client can call that back.
 */
async function waitHeard(l: LiteralLink): Promise<void> {
  await until(() => l.core.internals.sync.health().phensysWaitUntil !== null, 'the counter to read the wait')
}

/** Accepts `id` and answers when Phensys has taken its `accepted`, in ms since `since`. */
async function acceptedAfter(l: LiteralLink, session: string, id: string, since: number): Promise<number> {
  const answer = await l.core.call(session, 'requests.accept', { id })
  if (!answer.ok) throw new Error(JSON.stringify(answer.error))
  await until(() => l.lit.accepted(id).some((e) => e.type === 'accepted'), `${id} accepted at Phensys`, 15_000)
  return Date.now() - since
}

it("a Retry-After on one request's event holds back every other request's events until that time", async () => {
  const l = await linked()
  const staff = await staffSession(l.core, ['dispenser'])
  await arrived(l, ['fr_RA_ALL_FIRST', 'fr_RA_ALL_OTHER'])
  l.lit.fail('events', 1, { status: 503, retryAfter: String(RETRY_AFTER_S) })
  const first = await l.core.call(staff, 'requests.accept', { id: 'fr_RA_ALL_FIRST' })
  expect(first.ok).toBe(true)
  await until(() => l.lit.faulted.some((f) => f.requestId === 'fr_RA_ALL_FIRST'), 'the first event answered 503')
  // From when Phensys answered, not when the test saw it (at load, that can be a second later).
  const askedAt = l.lit.faulted.find((f) => f.requestId === 'fr_RA_ALL_FIRST')!.at
  await waitHeard(l)
  // Another request's event, made after Phensys asked for the wait: it waits too.
  const waited = await acceptedAfter(l, staff, 'fr_RA_ALL_OTHER', askedAt)
  expect(waited).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - SLACK_MS)
  await until(() => l.lit.accepted('fr_RA_ALL_FIRST').length > 0, 'the first event sent after the wait')
  expect(l.lit.violations).toEqual([])
}, 30_000)

it('a Retry-After on the feed holds back the next poll and every event until that time', async () => {
  const l = await linked()
  const staff = await staffSession(l.core, ['dispenser'])
  await arrived(l, ['fr_RA_FEED'])
  const before = l.lit.stats.feedCallTimes.length
  l.lit.fail('feed', 1, { status: 429, retryAfter: String(RETRY_AFTER_S) })
  await until(() => l.lit.stats.feedCallTimes.length > before, 'the feed answered 429')
  const askedAt = l.lit.stats.feedCallTimes[before]!
  await waitHeard(l)
  const waited = await acceptedAfter(l, staff, 'fr_RA_FEED', askedAt)
  expect(waited).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - SLACK_MS)
  // The event and the poll wait for the same time: the event may go first.
  await until(() => l.lit.stats.feedCallTimes.length > before + 1, 'the feed polled again')
  const polledAgainAt = l.lit.stats.feedCallTimes[before + 1]
  expect(polledAgainAt! - askedAt).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - SLACK_MS)
  expect(l.lit.violations).toEqual([])
}, 30_000)

it('the wait Phensys asked for outlasts a restart of the workstation', async () => {
  const l = await linked()
  let staff = await staffSession(l.core, ['dispenser'])
  await arrived(l, ['fr_RA_RESTART_FIRST', 'fr_RA_RESTART_OTHER'])
  l.lit.fail('events', 1, { status: 503, retryAfter: String(RETRY_AFTER_S) })
  expect((await l.core.call(staff, 'requests.accept', { id: 'fr_RA_RESTART_FIRST' })).ok).toBe(true)
  await until(() => l.lit.faulted.some((f) => f.requestId === 'fr_RA_RESTART_FIRST'), 'the first event answered 503')
  const askedAt = l.lit.faulted.find((f) => f.requestId === 'fr_RA_RESTART_FIRST')!.at
  await waitHeard(l)
  const core = await l.l.restart()
  l.core = core
  staff = await staffSession(core, ['dispenser'])
  const waited = await acceptedAfter(l, staff, 'fr_RA_RESTART_OTHER', askedAt)
  expect(waited).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - SLACK_MS)
  expect(l.lit.violations).toEqual([])
}, 30_000)
