import { afterEach, describe, expect, it } from 'vitest'
import { requestBody, startLinked, type Linked } from '../helpers/linked'

let linked: Linked | undefined
afterEach(async () => linked?.stop())

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

    let pulls = 0
    while ((await sync.pullOnce(0)) === 'more') pulls += 1
    expect(pulls).toBe(2)
    const stored = requests.worklist(true).rows.map((row) => row.id)
    expect(stored.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `fr_AHEAD${i}`))
    // Each version stored once: one audit entry each.
    const entries = linked.core.internals.audit.list({ limit: 100 }).filter((row) => row.command === 'phensys.snapshot')
    expect(entries).toHaveLength(7)
  })
})
