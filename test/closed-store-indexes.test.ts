/**
 * Migration 0038 narrows indexes a year's store paid for twice: a request's events and print jobs
 * indexed by request alone (the id is every index entry's rowid), one index of a parcel's tracking
 * number (unique per carrier, and found by the number alone). A store written before it reads back
 * the same rows in the same order, through the same indexes, with nothing sorted afterwards.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../src/main/db/open'
import { Outbox } from '../src/main/phensys/outbox'
import { findMigrationsDir } from '../src/main/resources'
import { tempDir } from './helpers/temp-core'

/** A copy of drizzle/ that stops before 0038. */
function migrationsBefore0038(into: string): string {
  const folder = join(into, 'drizzle')
  cpSync(findMigrationsDir(), folder, { recursive: true })
  const journalFile = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> }
  const before = journal.entries.findIndex((entry) => entry.tag.startsWith('0038'))
  expect(before).toBe(38)
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }))
  return folder
}

const dirs: Array<{ remove(): void }> = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

const AT = '2026-03-01T10:00:00.000Z'

/** Events of three requests, interleaved, in every status; print jobs; parcels with and without numbers (a number per carrier). */
function writeOldRows(sqlite: import('better-sqlite3').Database): void {
  const event = sqlite.prepare(
    `INSERT INTO outbox (request_id, type, idempotency_key, body, created_at, status, attempts, next_attempt_at, settled_at)
     VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`
  )
  const statuses = ['sent', 'pending', 'sent', 'superseded', 'conflict', 'sent', 'dismissed', 'failed']
  for (let n = 0; n < 48; n++) {
    const status = statuses[n % statuses.length]!
    const type = n % 7 === 3 ? 'rejected' : 'accepted'
    event.run(`fr_${n % 3}`, type, `counter-1-key-${n}`, `{"n":${n}}`, AT, status, AT, status === 'pending' ? null : AT)
  }
  const job = sqlite.prepare(
    `INSERT INTO print_jobs (request_id, kind, labels, payload, state, next_attempt_at, created_at) VALUES (?, 'labels', 1, ?, ?, ?, ?)`
  )
  for (let n = 0; n < 30; n++) job.run(`fr_${n % 3}`, `{"n":${n}}`, n % 4 === 0 ? 'queued' : 'delivered', AT, AT)
  sqlite.pragma('foreign_keys = OFF')
  const parcel = sqlite.prepare(
    `INSERT INTO parcels (request_id, parcel_no, carrier, service, tracking_number, dispatched_at, manifest_date) VALUES (?, ?, ?, 'Tracked 48', ?, ?, '2026-03-01')`
  )
  for (let n = 0; n < 12; n++)
    parcel.run(
      `fr_${n % 3}`,
      n,
      n % 2 === 0 ? 'Royal Mail' : 'DPD',
      n % 5 === 0 ? null : `TT${Math.floor(n / 2)}GB`,
      AT
    )
  sqlite.pragma('foreign_keys = ON')
}

/** What each reader of these rows answers, by the SQL of its query (the outbox's own readers need 0038's table). */
function readBack(store: ReturnType<typeof openStore>) {
  const q = (sql: string, ...args: unknown[]) => store.sqlite.prepare(sql).all(...args)
  // An event's columns as 0038 found them: one a later migration added (0049's) is not its concern.
  const events = (sql: string, ...args: unknown[]) =>
    (q(sql, ...args) as Array<Record<string, unknown>>).map(({ may_have_reached_at: _, ...row }) => row)
  return ['fr_0', 'fr_1', 'fr_2', 'fr_none'].map((requestId, n) => ({
    events: events('SELECT * FROM outbox WHERE request_id = ? ORDER BY id', requestId),
    history: events(
      "SELECT * FROM outbox WHERE request_id = ? AND status <> 'pending' ORDER BY id DESC LIMIT 5",
      requestId
    ),
    rejected: q("SELECT COUNT(*) AS n FROM outbox WHERE request_id = ? AND type = 'rejected'", requestId),
    jobs: q('SELECT * FROM print_jobs WHERE request_id = ? ORDER BY id DESC LIMIT 100', requestId),
    // In no order of its own (search puts the requests it finds newest first; a carriers' file takes
    // a number only when one parcel has it): the same requests, whichever index found them.
    tracked: q('SELECT DISTINCT request_id AS id FROM parcels WHERE tracking_number = ?', `TT${n + 1}GB`)
      .map((row) => (row as { id: string }).id)
      .sort(),
    byCarrier: q('SELECT * FROM parcels WHERE carrier = ? AND tracking_number = ?', 'DPD', 'TT1GB')
  }))
}

