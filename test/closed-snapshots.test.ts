/**
 * Closed requests keep Phensys's snapshot deflated (maintenance/closed-requests.ts): only delivered,
 * cancelled and rejected ones closed a week or more; every reader gets the same JSON as before
 * (the request, the patient's record, a query reading inside it); a newer snapshot is stored as
 * text again; the dictionary is pinned.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../src/main/db/open'
import { SNAPSHOT_DICTIONARY } from '../src/main/db/snapshot-packing'
import { RequestsRepo } from '../src/main/fulfilment'
import { ClosedRequestPacking } from '../src/main/maintenance'
import { PatientsRepo } from '../src/main/patients'
import { snapshotSchema, type Snapshot } from '../src/shared/phensys/snapshot'
import { requestBody } from './helpers/linked'
import { tempDir } from './helpers/temp-core'
import { until } from './helpers/until'

const NOW = new Date('2026-11-26T12:00:00.000Z')
const DAY = 86_400_000

let dir: ReturnType<typeof tempDir>
let store: Store
let requests: RequestsRepo
let packing: ClosedRequestPacking
beforeEach(() => {
  dir = tempDir()
  store = openStore(join(dir.path, 'counter.sqlite'))
  requests = new RequestsRepo(store.db)
  packing = new ClosedRequestPacking({ db: store.db, now: () => NOW, log: () => undefined })
})
afterEach(() => {
  store.close()
  dir.remove()
})

function snapshotOf(id: string, version: number, patient: string): Snapshot {
  const body = requestBody(id) as { patient: Record<string, unknown> }
  return snapshotSchema.parse({
    ...body,
    patient: { ...body.patient, id: patient },
    version,
    state: 'in_fulfilment',
    createdAt: '2026-11-01T09:00:00Z',
    updatedAt: '2026-11-01T09:00:00Z'
  })
}

/** A request stored from the feed and, as the workflow would have left it, at `stage` since `daysAgo`. */
function requestAt(id: string, stage: string, daysAgo: number, patient = 'pt_same'): void {
  store.sqlite.transaction(() => requests.ingest(snapshotOf(id, 1, patient), NOW.toISOString()))()
  store.sqlite
    .prepare('UPDATE requests SET stage = ?, stage_since = ? WHERE id = ?')
    .run(stage, new Date(NOW.getTime() - daysAgo * DAY).toISOString(), id)
}

const kept = (id: string) =>
  store.sqlite.prepare('SELECT typeof(snapshot) AS type FROM requests WHERE id = ?').pluck().get(id) as string

describe("closed requests' snapshots kept deflated", () => {
  it('packs delivered, cancelled and rejected requests closed a week or more, and no other', () => {
    requestAt('fr_DELIVERED', 'delivered', 30)
    requestAt('fr_CANCELLED', 'cancelled', 8)
    requestAt('fr_REJECTED', 'rejected', 7.01)
    requestAt('fr_RECENT', 'delivered', 6.9)
    requestAt('fr_DISPATCHED', 'dispatched', 30)
    requestAt('fr_OPEN', 'stock_check', 30)
    expect(packing.packAll()).toBe(3)
    expect(['fr_DELIVERED', 'fr_CANCELLED', 'fr_REJECTED', 'fr_RECENT', 'fr_DISPATCHED', 'fr_OPEN'].map(kept)).toEqual([
      'blob',
      'blob',
      'blob',
      'text',
      'text',
      'text'
    ])
    expect(packing.packAll()).toBe(0)
  })

  it('packs in the background once started, a batch each round, and not after it is stopped', async () => {
    const background = new ClosedRequestPacking({ db: store.db, now: () => NOW, log: () => undefined, everyMs: 5 })
    requestAt('fr_FIRST', 'delivered', 30)
    background.start()
    await until(() => kept('fr_FIRST') === 'blob', 'packed in the background')
    background.stop()
    requestAt('fr_AFTER', 'delivered', 30)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(kept('fr_AFTER')).toBe('text')
  })

  it('gives every reader the same snapshot as before: the request, the patient’s record, a query reading inside it', () => {
    requestAt('fr_A', 'delivered', 30)
    requestAt('fr_B', 'cancelled', 20)
    requestAt('fr_C', 'stock_check', 1)
    const patients = new PatientsRepo(store.db)
    const ids = ['fr_A', 'fr_B', 'fr_C']
    const before = {
      requests: ids.map((id) => requests.get(id)),
      record: patients.requestsOf(['pt_same']),
      open: patients.openRequestsOf(['pt_same']),
      raw: store.sqlite.prepare('SELECT id, snapshot FROM requests ORDER BY id').all() as Array<{ snapshot: string }>
    }
    const bytesBefore = store.sqlite
      .prepare("SELECT length(snapshot) FROM requests WHERE id = 'fr_A'")
      .pluck()
      .get() as number
    expect(packing.packAll()).toBe(2)
    expect(ids.map(kept)).toEqual(['blob', 'blob', 'text'])
    expect(ids.map((id) => requests.get(id))).toEqual(before.requests)
    expect(patients.requestsOf(['pt_same'])).toEqual(before.record)
    expect(patients.openRequestsOf(['pt_same'])).toEqual(before.open)
    expect(
      store.sqlite.prepare('SELECT id, counter_snapshot(snapshot) AS snapshot FROM requests ORDER BY id').all()
    ).toEqual(before.raw)
    const bytesAfter = store.sqlite
      .prepare("SELECT length(snapshot) FROM requests WHERE id = 'fr_A'")
      .pluck()
      .get() as number
    expect(bytesAfter).toBeLessThan(bytesBefore / 2)
  })

  it('stores a newer snapshot of a packed request as text again, and packs it again later', () => {
    requestAt('fr_A', 'delivered', 30)
    packing.packAll()
    expect(kept('fr_A')).toBe('blob')
    const newer = snapshotOf('fr_A', 2, 'pt_same')
    expect(store.sqlite.transaction(() => requests.ingest(newer, NOW.toISOString()))()).toBe('updated')
    expect(kept('fr_A')).toBe('text')
    expect(requests.get('fr_A')?.snapshot).toEqual(newer)
    expect(packing.packAll()).toBe(1)
    expect(requests.get('fr_A')?.snapshot).toEqual(newer)
  })

  it('pins the dictionary: a snapshot packed with it is read with it', () => {
    expect(createHash('sha256').update(SNAPSHOT_DICTIONARY).digest('hex')).toBe(PINNED_DICTIONARY)
  })
})

const PINNED_DICTIONARY = '29fce57e87e0053916aeb635cdc4d8c172037fd3395ded2b9491f9ca22ac6cfa'
