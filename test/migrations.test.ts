import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RowSeals } from '../src/main/audit/row-seals'
import { compactStore } from '../src/main/db/compaction'
import { openStore } from '../src/main/db/open'
import { findMigrationsDir } from '../src/main/resources'
import { tempDir } from './helpers/temp-core'

interface Journal {
  entries: Array<{ idx: number; tag: string; when: number }>
}

/** A copy of drizzle/ that stops after the first `count` migrations. */
function migrationsUpTo(count: number, into: string): string {
  const folder = join(into, 'drizzle')
  cpSync(findMigrationsDir(), folder, { recursive: true })
  const journalFile = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as Journal
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }))
  return folder
}

const dirs: Array<{ remove(): void }> = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

describe('migrations', () => {
  it('are each newer than the one before, numbered in order (the migrator applies only what is newer than the last one a store has)', () => {
    const journal = JSON.parse(readFileSync(join(findMigrationsDir(), 'meta', '_journal.json'), 'utf8')) as Journal
    journal.entries.forEach((entry, n) => {
      expect(entry.idx, entry.tag).toBe(n)
      expect(entry.tag.slice(0, 4), entry.tag).toBe(String(n).padStart(4, '0'))
      if (n > 0)
        expect(entry.when, `${entry.tag} is not newer than the one before`).toBeGreaterThan(
          journal.entries[n - 1]!.when
        )
    })
  })

  it('0001 makes an audit trail written under 0000 append-only without losing it', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = join(dir.path, 'counter.sqlite')
    const older = openStore(file, { migrationsDir: migrationsUpTo(1, dir.path) })
    older.sqlite
      .prepare(
        "INSERT INTO audit_log (seq, at, command, entity_type, summary, prev_hash, hash) VALUES (1, '2026-01-01T00:00:00Z', 'x', 'y', 'null', '0', 'h')"
      )
      .run()
    older.sqlite.prepare('UPDATE audit_log SET command = ? WHERE seq = 1').run('still editable before 0001')
    older.close()

    const current = openStore(file)
    const row = current.sqlite.prepare('SELECT command FROM audit_log WHERE seq = 1').get() as { command: string }
    expect(row.command).toBe('still editable before 0001')
    expect(() => current.sqlite.prepare('UPDATE audit_log SET command = ? WHERE seq = 1').run('no')).toThrow(
      /append-only/
    )
    current.close()
  })

  it('0046 seals the patient returns and destructions recorded before it, after the last seal, and they verify', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = join(dir.path, 'counter.sqlite')
    const auditKey = randomBytes(32)
    const journal = JSON.parse(readFileSync(join(findMigrationsDir(), 'meta', '_journal.json'), 'utf8')) as Journal
    const through0045 = journal.entries.findIndex((entry) => entry.tag === '0045_patient_returns') + 1
    const older = openStore(file, { migrationsDir: migrationsUpTo(through0045, dir.path), auditKey })
    // A sealed row first, so the new seals must continue the chain after it.
    older.sqlite
      .prepare(
        "INSERT INTO rp_periods (pharmacist_id, pharmacist_name, gphc_number, started_at) VALUES ('u_1', 'A Pharmacist', '2012345', '2026-12-01T09:00:00.000Z')"
      )
      .run()
    const returned = older.sqlite.prepare(
      `INSERT INTO patient_returns (request_id, line_id, received_at, received_date, patient_name, dmd_id, drug, form,
         strength, quantity_milli, unit, note, received_by_id, received_by_name)
       VALUES (?, 'l1', '2026-12-01T10:00:00.000Z', '2026-12-01', 'Zoë Patient', '36128311000001109', 'Morphine', NULL,
         '10mg', 5000, 'tablet', NULL, 'u_1', 'A Pharmacist')`
    )
    returned.run('fr_A')
    returned.run('fr_B')
    older.sqlite
      .prepare(
        "INSERT INTO patient_return_destructions (return_id, destroyed_at, destroyed_by_id, destroyed_by_name, witness) VALUES (1, '2026-12-02T10:00:00.000Z', 'u_1', 'A Pharmacist', 'Ann Other')"
      )
      .run()
    older.close()

    const current = openStore(file, { auditKey })
    try {
      const seals = current.sqlite
        .prepare('SELECT seq, table_name AS t, row_key AS k FROM row_seals ORDER BY seq')
        .all()
      expect(seals).toEqual([
        { seq: 1, t: 'rp_periods', k: '1' },
        { seq: 2, t: 'patient_returns', k: '1' },
        { seq: 3, t: 'patient_returns', k: '2' },
        { seq: 4, t: 'patient_return_destructions', k: '1' }
      ])
      const rowSeals = new RowSeals(current.db, current.sqlite, auditKey)
      expect(rowSeals.verify()).toEqual({ sealedRows: 4, failures: [] })
      // And a return recorded from now on is sealed by its trigger, after those.
      current.sqlite
        .prepare(
          `INSERT INTO patient_returns (request_id, line_id, received_at, received_date, patient_name, dmd_id, drug,
             quantity_milli, unit, received_by_id, received_by_name)
           VALUES ('fr_C', 'l1', '2026-12-03T10:00:00.000Z', '2026-12-03', 'P', '1', 'Morphine', 1000, 'tablet', 'u_1', 'A')`
        )
        .run()
      expect(rowSeals.verify()).toEqual({ sealedRows: 5, failures: [] })
    } finally {
      current.close()
    }
  })

  it("0047 gives a CD entry the prescriber's CD number: entries sealed before it verify, their text as written; the number is sealed on entries after", () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = join(dir.path, 'counter.sqlite')
    const auditKey = randomBytes(32)
    const older = openStore(file, {
      migrationsDir: migrationsUpTo(migrationsBefore('_cd_prescriber_cd_number'), dir.path),
      auditKey
    })
    // The section's drug need not be in this empty catalogue.
    older.sqlite.pragma('foreign_keys = OFF')
    older.sqlite
      .prepare(
        "INSERT INTO cd_register_sections (vmp_id, drug, form, strength, unit, opened_at) VALUES ('36128311000001109', 'Morphine', 'tablet', '10mg', 'tablet', '2026-12-01T09:00:00.000Z')"
      )
      .run()
    const OLD_TEXT = 'GMC 7012345; CD prescriber number 612345'
    const entry = (
      store: typeof older,
      row: { seq: number; change: number; request?: string; supplyNo?: number; text?: string; cdNumber?: string }
    ): void => {
      const supply = row.request !== undefined
      const hasCdColumn = store.sqlite
        .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('cd_register_entries')")
        .all()
        .some((column) => column.name === 'prescriber_cd_number')
      store.sqlite
        .prepare(
          `INSERT INTO cd_register_entries (section_id, seq, kind, at, entry_date, change_milli, balance_milli, request_id,
             line_id, prescriber_registration, handover_method, note, recorded_by_id, recorded_by_name, supply_no${hasCdColumn ? ', prescriber_cd_number' : ''})
           VALUES (1, @seq, @kind, '2026-12-01T10:00:00.000Z', '2026-12-01', @change,
             (SELECT COALESCE(SUM(change_milli), 0) FROM cd_register_entries WHERE section_id = 1) + @change,
             @request, 'l1', @text, @method, @note, 'u_1', 'A Pharmacist', @supplyNo${hasCdColumn ? ', @cdNumber' : ''})`
        )
        .run({
          seq: row.seq,
          kind: supply ? 'supply' : 'correction',
          change: row.change,
          request: row.request ?? null,
          text: row.text ?? null,
          method: supply ? 'carrier' : null,
          note: supply ? null : 'Balance brought forward',
          supplyNo: row.supplyNo ?? 1,
          ...(hasCdColumn ? { cdNumber: row.cdNumber ?? null } : {})
        })
    }
    entry(older, { seq: 1, change: 112_000 })
    entry(older, { seq: 2, change: -28_000, request: 'fr_A', text: OLD_TEXT })
    entry(older, { seq: 3, change: -28_000, request: 'fr_A', supplyNo: 2, text: OLD_TEXT })
    older.close()

    const current = openStore(file, { auditKey })
    try {
      const rowSeals = new RowSeals(current.db, current.sqlite, auditKey)
      expect(rowSeals.verify()).toEqual({ sealedRows: 4, failures: [] })
      const written = current.sqlite.prepare(
        'SELECT prescriber_registration AS text, prescriber_cd_number AS cdNumber FROM cd_register_entries WHERE seq = ?'
      )
      expect(written.get(2)).toEqual({ text: OLD_TEXT, cdNumber: null })

      entry(current, { seq: 4, change: -28_000, request: 'fr_B', text: 'GMC 7012345', cdNumber: '654321' })
      entry(current, { seq: 5, change: -28_000, request: 'fr_B', supplyNo: 2, text: 'GMC 7012345', cdNumber: '654321' })
      expect(rowSeals.verify()).toEqual({ sealedRows: 6, failures: [] })

      // Edited behind the append-only trigger: the number is part of what was sealed, on old and new rows.
      const noUpdate = current.sqlite
        .prepare<[], { sql: string }>(
          "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'cd_register_no_update'"
        )
        .get()!.sql
      const behindTrigger = (seq: number, cdNumber: string | null): void => {
        current.sqlite.exec('DROP TRIGGER cd_register_no_update')
        current.sqlite
          .prepare('UPDATE cd_register_entries SET prescriber_cd_number = ? WHERE seq = ?')
          .run(cdNumber, seq)
        current.sqlite.exec(noUpdate)
      }
      const changed = () => rowSeals.verify().failures.map(({ kind, rowKey }) => ({ kind, rowKey }))
      for (const seq of [4, 5]) {
        behindTrigger(seq, '111111')
        expect(changed(), `entry ${seq}`).toEqual([{ kind: 'row_changed', rowKey: String(seq) }])
        behindTrigger(seq, null)
        expect(changed(), `entry ${seq} without its number`).toEqual([{ kind: 'row_changed', rowKey: String(seq) }])
        behindTrigger(seq, '654321')
      }
      for (const seq of [2, 3]) {
        behindTrigger(seq, '612345')
        expect(changed(), `entry ${seq}`).toEqual([{ kind: 'row_changed', rowKey: String(seq) }])
        behindTrigger(seq, null)
      }
      expect(changed()).toEqual([])
    } finally {
      current.close()
    }
  })

  it('opens with WAL, full sync and foreign keys, and after a crash refuses a corrupt file with a clear error', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = join(dir.path, 'counter.sqlite')
    const store = openStore(file)
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(2)
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    // The process dies without closing the store: the next start runs the full check.
    store.sqlite.close()

    // Scribble over the middle of the file, where table pages live.
    const bytes = readFileSync(file)
    for (let i = 4096; i < Math.min(bytes.length, 4096 * 6); i += 7) bytes[i] = 0xff
    writeFileSync(file, bytes)
    expect(() => openStore(file)).toThrow(/failed its integrity check/)
  })
})

