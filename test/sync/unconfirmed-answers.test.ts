/**
 * An event is settled only by the contract's answer: a 2xx whose body reads as `{"eventId", …}`.
 * Any other 2xx (a proxy's or captive portal's page that never passed the event on) and a 408 are
 * a try-later: the event goes again with the same key and backoff, and one that keeps failing is
 * shown in F9 with why, in words (review29c found the event's and the contract's codes shown).
 * Against the contract-literal Phensys.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { requestBody, staffSession, startLinked, type Linked } from '../helpers/linked'
import { until } from '../helpers/until'
import { startLiteralPhensys, type LiteralPhensys } from '../sync/literal-phensys'

let lit: LiteralPhensys
let l: Linked
let core: Core
let assembler: string
beforeAll(async () => {
  lit = await startLiteralPhensys()
  l = await startLinked({
    coreToken: lit.token,
    through: async () => lit.url,
    core: {
      autoSync: true,
      syncTuning: { retryBaseMs: 1, retryMaxMs: 200, pollWaitSeconds: 1, probeIntervalMs: 100 }
    }
  })
  core = l.core
  assembler = await staffSession(core, ['dispenser'])
}, 60_000)
afterAll(async () => {
  await l?.stop()
  await lit?.close()
})

async function arrive(id: string): Promise<void> {
  lit.create(requestBody(id))
  await until(() => core.internals.requests.get(id) !== undefined, 'the request to arrive')
  // Nothing else waits to go, so the answer set up next meets this request's event.
  await until(async () => {
    const health = await core.call(assembler, 'sync.health', {})
    return health.ok && health.value.outboxDepth === 0
  }, 'the outbox to empty')
}

async function accept(id: string): Promise<void> {
  const answer = await core.call(assembler, 'requests.accept', { id })
  if (!answer.ok) throw new Error(JSON.stringify(answer.error))
}

it.each([
  {
    answer: "a 2xx without the contract's eventId (a 200 HTML page) settles nothing",
    id: 'fr_HTML_1',
    fault: () =>
      lit.intercept(1, {
        status: 200,
        contentType: 'text/html',
        body: '<html><body>Sign in to the Wi-Fi</body></html>'
      })
  },
  { answer: 'a 408 is a try-later, not a refusal', id: 'fr_408_1', fault: () => lit.fail('events', 1, { status: 408 }) }
])(
  '$answer: the event goes again, same key',
  async ({ id, fault }) => {
    await arrive(id)
    fault()
    await accept(id)
    await until(() => lit.faulted.some((f) => f.requestId === id), 'the answer set up')
    await until(() => lit.accepted(id).some((e) => e.type === 'accepted'), 'accepted at Phensys', 10_000)
    const first = lit.faulted.find((f) => f.requestId === id)!
    expect(lit.accepted(id).find((e) => e.type === 'accepted')!.key).toBe(first.key)
    expect(lit.violations).toEqual([])
  },
  30_000
)

it('an event a page in between keeps answering is shown in F9 with why, until Phensys confirms it', async () => {
  await arrive('fr_HTML_2')
  lit.intercept(12, { status: 200, contentType: 'text/html', body: '<html>Proxy login</html>' })
  await accept('fr_HTML_2')
  let shown = ''
  await until(async () => {
    const health = await core.call(assembler, 'sync.health', {})
    shown = (health.ok && health.value.unsentProblem) || ''
    return shown !== ''
  }, 'the problem in F9')
  // In words, as F9 names every event (never the contract's codes): the event, the request, what answered.
  expect(shown).toMatch(/^Accepted for fr_HTML_2 not confirmed after \d+ tries \(still trying\): .*200.*text\/html/)
  expect(shown).not.toMatch(/eventId/)
  await until(() => lit.accepted('fr_HTML_2').some((e) => e.type === 'accepted'), 'accepted at Phensys', 15_000)
  await until(async () => {
    const health = await core.call(assembler, 'sync.health', {})
    return health.ok && health.value.unsentProblem === null
  }, 'the problem gone from F9')
  expect(lit.violations).toEqual([])
}, 30_000)
