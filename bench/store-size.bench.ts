/**
 * The store's size on the year store, table by table (each with its indexes, and the indexes
 * apart), and what an audit entry costs to append:
 *   built      the copy as the generator left it (the layout of the migrations it was built with)
 *   opened     after the core opened it (migrations run: their time is the start's, once)
 *   compacted  after every printed label, every final outbox event, and the snapshot and the events
 *              (together) of every request closed a week before the store's last day are deflated and
 *              the store compacted (an administrator's "Compact the store now" does both)
 *   append     one audit entry in a transaction of its own (a command's), and a page of 500 in one
 *              batch (the feed's), against a raw insert of the same rows; the appends are rolled back
 * Bytes per row and per request; on a store of fewer than a year's requests, the year by a straight
 * line (a trial is only an estimate: the full year store is the test). Target: a year < 1 GB.
 *   npx tsx bench/store-size.bench.ts            (YEAR_STORE=DIR for a store built elsewhere)
 */
import Database from 'better-sqlite3'
import { performance } from 'node:perf_hooks'
import { compactStore } from '../src/main/db/compaction'
import { BenchReport, sample } from './harness'
import { openYearStore, yearStoreFiles } from './year-store'
import { formatBytes } from './year-store/report'
import { packAsTheBackgroundWould } from './year-store/settle'

const YEAR_REQUESTS = 150_000
const SHOWN = ['audit_log', 'row_seals', 'outbox', 'outbox_closed', 'print_jobs', 'requests', 'parcels']

interface Sizes {
  fileBytes: number
  requests: number
  /** name → rows, bytes of the table alone, bytes of its indexes */
  tables: Map<string, { rows: number; bytes: number; indexBytes: number; indexes: Map<string, number> }>
}