/** How many migrations come before the one with this tag (its place in the journal). */
function migrationsBefore(tag: string): number {
  const journal = JSON.parse(readFileSync(join(findMigrationsDir(), 'meta', '_journal.json'), 'utf8')) as Journal
  const at = journal.entries.findIndex((entry) => entry.tag.endsWith(tag))
  if (at < 0) throw new Error(`no migration ${tag}`)
  return at
}

describe('a store from before sent events kept only their answer', () => {
  it('loses the snapshots of its sent events (their version and state kept), and compacting gives the space back to the disk', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = join(dir.path, 'counter.sqlite')
    const older = openStore(file, {
      migrationsDir: migrationsUpTo(migrationsBefore('_sync_answers_and_withdrawals'), dir.path)
    })
    // A year's worth in miniature: every sent event kept a full copy of the request.
    const snapshot = JSON.stringify({ id: 'fr_OLD', version: 7, state: 'in_fulfilment', padding: 'x'.repeat(20_000) })
    const insert = older.sqlite.prepare(
      `INSERT INTO outbox (request_id, type, idempotency_key, body, created_at, status, attempts, next_attempt_at, settled_at, response)
       VALUES ('fr_OLD', 'dispensing.started', ?, '{}', '2026-01-01T00:00:00Z', ?, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', ?)`
    )
    older.sqlite.transaction(() => {
      for (let n = 0; n < 200; n += 1) insert.run(`key-${n}`, 'sent', snapshot)
      insert.run('key-conflict', 'conflict', snapshot)
    })()
    older.close()

    const current = openStore(file)
    try {
      const rows = current.sqlite
        .prepare('SELECT status, answer_version AS version, answer_state AS state, response FROM outbox ORDER BY id')
        .all() as Array<{ status: string; version: number | null; state: string | null; response: string | null }>
      expect(
        rows.slice(0, 200).every((row) => row.version === 7 && row.state === 'in_fulfilment' && !row.response)
      ).toBe(true)
      // A conflict keeps Phensys's snapshot: a person compares both sides.
      expect(rows[200]).toMatchObject({ status: 'conflict', response: snapshot })

      const { before, after } = compactStore(current.sqlite)
      expect(before.freeBytes).toBeGreaterThan(3_000_000)
      expect(after.freeBytes).toBe(0)
      expect(after.fileBytes).toBeLessThan(before.fileBytes - 3_000_000)
      expect(statSync(file).size).toBe(after.fileBytes)
      expect(statSync(`${file}-wal`).size).toBe(0)
    } finally {
      current.close()
    }
  })
})

