/**
 * Shapes of Phensys's answers that the contract leaves open and the sandbox never takes, against the
 * contract-literal Phensys: the counter reads them as Phensys meant them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { requestBody, settle } from '../helpers/linked'
import { linkedToLiteral, type LiteralLink } from '../helpers/literal-world'
import { until } from '../helpers/until'

let link: LiteralLink
beforeAll(async () => {
  link = await linkedToLiteral()
}, 60_000)
afterAll(async () => link?.stop())

it('cursors that are JSON numbers: the feed is followed page by page, each entry read once', async () => {
  const { lit, core } = link
  lit.habits.numericCursors = true
  const ids = ['fr_NUM_1', 'fr_NUM_2', 'fr_NUM_3', 'fr_NUM_4', 'fr_NUM_5']
  try {
    for (const id of ids) lit.create(requestBody(id))
    await settle(core)
    expect(ids.filter((id) => core.internals.requests.get(id) === undefined)).toEqual([])
    // The cursor is the last entry's, passed back as Phensys gave it: the next call finds nothing new.
    expect(core.internals.sync.cursor()).toBe('1004')
    const calls = lit.stats.feedCalls
    expect(await core.internals.sync.pullOnce(0)).toBe('page')
    expect(lit.stats.feedCalls).toBe(calls + 1)
    expect(lit.violations).toEqual([])
  } finally {
    lit.habits.numericCursors = false
  }
})

it('cursors that are JSON numbers past 2^53: passed back digit for digit, not rounded to another place in the feed', async () => {
  const { lit, core } = link
  lit.habits.hugeNumericCursors = true
  const ids = ['fr_HUGE_1', 'fr_HUGE_2', 'fr_HUGE_3', 'fr_HUGE_4', 'fr_HUGE_5']
  try {
    for (const id of ids) lit.create(requestBody(id))
    await settle(core)
    expect(ids.filter((id) => core.internals.requests.get(id) === undefined)).toEqual([])
    // Odd, past 2^53: no double holds it, so only its own digits name it.
    expect(core.internals.sync.cursor()).toMatch(/^90071992547\d{5}$/)
    expect(BigInt(core.internals.sync.cursor()!) % 2n).toBe(1n)
    expect(lit.violations).toEqual([])
  } finally {
    lit.habits.hugeNumericCursors = false
  }
})

it('a last page whose next is null: the last entry’s own cursor is kept, and an idle feed is long-polled, not read again', async () => {
  const { lit, core } = link
  lit.habits.nextNullOnLastPage = true
  try {
    lit.create(requestBody('fr_NEXT_NULL_1'))
    lit.create(requestBody('fr_NEXT_NULL_2'))
    await settle(core)
    expect(core.internals.requests.get('fr_NEXT_NULL_2')).toBeDefined()
    expect(core.internals.sync.cursor()).not.toBeNull()
    const held = lit.stats.held
    expect(await core.internals.sync.pullOnce(1)).toBe('page')
    expect(lit.stats.held).toBe(held + 1)
    expect(lit.violations).toEqual([])
  } finally {
    lit.habits.nextNullOnLastPage = false
  }
})

it('a last page whose next is an empty string: taken for no cursor, the last entry’s own is kept, and the idle feed is long-polled', async () => {
  const { lit, core } = link
  lit.habits.nextEmptyOnLastPage = true
  try {
    lit.create(requestBody('fr_NEXT_EMPTY_1'))
    lit.create(requestBody('fr_NEXT_EMPTY_2'))
    await settle(core)
    expect(core.internals.requests.get('fr_NEXT_EMPTY_2')).toBeDefined()
    expect(core.internals.sync.cursor()).toBeTruthy()
    // Kept at the old cursor, the feed would answer the same entries again at once, forever.
    const held = lit.stats.held
    expect(await core.internals.sync.pullOnce(1)).toBe('page')
    expect(lit.stats.held).toBe(held + 1)
    expect(lit.violations).toEqual([])
  } finally {
    lit.habits.nextEmptyOnLastPage = false
  }
})

it('an empty feed answered 204 No Content: nothing new, Phensys answered, the feed is followed on', async () => {
  const { lit, core } = link
  lit.habits.emptyFeedAs204 = true
  try {
    lit.create(requestBody('fr_204_BEFORE'))
    await settle(core)
    expect(await core.internals.sync.pullOnce(0)).toBe('page')
    expect(core.internals.sync.health()).toMatchObject({ connected: true, lastError: null })
    lit.create(requestBody('fr_204_AFTER'))
    await settle(core)
    expect(core.internals.requests.get('fr_204_AFTER')).toBeDefined()
    expect(lit.violations).toEqual([])
  } finally {
    lit.habits.emptyFeedAs204 = false
  }
})

it('a health check answering 200 with a status the contract does not list is Phensys there: the pull does not wait out its backoff', async () => {
  // Backoffs of 10–40 s: only the health check can bring the pull back within seconds.
  const running = await linkedToLiteral({
    autoSync: true,
    syncTuning: { retryBaseMs: 20_000, retryMaxMs: 60_000, pollWaitSeconds: 1, probeIntervalMs: 100 }
  })
  try {
    running.lit.habits.healthStatus = 'degraded'
    running.lit.fail('feed', 1, { status: 503 })
    await until(() => running.lit.stats.feedCalls >= 1, 'the feed answered 503')
    running.lit.create(requestBody('fr_HEALTH_DEGRADED'))
    await until(() => running.core.internals.requests.get('fr_HEALTH_DEGRADED') !== undefined, 'the request', 3_000)
  } finally {
    await running.stop()
  }
}, 30_000)
