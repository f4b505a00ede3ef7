/**
 * Someone with the store file tries every way SQLite offers to change the audit trail or a register
 * behind the app's back, on a copy of a store with a day's real work in it. Each attempt is either
 * refused by the database, or found by `audit.verify` (what kind, and where).
 */
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, renameSync, rmSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core'
import { readActor, readName, readSummary, readTime } from '../../src/main/db/audit-packing'
import { KeyFolder } from '../../src/main/vault/key-folder'
import { PROTECTED_TABLES, SEALED_TABLES } from '../../src/main/audit/protected-tables'
import type { AuditFailureKind, AuditVerification } from '../../src/shared/contract'
import { TEST_SCRYPT } from '../helpers/temp-core'
import { verifyStore as verify, workedStore, type WorkedStore } from './worked-store'

/** An entry's content as it was written and hashed (the trail keeps the time, staff ids, names and summaries packed). */
function asWritten(row: Record<string, unknown>): unknown[] {
  return [
    readTime(row.at as number | string),
    row.actor_id === null ? null : readActor(row.actor_id as Buffer | string),
    row.actor_name,
    readName(row.command as Buffer | string),
    readName(row.entity_type as Buffer | string),
    row.entity_id,
    readSummary(row.summary as Buffer | string)
  ]
}

let golden: WorkedStore
beforeAll(async () => {
  golden = await workedStore()
}, 180_000)
afterAll(() => golden?.remove())

interface Copy {
  data: string
  keys: string
  file: string
}
const copies: string[] = []
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

/** A fresh copy of the golden store and its key folder. */
function copyOfStore(): Copy {
  const dir = mkdtempSync(join(tmpdir(), 'counter-tamper-'))
  copies.push(dir)
  cpSync(golden.dir, dir, { recursive: true })
  return { data: join(dir, 'data'), keys: join(dir, 'keys'), file: join(dir, 'data', 'counter.sqlite') }
}

/** The tamperer's own connection: plain SQLite, without the app's functions or settings. */
function tamper(copy: Copy, damage: (db: Database.Database) => void): void {
  const db = new Database(copy.file)
  try {
    damage(db)
  } finally {
    db.close()
  }
}

function kinds(verification: AuditVerification): AuditFailureKind[] {
  return verification.failures.map((failure) => failure.kind)
}

function failure(verification: AuditVerification, kind: AuditFailureKind) {
  return verification.failures.find((f) => f.kind === kind)
}

/** The rows the protected tables held at the start (up to `upTo`, by rowid), as one digest. */
function contents(file: string, upTo: Record<string, number> = {}): string {
  const db = new Database(file, { readonly: true })
  try {
    const hash = createHash('sha256')
    for (const table of PROTECTED_TABLES)
      hash.update(
        JSON.stringify(
          db
            .prepare(`SELECT * FROM "${table.name}" WHERE rowid <= ? ORDER BY rowid`)
            .raw()
            .all(upTo[table.name] ?? Number.MAX_SAFE_INTEGER)
        )
      )
    return hash.digest('hex')
  } finally {
    db.close()
  }
}

function lastRowids(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true })
  try {
    return Object.fromEntries(
      PROTECTED_TABLES.map((table) => [
        table.name,
        (db.prepare(`SELECT MAX(rowid) AS n FROM "${table.name}"`).get() as { n: number }).n
      ])
    )
  } finally {
    db.close()
  }
}

function triggerSql(db: Database.Database, name: string): string {
  const row = db
    .prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
    .get(name)
  if (!row) throw new Error(`no trigger ${name}`)
  return row.sql
}

/** Drops triggers, does the damage, and puts the triggers back exactly as they were. */
function behindTrigger(db: Database.Database, names: string | string[], damage: () => void): void {
  const sqls = [names].flat().map((name) => triggerSql(db, name))
  for (const name of [names].flat()) db.exec(`DROP TRIGGER ${name}`)
  damage()
  for (const sql of sqls) db.exec(sql)
}

const KEYS: Record<string, string> = {
  audit_log: 'seq',
  row_seals: 'seq',
  ...Object.fromEntries(SEALED_TABLES.map((table) => [table.name, table.keyColumn]))
}

