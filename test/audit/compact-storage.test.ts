/**
 * The audit trail's and the register seals' compact storage (each hash as its 32 bytes, the hash
 * before not kept twice), reached by migrations from the layout stores were written in before them:
 * on a store with a day's real work, put back in that layout as the earlier migrations left it, the
 * migrations keep every entry and seal, the chain and the seals still verify, the head recorded
 * outside the store still names the same entry and hash; and a trail already tampered with in the
 * old layout is still found after them.
 */
import Database from 'better-sqlite3'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readActor, readName, readSummary, readTime } from '../../src/main/db/audit-packing'
import { openStore } from '../../src/main/db/open'
import { findMigrationsDir } from '../../src/main/resources'
import { verifyStore as verify, workedStore, type WorkedStore } from './worked-store'

const COMPACTION = '_audit_compact_hashes'
const PACKING = '_audit_packed'

let golden: WorkedStore
beforeAll(async () => {
  // Rebuilt below in layouts from before patient returns were recorded: a store then had none.
  golden = await workedStore({ patientReturn: false })
}, 180_000)
afterAll(() => golden?.remove())

const scratch: string[] = []
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'counter-compact-'))
  scratch.push(dir)
  return dir
}

interface Journal {
  entries: Array<{ tag: string }>
}

/** A copy of drizzle/ without the migration whose tag ends in `suffix` and those after it. */
function migrationsBefore(suffix: string, into: string): { folder: string } {
  const folder = join(into, 'drizzle-older')
  cpSync(findMigrationsDir(), folder, { recursive: true })
  const journalFile = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as Journal
  const stop = journal.entries.findIndex((entry) => entry.tag.endsWith(suffix))
  if (stop < 0) throw new Error(`no migration ${suffix}`)
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, stop) }))
  return { folder }
}

/**
 * The golden store as the migrations before the compaction left it: a store made with those
 * migrations, holding the golden store's rows. Each hash is written as hex text and each row of the
 * trail and of the seals carries the hash before it, as they did then; columns added since are left
 * out. Its triggers are those migrations' own (set aside while the rows are copied in).
 */
