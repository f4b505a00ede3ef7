/**
 * The short form a long request id's labels carry (`requests.label_ref`, migration 0048) on a
 * year-sized store: the migration itself (a column added and a partial index), the first lookup of
 * a short form (which gives the requests stored before 0048 theirs, once a process) and every
 * lookup after it, beside the same query raw.
 *
 *   YEAR_STORE=/tmp/<you>-trial npx tsx bench/label-ref.bench.ts
 */
import Database from 'better-sqlite3'
import { copyFileSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { RequestsRepo } from '../src/main/fulfilment/requests-repo'
import { shortRequestRef } from '../src/shared/scan/short-ref'
import { BenchReport, sample } from './harness'
import { openYearStore, yearStoreFiles } from './year-store'

const bench = new BenchReport('A long request id’s short form on labels (requests.label_ref)')
const files = await yearStoreFiles()
bench.store(files.description)

// Migration 0048 alone, on a copy of its own (the core below migrates its copy itself).
const migrationCopy = join(files.dir, 'migration-0048.sqlite')
copyFileSync(files.storeFile, migrationCopy)
const raw = new Database(migrationCopy)
const statements = readFileSync(join(import.meta.dirname, '../drizzle/0048_request_label_ref.sql'), 'utf8')
  .split('--> statement-breakpoint')
  .map((statement) => statement.replace(/^--.*$/gm, '').trim())
bench.row(
  'migration 0048: ADD COLUMN label_ref + partial index',
  await sample(1, () => raw.transaction(() => statements.forEach((statement) => raw.exec(statement)))()),
  { target: '< 1 s on a year store' }
)
raw.close()
rmSync(migrationCopy)

const year = await openYearStore({ files, say: (line) => bench.note(line) })
try {
  const { store } = year.core.internals
  const absent = shortRequestRef('not a request of this store')
  const first = new RequestsRepo(store.db)
  bench.row(
    'first short-form lookup: the requests stored before 0048 given theirs',
    await sample(1, () => first.idOfLabelRef(absent)),
    { target: '< 1 s, once a process' }
  )
  const app = bench.row(
    'a short-form lookup after (a scan of a long id’s label)',
    await sample(500, (i) => first.idOfLabelRef(shortRequestRef(`fr_${i}`)), { warmup: 20 }),
    { target: '< 5 ms' }
  )
  const statement = store.sqlite.prepare(
    'SELECT id FROM requests WHERE label_ref IS NOT NULL AND label_ref = ? LIMIT 2'
  )
  bench.baseline(
    'the same query, raw (the hash included)',
    await sample(500, (i) => statement.all(shortRequestRef(`fr_${i}`)), { warmup: 20 }),
    app
  )
} finally {
  await year.close()
}