describe('a tamper-evident store', () => {
  it('is intact as the work left it', async () => {
    const verification = await verify(copyOfStore())
    expect(verification.failures).toEqual([])
    expect(verification).toMatchObject({ intact: true })
    expect(verification.entries).toBeGreaterThan(20)
    expect(verification.head).toEqual(verification.anchored)
    // Every register table has rows, every one sealed.
    const db = new Database(copyOfStore().file, { readonly: true })
    for (const table of SEALED_TABLES)
      expect(
        (db.prepare(`SELECT COUNT(*) AS n FROM "${table.name}"`).get() as { n: number }).n,
        table.name
      ).toBeGreaterThan(0)
    db.close()
  })

  it('refuses every statement but a plain insert at the end, on the trail, the seals and every register', async () => {
    const copy = copyOfStore()
    const before = contents(copy.file)
    const attempts: string[] = []
    const accepted: string[] = []
    const tryAll = (db: Database.Database, label: string): void => {
      for (const { name: table, columns } of PROTECTED_TABLES) {
        const key = KEYS[table]!
        const other = columns.find((column) => column !== key)!
        const first = db.prepare(`SELECT "${key}" AS k FROM "${table}" ORDER BY rowid LIMIT 1`).get() as { k: unknown }
        const last = db.prepare(`SELECT "${key}" AS k FROM "${table}" ORDER BY rowid DESC LIMIT 1`).get() as {
          k: unknown
        }
        const nonKey = columns
          .filter((column) => column !== key)
          .map((c) => `"${c}"`)
          .join(', ')
        const statements: Array<[string, unknown[]]> = [
          [`UPDATE "${table}" SET "${other}" = "${other}" WHERE "${key}" = ?`, [first.k]],
          [`UPDATE OR REPLACE "${table}" SET "${key}" = ? WHERE "${key}" = ?`, [first.k, last.k]],
          [`UPDATE OR IGNORE "${table}" SET "${other}" = NULL WHERE "${key}" = ?`, [first.k]],
          [`DELETE FROM "${table}" WHERE "${key}" = ?`, [last.k]],
          [`DELETE FROM "${table}"`, []],
          [`REPLACE INTO "${table}" SELECT * FROM "${table}" WHERE "${key}" = ?`, [first.k]],
          [`INSERT OR REPLACE INTO "${table}" SELECT * FROM "${table}" WHERE "${key}" = ?`, [last.k]],
          // A new key but the same values: REPLACE would remove whatever the other unique columns collide with.
          [
            `INSERT OR REPLACE INTO "${table}" (${nonKey}) SELECT ${nonKey} FROM "${table}" WHERE "${key}" = ?`,
            [first.k]
          ],
          [
            `INSERT INTO "${table}" SELECT * FROM "${table}" WHERE "${key}" = ? AND 1 ON CONFLICT DO UPDATE SET "${other}" = excluded."${other}"`,
            [first.k]
          ],
          [
            `INSERT INTO "${table}" SELECT * FROM "${table}" WHERE "${key}" = ? AND 1 ON CONFLICT DO NOTHING`,
            [first.k]
          ],
          [`INSERT OR IGNORE INTO "${table}" SELECT * FROM "${table}" WHERE "${key}" = ?`, [first.k]]
        ]
        for (const [sql, params] of statements) {
          attempts.push(`${label}: ${sql}`)
          try {
            const result = db.prepare(sql).run(...params)
            // DO NOTHING and OR IGNORE may run, as long as they change nothing.
            if (result.changes > 0) accepted.push(`${label}: ${sql}`)
          } catch {
            // refused
          }
        }
      }
    }
    // From outside, with the settings a plain connection has (recursive triggers off): all refused.
    tamper(copy, (db) => tryAll(db, 'outside'))
    expect(accepted).toEqual([])
    expect(contents(copy.file)).toBe(before)
    const existing = lastRowids(copy.file)
    // By a program that defines look-alike functions, so that the seal triggers run and only the
    // append-only triggers stand in the way: nothing that was there changes. (A new row that
    // collides with nothing is a plain append; its forged seal is found below. The forger answers
    // in hex, as the real functions do: anything else cannot even be stored as a seal.)
    tamper(copy, (db) => {
      db.function('counter_row_digest', { varargs: true }, () => 'f0'.repeat(32))
      db.function('counter_seal_mac', { varargs: true }, () => 'f0'.repeat(32))
      tryAll(db, 'outside with look-alike functions')
    })
    expect(contents(copy.file, existing)).toBe(before)
    expect(accepted.every((sql) => sql.includes('INSERT OR REPLACE') && !sql.includes('SELECT *'))).toBe(true)
    // On the app's own connection, with its functions and recursive triggers on: likewise.
    const core = await createCore({
      dataDir: copy.data,
      keys: new KeyFolder(copy.keys, null),
      phensys: { url: 'http://127.0.0.1:9', token: 'x' },
      autoSync: false,
      autoDevices: false,
      security: { scryptCost: TEST_SCRYPT },
      log: () => undefined
    })
    tryAll(core.internals.store.sqlite, 'inside')
    await core.close()
    expect(contents(copy.file, existing)).toBe(before)
    expect(attempts.length).toBe(PROTECTED_TABLES.length * 11 * 3)
    // The only thing found: the rows appended with forged seals (a forged stock movement also
    // leaves its batch's level apart from the ledger's sums).
    const verification = await verify(copy)
    expect(kinds(verification)).toContain('seal_broken')
    expect(
      kinds(verification).every((kind) => kind === 'seal_broken' || kind === 'row_changed' || kind === 'levels_changed')
    ).toBe(true)
  })

  it('refuses a plain insert into a register from any program but the app (the seal needs its function)', () => {
    const copy = copyOfStore()
    tamper(copy, (db) => {
      const row = db.prepare('SELECT * FROM stock_movements ORDER BY id DESC LIMIT 1').get() as Record<string, unknown>
      const { id: _id, ...values } = row
      const columns = Object.keys(values)
      expect(() =>
        db
          .prepare(`INSERT INTO stock_movements (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
          .run(...Object.values(values))
      ).toThrow(/no such function: counter_row_digest/)
    })
  })

  it('finds an entry edited after its trigger was dropped, whether or not the trigger is put back', async () => {
    const dropped = copyOfStore()
    tamper(dropped, (db) => {
      db.exec('DROP TRIGGER audit_log_no_update')
      db.prepare("UPDATE audit_log SET actor_name = 'Mallory' WHERE seq = 7").run()
    })
    const found = await verify(dropped)
    expect(kinds(found)).toEqual(expect.arrayContaining(['trigger_missing', 'entry_changed']))
    expect(failure(found, 'entry_changed')).toMatchObject({ seq: 7 })
    expect(failure(found, 'trigger_missing')?.message).toContain('audit_log_no_update')
    expect(found.intact).toBe(false)

    const restored = copyOfStore()
    tamper(restored, (db) =>
      behindTrigger(db, 'audit_log_no_update', () =>
        db.prepare("UPDATE audit_log SET summary = '{}' WHERE seq = 9").run()
      )
    )
    const again = await verify(restored)
    expect(kinds(again)).toEqual(['entry_changed'])
    expect(failure(again, 'entry_changed')).toMatchObject({ seq: 9 })
  })

  it('finds a chain recomputed without the key (the unkeyed SHA-256 an earlier version used)', async () => {
    const copy = copyOfStore()
    tamper(copy, (db) =>
      behindTrigger(db, 'audit_log_no_update', () => {
        const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= 12 ORDER BY seq').all() as Array<
          Record<string, unknown>
        >
        let previous = (
          db.prepare('SELECT lower(hex(hash)) AS hash FROM audit_log WHERE seq = 11').get() as { hash: string }
        ).hash
        for (const row of rows) {
          const actorName = row.seq === 12 ? 'Mallory' : row.actor_name
          const material = JSON.stringify([
            row.seq,
            ...asWritten(row).slice(0, 2),
            actorName,
            ...asWritten(row).slice(3),
            previous
          ])
          const hash = createHash('sha256').update(material).digest('hex')
          db.prepare('UPDATE audit_log SET actor_name = ?, hash = ? WHERE seq = ?').run(
            actorName,
            Buffer.from(hash, 'hex'),
            row.seq
          )
          previous = hash
        }
      })
    )
    const found = await verify(copy)
    expect(failure(found, 'entry_changed')).toMatchObject({ seq: 12 })
    expect(kinds(found)).toContain('head_changed')
  })

  it('finds a fake entry added at the end with a hash made without the key', async () => {
    const copy = copyOfStore()
    tamper(copy, (db) => {
      const last = db
        .prepare('SELECT seq, lower(hex(hash)) AS hash FROM audit_log ORDER BY seq DESC LIMIT 1')
        .get() as {
        seq: number
        hash: string
      }
      const row = [
        last.seq + 1,
        '2026-11-26T18:00:00.000Z',
        null,
        'Mallory',
        'stock.adjust',
        'batch',
        '1',
        '{}',
        last.hash
      ]
      const hash = createHash('sha256').update(JSON.stringify(row)).digest('hex')
      db.prepare(
        'INSERT INTO audit_log (seq, at, actor_id, actor_name, command, entity_type, entity_id, summary, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
      ).run(...row.slice(0, -1), Buffer.from(hash, 'hex'))
    })
    const found = await verify(copy)
    expect(kinds(found)).toEqual(['entry_changed'])
  })

  it('finds a cut tail, recorded at the next start and against the head kept beside the key', async () => {
    const copy = copyOfStore()
    let lastSeq = 0
    tamper(copy, (db) => {
      lastSeq = (db.prepare('SELECT MAX(seq) AS n FROM audit_log').get() as { n: number }).n
      behindTrigger(db, 'audit_log_no_delete', () => db.prepare('DELETE FROM audit_log WHERE seq > ?').run(lastSeq - 3))
    })
    const found = await verify(copy)
    expect(kinds(found)).toEqual(['tail_cut'])
    expect(failure(found, 'tail_cut')?.message).toContain(`(${lastSeq})`)
  })

  it('finds an older copy of the store put back in place of the current one', async () => {
    const copy = copyOfStore()
    cpSync(golden.halfwayStore, copy.file)
    const found = await verify(copy)
    expect(kinds(found)).toEqual(expect.arrayContaining(['tail_cut']))
  })

  it('finds a register row edited, removed or added behind its triggers', async () => {
    const edited = copyOfStore()
    tamper(edited, (db) =>
      behindTrigger(db, 'pom_register_no_update', () =>
        db
          .prepare(
            "UPDATE pom_register_entries SET patient_name = 'Someone Else' WHERE id = (SELECT MIN(id) FROM pom_register_entries)"
          )
          .run()
      )
    )
    const changed = await verify(edited)
    expect(kinds(changed)).toEqual(['row_changed'])
    expect(failure(changed, 'row_changed')).toMatchObject({ table: 'pom_register_entries' })

    const removed = copyOfStore()
    tamper(removed, (db) =>
      behindTrigger(db, 'cd_register_no_delete', () =>
        db.prepare('DELETE FROM cd_register_entries WHERE id = (SELECT MAX(id) FROM cd_register_entries)').run()
      )
    )
    expect(failure(await verify(removed), 'row_removed')).toMatchObject({ table: 'cd_register_entries' })

    const added = copyOfStore()
    tamper(added, (db) =>
      behindTrigger(db, 'stock_movements_seal', () =>
        db
          .prepare(
            "INSERT INTO stock_movements (batch_id, kind, on_hand_delta_milli, reserved_delta_milli, reason, actor_name, at) SELECT batch_id, 'adjustment', 5000, 0, 'found', 'Mallory', at FROM stock_movements ORDER BY id DESC LIMIT 1"
          )
          .run()
      )
    )
    expect(kinds(await verify(added))).toEqual(['row_unsealed'])

    const rp = copyOfStore()
    tamper(rp, (db) =>
      behindTrigger(db, ['rp_periods_close_once', 'rp_periods_seal_close'], () =>
        db.prepare("UPDATE rp_periods SET gphc_number = '2000000' WHERE id = (SELECT MIN(id) FROM rp_periods)").run()
      )
    )
    expect(failure(await verify(rp), 'row_changed')).toMatchObject({ table: 'rp_periods' })
  })

  it('finds a register row added with a seal numbered before the first, made without the key', async () => {
    const copy = copyOfStore()
    const movements = SEALED_TABLES.find((table) => table.name === 'stock_movements')!
    tamper(copy, (db) =>
      behindTrigger(db, ['stock_movements_seal', 'row_seals_append_at_end'], () => {
        const { lastInsertRowid } = db
          .prepare(
            "INSERT INTO stock_movements (batch_id, kind, on_hand_delta_milli, reserved_delta_milli, reason, actor_name, at) SELECT batch_id, 'adjustment', 5000, 0, 'found', 'Mallory', at FROM stock_movements ORDER BY id DESC LIMIT 1"
          )
          .run()
        // The row's digest needs no key: the forger can make it; the seal's MAC they cannot.
        const { json } = db
          .prepare<[number | bigint], { json: string }>(
            `SELECT json_array(${movements.columns.map((column) => `"${column}"`).join(', ')}) AS json FROM stock_movements WHERE id = ?`
          )
          .get(lastInsertRowid)!
        db.prepare(
          "INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac) VALUES (-1, 'stock_movements', ?, ?, ?)"
        ).run(
          String(lastInsertRowid),
          createHash('sha256').update(json).digest(),
          createHash('sha256').update('not the key').digest()
        )
      })
    )
    expect(kinds(await verify(copy))).toContain('seal_broken')
  })

  it('finds a dropped, changed or added trigger', async () => {
    const copy = copyOfStore()
    tamper(copy, (db) => {
      db.exec('DROP TRIGGER stock_movements_no_delete')
      const sql = triggerSql(db, 'register_supplies_no_update')
      db.exec('DROP TRIGGER register_supplies_no_update')
      db.exec(sql.replace('BEGIN', "WHEN NEW.carrier <> 'x' BEGIN"))
      db.exec('CREATE TRIGGER audit_log_helper AFTER INSERT ON audit_log BEGIN SELECT 1; END')
    })
    const found = await verify(copy)
    expect(kinds(found).sort()).toEqual(['trigger_changed', 'trigger_missing', 'trigger_unexpected'])
    expect(failure(found, 'trigger_changed')?.message).toContain('register_supplies_no_update')
  })

  it('finds a table dropped and made again, or altered', async () => {
    const seals = copyOfStore()
    tamper(seals, (db) => {
      const tableSql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'row_seals'").get() as { sql: string })
        .sql
      db.exec('DROP TABLE row_seals')
      db.exec(tableSql)
    })
    expect(kinds(await verify(seals))).toEqual(expect.arrayContaining(['trigger_missing', 'tail_cut', 'row_unsealed']))

    const trail = copyOfStore()
    tamper(trail, (db) => {
      const tableSql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'audit_log'").get() as { sql: string })
        .sql
      db.exec('DROP TABLE audit_log')
      db.exec(tableSql)
    })
    expect(kinds(await verify(trail))).toEqual(expect.arrayContaining(['trigger_missing', 'tail_cut']))

    const altered = copyOfStore()
    tamper(altered, (db) => db.exec('ALTER TABLE cd_register_entries ADD COLUMN remark TEXT'))
    expect(kinds(await verify(altered))).toEqual(['columns_changed'])

    const renamed = copyOfStore()
    tamper(renamed, (db) => {
      db.exec('ALTER TABLE rp_absences RENAME TO rp_absences_old')
      db.exec('CREATE TABLE rp_absences AS SELECT * FROM rp_absences_old')
    })
    expect(kinds(await verify(renamed))).toEqual(expect.arrayContaining(['trigger_changed', 'trigger_missing']))
  })

  it('finds an edited copy made with VACUUM INTO and swapped in for the store', async () => {
    const copy = copyOfStore()
    const edited = join(copy.data, 'edited.sqlite')
    tamper(copy, (db) => db.prepare('VACUUM INTO ?').run(edited))
    const db = new Database(edited)
    behindTrigger(db, 'register_supplies_no_update', () =>
      db.prepare("UPDATE register_supplies SET carrier = 'DPD'").run()
    )
    db.close()
    unlinkSync(copy.file)
    renameSync(edited, copy.file)
    expect(kinds(await verify(copy))).toEqual(['row_changed'])
  })

  it('finds the whole trail rewritten without the key, as if written before keying, with the head beside the key removed', async () => {
    const copy = copyOfStore()
    tamper(copy, (db) =>
      behindTrigger(db, ['audit_log_no_delete', 'audit_log_append_at_end'], () => {
        const rows = db
          .prepare("SELECT * FROM audit_log WHERE command <> 'audit.chainKeyed' ORDER BY seq")
          .all() as Array<Record<string, unknown>>
        db.prepare('DELETE FROM audit_log').run()
        const insert = db.prepare(
          'INSERT INTO audit_log (seq, at, actor_id, actor_name, command, entity_type, entity_id, summary, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
        )
        let previous = '0'.repeat(64)
        rows.forEach((row, index) => {
          const fields = [
            index + 1,
            row.at,
            row.actor_id,
            row.actor_name,
            row.command,
            row.entity_type,
            row.entity_id,
            row.summary
          ]
          const hash = createHash('sha256')
            .update(JSON.stringify([index + 1, ...asWritten(row), previous]))
            .digest('hex')
          insert.run(...fields, Buffer.from(hash, 'hex'))
          previous = hash
        })
      })
    )
    unlinkSync(join(copy.keys, 'counter.anchor.json'))
    expect(kinds(await verify(copy))).toContain('anchor_missing')
  })

  it('finds the head beside the key removed, or the key itself', async () => {
    const anchor = copyOfStore()
    unlinkSync(join(anchor.keys, 'counter.anchor.json'))
    expect(kinds(await verify(anchor))).toEqual(['anchor_missing'])

    const key = copyOfStore()
    unlinkSync(join(key.keys, 'audit.key'))
    const found = await verify(key)
    expect(kinds(found)).toEqual(expect.arrayContaining(['key_not_held', 'seal_broken']))
  })
})