function asWrittenBefore(migration = COMPACTION): { data: string; keys: string; file: string } {
  const dir = newDir()
  cpSync(golden.dir, dir, { recursive: true })
  const file = join(dir, 'data', 'counter.sqlite')
  rmSync(file)
  const older = migrationsBefore(migration, dir)
  openStore(file, { migrationsDir: older.folder }).close()
  const db = new Database(file)
  try {
    const triggers = db
      .prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
      .all()
    for (const trigger of triggers) db.exec(`DROP TRIGGER "${trigger.name}"`)
    // Copied table by table, not in the order their references need.
    db.pragma('foreign_keys = OFF')
    // An entry's time, actor and summary as the text they were written as (the golden store keeps them packed).
    db.function('entry_time', (at: unknown) => readTime(at as number | string))
    db.function('entry_actor', (id: unknown) => (id === null ? null : readActor(id as Buffer | string)))
    db.function('entry_summary', (summary: unknown) => readSummary(summary as Buffer | string))
    db.function('entry_name', (name: unknown) => readName(name as Buffer | string))
    const entryText: Record<string, string> = {
      at: 'entry_time',
      actor_id: 'entry_actor',
      command: 'entry_name',
      entity_type: 'entry_name',
      summary: 'entry_summary'
    }
    db.prepare('ATTACH DATABASE ? AS golden').run(join(golden.dir, 'data', 'counter.sqlite'))
    const columnsOf = (schema: string, table: string) =>
      new Map(
        (
          db.prepare('SELECT name, type FROM pragma_table_info(?, ?)').all(table, schema) as Array<{
            name: string
            type: string
          }>
        ).map((column) => [column.name, column.type.toLowerCase()])
      )
    const tables = db
      .prepare<[], { name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name <> '__drizzle_migrations' AND name NOT LIKE 'pack_search%'`
      )
      .all()
    for (const { name } of tables) {
      const now = columnsOf('golden', name)
      const then = [...columnsOf('main', name).entries()]
      // A column the golden store no longer has is the hash before, as it was then written in each row.
      const value = ([column, type]: [string, string]): string =>
        name === 'audit_log' && type === 'text' && column in entryText
          ? `${entryText[column]}("${column}")`
          : now.has(column)
            ? type === 'text' && now.get(column) === 'blob'
              ? `lower(hex("${column}"))`
              : `"${column}"`
            : column === 'prev_hash'
              ? `COALESCE(lower(hex(LAG(hash) OVER (ORDER BY seq))), '${'0'.repeat(64)}')`
              : column === 'prev_mac'
                ? `COALESCE(lower(hex(LAG(mac) OVER (ORDER BY seq))), '')`
                : 'NULL'
      db.exec(
        `INSERT INTO main."${name}" (${then.map(([column]) => `"${column}"`).join(', ')})
         SELECT ${then.map(value).join(', ')} FROM golden."${name}" ORDER BY rowid`
      )
    }
    db.exec('DETACH DATABASE golden')
    for (const trigger of triggers) db.exec(trigger.sql)
  } finally {
    db.close()
  }
  return { data: join(dir, 'data'), keys: join(dir, 'keys'), file }
}

interface OldRow {
  seq: number
  summary: string
  prev_hash: string
  hash: string
}

describe('the audit trail and the register seals kept compact', () => {
  it('migrates a trail and seals written in the old layout: every entry and seal kept, the chain, the seals and the recorded head still verify', async () => {
    const copy = asWrittenBefore()
    const db = new Database(copy.file, { readonly: true })
    const columns = db.prepare("SELECT name FROM pragma_table_info('audit_log')").all() as Array<{ name: string }>
    expect(columns.map((c) => c.name)).toContain('prev_hash')
    const old = db.prepare('SELECT seq, summary, prev_hash, hash FROM audit_log ORDER BY seq').all() as OldRow[]
    const seals = db.prepare('SELECT seq, mac FROM row_seals ORDER BY seq').all() as Array<{ seq: number; mac: string }>
    db.close()
    expect(old.length).toBeGreaterThan(30)
    expect(old[0]!.hash).toMatch(/^[0-9a-f]{64}$/)

    const verified = await verify(copy)
    expect(verified.failures).toEqual([])
    expect(verified.intact).toBe(true)
    // The start finds the head recorded beside the key as it was; the only entry after is the sign-in to verify.
    expect(verified.entries).toBe(old.length + 1)
    expect(verified.anchored).toEqual(verified.head)
    expect(verified.sealedRows).toBe(seals.length)

    const after = new Database(copy.file, { readonly: true })
    const rows = after
      .prepare('SELECT seq, summary, lower(hex(hash)) AS hash, typeof(hash) AS type FROM audit_log ORDER BY seq')
      .all() as Array<{ seq: number; summary: Buffer | string; hash: string; type: string }>
    const sealsAfter = after.prepare('SELECT seq, lower(hex(mac)) AS mac FROM row_seals ORDER BY seq').all() as Array<{
      seq: number
      mac: string
    }>
    const indexes = after
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'")
      .all() as Array<{ name: string }>
    after.close()
    expect(rows.slice(0, old.length).map((r) => [r.seq, readSummary(r.summary), r.hash])).toEqual(
      old.map((r) => [r.seq, r.summary, r.hash])
    )
    expect(rows.at(-1)).toMatchObject({ seq: old.length + 1, hash: verified.head?.hash })
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['blob']))
    expect(seals.length).toBeGreaterThan(5)
    expect(seals[0]!.mac).toMatch(/^[0-9a-f]{64}$/)
    expect(sealsAfter).toEqual(seals)
    expect(indexes.map((i) => i.name).sort()).toEqual(['audit_log_chain_keyed', 'audit_log_entity_id'])
  })

  it('still finds an entry changed in the old layout before the migration', async () => {
    const copy = asWrittenBefore()
    const db = new Database(copy.file)
    db.exec('DROP TRIGGER audit_log_no_update')
    db.prepare("UPDATE audit_log SET summary = '{}' WHERE seq = 7").run()
    db.close()
    const verified = await verify(copy)
    expect(verified.intact).toBe(false)
    expect(verified.failures.find((f) => f.kind === 'entry_changed')).toMatchObject({ seq: 7 })
  })

  it('still finds, after the migration, a link broken in the old layout', async () => {
    const copy = asWrittenBefore()
    const db = new Database(copy.file)
    db.exec('DROP TRIGGER audit_log_no_delete')
    db.prepare('DELETE FROM audit_log WHERE seq = 9').run()
    db.close()
    const verified = await verify(copy)
    expect(verified.failures.map((f) => [f.kind, f.seq])).toEqual(
      expect.arrayContaining([
        ['entry_missing', 9],
        ['broken_link', 10]
      ])
    )
  })

  it('packs the times, staff ids, names and summaries of a trail written before: every entry reads back as written, the chain and the recorded head still verify', async () => {
    const copy = asWrittenBefore(PACKING)
    const db = new Database(copy.file)
    const read = (database: Database.Database) =>
      database
        .prepare(
          `SELECT seq, at, actor_id AS actorId, actor_name AS actorName, command, entity_type AS entityType,
             entity_id AS entityId, summary, lower(hex(hash)) AS hash FROM audit_log ORDER BY seq`
        )
        .all() as Array<{
        seq: number
        at: string
        actorId: string | Buffer | null
        command: string | Buffer
        entityType: string | Buffer
        summary: string | Buffer
      }>
    const old = read(db)
    const bytes = (database: Database.Database) =>
      (
        database
          .prepare(
            'SELECT SUM(length(CAST(at AS BLOB)) + COALESCE(length(CAST(actor_id AS BLOB)), 0) + length(CAST(command AS BLOB)) + length(CAST(entity_type AS BLOB)) + length(CAST(summary AS BLOB))) AS n FROM audit_log'
          )
          .get() as { n: number }
      ).n
    const bytesBefore = bytes(db)
    db.close()
    expect(old.every((row) => typeof row.at === 'string' && typeof row.summary === 'string')).toBe(true)
    expect(old.some((row) => typeof row.actorId === 'string' && row.actorId.startsWith('u_'))).toBe(true)
    expect(old.every((row) => typeof row.command === 'string' && typeof row.entityType === 'string')).toBe(true)

    const verified = await verify(copy)
    expect(verified.failures).toEqual([])
    expect(verified.intact).toBe(true)
    expect(verified.entries).toBe(old.length + 1)
    expect(verified.anchored).toEqual(verified.head)

    const after = new Database(copy.file, { readonly: true })
    const rows = read(after)
    const types = after.prepare('SELECT DISTINCT typeof(at) AS at, typeof(summary) AS summary FROM audit_log').all()
    const bytesAfter = bytes(after)
    after.close()
    const asText = rows.map((row) => ({
      ...row,
      at: readTime(row.at),
      actorId: row.actorId === null ? null : readActor(row.actorId),
      command: readName(row.command),
      entityType: readName(row.entityType),
      summary: readSummary(row.summary)
    }))
    expect(asText.slice(0, old.length)).toEqual(old)
    expect(types).toEqual([{ at: 'integer', summary: 'blob' }])
    expect(old.length).toBeGreaterThan(30)
    expect(bytesAfter).toBeLessThan(bytesBefore * 0.55)
    expect(rows.filter((row) => Buffer.isBuffer(row.command)).length).toBeGreaterThan(old.length / 2)
  })
})