describe('a store from before batches kept their running totals', () => {
  it('gets each batch its totals summed from its movements, and keeps them with every movement after', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = join(dir.path, 'counter.sqlite')
    const older = openStore(file, { migrationsDir: migrationsUpTo(migrationsBefore('_batch_levels'), dir.path) })
    older.sqlite.exec(`
      INSERT INTO products (dmd_id, level, vmp_id, name, strength, form) VALUES ('41000011000001103', 'VMP', NULL, 'Testamol 10mg tablets', '10mg', 'tablet');
      INSERT INTO products (dmd_id, level, vmp_id, name, strength, form, supplier) VALUES ('42000011000001104', 'AMP', '41000011000001103', 'Testamol 10mg tablets', '10mg', 'tablet', 'Test Ltd');
      INSERT INTO packs (ampp_id, amp_id, name, pack_size_milli, unit) VALUES ('43000011000001105', '42000011000001104', 'Testamol 28', 28000, 'tablet');
      INSERT INTO batches (ampp_id, batch_no, expiry, created_at) VALUES ('43000011000001105', 'A1', '2027-01-31', '2026-01-01T09:00:00Z');
      INSERT INTO batches (ampp_id, batch_no, expiry, created_at) VALUES ('43000011000001105', 'B2', '2027-06-30', '2026-01-01T09:00:00Z');
    `)
    const move = older.sqlite.prepare(
      `INSERT INTO stock_movements (batch_id, kind, on_hand_delta_milli, reserved_delta_milli, request_id, line_id, actor_name, at)
       VALUES (?, ?, ?, ?, ?, ?, 'Tester', '2026-01-02T09:00:00Z')`
    )
    move.run(1, 'goods_in', 56_000, 0, null, null)
    move.run(1, 'reservation', 0, 28_000, 'fr_OLD', 'l1')
    move.run(1, 'dispensed', -28_000, -28_000, 'fr_OLD', 'l1')
    move.run(2, 'goods_in', 28_000, 0, null, null)
    move.run(2, 'reservation', 0, 14_000, 'fr_OLD', 'l2')
    older.close()

    const current = openStore(file)
    try {
      const levels = current.sqlite.prepare(
        'SELECT batch_id AS batch, on_hand_milli AS onHand, reserved_milli AS reserved FROM batch_levels ORDER BY batch_id'
      )
      expect(levels.all()).toEqual([
        { batch: 1, onHand: 28_000, reserved: 0 },
        { batch: 2, onHand: 28_000, reserved: 14_000 }
      ])
      current.sqlite
        .prepare(
          `INSERT INTO stock_movements (batch_id, kind, on_hand_delta_milli, reserved_delta_milli, request_id, line_id, actor_name, at)
           VALUES (2, 'dispensed', -14000, -14000, 'fr_OLD', 'l2', 'Tester', '2026-01-03T09:00:00Z')`
        )
        .run()
      expect(levels.all()).toEqual([
        { batch: 1, onHand: 28_000, reserved: 0 },
        { batch: 2, onHand: 14_000, reserved: 0 }
      ])
    } finally {
      current.close()
    }
  })
})

