import { afterEach, describe, expect, it, vi } from 'vitest'
import { PhensysClient } from '../../src/main/phensys/phensys-client'
import { requestBody, startLinked, type Linked } from '../helpers/linked'
import { linkedToLiteral, type LiteralLink } from '../helpers/literal-world'

let linked: Linked | undefined
let literal: LiteralLink | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await linked?.stop()
  await literal?.stop()
  literal = undefined
})

describe('catching up with the feed', () => {
  it('asks for the next page while storing one, and takes it only for the cursor it was asked for', async () => {
    linked = await startLinked({ core: { syncTuning: { pageLimit: 2, pollWaitSeconds: 0 } } })
    for (let i = 0; i < 7; i++) await linked.phensys.post('/sandbox/requests', requestBody(`fr_AHEAD${i}`))
    const { sync, requests, store } = linked.core.internals

    expect(await sync.pullOnce(0)).toBe('more')
    const afterFirst = sync.cursor()
    // The cursor moves elsewhere (as a re-sync moves it) while the second page was asked for ahead:
    // the next pull reads from where the cursor is, not the page asked ahead.
    store.sqlite.prepare(`UPDATE sync_state SET value = 'null' WHERE key = 'cursor'`).run()
    expect(await sync.pullOnce(0)).toBe('more')
    expect(sync.cursor()).toBe(afterFirst)

    // Each page asked for once, and the next one while the cursor still stood before it.
    const asked: Array<{ after: string | null; stored: string | null }> = []
    const feed = PhensysClient.prototype.feed
    vi.spyOn(PhensysClient.prototype, 'feed').mockImplementation(function (this: PhensysClient, after, ...rest) {
      asked.push({ after, stored: sync.cursor() })
      return feed.call(this, after, ...rest)
    })
    let pulls = 0
    while ((await sync.pullOnce(0)) === 'more') pulls += 1
    expect(pulls).toBe(2)
    expect(new Set(asked.map((call) => call.after)).size, 'a page asked for twice').toBe(asked.length)
    expect(
      asked.filter((call) => call.after !== call.stored),
      'pages asked for ahead'
    ).not.toHaveLength(0)
    const stored = requests.worklist(true).rows.map((row) => row.id)
    expect(stored.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `fr_AHEAD${i}`))
    // Each version stored once: one audit entry each.
    const entries = linked.core.internals.audit.list({ limit: 100 }).filter((row) => row.command === 'phensys.snapshot')
    expect(entries).toHaveLength(7)
  })

  it('a page asked for ahead and answered 429 with Retry-After is a wait: the feed is not asked again at once', async () => {
    literal = await linkedToLiteral({ syncTuning: { pageLimit: 2, pollWaitSeconds: 0, retryAfterMaxMs: 60_000 } })
    for (let i = 0; i < 7; i++) literal.lit.create(requestBody(`fr_AHEAD_WAIT${i}`))
    const { sync } = literal.core.internals
    expect(await sync.pullOnce(0)).toBe('more')
    // From here on every page is asked for ahead, while the one before it is stored: one of them is refused.
    literal.lit.fail('feed', 1, { status: 429, retryAfter: '30' })
    const results: string[] = []
    for (let pull = 0; pull < 6 && results.at(-1) !== 'retry'; pull++) results.push(await sync.pullOnce(0))
    expect(results).toContain('retry')
    expect(sync.health().phensysWaitUntil, 'the wait Phensys asked for').not.toBeNull()
    const calls = literal.lit.stats.feedCalls
    // Asked again at once, the page would come and the catching up go on as if Phensys had said nothing.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(literal.lit.stats.feedCalls).toBe(calls)
    expect(literal.lit.violations).toEqual([])
  })
})
