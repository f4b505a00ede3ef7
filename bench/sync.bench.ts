/**
 * Sync throughput on the year store, over real HTTP on loopback:
 *   - feed ingest: 10,000 new requests pulled in pages of 500, each page one transaction, beside
 *     better-sqlite3 inserting the same snapshots raw, also one transaction per page, same run;
 *   - outbox push: the events the counter writes when the 10,000 are accepted (`accepted`, and the
 *     stock check's), pushed after every 64 requests accepted.
 *   npx tsx bench/sync.bench.ts [count]
 *
 * What is counted: Phensys (the sandbox) runs on a worker thread of its own, as the other machine it
 * is, so building and serialising its pages and answers is not the counter's processor time. The
 * clock of a page still runs from the counter's call to its commit: the counter's request, the
 * wait for Phensys's answer, reading it (JSON.parse), validating, storing and auditing it. The
 * processor time (`cpu`) is the counter's thread alone. The raw baseline is given the snapshots
 * in memory, already parsed.
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Snapshot } from '../src/shared/phensys/snapshot'
import { BenchReport, threadCpuMs } from './harness'
import { openYearStore } from './year-store'
import { newRequestBody } from './year-store/new-request'
import { must } from './year-store/staff'

const COUNT = Number(process.argv[2] ?? 10_000)
const PAGE = 500
const BATCH = 64

const year = await openYearStore({ core: { syncTuning: { pageLimit: PAGE } }, phensysThread: 'worker' })
try {
  const { core } = year
  const { sync, outbox } = core.internals
  const bench = new BenchReport(`Sync on the year store (${COUNT.toLocaleString('en-GB')} requests)`)
  bench.store(year.description)
  bench.note(
    "counted: Phensys runs on a worker thread (its serving is not the counter's processor time); a page's clock runs from " +
      "the counter's call to its commit (waiting for the answer, JSON.parse, validation, store, audit); cpu is the counter's thread; " +
      'the raw insert is given the snapshots parsed'
  )
  const dispenser = await year.signIn(year.people.dispensers[0])
  const issuedAt = year.clock.now().toISOString().slice(0, 10)
  const ids = Array.from({ length: COUNT }, (_, i) => `fr_SYNCBENCH${String(i).padStart(6, '0')}`)
  for (let i = 0; i < COUNT; i += 2_000)
    await year.phensys.create(
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

  // ---- Ingest ----------------------------------------------------------------------------------------
  const pages: number[] = []
  let started = performance.now()
  const ingestCpu = threadCpuMs()
  for (;;) {
    const t = performance.now()
    const result = await sync.pullOnce(0)
    pages.push(performance.now() - t)
    if (result !== 'more') break
  }
  const ingestMs = performance.now() - started
  const ingestCpuMs = cpuSince(ingestCpu)
  const ingest = bench.row(`feed ingest, a page of ${PAGE} (fetch, wait, parse, validate, store, audit)`, pages)

  // The same snapshots, raw: one prepared insert, one transaction per page, WAL and synchronous=FULL.
  const snapshots: Snapshot[] = []
  for (const id of ids) snapshots.push((await must(core, dispenser, 'requests.get', { id })).snapshot)
  const raw = new Database(join(year.dir, 'raw.sqlite'))
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = FULL')
  raw.exec('CREATE TABLE snapshots (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL)')
  const insert = raw.prepare('INSERT INTO snapshots (id, version, body) VALUES (?, ?, ?)')
  const rawPages: number[] = []
  started = performance.now()
  // The whole process's (µs, not the thread's 10 ms ticks): Phensys's thread is idle meanwhile.
  const rawCpu = process.cpuUsage()
  for (let i = 0; i < snapshots.length; i += PAGE) {
    const t = performance.now()
    raw.transaction(() => {
      for (const snapshot of snapshots.slice(i, i + PAGE))
        insert.run(snapshot.id, snapshot.version, JSON.stringify(snapshot))
    })()
    rawPages.push(performance.now() - t)
  }
  const rawMs = performance.now() - started
  const rawCpuUsage = process.cpuUsage(rawCpu)
  const rawCpuMs = (rawCpuUsage.user + rawCpuUsage.system) / 1000
  raw.close()
  bench.baseline(`the same ${PAGE} snapshots inserted`, rawPages, ingest)
  const ingestRate = bench.rate('feed ingest', COUNT, ingestMs)
  const rawRate = bench.rate('  raw better-sqlite3 insert', COUNT, rawMs)
  bench.note(`ingest runs at ${(ingestRate / rawRate).toFixed(2)}× the raw insert's rate`)
  if (ingestCpuMs !== null)
    bench.note(
      `ingest processor time ${ingestCpuMs.toFixed(0)} ms, the counter's thread alone (Phensys serves the feed on its own thread): ` +
        `${((COUNT / ingestCpuMs) * 1000).toFixed(0)}/s of processor, against the raw insert's ` +
        `${((COUNT / rawCpuMs) * 1000).toFixed(0)}/s (${rawCpuMs.toFixed(0)} ms): ${(rawCpuMs / ingestCpuMs).toFixed(2)}× by processor time ` +
        "(the clock's ratio also counts waiting for a core on a shared machine)"
    )

  // ---- Push --------------------------------------------------------------------------------------------
  // Accepting runs the stock check, which adds an event of its own where stock is short (here:
  // `stock.ordered`, whose answer Phensys changes beyond the event: it offers the patient options).
  const batches: number[] = []
  let pushMs = 0
  let pushed = 0
  let pushCpuMs = 0
  for (let i = 0; i < COUNT; i += BATCH) {
    for (const id of ids.slice(i, i + BATCH)) await must(core, dispenser, 'requests.accept', { id })
    const t = performance.now()
    const cpu = threadCpuMs()
    pushed += await sync.pushOnce()
    pushCpuMs += cpuSince(cpu) ?? NaN
    const ms = performance.now() - t
    batches.push(ms)
    pushMs += ms
  }
  if (outbox.depth().unsent > 0) throw new Error(`${outbox.depth().unsent} events were not pushed`)
  bench.row(`outbox push, the events of ${BATCH} requests accepted (send, answer, settle)`, batches)
  bench.rate(`outbox push (${(pushed / COUNT).toFixed(1)} events a request)`, pushed, pushMs)
  if (!Number.isNaN(pushCpuMs))
    bench.note(
      `push processor time ${pushCpuMs.toFixed(0)} ms, the counter's thread alone (Phensys answers on its own thread): ` +
        `${((pushed / pushCpuMs) * 1000).toFixed(0)} events/s of processor`
    )
} finally {
  await year.close()
}

/** This thread's processor time since `start` (ms), where the system says. */
function cpuSince(start: number | null): number | null {
  const now = threadCpuMs()
  return start === null || now === null ? null : now - start
}