function measure(sqlite: Database.Database): Sizes {
  const pages = sqlite
    .prepare(
      `SELECT s.name AS name, m.type AS type, COALESCE(m.tbl_name, s.name) AS tableName, SUM(s.pgsize) AS bytes
       FROM dbstat s LEFT JOIN sqlite_master m ON m.name = s.name GROUP BY s.name`
    )
    .all() as Array<{ name: string; type: string | null; tableName: string; bytes: number }>
  const tables: Sizes['tables'] = new Map()
  for (const page of pages) {
    const table = tables.get(page.tableName) ?? { rows: 0, bytes: 0, indexBytes: 0, indexes: new Map() }
    if (page.type === 'index' || page.name.startsWith('sqlite_autoindex')) {
      table.indexBytes += page.bytes
      table.indexes.set(page.name, page.bytes)
    } else table.bytes += page.bytes
    tables.set(page.tableName, table)
  }
  for (const [name, table] of tables)
    if (!name.startsWith('sqlite_') && !name.includes('_fts') && !name.startsWith('pack_search'))
      table.rows = (sqlite.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number
  const pageCount = sqlite.pragma('page_count', { simple: true }) as number
  const requests = (sqlite.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n
  return { fileBytes: pageSize * pageCount, requests, tables }
}

function describeSizes(bench: BenchReport, label: string, sizes: Sizes): void {
  const perRequest = sizes.fileBytes / Math.max(1, sizes.requests)
  const year =
    sizes.requests >= YEAR_REQUESTS ? '' : `; a year by a straight line ${formatBytes(perRequest * YEAR_REQUESTS)}`
  bench.note(
    `${label}: file ${formatBytes(sizes.fileBytes)}, ${Math.round(perRequest).toLocaleString('en-GB')} bytes a request${year}`
  )
  const biggest = [...sizes.tables.entries()]
    .sort((a, b) => b[1].bytes + b[1].indexBytes - (a[1].bytes + a[1].indexBytes))
    .filter(([name], index) => index < 12 || SHOWN.includes(name))
  for (const [name, table] of biggest) {
    const perRow = table.rows > 0 ? ` ${Math.round(table.bytes / table.rows)} bytes a row,` : ''
    const indexes = [...table.indexes.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([index, bytes]) => `${index} ${formatBytes(bytes)}`)
      .join(', ')
    bench.note(
      `  ${name.padEnd(26)} ${table.rows.toLocaleString('en-GB').padStart(10)} rows ${formatBytes(table.bytes).padStart(9)} ` +
        `(${perRow} ${(table.bytes / Math.max(1, sizes.requests)).toFixed(0)} a request)` +
        (table.indexBytes > 0 ? ` + indexes ${formatBytes(table.indexBytes)}: ${indexes}` : '')
    )
  }
}

const bench = new BenchReport('Store size and the cost of an audit entry')
const files = await yearStoreFiles()
{
  const built = new Database(files.storeFile, { readonly: true })
  try {
    describeSizes(bench, 'as built', measure(built))
  } finally {
    built.close()
  }
}
let openedIn = ''
const year = await openYearStore({ files, say: (line) => (openedIn = line) })
try {
  bench.store(year.description)
  bench.note(openedIn)
  const { core } = year
  const { sqlite } = core.internals.store
  describeSizes(bench, 'as opened (migrated)', measure(sqlite))

  // What the background deflates a batch at a time (printed labels, final events, closed requests),
  // all at once here, as "Compact the store now" does before it compacts.
  const settled = packAsTheBackgroundWould(core)
  const started = performance.now()
  const { after } = compactStore(sqlite)
  bench.note(
    `${settled.labelJobs.toLocaleString('en-GB')} printed label jobs deflated in ${settled.seconds.labelJobs.toFixed(1)} s; ` +
      `${settled.finalEvents.toLocaleString('en-GB')} final outbox events in ${settled.seconds.finalEvents.toFixed(1)} s; ` +
      `${settled.closedRequests.toLocaleString('en-GB')} closed requests' snapshots in ${settled.seconds.closedRequests.toFixed(1)} s; ` +
      `${settled.closedEvents.toLocaleString('en-GB')} closed requests' events packed together in ${settled.seconds.closedEvents.toFixed(1)} s; ` +
      `compacted in ${((performance.now() - started) / 1000).toFixed(1)} s to ${formatBytes(after.fileBytes)}`
  )
  describeSizes(bench, 'compacted', measure(sqlite))

  // ---- Appending to the trail: nothing is kept (each transaction is rolled back) --------------------
  const audit = core.internals.audit
  const entry = (i: number) => ({
    at: new Date().toISOString(),
    actorId: 'u_314d7992-b63a-4d71-a6a8-c33618025ebe',
    actorName: 'Alex Jones',
    command: 'requests.accuracyCheck',
    entityType: 'request',
    entityId: `fr_BENCH${i}`,
    summary: { before: 'labelled', after: 'accuracy_checked', note: { selfCheck: false, rescanned: 1 } }
  })
  const rolledBack = (work: () => void) => {
    try {
      sqlite.transaction(() => {
        work()
        throw new Error('rolled back')
      })()
    } catch {
      // Rolled back on purpose: the trail is append-only and the bench must not add to it.
    }
  }
  const one = bench.row(
    'one audit entry, in a transaction of its own',
    await sample(2_000, (i) => rolledBack(() => audit.append(entry(i))), { warmup: 200 })
  )
  sqlite.exec(
    'CREATE TEMP TABLE raw_trail (seq INTEGER PRIMARY KEY, at TEXT, actor_id TEXT, actor_name TEXT, command TEXT, entity_type TEXT, entity_id TEXT, summary TEXT, hash BLOB)'
  )
  const rawInsert = sqlite.prepare('INSERT INTO raw_trail VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const rawOne = (i: number) => {
    const e = entry(i)
    rawInsert.run(i, e.at, e.actorId, e.actorName, e.command, e.entityType, e.entityId, JSON.stringify(e.summary), null)
  }
  bench.baseline(
    'the same row inserted, no chain',
    await sample(2_000, (i) => rolledBack(() => rawOne(i)), { warmup: 200 }),
    one
  )
  const page = bench.row(
    'a page of 500 entries in one batch (the feed)',
    await sample(
      40,
      () => rolledBack(() => audit.batch(() => Array.from({ length: 500 }, (_, i) => audit.append(entry(i))))),
      {
        warmup: 3
      }
    )
  )
  bench.baseline(
    'the same 500 rows inserted, no chain',
    await sample(40, () => rolledBack(() => Array.from({ length: 500 }, (_, i) => rawOne(i))), { warmup: 3 }),
    page
  )
} finally {
  await year.close()
}
