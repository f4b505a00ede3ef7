/**
 * Migration 0040: a safety flag to acknowledge, stored when it held the clinical check alone, holds the
 * supply too (labels, pack, dispatch, hand-over) once the store is opened by this release, its state and
 * acknowledgement kept; a flag that holds nothing, and another source's flag, are left as they were.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { openStore } from '../../src/main/db/open'
import { findMigrationsDir } from '../../src/main/resources'
import { tempDir } from '../helpers/temp-core'

function migrationsBefore0040(into: string): string {
  const folder = join(into, 'drizzle')
  cpSync(findMigrationsDir(), folder, { recursive: true })
  const journalFile = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> }
  const before = journal.entries.findIndex((entry) => entry.tag.startsWith('0040'))
  expect(before).toBe(40)
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }))
  return folder
}

const dirs: Array<{ remove(): void }> = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

it('gives a stored safety flag that held the clinical check alone the supply steps too, and leaves the others', () => {
  const dir = tempDir()
  dirs.push(dir)
  const file = join(dir.path, 'counter.sqlite')
  const older = openStore(file, { migrationsDir: migrationsBefore0040(dir.path) })
  older.sqlite.pragma('foreign_keys = OFF')
  const flag = older.sqlite.prepare(
    `INSERT INTO request_flags (request_id, kind, key, path, words, blocks, source, raised_version, raised_at, status, resolution, resolved_at, resolved_by_name)
     VALUES ('fr_1', ?, ?, 'patient', 'words', ?, ?, 1, '2026-03-01T10:00:00.000Z', ?, ?, ?, ?)`
  )
  flag.run('interaction', 'open-one', '["clinicalCheck"]', 'safety', 'open', null, null, null)
  flag.run(
    'interaction',
    'acknowledged',
    '["clinicalCheck"]',
    'safety',
    'resolved',
    'acknowledged',
    '2026-03-01T11:00:00.000Z',
    'Staff pharmacist'
  )
  flag.run('early_supply', 'shown-only', '[]', 'safety', 'open', null, null, null)
  flag.run('unknown_field', 'intake', '["clinicalCheck"]', 'intake', 'open', null, null, null)
  older.close()

  const current = openStore(file)
  const rows = current.sqlite
    .prepare('SELECT key, blocks, status, resolved_by_name AS resolvedBy FROM request_flags ORDER BY id')
    .all()
  current.close()
  const supply = JSON.stringify(['clinicalCheck', 'printLabels', 'pack', 'dispatch', 'collect'])
  expect(rows).toEqual([
    { key: 'open-one', blocks: supply, status: 'open', resolvedBy: null },
    { key: 'acknowledged', blocks: supply, status: 'resolved', resolvedBy: 'Staff pharmacist' },
    { key: 'shown-only', blocks: '[]', status: 'open', resolvedBy: null },
    { key: 'intake', blocks: '["clinicalCheck"]', status: 'open', resolvedBy: null }
  ])
})
