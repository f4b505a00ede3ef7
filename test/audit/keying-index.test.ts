/**
 * Every start asks for the trail's last keying entry. On a year's store (2.6 million entries) that
 * read, walking back through the whole trail, was three quarters of a start: it goes through the
 * keying entries' own partial index, and still finds the entry after a restart.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startTempCore, type TempCore } from '../helpers/temp-core'

let started: TempCore | undefined
afterEach(async () => {
  await started?.stop()
  started = undefined
})

describe("the trail's last keying entry", () => {
  it('is read through its own index, and a restart finds it (no second keying)', async () => {
    started = await startTempCore()
    const { integrity, store } = started.core.internals
    const query = (integrity as unknown as { lastKeyingQuery(): { toSQL(): { sql: string } } }).lastKeyingQuery()
    const plan = (
      store.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.toSQL().sql.replaceAll('?', '1')}`).all() as Array<{
        detail: string
      }>
    ).map((row) => row.detail)
    expect(plan).toEqual(['SCAN audit_log USING INDEX audit_log_chain_keyed'])

    await started.restart()
    const keyings = started.core.internals.store.sqlite
      .prepare("SELECT COUNT(*) AS n FROM audit_log WHERE command IN (x'00', 'audit.chainKeyed')")
      .get() as { n: number }
    expect(keyings.n).toBe(1)
  })
})
