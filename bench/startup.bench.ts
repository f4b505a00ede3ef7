/**
 * Start-up on the year store: the core opened on it (store, migrations, every service wired, the
 * contract ready; sync and devices not started, as they start after), then closed, again and
 * again. Beside it, what a start used to pay for on this file: SQLite's full integrity check and
 * its quick check, which now run only in the background (and at start after a stop that never
 * closed the store: timed once too). The file is in the page cache (it was just copied): a cold
 * disk adds its reads. Target: under 500 ms.
 *   npx tsx bench/startup.bench.ts
 */
import Database from 'better-sqlite3'
import { writeFileSync } from 'node:fs'
import { createCore } from '../src/main/core'
import { integrityProblems } from '../src/main/db/open'
import { BenchReport, sample } from './harness'
import { yearStoreFiles } from './year-store'
import { PHENSYS_TOKEN, storeKeys } from './year-store/generate'
import { startPhensys } from './year-store/phensys'

const STARTS = 15

const files = await yearStoreFiles()
const phensys = await startPhensys(files.sandboxFile, PHENSYS_TOKEN, () => new Date())
try {
  const bench = new BenchReport('Start-up on the year store')
  bench.store(files.description)
  const start = async () => {
    const core = await createCore({
      dataDir: files.dir,
      keys: storeKeys(files.dir),
      phensys: { url: phensys.url, token: PHENSYS_TOKEN },
      autoSync: false,
      autoDevices: false,
      log: () => undefined
    })
    await core.close()
  }
  // The first start migrates the copy forward when the cache predates a migration: not timed.
  await start()
  const app = bench.row('core start (open, migrate, wire every service; then close)', await sample(STARTS, start), {
    target: '< 500 ms'
  })
  bench.baseline(
    'open the file, read its schema version, close',
    await sample(STARTS, () => {
      const raw = new Database(files.storeFile)
      raw.pragma('journal_mode = WAL')
      raw.pragma('schema_version')
      raw.close()
    }),
    app
  )

  writeFileSync(`${files.storeFile}.in-use`, 'left by a run that never closed the store\n')
  bench.row('core start after a stop that never closed the store (full check)', await sample(1, start))

  const raw = new Database(files.storeFile, { readonly: true })
  bench.row('PRAGMA integrity_check on the file (now in the background)', await sample(1, () => integrityProblems(raw)))
  bench.row('PRAGMA quick_check on the file (not at start either)', await sample(1, () => raw.pragma('quick_check')))
  raw.close()
} finally {
  await phensys.close()
  files.remove()
}
