/**
 * The year store, for benchmarks: built once (hours on a shared 2-core machine, see
 * generate.ts) and cached in bench/.cache/ (outside git), then copied afresh for every benchmark
 * so that no benchmark can spoil the cache or another's figures.
 *
 *   const year = await openYearStore()          // a core on a fresh copy, Phensys on a copy of its own
 *   const pharmacist = await year.signIn(year.people.pharmacists[0])
 *   ... core.call(pharmacist, 'registers.recall.search', …) ...
 *   await year.close()                          // stops both and deletes the copy
 *
 * The cache is rebuilt when the generator's version (GENERATOR_VERSION) changes, or when the
 * migrations it was built with are no longer the start of the project's migrations (history was
 * rewritten). When migrations were only added, the core migrates the cached store forward at
 * open, once, and the cache keeps it. `npx tsx bench/year-store/build.ts [--rebuild]` builds it
 * ahead of time.
 */
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { createCore, type Core, type CoreConfig } from '../../src/main/core'
import { compactStore } from '../../src/main/db/compaction'
import type { Clock } from '../../src/shared/clock'
import {
  FULL_YEAR,
  PHENSYS_TOKEN,
  generateYearStore,
  storeKeys,
  type BuildSummary,
  type YearStoreOptions
} from './generate'
import { startPhensys, startPhensysWorker, type PhensysControl } from './phensys'
import { formatBytes } from './report'
import { packAsTheBackgroundWould } from './settle'
import { PEOPLE, memoryPrinter, signIn, type Person } from './staff'

/** Bump when the generator makes a different store: the cached one is then rebuilt. */
const GENERATOR_VERSION = 3

const CACHE = fileURLToPath(new URL('../.cache/year-store', import.meta.url))
const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url))

export interface Manifest extends BuildSummary {
  generatorVersion: number
  builtAt: string
  /** The migrations the store has: each SQL file's creation time and hash, in order. */
  migrations: Array<{ when: number; hash: string; tag: string }>
}

export interface YearStoreFiles {
  dir: string
  storeFile: string
  sandboxFile: string
  manifest: Manifest
  /** One line for a benchmark's header: what the store holds and when it was built. */
  description: string
  remove(): void
}

export interface YearStore extends YearStoreFiles {
  core: Core
  phensys: PhensysControl
  /** The store's own time: the morning after its year, moving on as the benchmark runs. */
  clock: Clock
  people: typeof PEOPLE
  signIn(person: Person): Promise<string>
  close(): Promise<void>
}

