/**
 * Builds a year store in a directory: a live workstation's store (`counter.sqlite`) and the
 * Phensys sandbox's own (`sandbox.sqlite`) after a year of work, every row written by the core's
 * own code through its contract, its feed ingest and its outbox push.
 *
 * Speed-ups that keep the code path, used while generating only: a simulated clock walks through
 * the year; `PRAGMA synchronous = OFF`, a 1 GB page cache and rarer checkpoints on the generator's
 * connection (the store opens with FULL again afterwards); requests arrive in three waves a day and
 * the outbox is pushed in full batches after each stretch of work, Phensys's feed read in its
 * largest pages; Phensys runs on a second thread; the label printer takes jobs in memory; sessions
 * neither lock nor expire between the day's stretches of work; nothing builds the devices' view
 * while no window listens.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { createCore, type Core } from '../../src/main/core'
import { DEFAULT_SESSION_LIMITS } from '../../src/main/contract/sessions'
import { KeyFolder } from '../../src/main/vault/key-folder'
import type { CallInput } from '../../src/shared/contract'
import { YearCalendar, addDays, bankHolidays, londonTime } from './calendar'
import { buildCatalogue } from './catalogue'
import { buildFormulary } from './formulary'
import { PharmacyYear } from './pharmacy-year'
import { SharedClock, startPhensysWorker } from './phensys'
import { Population } from './population'
import { Random } from './random'
import { describeReport, formatBytes, reportStore, type StoreReport } from './report'
import { MEMORY_PRINTER, PEOPLE, memoryPrinter, must, signIn } from './staff'
import { StockRoom } from './stock-room'

/** The store's keys (the audit trail's among them) travel with it, in a folder inside its own. */
export function storeKeys(dir: string): KeyFolder {
  return new KeyFolder(join(dir, 'keys'), null)
}

export interface YearStoreOptions {
  seed: string
  /** The year's first day (a Monday). */
  firstDay: string
  days: number
  patients: number
  requests: number
  /** Packs in the catalogue. */
  packs: number
}

export const FULL_YEAR: YearStoreOptions = {
  seed: 'pharmetra-year-1',
  firstDay: '2025-12-01',
  days: 365,
  patients: 10_000,
  requests: 150_000,
  packs: 20_000
}

export const PHENSYS_TOKEN = 'year-store-phensys-token'
const REPO_RESOURCES = fileURLToPath(new URL('../../resources', import.meta.url))
/** Mean items per request (1, 2 or 3; see population.ts), for the shelf's reorder levels. */
const ITEMS_PER_REQUEST = 1.25

export interface BuildSummary {
  options: YearStoreOptions
  /** The morning after the year: where a benchmark's clock starts. */
  clockStart: string
  seconds: number
  /** Processor time of the generator's process (both threads), which a busy machine does not stretch. */
  cpuSeconds: number
  calls: number
  goodsInScans: number
  requestsCreated: number
  /** Requests the generator stopped following after a refusal it did not expect. */
  failures: number
  report: StoreReport
}

