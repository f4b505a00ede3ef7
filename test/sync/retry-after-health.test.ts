/**
 * Phensys away with a `Retry-After` (a maintenance window: every call, its health check too, answers
 * 503): the counter keeps to the wait, and asking the health check meanwhile could shorten nothing
 * (only a person can: `sync.tryNow`), so it is not asked before the wait ends. Against the
 * contract-literal Phensys, the sync loops running on the real clock.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { requestBody } from '../helpers/linked'
import { linkedToLiteral, type LiteralLink } from '../helpers/literal-world'
import { until } from '../helpers/until'

let link: LiteralLink
beforeAll(async () => {
  link = await linkedToLiteral({
    autoSync: true,
    // The health check asked every 50 ms while Phensys is away; waits kept up to a minute.
    syncTuning: { retryBaseMs: 20, retryMaxMs: 200, retryAfterMaxMs: 60_000, pollWaitSeconds: 1, probeIntervalMs: 50 }
  })
}, 60_000)
afterAll(async () => link?.stop())

it('no health check is asked while Phensys’s Retry-After lasts; a person trying now asks it again and brings the feed back', async () => {
  const { lit, core } = link
  await until(() => core.internals.sync.health().connected, 'the feed followed')
  lit.fail('health', 1_000, { status: 503, retryAfter: '30' })
  lit.fail('feed', 1, { status: 503, retryAfter: '30' })
  await until(() => core.internals.sync.health().phensysWaitUntil !== null, 'the wait Phensys asked for')
  // Made once the wait holds (a long-poll already past its fault could still bring it before).
  lit.create(requestBody('fr_RA_HEALTH'))
  const asked = lit.stats.healthCalls
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  // Asked every 50 ms, the health check would have been asked some twenty times in this second.
  expect(lit.stats.healthCalls - asked).toBe(0)
  expect(core.internals.requests.get('fr_RA_HEALTH')).toBeUndefined()

  // Still away when a person tries now (503s without a wait): the health check is asked again at once.
  lit.fail('feed', 3, { status: 503 })
  core.internals.sync.tryNow(new Date())
  await until(() => lit.stats.healthCalls > asked, 'a health check after trying now', 3_000)
  await until(() => core.internals.requests.get('fr_RA_HEALTH') !== undefined, 'the request after trying now', 5_000)
  expect(lit.violations).toEqual([])
}, 30_000)
