/**
 * A later supply's seal key can be neither a request id (opaque text up to 64 characters, '#'
 * allowed) nor another supply's key: request "A#2" (its first supply) and request "A" (its second)
 * are sealed apart, so an honest store verifies and either row removed is found.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/db'
import { RowSeals } from '../../src/main/audit/row-seals'

function supply(sqlite: Database.Database, requestId: string, supplyNo: number): void {
  sqlite
    .prepare(
      `INSERT INTO register_supplies (request_id, supplied_at, supply_date, method, carrier, patient_name, patient_address, recorded_by_id, recorded_by_name, supply_no)
       VALUES (?, '2026-12-01T10:00:00.000Z', '2026-12-01', 'carrier', 'Royal Mail', 'P', 'A', 'u', 'U', ?)`
    )
    .run(requestId, supplyNo)
}

/** Ids that a naive key (`<id>#<n>`) or a padded one would confuse with a later supply's key. */
const LOOK_ALIKES: Array<[string, string]> = [
  ['A#2', 'A'],
  // As long as an id may be, and starting as a later supply's key does.
  [`${'supply'.padEnd(64, ' ')}|2|B`.slice(0, 64), 'B'],
  ['y'.repeat(64), 'x'.repeat(64)]
]

function world() {
  const key = randomBytes(32)
  const store = openStore(join(mkdtempSync(join(tmpdir(), 'seal-keys-')), 'c.sqlite'), { auditKey: key })
  for (const [firstOnly, twice] of LOOK_ALIKES) {
    supply(store.sqlite, firstOnly, 1)
    supply(store.sqlite, twice, 1)
    supply(store.sqlite, twice, 2)
  }
  return { store, seals: new RowSeals(store.db, store.sqlite, key) }
}

describe('the seal keys of supplies', () => {
  it('every key is distinct, and a later supply’s key is longer than any id', () => {
    const { store } = world()
    const keys = store.sqlite
      .prepare(`SELECT CAST(row_key AS TEXT) AS k FROM row_seals WHERE table_name = 'register_supplies'`)
      .all() as Array<{ k: string }>
    expect(keys).toHaveLength(LOOK_ALIKES.length * 3)
    expect(new Set(keys.map((row) => row.k)).size).toBe(keys.length)
    expect(keys.filter((row) => [...row.k].length > 64)).toHaveLength(LOOK_ALIKES.length)
    store.close()
  })

  it('an honest store with look-alike ids verifies', () => {
    const { store, seals } = world()
    expect(seals.verify().failures).toEqual([])
    store.close()
  })

  it.each(LOOK_ALIKES.map(([firstOnly]) => firstOnly))(
    'the removal of request %j’s only supply is found',
    (firstOnly) => {
      const { store, seals } = world()
      // Behind the app's back: the trigger dropped, the row deleted, the trigger made again.
      const { sql } = store.sqlite
        .prepare("SELECT sql FROM sqlite_master WHERE name = 'register_supplies_no_delete'")
        .get() as { sql: string }
      store.sqlite.exec('DROP TRIGGER register_supplies_no_delete')
      store.sqlite.prepare('DELETE FROM register_supplies WHERE request_id = ?').run(firstOnly)
      store.sqlite.exec(sql)
      expect(seals.verify().failures.map((f) => f.kind)).toContain('row_removed')
      store.close()
    }
  )
})
