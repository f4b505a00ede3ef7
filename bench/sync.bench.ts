/**
 * Sync throughput: ingest 10,000 requests from the sandbox through the feed, and push 10,000
 * status events through the outbox, both over real HTTP on loopback. The ingest is compared with
 * a raw better-sqlite3 insert of the same snapshots in the same run.
 *   npx tsx bench/sync.bench.ts [count]
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox } from '../src/sandbox'
import { createCore } from '../src/main/core'
import { KeyFolder } from '../src/main/vault/key-folder'
import { SYSTEM_ACTOR } from '../src/shared/phensys/events'
import { requestBody } from '../test/helpers/linked'

const COUNT = Number(process.argv[2] ?? 10_000)
const TOKEN = 'bench-token-0001'

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'counter-bench-'))
  const sandbox = await startSandbox({ token: TOKEN, seed: 'none' })
  const bodies = Array.from({ length: COUNT }, (_, i) => requestBody(`fr_B${String(i).padStart(6, '0')}`))
  const created = await fetch(`${sandbox.url}/sandbox/requests/bulk`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ requests: bodies })
  })
  if (created.status >= 300) throw new Error(`bulk create failed: ${created.status} ${await created.text()}`)

  const core = await createCore({
    dataDir: join(dir, 'data'),
    keys: new KeyFolder(join(dir, 'keys'), null),
    phensys: { url: sandbox.url, token: TOKEN },
    autoSync: false,
    syncTuning: { pageLimit: 500 },
    log: () => undefined
  })
  const { sync, requests, outbox, store } = core.internals

  let started = performance.now()
  while ((await sync.pullOnce(0)) === 'more');
  const ingestMs = performance.now() - started
  const ingested = requests.worklist(true).rows.length
  if (ingested !== COUNT) throw new Error(`ingested ${ingested} of ${COUNT}`)

  // The same snapshots, inserted raw: one prepared statement, one transaction.
  const raw = new Database(join(dir, 'raw.sqlite'))
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = FULL')
  raw.exec('CREATE TABLE snapshots (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL)')
  const atSandbox = requests.worklist(true).rows.map((row) => requests.get(row.id)!.snapshot)
  const insert = raw.prepare('INSERT INTO snapshots (id, version, body) VALUES (?, ?, ?)')
  started = performance.now()
  raw.transaction(() => {
    for (const snapshot of atSandbox) insert.run(snapshot.id, snapshot.version, JSON.stringify(snapshot))
  })()
  const rawMs = performance.now() - started
  raw.close()

  store.sqlite.transaction(() => {
    for (const snapshot of atSandbox) {
      outbox.enqueue(
        snapshot.id,
        'accepted',
        {},
        { basedOnVersion: snapshot.version, actor: SYSTEM_ACTOR, now: new Date() }
      )
    }
  })()
  started = performance.now()
  let pushed = 0
  while (outbox.depth().unsent > 0) pushed += await sync.pushOnce()
  const pushMs = performance.now() - started
  if (pushed !== COUNT) throw new Error(`pushed ${pushed} of ${COUNT}`)

  const perSecond = (n: number, ms: number): string => Math.round((n / ms) * 1000).toLocaleString('en-GB')
  console.log(`sync bench (${COUNT.toLocaleString('en-GB')} requests, loopback HTTP, WAL + synchronous=FULL)`)
  console.log(`  ingest through the feed: ${ingestMs.toFixed(0)} ms = ${perSecond(COUNT, ingestMs)} requests/s`)
  console.log(
    `  raw better-sqlite3 insert of the same snapshots: ${rawMs.toFixed(0)} ms = ${perSecond(COUNT, rawMs)} rows/s`
  )
  console.log(`  ingest / raw insert time: ${(ingestMs / rawMs).toFixed(1)}x`)
  console.log(`  push through the outbox: ${pushMs.toFixed(0)} ms = ${perSecond(COUNT, pushMs)} events/s`)

  await core.close()
  await sandbox.close()
  rmSync(dir, { recursive: true, force: true })
}

void main()
