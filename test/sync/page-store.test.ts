import { afterEach, describe, expect, it } from 'vitest'
import type { IngestResult } from '../../src/main/sync/feed-ingest'
import type { FeedEntry } from '../../src/main/phensys'
import { requestBody, startLinked, type Linked } from '../helpers/linked'

let linked: Linked | undefined
afterEach(async () => linked?.stop())

const FIRST_PAGE_AT = new Date('2026-11-26T09:00:00.000Z')
const SECOND_PAGE_AT = new Date('2026-11-26T09:05:00.000Z')

function entry(cursor: string, kind: string, request: Record<string, unknown>): FeedEntry {
  return { cursor, kind, requestId: request.id, version: request.version, at: '2026-11-26T08:59:00Z', request }
}

function version(body: Record<string, unknown>, n: number, changes: Record<string, unknown> = {}) {
  return { ...body, version: n, state: 'submitted', ...changes }
}

/**
 * Everything a page leaves in the store, in a stable order, without what differs run to run (the
 * outbox's idempotency keys, the trail's hashes: the chain is verified instead).
 */
function storedByPages(l: Linked, afterSeq: number): Record<string, unknown> {
  const { sqlite } = l.core.internals.store
  const rows = (query: string) => sqlite.prepare(query).all()
  return {
    requests: rows(
      `SELECT id, version, phensys_state, stage, stage_since, route, patient_name, patient_id, patient_dob,
              patient_postcode, patient_match_key, item_count, has_controlled_drug, hard_copy_required,
              delivery_service, received_at, updated_at, counter_snapshot(snapshot) AS snapshot, revision
       FROM requests ORDER BY id`
    ),
    flags: rows(
      `SELECT request_id, line_id, kind, key, path, raw, words, blocks, source, raised_version, raised_at, status,
              closed_version
       FROM request_flags ORDER BY request_id, id`
    ),
    feedExceptions: rows(
      `SELECT category, cursor, kind, request_id, raw, raw_hash, reason, received_at, acknowledged_at
       FROM feed_exceptions ORDER BY id`
    ),
    outbox: rows(`SELECT request_id, type, body, created_at, status FROM outbox ORDER BY id`),
    audit: l.core.internals.audit
      .list({ limit: 1000 })
      .filter((row) => row.seq > afterSeq)
      .reverse()
      .map((row) => ({ ...row, seq: row.seq - afterSeq }))
  }
}

describe('a page of the feed', () => {
  it('stores a page with an unreadable entry, an unknown field and an older version in its middle exactly as before, its trail intact', async () => {
    linked = await startLinked()
    const { ingest, store, audit, integrity } = linked.core.internals
    const page = (entries: FeedEntry[], now: Date): IngestResult => {
      const result: IngestResult = { changed: [], unreadable: 0 }
      store.sqlite.transaction(() => ingest.page(entries, now, result))()
      return result
    }
    const before = audit.head()!.seq

    const a = requestBody('fr_PAGE_A')
    const c = requestBody('fr_PAGE_C', { patient: { ...(requestBody('x').patient as object), id: 'pt_PAGE_A' } })
    page(
      [entry('c_1', 'request.created', version(a, 1)), entry('c_2', 'request.created', version(c, 1))],
      FIRST_PAGE_AT
    )

    const unreadable = {
      ...requestBody('fr_PAGE_BAD'),
      version: 1,
      prescription: { ...(requestBody('x').prescription as object), items: 'one box of tablets' }
    }
    const second = page(
      [
        entry('c_3', 'request.updated', version(a, 3, { loyaltyTier: 'gold' })),
        entry('c_4', 'request.created', unreadable),
        // Older than the version just stored, in the same page: ignored.
        entry('c_5', 'request.updated', version(a, 2, { loyaltyTier: 'silver' })),
        entry(
          'c_6',
          'request.created',
          version(requestBody('fr_PAGE_B'), 1, {
            delivery: { ...(requestBody('x').delivery as object), service: 'drone_next_hour' },
            patient: {
              ...(requestBody('x').patient as object),
              id: 'pt_PAGE_B',
              name: { title: 'Mr', given: 'Ann\u202eie', family: 'Smith' }
            }
          })
        ),
        { cursor: 'c_7', kind: 'tenant.renamed', requestId: 'fr_PAGE_A', at: '2026-11-26T09:01:00Z' },
        // The same request, still unreadable, at a later version: one item for a person, refreshed.
        entry('c_8', 'request.updated', { ...unreadable, version: 2, prescription: null }),
        // Repeated: changes nothing.
        entry('c_9', 'request.updated', version(c, 1)),
        entry(
          'c_10',
          'request.cancelled',
          version(c, 2, {
            state: 'cancelled',
            cancellation: { reason: 'patient_request', cancelledAt: '2026-11-26T09:02:00Z' }
          })
        ),
        // The same version again after it (the feed is at-least-once).
        entry('c_11', 'request.updated', version(a, 3, { loyaltyTier: 'gold' })),
        // A second version of a request new in this page: one change told for it, not two.
        entry(
          'c_12',
          'request.updated',
          version(requestBody('fr_PAGE_B'), 2, {
            delivery: {
              ...(requestBody('x').delivery as object),
              service: 'drone_next_hour',
              instructions: 'Ring twice'
            },
            patient: {
              ...(requestBody('x').patient as object),
              id: 'pt_PAGE_B',
              name: { title: 'Mr', given: 'Ann\u202eie', family: 'Smith' }
            }
          })
        )
      ],
      SECOND_PAGE_AT
    )

    expect(second).toEqual({
      changed: [
        { requestId: 'fr_PAGE_A', changes: [] },
        { requestId: 'fr_PAGE_B', changes: ['new'] },
        { requestId: 'fr_PAGE_C', changes: ['cancelled'] }
      ],
      unreadable: 1
    })
    const stored = storedByPages(linked, before)
    // The readable parts, said plainly; the whole is pinned below.
    expect(stored.requests).toMatchObject([
      { id: 'fr_PAGE_A', version: 3 },
      { id: 'fr_PAGE_B', version: 2, delivery_service: 'drone_next_hour' },
      { id: 'fr_PAGE_C', version: 2, phensys_state: 'cancelled' }
    ])
    expect(JSON.parse((stored.requests as Array<{ snapshot: string }>)[0]!.snapshot)).toMatchObject({
      loyaltyTier: 'gold'
    })
    expect(stored.feedExceptions).toMatchObject([
      { category: 'unreadable', cursor: 'c_8', request_id: 'fr_PAGE_BAD' },
      { category: 'unknown_kind', cursor: 'c_7', kind: 'tenant.renamed' }
    ])
    expect(
      (stored.audit as Array<{ command: string; entityId: string | null }>)
        .filter((row) => row.command === 'phensys.snapshot')
        .map((row) => row.entityId)
    ).toEqual(['fr_PAGE_A', 'fr_PAGE_C', 'fr_PAGE_A', 'fr_PAGE_B', 'fr_PAGE_C', 'fr_PAGE_B'])
    // Every column of every row the two pages wrote, as the code before the faster ingest wrote them.
    await expect(`${JSON.stringify(stored, null, 1)}\n`).toMatchFileSnapshot('./fixtures/page-store.json')
    expect(await integrity.verify()).toMatchObject({ intact: true, failures: [] })
  })
})
