/**
 * F9's "Not confirmed" line: an event that still has not gone is shown with why after three tries,
 * and not before (one or two failed tries are passing weather). Each try is stepped by hand against
 * the sandbox playing a captive portal (a 200 page that never passes the event on), so the count is
 * exact: no timing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'

let l: Linked
let assembler: string
beforeAll(async () => {
  l = await startLinked({ core: { syncTuning: { retryBaseMs: 1, retryMaxMs: 1, pollWaitSeconds: 0 } } })
  assembler = await staffSession(l.core, ['dispenser'])
}, 60_000)
afterAll(async () => l?.stop())

/** The accepted event's failed tries so far. */
function triesOf(id: string): number {
  const event = l.core.internals.outbox.forRequest(id).find((row) => row.type === 'accepted')
  if (!event) throw new Error(`no accepted event for ${id}`)
  return event.attempts
}

async function unsentProblem(): Promise<string | null> {
  const health = await l.core.call(assembler, 'sync.health', {})
  if (!health.ok) throw new Error(JSON.stringify(health.error))
  return health.value.unsentProblem
}

/** Pushes until the event has failed once more. */
async function oneMoreTry(id: string): Promise<number> {
  const before = triesOf(id)
  while (triesOf(id) === before) {
    await l.core.internals.sync.pushOnce()
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return triesOf(id)
}

it('an event not confirmed is shown in F9 after its third failed try, not after its second', async () => {
  const id = 'fr_THREE_TRIES'
  await l.phensys.post('/sandbox/requests', requestBody(id))
  await settle(l.core)
  await l.sandbox.outage.begin({ mode: 'captive_portal' })
  const accepted = await l.core.call(assembler, 'requests.accept', { id })
  expect(accepted.ok).toBe(true)

  expect(await oneMoreTry(id)).toBe(1)
  expect(await unsentProblem()).toBeNull()
  expect(await oneMoreTry(id)).toBe(2)
  expect(await unsentProblem()).toBeNull()
  expect(await oneMoreTry(id)).toBe(3)
  expect((await unsentProblem()) ?? 'nothing shown').toMatch(
    /^Accepted for fr_THREE_TRIES not confirmed after 3 tries \(still trying\)/
  )

  await l.sandbox.outage.end()
  await settle(l.core)
  expect(await unsentProblem()).toBeNull()
}, 30_000)
