/**
 * The stock the counter shows, reserves and dispenses against is each batch's running totals
 * (`batch_levels`), kept by a trigger from the sealed ledger (`stock_movements`). Review31 found that
 * table edited or emptied behind the app's back (a Schedule 2 batch's stock raised to hide a loss,
 * or a batch's level removed so it vanishes from stock) with nothing for `audit.verify` to find:
 * the sealed ledger was intact, and the figures the counter works from were not its sums.
 */
import Database from 'better-sqlite3'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { verifyStore as verify, workedStore, type WorkedStore } from './worked-store'

let golden: WorkedStore
beforeAll(async () => {
  golden = await workedStore()
}, 180_000)
const copies: string[] = []
afterAll(() => {
  copies.forEach((dir) => rmSync(dir, { recursive: true, force: true }))
  golden?.remove()
})

function tampered(damage: (db: Database.Database) => void): { data: string; keys: string } {
  const dir = mkdtempSync(join(tmpdir(), 'counter-levels-'))
  copies.push(dir)
  cpSync(golden.dir, dir, { recursive: true })
  const db = new Database(join(dir, 'data', 'counter.sqlite'))
  try {
    damage(db)
  } finally {
    db.close()
  }
  return { data: join(dir, 'data'), keys: join(dir, 'keys') }
}

/** The morphine batch the worked day booked in, dispensed from and supplied. */
const MORPHINE_BATCH = "(SELECT id FROM batches WHERE batch_no = 'MST1')"

it("finds a batch's stock level raised behind the app's back, in words naming the batch and the ledger's figure", async () => {
  const intact = await verify(tampered(() => undefined))
  expect(intact.failures).toEqual([])
  const raised = await verify(
    tampered((db) => {
      const changed = db
        .prepare(`UPDATE batch_levels SET on_hand_milli = on_hand_milli + 10000 WHERE batch_id = ${MORPHINE_BATCH}`)
        .run()
      expect(changed.changes).toBe(1)
    })
  )
  expect(raised.intact).toBe(false)
  const found = raised.failures.find((failure) => failure.kind === 'levels_changed')
  expect(found, JSON.stringify(raised.failures)).toMatchObject({ table: 'batch_levels' })
  expect(found?.message).toMatch(/MST1/)
  expect(found?.message).toMatch(/ledger/)
})

it("finds a batch's stock level removed, and one made up for a batch the ledger never moved", async () => {
  const removed = await verify(
    tampered((db) => {
      expect(db.prepare(`DELETE FROM batch_levels WHERE batch_id = ${MORPHINE_BATCH}`).run().changes).toBe(1)
    })
  )
  expect(removed.failures.map((failure) => failure.kind)).toContain('levels_changed')
  const madeUp = await verify(
    tampered((db) => {
      const batch = db
        .prepare(
          "INSERT INTO batches (ampp_id, batch_no, expiry, created_at) SELECT ampp_id, 'FAKE1', expiry, created_at FROM batches WHERE batch_no = 'MST1'"
        )
        .run().lastInsertRowid
      db.prepare('INSERT INTO batch_levels (batch_id, on_hand_milli, reserved_milli) VALUES (?, 20000, 0)').run(batch)
    })
  )
  expect(madeUp.failures.find((failure) => failure.kind === 'levels_changed')?.message).toMatch(/FAKE1/)
})