export async function generateYearStore(
  dir: string,
  options: YearStoreOptions,
  say: (line: string) => void
): Promise<BuildSummary> {
  const started = performance.now()
  const cpuAtStart = process.cpuUsage()
  const random = new Random(options.seed)
  const calendar = new YearCalendar(options.firstDay, options.days, bankHolidays(REPO_RESOURCES))
  const catalogue = buildCatalogue(REPO_RESOURCES, options.packs, random.fork('catalogue'))
  const itemsPerDay = (options.requests / options.days) * ITEMS_PER_REQUEST
  const formulary = buildFormulary(catalogue, REPO_RESOURCES, itemsPerDay, random.fork('formulary'))
  const population = new Population(calendar, formulary, options, random.fork('population'))
  say(
    `year store: ${options.days} days from ${options.firstDay}, ${population.total.toLocaleString('en-GB')} requests from ${options.patients.toLocaleString('en-GB')} patients, ${catalogue.packCount.toLocaleString('en-GB')} packs (${formulary.reorderLevels.size} kept on the shelf)`
  )

  // The catalogue enters the store through the core's first-start import.
  const resources = join(dir, 'resources')
  mkdirSync(join(resources, 'catalogue'), { recursive: true })
  const files = catalogue.files(formulary.reorderLevels)
  writeFileSync(join(resources, 'catalogue', 'products.csv'), files.products)
  writeFileSync(join(resources, 'catalogue', 'packs.csv'), files.packs)
  writeFileSync(join(resources, 'catalogue', 'pack-gtins.csv'), files.gtins)
  copyFileSync(join(REPO_RESOURCES, 'wholesalers.json'), join(resources, 'wholesalers.json'))

  const clock = new SharedClock(londonTime(addDays(options.firstDay, -2), '10:00'))
  const phensys = await startPhensysWorker(join(dir, 'sandbox.sqlite'), PHENSYS_TOKEN, clock)
  const core = await createCore({
    dataDir: dir,
    keys: storeKeys(dir),
    clock,
    phensys: { url: phensys.url, token: PHENSYS_TOKEN },
    autoSync: false,
    // Phensys's largest feed pages, and more events in flight: fewer, fuller commits for the same work.
    syncTuning: { pageLimit: 500, pushConcurrency: 64 },
    osPrinting: memoryPrinter(),
    // The core sweeps its sessions on a timer of real seconds reading the simulated clock: on a busy
    // machine a sweep can land in a jump of the clock and end a sign-in mid-stretch. Nobody walks away
    // from these counters, and every person signs out at the end of the day.
    security: {
      idleLockMs: 24 * 3_600_000,
      sessions: { ...DEFAULT_SESSION_LIMITS, unusedExpiryMs: 7 * 24 * 3_600_000, signedInMaxMs: 7 * 24 * 3_600_000 }
    },
    resourcesDir: resources,
    log: (message, error) => say(`  core: ${message}${error ? ` ${String(error)}` : ''}`)
  })
  const { sqlite } = core.internals.store
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('cache_size = -1000000')
  // Checkpoints ten times rarer: the pages nearly every commit rewrites (the ends of the audit trail,
  // the seals and their indexes) go to the file once a checkpoint, not once every few commits.
  sqlite.pragma('wal_autocheckpoint = 10000')

  let calls = 0
  let goodsInScans = 0
  let created = 0
  let failures = 0
  try {
    await setUp(core)
    const stockRoom = new StockRoom(core, clock, catalogue, random.fork('stock'))
    const year = new PharmacyYear(
      core,
      phensys,
      clock,
      calendar,
      population,
      formulary,
      stockRoom,
      random.fork('year'),
      say
    )
    // The opening stock, ordered the Saturday before the first Monday.
    const opener = await signIn(core, PEOPLE.dispensers[0])
    await stockRoom.reorder(opener)
    await must(core, opener, 'auth.signOut', {})

    // The rate over each stretch of days, beside the totals: a generator that slows as the store grows shows here.
    let stretch = { at: performance.now(), created: 0, cpu: process.cpuUsage() }
    for (const [index, day] of calendar.days.entries()) {
      await year.day(day, index)
      if ((index + 1) % 10 === 0 || index === calendar.days.length - 1) {
        const open = year.openCount()
        const seconds = (performance.now() - stretch.at) / 1000
        const cpu = process.cpuUsage(stretch.cpu)
        say(
          `  ${day}: ${year.created.toLocaleString('en-GB')} requests, ${open.toLocaleString('en-GB')} open, ${year.calls.toLocaleString('en-GB')} calls, ${((performance.now() - started) / 60_000).toFixed(1)} min; ` +
            `${((year.created - stretch.created) / seconds).toFixed(1)} requests/s since the last line (processor ${((cpu.user + cpu.system) / 1e6 / seconds).toFixed(2)} s a second)`
        )
        stretch = { at: performance.now(), created: year.created, cpu: process.cpuUsage() }
      }
    }
    await year.end(londonTime(calendar.dayAfter, '07:00'))
    calls = year.calls
    goodsInScans = stockRoom.goodsInScans
    created = year.created
    failures = year.failures
  } finally {
    await core.close()
    await phensys.close()
  }
  // More than a few requests left behind means the generator no longer fits the app: say so, loudly.
  if (failures > created / 200) throw new Error(`${failures} of ${created} requests could not be followed through`)
  const report = reportStore(join(dir, 'counter.sqlite'))
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuAtStart)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  say(
    `year store built in ${(seconds / 60).toFixed(1)} min (${(cpuSeconds / 60).toFixed(1)} min of processor time): ${formatBytes(report.fileBytes)}, ${calls.toLocaleString('en-GB')} contract calls, ${failures} requests left behind`
  )
  for (const line of describeReport(report)) say(line)
  return {
    options,
    clockStart: new Date(londonTime(calendar.dayAfter, '08:30')).toISOString(),
    seconds,
    cpuSeconds,
    calls,
    goodsInScans,
    requestsCreated: created,
    failures,
    report
  }
}

/** The first start of a live workstation: its administrator, the staff, wholesalers and the printer. */
async function setUp(core: Core): Promise<void> {
  const opened = core.openSession()
  const { owner: admin } = PEOPLE
  const created = await core.call(opened, 'auth.createFirstAdmin', {
    username: admin.username,
    displayName: admin.displayName,
    secret: admin.pin
  })
  if (!created.ok) throw new Error(`the first administrator: ${created.error.message}`)
  // Signing in gives the session a new id.
  const owner = created.renewedSessionId ?? opened
  for (const person of [...PEOPLE.pharmacists, ...PEOPLE.dispensers, ...PEOPLE.checkers]) {
    await must(core, owner, 'users.create', {
      username: person.username,
      displayName: person.displayName,
      roles: [...person.roles],
      gphcNumber: person.gphcNumber,
      secret: person.pin
    })
  }
  // The sample wholesalers, set up by the administrator as a live workstation's are.
  const { wholesalers } = JSON.parse(readFileSync(join(REPO_RESOURCES, 'wholesalers.json'), 'utf8')) as {
    wholesalers: Array<CallInput<'stock.saveWholesaler'>['wholesaler']>
  }
  for (const wholesaler of wholesalers) await must(core, owner, 'stock.saveWholesaler', { wholesaler, active: true })
  // Labels by the L key, which the year's flow takes as a step of its own.
  await must(core, owner, 'dispensing.setAutoLabels', { enabled: false })
  const devices = await must(core, owner, 'devices.status', {})
  // 76 × 46 mm labels: on the default 70 × 35 mm stock the app refuses (rightly: the directions would
  // not fit beside what every label must carry) the longest names, combination inhalers with a BNF
  // label, and tells a person to choose a larger stock; this pharmacy has.
  await must(core, owner, 'devices.setSettings', {
    ...devices.settings,
    labelPrinter: MEMORY_PRINTER,
    labelStock: { ...devices.settings.labelStock, widthMm: 76, heightMm: 46 }
  })
}