/** A fresh copy of the year store's files (built first if the cache lacks a current one). */
export async function yearStoreFiles(say: (line: string) => void = console.log): Promise<YearStoreFiles> {
  // YEAR_STORE names a store built elsewhere (build.ts --out), e.g. a month's trial while changing the generator.
  const cached = process.env.YEAR_STORE ?? (await cachedStore(say))
  const dir = mkdtempSync(join(tmpdir(), 'year-store-'))
  const started = performance.now()
  for (const file of ['counter.sqlite', 'sandbox.sqlite']) {
    copyFileSync(join(cached, file), join(dir, file))
    // A write-ahead log left beside a store belongs to it (none is, after a clean close).
    if (existsSync(join(cached, `${file}-wal`)) && statSync(join(cached, `${file}-wal`)).size > 0)
      copyFileSync(join(cached, `${file}-wal`), join(dir, `${file}-wal`))
  }
  if (existsSync(join(cached, 'keys'))) cpSync(join(cached, 'keys'), join(dir, 'keys'), { recursive: true })
  const manifest = readManifest(cached)
  if (!manifest) throw new Error(`${cached} has no manifest.json: it is not a finished year store`)
  say(`year store copied to ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return {
    dir,
    storeFile: join(dir, 'counter.sqlite'),
    sandboxFile: join(dir, 'sandbox.sqlite'),
    manifest,
    description: describe(manifest),
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

/** A live core on a fresh copy of the year store, with Phensys (the sandbox) on a copy of its own. */
export async function openYearStore(
  options: {
    core?: Partial<CoreConfig>
    say?: (line: string) => void
    /** A copy already made (to look at it as it was built, before the core migrates it). */
    files?: YearStoreFiles
    /**
     * Where Phensys runs: in the benchmark's own thread (its work then counted in every figure), or
     * on a worker thread, as the other machine it is (only the counter's side of each call counted).
     */
    phensysThread?: 'same' | 'worker'
  } = {}
): Promise<YearStore> {
  const say = options.say ?? console.log
  const files = options.files ?? (await yearStoreFiles(say))
  // The store's time: from the morning after its year, moving on with the wall clock.
  const offsetMs = Date.parse(files.manifest.clockStart) - Date.now()
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs) }
  const phensys =
    options.phensysThread === 'worker'
      ? await startPhensysWorker(files.sandboxFile, PHENSYS_TOKEN, { offsetMs })
      : await startPhensys(files.sandboxFile, PHENSYS_TOKEN, () => clock.now())
  const started = performance.now()
  const core = await createCore({
    dataDir: files.dir,
    keys: storeKeys(files.dir),
    clock,
    phensys: { url: phensys.url, token: PHENSYS_TOKEN },
    autoSync: false,
    osPrinting: memoryPrinter(),
    log: () => undefined,
    ...options.core
  })
  say(`core opened on the year store in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return {
    ...files,
    core,
    phensys,
    clock,
    people: PEOPLE,
    signIn: (person) => signIn(core, person),
    close: async () => {
      await core.close()
      await phensys.close()
      files.remove()
    }
  }
}

function describe(manifest: Manifest): string {
  const { report } = manifest
  const rows = (table: string) => report.tables.find((t) => t.name === table)?.rows ?? 0
  const open = Object.values(report.openByStage).reduce((sum, n) => sum + n, 0)
  const millions = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n.toLocaleString('en-GB'))
  const first = manifest.migrations[0]?.tag.slice(0, 4) ?? '?'
  const last = manifest.migrations.at(-1)?.tag.slice(0, 4) ?? '?'
  return (
    `year store v${manifest.generatorVersion} (seed ${manifest.options.seed}): ${millions(rows('requests'))} requests (${open.toLocaleString('en-GB')} open), ` +
    `${millions(rows('outbox'))} outbox events, ${millions(rows('audit_log'))} audit entries, ${millions(rows('packs'))} packs, ` +
    `${millions(rows('stock_movements'))} stock movements, ${millions(rows('dispensed_packs'))} dispensed packs, ` +
    `${report.patients.toLocaleString('en-GB')} patients; ${formatBytes(report.fileBytes)}; ` +
    `built ${manifest.builtAt.slice(0, 10)} in ${Math.round(manifest.seconds / 60)} min, migrations ${first}–${last}`
  )
}

// ---- The cache ------------------------------------------------------------------------------------

export function currentMigrations(): Manifest['migrations'] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number; tag: string }>
  }
  return journal.entries.map((entry) => ({
    when: entry.when,
    tag: entry.tag,
    hash: createHash('sha256')
      .update(readFileSync(join(MIGRATIONS, `${entry.tag}.sql`)))
      .digest('hex')
  }))
}

function readManifest(dir: string): Manifest | null {
  const file = join(dir, 'manifest.json')
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : null
}

/**
 * What a cached store needs, given the migrations it was built with and today's: nothing; the core
 * to migrate it forward, when migrations were only added after them (renumbered tags do not
 * matter); or building again, when one it has changed or another now comes between them.
 */
export function cacheVerdict(
  built: Manifest['migrations'],
  now: Manifest['migrations']
): 'reuse' | 'migrate' | 'rebuild' {
  const kept = built.length <= now.length && built.every((m, i) => m.when === now[i]?.when && m.hash === now[i]?.hash)
  if (!kept) return 'rebuild'
  return built.length === now.length ? 'reuse' : 'migrate'
}

const cacheDir = () => join(CACHE, `v${GENERATOR_VERSION}`)

