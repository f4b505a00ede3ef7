/** Review findings (fix29): answers to an event that do not settle it. */
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

async function accept(id: string): Promise<void> {
  lit.create(requestBody(id))
  await until(() => core.internals.requests.get(id) !== undefined, 'the request to arrive')
  const answer = await core.call(assembler, 'requests.accept', { id })
  if (!answer.ok) throw new Error(JSON.stringify(answer.error))
}

it('a 200 HTML page in place of the answer does not settle the event: it goes again, same key', async () => {
  lit.intercept(1, { status: 200, contentType: 'text/html', body: '<html><body>Sign in to the Wi-Fi</body></html>' })
  await accept('fr_HTML_1')
  await until(() => lit.faulted.some((f) => f.requestId === 'fr_HTML_1'), 'the intercepted try')
  await until(() => lit.accepted('fr_HTML_1').some((e) => e.type === 'accepted'), 'accepted at Phensys', 10_000)
  const first = lit.faulted.find((f) => f.requestId === 'fr_HTML_1')!
  expect(lit.accepted('fr_HTML_1').find((e) => e.type === 'accepted')!.key).toBe(first.key)
  expect(lit.violations).toEqual([])
}, 30_000)

it('a 408 is a try-later, not a refusal: the event goes again, same key', async () => {
  lit.fail('events', 1, { status: 408 })
  await accept('fr_408_1')
  await until(() => lit.faulted.some((f) => f.requestId === 'fr_408_1'), 'the 408 try')
  await until(() => lit.accepted('fr_408_1').some((e) => e.type === 'accepted'), 'accepted at Phensys', 10_000)
  const first = lit.faulted.find((f) => f.requestId === 'fr_408_1')!
  expect(lit.accepted('fr_408_1').find((e) => e.type === 'accepted')!.key).toBe(first.key)
  expect(lit.violations).toEqual([])
}, 30_000)
