/**
 * The worklist is a query, not a dump: the open requests a page at a time from the open-requests
 * index (never the snapshot), in the list's order with nothing lost or repeated across pages, the
 * stages' counts over all of them, and the rows of changed requests for a window to patch in.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../src/main/db/open'
import { RequestsRepo, type WorklistCursor } from '../src/main/fulfilment/requests-repo'
import { snapshotSchema } from '../src/shared/phensys/snapshot'
import { requestBody } from './helpers/request-body'
import { tempDir } from './helpers/temp-core'

const dir = tempDir('worklist-query-')
let store: Store
let requests: RequestsRepo
const at = (minute: number) => new Date(Date.parse('2026-03-02T08:00:00Z') + minute * 60_000).toISOString()

beforeAll(() => {
  store = openStore(join(dir.path, 'counter.sqlite'))
  requests = new RequestsRepo(store.db)
  const setStage = store.sqlite.prepare('UPDATE requests SET stage = ?, stage_since = ? WHERE id = ?')
  store.sqlite.transaction(() => {
    for (let i = 0; i < 1_250; i++) {
      const id = `fr_W${String(i).padStart(5, '0')}`
      const received = at(i % 400)
      requests.ingest(
        snapshotSchema.parse({
          ...requestBody(id),
          version: 1,
          state: 'in_fulfilment',
          createdAt: received,
          updatedAt: received
        }),
        received
      )
      // A fixture's stages, written straight in: a fifth closed, some further on.
      if (i % 5 === 0) setStage.run(i % 10 === 0 ? 'dispatched' : 'cancelled', received, id)
      else if (i % 3 === 0) setStage.run('stock_check', received, id)
    }
  })()
})
afterAll(() => {
  store.close()
  dir.remove()
})

describe('the worklist query', () => {
  it('pages through every open request once, in the list order, with the counts of all of them', () => {
    const seen: string[] = []
    let after: WorklistCursor | null = null
    let pages = 0
    do {
      const page = requests.openPage(after, 300)
      pages += 1
      expect(page.groups.reduce((sum, group) => sum + group.count, 0)).toBe(1_000)
      seen.push(...page.rows.map((row) => `${row.stageSince} ${row.id}`))
      after = page.next
    } while (after)
    expect(pages).toBe(4)
    expect(seen).toHaveLength(1_000)
    expect(new Set(seen).size).toBe(1_000)
    expect(seen).toEqual([...seen].sort())
    const everyOpen = requests.worklist(false).rows.map((row) => `${row.stageSince} ${row.id}`)
    expect(seen).toEqual(everyOpen)
  })

  it('reads the list and its counts from the open-requests indexes alone, and changed rows by their key', () => {
    const plan = (statement: string) =>
      (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as Array<{ detail: string }>).map(
        (row) => row.detail
      )
    // The statements the repo prepared, as SQLite plans them.
    const statements = requests as unknown as Record<string, { getQuery(): { sql: string } }>
    const planOf = (name: string) => plan(statements[name]!.getQuery().sql.replaceAll('?', "''")).join(' / ')
    expect(planOf('openPageRows')).toMatch(/^SEARCH requests USING COVERING INDEX requests_open/)
    // The counts walk the narrow index of open requests in stage order: nothing to sort.
    expect(planOf('openGroupRows')).toBe('SCAN requests USING COVERING INDEX requests_open_stages')
    expect(planOf('openRowsOfIds')).toMatch(/^SEARCH requests USING INDEX sqlite_autoindex_requests_1 \(id=\?\)/)
  })

  it('answers the rows of changed requests that are still open, and leaves out those that closed', () => {
    const rows = requests.openRowsOf(['fr_W00001', 'fr_W00010', 'fr_W00005', 'fr_NOPE'])
    expect(rows.map((row) => row.id)).toEqual(['fr_W00001'])
    expect(Object.keys(rows[0]!).sort()).not.toContain('snapshot')
  })
})