/** Forgets the cached store, so the next use builds it again. */
export function dropCachedStore(): void {
  rmSync(cacheDir(), { recursive: true, force: true })
}

async function cachedStore(say: (line: string) => void): Promise<string> {
  const dir = cacheDir()
  const migrations = currentMigrations()
  await withBuildLock(dir, say, async () => {
    const manifest = readManifest(dir)
    const verdict =
      manifest?.generatorVersion === GENERATOR_VERSION ? cacheVerdict(manifest.migrations, migrations) : 'rebuild'
    if (manifest && verdict === 'migrate') await settleStore(dir, say)
    if (verdict !== 'rebuild') return
    say(
      manifest
        ? 'the cached year store was built with migrations that are no longer the project’s: building it again'
        : 'no year store in bench/.cache: building it (hours; it is kept for every later run)'
    )
    await build(dir, migrations, say)
  })
  return dir
}

/** Generates a store into `dir` (emptied first) and writes its manifest. */
export async function buildStore(
  dir: string,
  options: YearStoreOptions,
  migrations: Manifest['migrations'],
  say: (line: string) => void
): Promise<void> {
  rmSync(dir, { recursive: true, force: true })
  const summary = await generateYearStore(dir, options, say)
  const manifest: Manifest = {
    ...summary,
    generatorVersion: GENERATOR_VERSION,
    builtAt: new Date().toISOString(),
    migrations
  }
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
}

/** Builds beside the cache and moves it in only when complete, so an interrupted build leaves nothing half-made. */
async function build(dir: string, migrations: Manifest['migrations'], say: (line: string) => void): Promise<void> {
  const building = `${dir}.building`
  await buildStore(building, FULL_YEAR, migrations, say)
  rmSync(dir, { recursive: true, force: true })
  renameSync(building, dir)
  say(`year store cached in ${dir}`)
}

/**
 * Brings a finished store up to the current code, in place: the core migrates it as it opens, and
 * everything its background would have packed by the year's end is packed and the file compacted
 * (a store from older code is otherwise packed a batch a minute while the benchmarks run).
 */
export async function settleStore(dir: string, say: (line: string) => void = console.log): Promise<void> {
  const manifest = readManifest(dir)
  if (!manifest) throw new Error(`${dir} has no manifest.json: it is not a finished year store`)
  const started = performance.now()
  const core = await createCore({
    dataDir: dir,
    keys: storeKeys(dir),
    phensys: { url: 'http://127.0.0.1:9', token: 'not-contacted' },
    autoSync: false,
    autoDevices: false,
    log: () => undefined
  })
  try {
    const opened = performance.now()
    const settled = packAsTheBackgroundWould(core)
    const { after } = compactStore(core.internals.store.sqlite)
    say(
      `year store brought up to date: migrations ${manifest.migrations.length} → ${currentMigrations().length} in ` +
        `${((opened - started) / 1000).toFixed(1)} s; packed ${settled.labelJobs} label jobs, ${settled.finalEvents} final events, ` +
        `${settled.closedRequests} closed requests, the events of ${settled.closedEvents} together; compacted to ${formatBytes(after.fileBytes)}, ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s in all`
    )
  } finally {
    await core.close()
  }
  writeFileSync(
    join(dir, 'manifest.json'),
    `${JSON.stringify({ ...manifest, migrations: currentMigrations() }, null, 2)}\n`
  )
}

/** One build at a time, across processes: a second caller waits for the first. */
async function withBuildLock(dir: string, say: (line: string) => void, run: () => Promise<void>): Promise<void> {
  const lock = `${dir}.lock`
  mkdirSync(CACHE, { recursive: true })
  for (let told = false; ;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' })
      break
    } catch {
      const holder = Number(readFileSync(lock, 'utf8'))
      if (!isAlive(holder)) {
        rmSync(lock, { force: true })
        continue
      }
      if (!told) say(`waiting for process ${holder}, which is building the year store`)
      told = true
      await new Promise((resolve) => setTimeout(resolve, 10_000))
    }
  }
  try {
    await run()
  } finally {
    rmSync(lock, { force: true })
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
