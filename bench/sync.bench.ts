/**
 * The line to Phensys, with the sandbox on its own thread (as Phensys runs on its own machine):
 *   ingest   the feed's snapshots stored (validated, versions compared, audited, stage reactions)
 *            against a raw better-sqlite3 insert of the same snapshots, one transaction per page
 *            of 500 in both, rounds alternating so both see the same machine; goal ≥ 0.3×
 *   push     status events through the outbox: informational ones (Phensys's answer repeats the
 *            version held, nothing to store) and state changes (a newer snapshot comes back and
 *            is stored); goal ≥ 1,000 events/s
 *   drain    a 5,000-event backlog made at the counter while Phensys was away for two minutes
 *            (the sandbox's outage switch, real time, the app's own loops and tuning), from
 *            Phensys answering again to the last event settled; goal < 10 s
 *   size     what a sent event and a printed label job keep in the store
 * Wall times depend on what else the machine runs; each figure also gives the CPU it took.
 *   npx tsx bench/sync.bench.ts [ingest|push|drain|size ...] [--outage-seconds 120]
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createCore, type Core } from '../src/main/core'
import { KeyFolder } from '../src/main/vault/key-folder'
import { SYSTEM_ACTOR } from '../src/shared/phensys/events'
import type { StatusEventType } from '../src/shared/phensys/events'
import { requestBody } from '../test/helpers/request-body'
import { startPhensysThread, type PhensysThread } from './support/phensys-thread'
import { stats } from './stats'

const TOKEN = 'bench-token-0001'
const PAGE = 500

const { values, positionals } = parseArgs({
  options: {
    'outage-seconds': { type: 'string', default: '120' },
    concurrency: { type: 'string' },
    count: { type: 'string', default: '5000' }
  },
  allowPositionals: true
})
const sections = new Set(positionals.length > 0 ? positionals : ['ingest', 'push', 'drain', 'size'])
const COUNT = Number(values.count)
const OUTAGE_MS = Number(values['outage-seconds']) * 1000

const perSecond = (n: number, ms: number): string => Math.round((n / ms) * 1000).toLocaleString('en-GB')

/** Wall time and the process's CPU time (both threads) of `work`. */
async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  const value = await work()
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  return { value, ms, cpuMs: (used.user + used.system) / 1000 }
}

async function startCore(phensys: PhensysThread, dir: string, autoSync = false): Promise<Core> {
  return createCore({
    dataDir: dir,
    keys: new KeyFolder(`${dir}-keys`, null),
    phensys: { url: phensys.url, token: TOKEN },
    autoSync,
    autoDevices: false,
    syncTuning: { pageLimit: PAGE, ...(values.concurrency ? { pushConcurrency: Number(values.concurrency) } : {}) },
    log: () => undefined
  })
}

async function createAtPhensys(phensys: PhensysThread, ids: readonly string[], state?: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 5_000) {
    const requests = ids.slice(i, i + 5_000).map((id) => requestBody(id, state ? { state } : {}))
    await phensys.call('POST', '/sandbox/requests/bulk', { requests })
  }
}

async function pullAll(core: Core): Promise<void> {
  while ((await core.internals.sync.pullOnce(0)) === 'more');
}

