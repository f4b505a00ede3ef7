/**
 * When a bag is back on the returns shelf, as recall and the CD balance check read it, on a real
 * migrated store: the request's last dispatch only, every parcel of it returned, and nothing
 * handed over since. The cases are written as rows, so each rule is pinned on its own.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../src/main/db/open'
import { bagBackInPharmacy } from '../../src/main/registers/returned-bag'
import { tempDir } from '../helpers/temp-core'

const DAY1 = '2026-11-26T10:00:00.000Z'
const DAY2 = '2026-11-27T10:00:00.000Z'
const DAY3 = '2026-11-28T10:00:00.000Z'

type Outcome = 'delivered' | 'returned' | null
interface Bag {
  dispatches: Array<{ at: string; parcels: Outcome[] }>
  /** When each supply was recorded, in order (a dispatch's own supply is at its time). */
  supplies: string[]
}

const BAGS: Record<string, { bag: Bag; back: boolean }> = {
  never_handed_over: { bag: { dispatches: [], supplies: [] }, back: false },
  collected: { bag: { dispatches: [], supplies: [DAY1] }, back: false },
  out: { bag: { dispatches: [{ at: DAY1, parcels: [null] }], supplies: [DAY1] }, back: false },
  delivered: { bag: { dispatches: [{ at: DAY1, parcels: ['delivered'] }], supplies: [DAY1] }, back: false },
  returned: { bag: { dispatches: [{ at: DAY1, parcels: ['returned'] }], supplies: [DAY1] }, back: true },
  both_of_two_returned: {
    bag: { dispatches: [{ at: DAY1, parcels: ['returned', 'returned'] }], supplies: [DAY1] },
    back: true
  },
  one_returned_one_delivered: {
    bag: { dispatches: [{ at: DAY1, parcels: ['returned', 'delivered'] }], supplies: [DAY1] },
    back: false
  },
  one_returned_one_still_out: {
    bag: { dispatches: [{ at: DAY1, parcels: ['returned', null] }], supplies: [DAY1] },
    back: false
  },
  returned_then_sent_again: {
    bag: {
      dispatches: [
        { at: DAY1, parcels: ['returned'] },
        { at: DAY2, parcels: [null] }
      ],
      supplies: [DAY1, DAY2]
    },
    back: false
  },
  sent_again_and_returned_again: {
    bag: {
      dispatches: [
        { at: DAY1, parcels: ['returned', 'returned'] },
        { at: DAY2, parcels: ['returned'] }
      ],
      supplies: [DAY1, DAY2]
    },
    back: true
  },
  // Not a path the counter takes (a delivered bag is not sent again), but it says only the last counts.
  earlier_delivered_last_returned: {
    bag: {
      dispatches: [
        { at: DAY1, parcels: ['delivered'] },
        { at: DAY2, parcels: ['returned'] }
      ],
      supplies: [DAY1, DAY2]
    },
    back: true
  },
  returned_then_collected: {
    bag: { dispatches: [{ at: DAY1, parcels: ['returned'] }], supplies: [DAY1, DAY3] },
    back: false
  }
}

let dir: ReturnType<typeof tempDir>
let store: Store

beforeAll(() => {
  dir = tempDir()
  store = openStore(`${dir.path}/counter.sqlite`)
  const { sqlite } = store
  const shipment = sqlite.prepare(`INSERT INTO shipments (request_id, method) VALUES (?, 'carrier')`)
  const parcel = sqlite.prepare(
    `INSERT INTO parcels (request_id, parcel_no, carrier, service, dispatched_at, manifest_date, outcome, outcome_at)
     VALUES (?, ?, 'royal_mail', 'tracked_24', ?, substr(?, 1, 10), ?, CASE WHEN ? IS NULL THEN NULL ELSE ? END)`
  )
  const supply = sqlite.prepare(
    `INSERT INTO register_supplies (request_id, supply_no, supplied_at, supply_date, method, carrier, collected_by_name,
       id_asked, id_seen, patient_name, patient_address, recorded_by_id, recorded_by_name)
     VALUES (?, ?, ?, substr(?, 1, 10), 'collect', NULL, 'Pat Ashdown', 1, 1, 'Pat Ashdown', '1 Ashdown Street, York',
       'st_1', 'A Pharmacist')`
  )
  sqlite.transaction(() => {
    for (const [id, { bag }] of Object.entries(BAGS)) {
      if (bag.dispatches.length > 0) shipment.run(id)
      let parcelNo = 0
      for (const dispatch of bag.dispatches)
        for (const outcome of dispatch.parcels)
          parcel.run(id, ++parcelNo, dispatch.at, dispatch.at, outcome, outcome, DAY3)
      bag.supplies.forEach((at, i) => supply.run(id, i + 1, at, at))
    }
  })()
})
afterAll(() => {
  store?.close()
  dir?.remove()
})

describe('a bag back in the pharmacy', () => {
  it.each(Object.entries(BAGS))('%s', (id, { back }) => {
    const row = store.db.get<{ back: number }>(sql`SELECT ${bagBackInPharmacy(store.db, sql`${id}`)} AS back`)
    expect(row.back).toBe(back ? 1 : 0)
  })

  it('is settled for a bag with no parcel back by the small index of returned parcels, before its last dispatch is read', () => {
    const query = store.db.select({ back: bagBackInPharmacy(store.db, sql`'delivered'`) }).from(sql`(SELECT 1)`)
    const plan = (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.toSQL().sql}`).all() as Array<{ detail: string }>)
      .map((row) => row.detail)
      .join(' / ')
    expect(plan).toContain('SEARCH returned_parcel USING COVERING INDEX parcels_returned (request_id=?)')
    expect(plan).not.toMatch(/SCAN (parcels|parcel_of_last|last_parcel|returned_parcel|supply_since)\b/)
  })
})