function plan(store: ReturnType<typeof openStore>, sql: string): string {
  return (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>)
    .map((row) => row.detail)
    .join('; ')
}

describe('migration 0038: narrower indexes on a year of closed requests', () => {
  it('reads a store written before it back the same, through the narrower indexes, nothing sorted after', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = join(dir.path, 'counter.sqlite')
    const older = openStore(file, { migrationsDir: migrationsBefore0038(dir.path) })
    writeOldRows(older.sqlite)
    const before = readBack(older)
    older.close()

    const current = openStore(file)
    try {
      expect(readBack(current)).toEqual(before)
      // The outbox's own readers: the same events, in the same order.
      const outbox = new Outbox(current.db, () => 'counter-1')
      const ids = (rows: Array<{ id: number }>) => rows.map((row) => row.id)
      for (const [n, requestId] of ['fr_0', 'fr_1', 'fr_2', 'fr_none'].entries()) {
        expect(ids(outbox.forRequest(requestId))).toEqual(ids(before[n]!.events as Array<{ id: number }>))
        expect(ids(outbox.history(5, requestId))).toEqual(ids(before[n]!.history as Array<{ id: number }>))
      }
      expect(before[0]!.events.length).toBe(16)

      const indexes = current.sqlite
        .prepare(
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('outbox', 'print_jobs', 'parcels', 'row_seals')"
        )
        .all() as Array<{ name: string; sql: string | null }>
      const named = Object.fromEntries(indexes.map((index) => [index.name, index.sql]))
      expect(named).not.toHaveProperty('row_seals_row')
      expect(named).not.toHaveProperty('parcels_tracking_lookup')
      expect(named.outbox_request).toMatch(/\(`request_id`\)$/)
      expect(named.print_jobs_request).toMatch(/\(`request_id`\)$/)

      const events = plan(current, "SELECT * FROM outbox WHERE request_id = 'fr_0' ORDER BY id")
      expect(events).toContain('USING INDEX outbox_request (request_id=?)')
      const history = plan(
        current,
        "SELECT * FROM outbox WHERE request_id = 'fr_0' AND status <> 'pending' ORDER BY id DESC LIMIT 5"
      )
      expect(history).toContain('USING INDEX outbox_request (request_id=?)')
      const jobs = plan(current, "SELECT * FROM print_jobs WHERE request_id = 'fr_0' ORDER BY id DESC LIMIT 100")
      expect(jobs).toContain('USING INDEX print_jobs_request (request_id=?)')
      for (const sorted of [events, history, jobs]) expect(sorted).not.toContain('TEMP B-TREE')
      expect(plan(current, "SELECT request_id FROM parcels WHERE tracking_number = 'TT1GB'")).toContain(
        'USING INDEX parcels_tracking (tracking_number=?)'
      )
      expect(plan(current, "SELECT * FROM parcels WHERE carrier = 'DPD' AND tracking_number = 'TT1GB'")).toContain(
        'USING INDEX parcels_tracking (tracking_number=? AND carrier=?)'
      )
    } finally {
      current.close()
    }
  })

  it('still refuses a carrier’s tracking number twice, and allows it for another carrier or none', () => {
    const dir = tempDir()
    dirs.push(dir)
    const store = openStore(join(dir.path, 'counter.sqlite'))
    try {
      store.sqlite.pragma('foreign_keys = OFF')
      const parcel = store.sqlite.prepare(
        `INSERT INTO parcels (request_id, parcel_no, carrier, service, tracking_number, dispatched_at, manifest_date) VALUES (?, ?, ?, 'Tracked 48', ?, ?, '2026-03-01')`
      )
      parcel.run('fr_a', 1, 'Royal Mail', 'TT123GB', AT)
      parcel.run('fr_b', 1, 'DPD', 'TT123GB', AT)
      parcel.run('fr_c', 1, 'DPD', null, AT)
      parcel.run('fr_d', 1, 'DPD', null, AT)
      expect(() => parcel.run('fr_e', 1, 'Royal Mail', 'TT123GB', AT)).toThrow(/UNIQUE constraint failed/)
    } finally {
      store.close()
    }
  })
})
