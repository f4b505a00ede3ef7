import Database from 'better-sqlite3'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { entryHash, GENESIS } from '../../src/main/audit/chain'
import { SEALED_TABLES } from '../../src/main/audit/protected-tables'
import { createCore } from '../../src/main/core'
import { openStore } from '../../src/main/db/open'
import { findMigrationsDir } from '../../src/main/resources'
import { TEST_SCRYPT, signedInAs, startTempCore, tempDir, tempKeys } from '../helpers/temp-core'

type Started = Awaited<ReturnType<typeof startTempCore>>
let started: Started | undefined
const cleanups: Array<() => void> = []
afterEach(async () => {
  await started?.stop()
  started = undefined
  cleanups.splice(0).forEach((clean) => clean())
})

describe('the audit trail', () => {
  it('writes an entry with every command, keyed from its first entry, and verifies', async () => {
    started = await startTempCore()
    const { core } = started
    const admin = await signedInAs(core, 'admin', '9999')
    for (let i = 0; i < 5; i++) {
      const answer = await core.call(admin, 'users.create', {
        username: `temp${i}`,
        displayName: `Temp ${i}`,
        roles: ['dispenser'],
        gphcNumber: null,
        secret: '470193'
      })
      expect(answer.ok).toBe(true)
    }
    const verified = await core.call(admin, 'audit.verify', {})
    expect(verified).toMatchObject({ ok: true, value: { intact: true, failures: [] } })
    if (!verified.ok) return
    expect(verified.value.anchored).toEqual(verified.value.head)
    const entries = core.internals.audit.list({ limit: 100 })
    expect(entries.filter((entry) => entry.command === 'users.create')).toHaveLength(5)
    expect(entries.at(-1)).toMatchObject({ seq: 1, command: 'audit.chainKeyed', summary: { reason: 'new_store' } })
  })

  it("prints an end-of-day report: the day's entries by kind and the head in full", async () => {
    started = await startTempCore()
    const { core } = started
    const admin = await signedInAs(core, 'admin', '9999')
    await core.call(admin, 'users.create', {
      username: 'newone',
      displayName: 'New One',
      roles: ['dispenser'],
      gphcNumber: null,
      secret: '470193'
    })
    const report = await core.call(admin, 'audit.dayReport', { date: '2026-11-26', format: 'csv' })
    if (!report.ok) throw new Error(report.error.message)
    const head = core.internals.audit.head()!
    const lines = Buffer.from(report.value.base64, 'base64').toString('utf8').trimEnd().split('\r\n')
    expect(lines).toContain(`users.create,1,${head.seq},${head.seq}`)
    expect(lines.at(-1)).toBe(`"Audit trail head: entry ${head.seq}, hash ${head.hash}"`)
    expect(report.value.fileName).toBe('end-of-day_counter-1_2026-11-26.csv')
    const pdf = await core.call(admin, 'audit.dayReport', { date: '2026-11-26' })
    expect(pdf).toMatchObject({ ok: true, value: { mimeType: 'application/pdf' } })
  })

  it('rolls a command back whole when it fails', async () => {
    started = await startTempCore()
    const { core } = started
    const admin = await signedInAs(core, 'admin', '9999')
    const before = core.internals.audit.list({ limit: 500 }).length
    const duplicate = await core.call(admin, 'users.create', {
      username: 'admin',
      displayName: 'Again',
      roles: ['dispenser'],
      gphcNumber: null,
      secret: '470193'
    })
    expect(duplicate).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(core.internals.audit.list({ limit: 500 })).toHaveLength(before)
  })

  it('keys a store written before keying from a recorded boundary, sealing its register rows once', async () => {
    // A store as an earlier version left it: unkeyed SHA-256 entries, register rows without seals.
    const data = tempDir()
    const keys = tempKeys()
    cleanups.push(data.remove, keys.remove)
    const file = join(data.path, 'counter.sqlite')
    const older = openStore(file, { migrationsDir: migrationsBefore('0014_row_seals', data.path) })
    let previous = GENESIS
    for (let seq = 1; seq <= 4; seq++) {
      const row = {
        seq,
        at: `2026-11-2${seq}T09:00:00.000Z`,
        actorId: null,
        actorName: 'Earlier',
        command: 'users.create',
        entityType: 'user',
        entityId: `u${seq}`,
        summary: '{}',
        prevHash: previous
      }
      const hash = entryHash(row, null)
      older.sqlite
        .prepare(
          'INSERT INTO audit_log (seq, at, actor_id, actor_name, command, entity_type, entity_id, summary, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
        )
        .run(seq, row.at, null, row.actorName, row.command, row.entityType, row.entityId, row.summary, previous, hash)
      previous = hash
    }
    older.sqlite
      .prepare(
        "INSERT INTO rp_periods (pharmacist_id, pharmacist_name, gphc_number, started_at, ended_at) VALUES ('u1', 'Sam Earlier', '2071234', '2026-11-20T08:00:00.000Z', '2026-11-20T17:00:00.000Z')"
      )
      .run()
    older.close()

    const config = {
      dataDir: data.path,
      keys: keys.keys,
      phensys: { url: 'http://127.0.0.1:9', token: 'not-used-here' },
      autoSync: false,
      autoDevices: false,
      security: { scryptCost: TEST_SCRYPT },
      log: () => undefined
    }
    const core = await createCore(config)
    const created = await core.call(core.openSession(), 'auth.createFirstAdmin', {
      username: 'owner',
      displayName: 'Olu Owner',
      secret: '864209'
    })
    if (!created.ok || !created.renewedSessionId) throw new Error('no first administrator')
    const session = created.renewedSessionId
    const verified = await core.call(session, 'audit.verify', {})
    expect(verified).toMatchObject({ ok: true, value: { intact: true, sealedRows: 1 } })
    const boundary = core.internals.audit.list({ limit: 500 }).find((entry) => entry.command === 'audit.chainKeyed')
    expect(boundary).toMatchObject({
      seq: 5,
      summary: { reason: 'written_before_keying', unkeyedThrough: 4, sealedRows: { rp_periods: 1 } }
    })
    await core.close()

    // The unkeyed entries are pinned by the keyed one after them: recomputing them is found.
    const tamper = new Database(file)
    tamper.exec('DROP TRIGGER audit_log_no_update')
    const rows = tamper.prepare('SELECT * FROM audit_log WHERE seq <= 4 ORDER BY seq').all() as Array<{
      seq: number
      at: string
      actor_id: string | null
      actor_name: string | null
      command: string
      entity_type: string
      entity_id: string | null
      summary: string
    }>
    let relinked = GENESIS
    for (const row of rows) {
      const changed = {
        seq: row.seq,
        at: row.at,
        actorId: row.actor_id,
        actorName: row.seq === 2 ? 'Mallory' : row.actor_name,
        command: row.command,
        entityType: row.entity_type,
        entityId: row.entity_id,
        summary: row.summary,
        prevHash: relinked
      }
      relinked = entryHash(changed, null)
      tamper
        .prepare('UPDATE audit_log SET actor_name = ?, hash = ? WHERE seq = ?')
        .run(changed.actorName, Buffer.from(relinked, 'hex'), row.seq)
    }
    tamper.close()
    const reopened = await createCore(config)
    const owner = await signedInAs(reopened, 'owner', '864209')
    const found = await reopened.call(owner, 'audit.verify', {})
    expect(found).toMatchObject({ ok: true, value: { intact: false } })
    if (found.ok) expect(found.value.failures.map((f) => [f.kind, f.seq])).toContainEqual(['broken_link', 5])
    await reopened.close()
  })

  it('has a seal trigger for every register table that lists every column, in order', () => {
    const data = tempDir()
    cleanups.push(data.remove)
    const store = openStore(join(data.path, 'counter.sqlite'))
    for (const table of SEALED_TABLES) {
      const triggers = store.sqlite
        .prepare<[string], { sql: string }>(
          "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%\\_seal%' ESCAPE '\\'"
        )
        .all(table.name)
      expect(triggers.length, table.name).toBe(table.closesOnce ? 2 : 1)
      const actual = store.sqlite
        .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?) ORDER BY cid')
        .all(table.name)
        .map((column) => column.name)
      expect(table.columns, table.name).toEqual(actual)
      for (const trigger of triggers)
        expect(trigger.sql).toContain(`json_array(${actual.map((column) => `NEW.${column}`).join(', ')})`)
    }
    store.close()
  })
})

/** A copy of drizzle/ that stops before the migration tagged `tag`. */
function migrationsBefore(tag: string, into: string): string {
  const folder = join(into, 'drizzle-older')
  cpSync(findMigrationsDir(), folder, { recursive: true })
  const journalFile = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> }
  const stop = journal.entries.findIndex((entry) => entry.tag === tag)
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, stop) }))
  return folder
}