async function ingestBench(phensys: PhensysThread, dir: string): Promise<void> {
  const rounds = 5
  const core = await startCore(phensys, join(dir, 'ingest'))
  const { ingest, store } = core.internals
  let cursor: string | null = null
  const raw = new Database(join(dir, 'raw.sqlite'))
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = FULL')
  raw.exec('CREATE TABLE snapshots (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL)')
  const insert = raw.prepare('INSERT INTO snapshots (id, version, body) VALUES (?, ?, ?)')
  const ratios: number[] = []
  const rows: string[] = []
  for (let round = 0; round < rounds; round++) {
    const ids = Array.from({ length: COUNT }, (_, i) => `fr_I${round}_${String(i).padStart(6, '0')}`)
    await createAtPhensys(phensys, ids)
    const pages: Array<Array<Record<string, unknown>>> = []
    for (;;) {
      const page = (await phensys.call(
        'GET',
        `/v1/provider/feed?limit=${PAGE}${cursor ? `&after=${cursor}` : ''}`
      )) as { entries: Array<Record<string, unknown>>; next: string | null; more: boolean }
      if (page.entries.length > 0) pages.push(page.entries)
      cursor = page.next
      if (!page.more) break
    }
    const rawRun = await timed(() => {
      for (const page of pages)
        raw.transaction(() => {
          for (const entry of page) {
            const snapshot = entry.request as { id: string; version: number }
            insert.run(snapshot.id, snapshot.version, JSON.stringify(snapshot))
          }
        })()
    })
    const now = new Date()
    const ingested = await timed(() => {
      for (const page of pages) store.sqlite.transaction(() => ingest.page(page, now, { changed: [], unreadable: 0 }))()
    })
    ratios.push(rawRun.ms / ingested.ms)
    rows.push(
      `  round ${round + 1}: ingest ${ingested.ms.toFixed(0)} ms (${perSecond(COUNT, ingested.ms)}/s, CPU ${ingested.cpuMs.toFixed(0)} ms), ` +
        `raw insert ${rawRun.ms.toFixed(0)} ms (${perSecond(COUNT, rawRun.ms)}/s, CPU ${rawRun.cpuMs.toFixed(0)} ms): ${(rawRun.ms / ingested.ms).toFixed(2)}×`
    )
  }
  raw.close()
  const s = stats(ratios)
  console.log(
    `ingest vs raw insert, ${COUNT.toLocaleString('en-GB')} snapshots a round, pages of ${PAGE}, ${rounds} rounds`
  )
  for (const row of rows) console.log(row)
  console.log(
    `  ingest speed / raw insert speed: median ${s.median.toFixed(2)}× · worst ${Math.min(...ratios).toFixed(2)}× (goal ≥ 0.3×)`
  )
  await core.close()
}

/** Queues one event of `type` for each request, as a command would, in one transaction. */
function enqueueEach(core: Core, ids: readonly string[], type: StatusEventType, version: number): void {
  const { outbox, store } = core.internals
  store.sqlite.transaction(() => {
    for (const id of ids)
      outbox.enqueue(id, type, {} as never, { basedOnVersion: version, actor: SYSTEM_ACTOR, now: new Date() })
  })()
}

async function drainOutbox(core: Core): Promise<number> {
  let sent = 0
  while (core.internals.outbox.depth().unsent > 0) sent += await core.internals.sync.pushOnce()
  return sent
}

async function pushBench(phensys: PhensysThread, dir: string): Promise<void> {
  const core = await startCore(phensys, join(dir, 'push'))
  const working = Array.from({ length: COUNT }, (_, i) => `fr_W${String(i).padStart(6, '0')}`)
  const arriving = Array.from({ length: COUNT }, (_, i) => `fr_A${String(i).padStart(6, '0')}`)
  await createAtPhensys(phensys, working, 'in_fulfilment')
  await createAtPhensys(phensys, arriving)
  await pullAll(core)
  console.log(`push through the outbox, ${COUNT.toLocaleString('en-GB')} events a run`)
  for (const [label, ids, type] of [
    ['informational (dispensing.started: the answer repeats the version held)', working, 'dispensing.started'],
    ['state changes (accepted: a newer snapshot comes back and is stored)', arriving, 'accepted']
  ] as const) {
    enqueueEach(core, ids, type, 1)
    const run = await timed(() => drainOutbox(core))
    if (run.value !== ids.length) throw new Error(`${label}: settled ${run.value} of ${ids.length}`)
    console.log(
      `  ${label}: ${run.ms.toFixed(0)} ms = ${perSecond(run.value, run.ms)} events/s (CPU ${(run.cpuMs / run.value).toFixed(2)} ms an event, both threads) (goal ≥ 1,000/s)`
    )
  }
  await core.close()
}

