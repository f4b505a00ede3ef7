/**
 * After an outage, on the year store, with the app's own loops and tuning:
 *   drain   a backlog of `count` events (default 5,000) made at the counter while Phensys was away
 *           (the sandbox's outage switch) for `--outage-seconds` (default 120, real time), by
 *           accepting requests until that many wait (accepting also runs the stock check), from
 *           Phensys answering again to the last event settled; target < 10 s
 *   size    the store's file as opened (migrated: sent events no longer keep a snapshot) and after
 *           compacting it (what an administrator's "Compact the store now" gives back), and the
 *           bytes an outbox row takes
 *   npx tsx bench/sync-outage.bench.ts [--count 5000] [--outage-seconds 120]
 */
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { compactStore } from '../src/main/db/compaction'
import { FinalEventPacking } from '../src/main/maintenance'
import { BenchReport } from './harness'
import { openYearStore } from './year-store'
import { newRequestBody } from './year-store/new-request'
import { formatBytes } from './year-store/report'
import { must } from './year-store/staff'

const { values } = parseArgs({
  options: { count: { type: 'string', default: '5000' }, 'outage-seconds': { type: 'string', default: '120' } }
})
const COUNT = Number(values.count)
const OUTAGE_MS = Number(values['outage-seconds']) * 1000

const year = await openYearStore({ core: { autoSync: true } })
try {
  const { core, phensys } = year
  const bench = new BenchReport(`Sync after an outage on the year store (${COUNT.toLocaleString('en-GB')} events)`)
  bench.store(year.description)
  const outage = (method: 'PUT' | 'DELETE') =>
    fetch(`${phensys.url}/sandbox/outage`, {
      method,
      headers: { Authorization: `Bearer ${phensys.token}`, 'Content-Type': 'application/json' },
      ...(method === 'PUT' ? { body: JSON.stringify({ mode: 'unavailable' }) } : {})
    })

  // ---- Size, as opened (migrated: sent events no longer keep a snapshot) and compacted -------------
  const { sqlite } = core.internals.store
  const count = (sql: string): number => (sqlite.prepare(sql).get() as { n: number | null }).n ?? 0
  // Labels printed before they were kept deflated: the idle print queue deflates them a few hundred
  // at a time; here all at once, as they will be once the queue has caught up.
  const packing = performance.now()
  let packed = 0
  for (let n = -1; n !== 0;) packed += n = core.internals.devices.queue.packPrinted(5_000)
  // Final events' bodies likewise (the maintenance packs them a batch a minute).
  const events = new FinalEventPacking({ db: core.internals.store.db, log: () => undefined }).packAll()
  bench.note(
    `${packed.toLocaleString('en-GB')} printed label jobs and ${events.toLocaleString('en-GB')} final events deflated in ${((performance.now() - packing) / 1000).toFixed(1)} s`
  )
  const started = performance.now()
  const { before, after } = compactStore(sqlite)
  const compactMs = performance.now() - started
  bench.note(
    `store as opened (migrated): ${formatBytes(before.fileBytes)}, of which ${formatBytes(before.freeBytes)} free pages; ` +
      `compacted in ${(compactMs / 1000).toFixed(1)} s to ${formatBytes(after.fileBytes)}`
  )
  const outboxRows = count('SELECT COUNT(*) AS n FROM outbox')
  const outboxBytes = count(`SELECT SUM(pgsize) AS n FROM dbstat WHERE name = 'outbox'`)
  const printBytes = count(`SELECT SUM(pgsize) AS n FROM dbstat WHERE name = 'print_jobs'`)
  bench.note(
    `after compacting: outbox ${outboxRows.toLocaleString('en-GB')} events in ${formatBytes(outboxBytes)} (${(outboxBytes / Math.max(1, outboxRows)).toFixed(0)} bytes an event); print jobs ${formatBytes(printBytes)}`
  )

  // ---- Drain ----------------------------------------------------------------------------------------
  const dispenser = await year.signIn(year.people.dispensers[0])
  const issuedAt = year.clock.now().toISOString().slice(0, 10)
  const ids = Array.from({ length: COUNT }, (_, i) => `fr_OUTAGE${String(i).padStart(6, '0')}`)
  for (let i = 0; i < COUNT; i += 2_000)
    await phensys.create(
      ids
        .slice(i, i + 2_000)
        .map((id) =>
          newRequestBody(
            id,
            [{ dmdCode: '39732311000001104', name: 'Sertraline 50mg tablets', quantity: 28, unit: 'tablet' }],
            issuedAt
          )
        )
    )
  while (ids.some((id) => core.internals.requests.get(id) === undefined))
    await new Promise((resolve) => setTimeout(resolve, 100))

  const away = Date.now()
  if ((await outage('PUT')).status >= 300) throw new Error('the sandbox refused its outage switch')
  // The counter works on: requests accepted until `count` events wait (accepting runs the stock
  // check, which may add an event of its own), each failing to go and waiting its turn.
  for (const id of ids) {
    if (core.internals.outbox.depth().unsent >= COUNT) break
    await must(core, dispenser, 'requests.accept', { id })
  }
  const made = Date.now() - away
  while (Date.now() - away < OUTAGE_MS) {
    await core.call(dispenser, 'auth.touch', {})
    await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, OUTAGE_MS - (Date.now() - away))))
  }
  const waiting = core.internals.outbox.depth().unsent
  const cpu = process.cpuUsage()
  const back = performance.now()
  await outage('DELETE')
  while (core.internals.outbox.depth().unsent > 0) await new Promise((resolve) => setTimeout(resolve, 20))
  const drainMs = performance.now() - back
  const used = process.cpuUsage(cpu)
  bench.row(
    `drain of ${waiting.toLocaleString('en-GB')} events after a ${(OUTAGE_MS / 1000).toFixed(0)} s outage (${(made / 1000).toFixed(0)} s of it making them)`,
    [drainMs],
    { target: '< 10 s', note: `CPU ${((used.user + used.system) / 1000).toFixed(0)} ms` }
  )
  bench.rate('  events settled after Phensys answered again', waiting, drainMs)
} finally {
  await year.close()
}
