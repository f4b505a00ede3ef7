/**
 * An event Phensys answered with `Retry-After` (a 503 or a 429) is not sent again sooner, even when
 * Phensys answers other calls meanwhile (its health check, the feed) and the counter brings every
 * waiting event forward because Phensys is back. The loops run as in the app, against the
 * contract-literal Phensys.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { requestBody, staffSession } from '../helpers/linked'
import { until } from '../helpers/until'
import { linkedToLiteral, type LiteralLink } from '../helpers/literal-world'
import type { LiteralPhensys } from '../sync/literal-phensys'

let link: LiteralLink
let lit: LiteralPhensys
let core: Core
let assembler: string
beforeAll(async () => {
  link = await linkedToLiteral({
    autoSync: true,
    syncTuning: { retryBaseMs: 1, retryMaxMs: 60_000, pollWaitSeconds: 1, probeIntervalMs: 100 }
  })
  lit = link.lit
  core = link.core
  assembler = await staffSession(core, ['dispenser'])
}, 60_000)
afterAll(async () => link?.stop())

const RETRY_AFTER_S = 3

async function acceptedAfterFault(id: string, status: 503 | 429): Promise<number> {
  lit.create(requestBody(id))
  await until(() => core.internals.requests.get(id) !== undefined, 'the request to arrive')
  lit.fail('events', 1, { status, retryAfter: String(RETRY_AFTER_S) })
  const answer = await core.call(assembler, 'requests.accept', { id })
  if (!answer.ok) throw new Error(JSON.stringify(answer.error))
  await until(() => lit.faulted.some((f) => f.requestId === id), `the first try of ${id}`)
  const triedAt = Date.now()
  await until(() => lit.accepted(id).some((e) => e.type === 'accepted'), `${id} accepted`, 15_000)
  return Date.now() - triedAt
}

it('a 503 with Retry-After: the event goes again no sooner, though the health check and the feed answer', async () => {
  const waited = await acceptedAfterFault('fr_RA_503', 503)
  expect(waited).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 100)
  expect(lit.violations).toEqual([])
}, 30_000)

it('a 429 with Retry-After: the event goes again no sooner', async () => {
  const waited = await acceptedAfterFault('fr_RA_429', 429)
  expect(waited).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 100)
  expect(lit.violations).toEqual([])
}, 30_000)
