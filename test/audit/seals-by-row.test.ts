/**
 * The store keeps the register seals in their own order only (no index of them by row):
 * `audit.verify` sorts them by row once a check. A row sealed twice (an RP absence opened, then
 * closed) is read against its latest seal, a removed row is named in the seals' order, and a
 * check leaves nothing behind, so the next one runs the same.
 */
import Database from 'better-sqlite3'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core'
import { KeyFolder } from '../../src/main/vault/key-folder'
import type { AuditVerification } from '../../src/shared/contract'
import { TEST_SCRYPT, signedInAs } from '../helpers/temp-core'
import { workedStore, type WorkedStore } from './worked-store'

let golden: WorkedStore
beforeAll(async () => {
  golden = await workedStore()
}, 180_000)
afterAll(() => golden?.remove())

const copies: string[] = []
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function copyOfStore(): { data: string; keys: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'counter-seals-'))
  copies.push(dir)
  cpSync(golden.dir, dir, { recursive: true })
  return { data: join(dir, 'data'), keys: join(dir, 'keys'), file: join(dir, 'data', 'counter.sqlite') }
}

/** The next morning's start on the copy, and `audit.verify` asked `times` times of the same core. */
async function verifications(copy: { data: string; keys: string }, times: number): Promise<AuditVerification[]> {
  const core = await createCore({
    dataDir: copy.data,
    keys: new KeyFolder(copy.keys, null),
    phensys: { url: 'http://127.0.0.1:9', token: 'not-used-here' },
    autoSync: false,
    autoDevices: false,
    security: { scryptCost: TEST_SCRYPT },
    log: () => undefined
  })
  try {
    const session = await signedInAs(core, 'owner', '864209')
    const answers: AuditVerification[] = []
    for (let i = 0; i < times; i++) {
      const answer = await core.call(session, 'audit.verify', {})
      if (!answer.ok) throw new Error(answer.error.message)
      answers.push(answer.value)
    }
    return answers
  } finally {
    await core.close()
  }
}

/** A plain connection with the register's triggers set aside for the damage, then put back. */
function tamper(file: string, triggers: string[], damage: (db: Database.Database) => void): void {
  const db = new Database(file)
  try {
    const sqls = triggers.map(
      (name) =>
        (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name) as { sql: string })
          .sql
    )
    for (const name of triggers) db.exec(`DROP TRIGGER ${name}`)
    damage(db)
    for (const sql of sqls) db.exec(sql)
  } finally {
    db.close()
  }
}

describe('register seals without an index by row', () => {
  it('verify whole, a row sealed twice against its latest seal, and a second check in the same run the same', async () => {
    const copy = copyOfStore()
    const db = new Database(copy.file, { readonly: true })
    try {
      expect(
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'row_seals'").all()
      ).toEqual([])
      // The absence was sealed when it began and again when it ended, under one key.
      expect(
        db
          .prepare(
            "SELECT row_key AS rowKey, COUNT(*) AS seals FROM row_seals WHERE table_name = 'rp_absences' GROUP BY row_key"
          )
          .all()
      ).toEqual([{ rowKey: expect.any(String), seals: 2 }])
    } finally {
      db.close()
    }
    const [first, second] = await verifications(copy, 2)
    expect(first!.failures).toEqual([])
    expect(first!.intact).toBe(true)
    expect(second).toEqual(first)
  })

  it('finds a closed absence changed behind its triggers, read against the seal of its close', async () => {
    const copy = copyOfStore()
    tamper(copy.file, ['rp_absences_return_once', 'rp_absences_seal_close'], (db) =>
      db.prepare("UPDATE rp_absences SET returned_at = '2026-01-01T00:00:00.000Z'").run()
    )
    const [found] = await verifications(copy, 1)
    expect(found!.failures.map((f) => f.kind)).toEqual(['row_changed'])
    expect(found!.failures[0]).toMatchObject({ table: 'rp_absences' })
  })

  it('names the removed row sealed first, as a walk of the seals in order would', async () => {
    const copy = copyOfStore()
    let removed: number[] = []
    tamper(copy.file, ['stock_movements_no_delete'], (db) => {
      removed = (db.prepare('SELECT id FROM stock_movements ORDER BY id').all() as Array<{ id: number }>)
        .map((row) => row.id)
        .filter((_, n, all) => n === 1 || n === all.length - 1)
      db.prepare('DELETE FROM stock_movements WHERE id IN (?, ?)').run(...removed)
    })
    const [found] = await verifications(copy, 1)
    // The batch's level no longer adds up from the ledger either.
    expect(found!.failures.map((f) => f.kind)).toEqual(['row_removed', 'levels_changed'])
    expect(found!.failures[0]).toMatchObject({ table: 'stock_movements', rowKey: String(removed[0]) })
  })
})