describe('a store from before an event kept whether a try may have reached Phensys', () => {
  it('0049 keeps the cautious rule for events tried before it: each one waiting that was tried counts as maybe having reached Phensys', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = join(dir.path, 'counter.sqlite')
    const journal = JSON.parse(readFileSync(join(findMigrationsDir(), 'meta', '_journal.json'), 'utf8')) as Journal
    const through0048 = journal.entries.findIndex((entry) => entry.tag === '0048_request_label_ref') + 1
    const older = openStore(file, { migrationsDir: migrationsUpTo(through0048, dir.path) })
    const insert = older.sqlite.prepare(
      `INSERT INTO outbox (request_id, type, idempotency_key, body, created_at, status, attempts, next_attempt_at)
       VALUES (?, 'hard_copy.awaiting', ?, '{}', '2026-12-01T09:00:00.000Z', ?, ?, '2026-12-01T09:00:00.000Z')`
    )
    insert.run('fr_TRIED', 'key-tried-0001', 'pending', 3)
    insert.run('fr_UNTRIED', 'key-untried-0001', 'pending', 0)
    insert.run('fr_SENT', 'key-sent-0001', 'sent', 1)
    older.close()

    const current = openStore(file)
    try {
      const reached = current.sqlite
        .prepare('SELECT request_id AS id, may_have_reached_at AS at FROM outbox ORDER BY outbox.id')
        .all()
      expect(reached).toEqual([
        { id: 'fr_TRIED', at: '2026-12-01T09:00:00.000Z' },
        { id: 'fr_UNTRIED', at: null },
        { id: 'fr_SENT', at: null }
      ])
    } finally {
      current.close()
    }
  })
})