async function drainBench(phensys: PhensysThread, dir: string): Promise<void> {
  const core = await startCore(phensys, join(dir, 'drain'), true)
  const ids = Array.from({ length: COUNT }, (_, i) => `fr_D${String(i).padStart(6, '0')}`)
  await createAtPhensys(phensys, ids)
  while (ids.some((id) => core.internals.requests.get(id) === undefined))
    await new Promise((resolve) => setTimeout(resolve, 100))
  const session = core.openSession()
  const admin = await core.call(session, 'auth.createFirstAdmin', {
    username: 'owner',
    displayName: 'Olu Owner',
    secret: '864209'
  })
  if (!admin.ok) throw new Error(admin.error.message)
  await core.call(session, 'users.create', {
    username: 'dispenser',
    displayName: 'Dee Spenser',
    roles: ['dispenser'],
    gphcNumber: null,
    secret: '1357'
  })
  const staff = core.openSession()
  await core.call(staff, 'auth.signIn', { username: 'dispenser', secret: '1357' })

  const away = Date.now()
  await phensys.call('PUT', '/sandbox/outage', { mode: 'unavailable' })
  // The counter works on: every request accepted, each event failing to go and waiting its turn.
  for (const id of ids) {
    const accepted = await core.call(staff, 'requests.accept', { id })
    if (!accepted.ok) throw new Error(accepted.error.message)
    if (Date.now() - away > 20_000) await core.call(staff, 'auth.touch', {})
  }
  const made = Date.now() - away
  while (Date.now() - away < OUTAGE_MS) {
    await core.call(staff, 'auth.touch', {})
    await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, OUTAGE_MS - (Date.now() - away))))
  }
  const waiting = core.internals.outbox.depth().unsent
  const attempts = core.internals.store.sqlite
    .prepare(`SELECT MAX(attempts) AS most FROM outbox WHERE status = 'pending'`)
    .get() as { most: number }
  const run = await timed(async () => {
    await phensys.call('DELETE', '/sandbox/outage')
    while (core.internals.outbox.depth().unsent > 0) await new Promise((resolve) => setTimeout(resolve, 20))
  })
  console.log(
    `drain after a ${(OUTAGE_MS / 1000).toFixed(0)} s outage (${(made / 1000).toFixed(0)} s of it spent making the backlog): ` +
      `${waiting.toLocaleString('en-GB')} events waiting (tried up to ${attempts.most} times each), settled ${run.ms.toFixed(0)} ms after Phensys answered again ` +
      `(CPU ${run.cpuMs.toFixed(0)} ms) (goal < 10 s)`
  )
  await core.close()
}

async function sizeBench(phensys: PhensysThread, dir: string): Promise<void> {
  const core = await startCore(phensys, join(dir, 'size'))
  const ids = Array.from({ length: 2_000 }, (_, i) => `fr_Z${String(i).padStart(6, '0')}`)
  await createAtPhensys(phensys, ids)
  await pullAll(core)
  enqueueEach(core, ids, 'accepted', 1)
  await drainOutbox(core)
  const { sqlite } = core.internals.store
  const bytes = (sql: string): number => (sqlite.prepare(sql).get() as { n: number }).n
  const rows = bytes(`SELECT COUNT(*) AS n FROM outbox`)
  const table = bytes(`SELECT SUM(pgsize) AS n FROM dbstat WHERE name = 'outbox'`)
  const payload = bytes(
    `SELECT SUM(LENGTH(body) + COALESCE(LENGTH(response), 0) + LENGTH(idempotency_key)) AS n FROM outbox`
  )
  console.log(
    `size: a sent event takes ${(table / rows).toFixed(0)} bytes of the outbox table (${(payload / rows).toFixed(0)} of them its body and key); ` +
      `a snapshot kept with each, as before, would add ${(bytes(`SELECT SUM(LENGTH(snapshot)) AS n FROM requests`) / ids.length).toFixed(0)} bytes`
  )
  await core.close()
}

/** Each part on a fresh sandbox of its own. */
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'counter-sync-bench-'))
  try {
    console.log('sync bench: the sandbox on its own thread, the counter on this one; WAL + synchronous=FULL')
    for (const [name, run] of [
      ['ingest', ingestBench],
      ['push', pushBench],
      ['size', sizeBench],
      ['drain', drainBench]
    ] as const) {
      if (!sections.has(name)) continue
      const phensys = await startPhensysThread(TOKEN)
      try {
        await run(phensys, dir)
      } finally {
        await phensys.close()
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
