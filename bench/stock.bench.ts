/**
 * Stock at scale: a store with 20,000 packs and 500,000 movements, then
 *   (a) the stock check of fresh 3-line requests, through the contract (`requests.checkStock`:
 *       role check, validation, one transaction with reservations, audit and outbox event), and
 *   (b) the stock-level screen query (`stock.levels`: a page of 100 packs with their levels
 *       summed from the ledger), without and with a search.
 * Target: under 5 ms at the median for each.
 *   npx tsx bench/stock.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createCore } from '../src/main/core'
import { KeyFolder } from '../src/main/vault/key-folder'
import { snapshotSchema } from '../src/shared/phensys/snapshot'
import { startSandbox } from '../src/sandbox'
import { requestBody, staffSession } from '../test/helpers/linked'
import { stats } from './stats'

const PACKS = 20_000
const MOVEMENTS = 500_000
const BATCHES_PER_PACK = 3
const CHECKS = 300
const QUERIES = 300
const TOKEN = 'bench-token-stock'

const show = (label: string, s: { median: number; p95: number; max: number }) =>
  console.log(
    `${label.padEnd(58)} median ${s.median.toFixed(2)} ms · p95 ${s.p95.toFixed(2)} ms · max ${s.max.toFixed(2)} ms`
  )

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'counter-bench-stock-'))
  const sandbox = await startSandbox({ token: TOKEN, seed: 'none' })
  const core = await createCore({
    dataDir: join(dir, 'data'),
    keys: new KeyFolder(join(dir, 'keys'), null),
    phensys: { url: sandbox.url, token: TOKEN },
    autoSync: false,
    log: () => undefined
  })
  const { sqlite } = core.internals.store

  // ---- The store: synthetic products up to 20,000 packs, 3 batches each, 500,000 movements ----
  let started = performance.now()
  const existing = (sqlite.prepare('SELECT COUNT(*) AS n FROM packs').get() as { n: number }).n
  const synthetic = PACKS - existing
  const vmpIds: string[] = []
  const batchIds: number[] = []
  sqlite.transaction(() => {
    const product = sqlite.prepare(
      `INSERT INTO products (dmd_id, level, vmp_id, name, strength, form, supplier) VALUES (?, ?, ?, ?, '10mg', 'tablet', ?)`
    )
    const pack = sqlite.prepare(
      `INSERT INTO packs (ampp_id, amp_id, name, pack_size_milli, unit, pip_code, reorder_level_milli) VALUES (?, ?, ?, 28000, 'tablet', NULL, ?)`
    )
    const batch = sqlite.prepare(
      `INSERT INTO batches (ampp_id, batch_no, expiry, created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z')`
    )
    // Each synthetic VMP has two AMPs with two packs each.
    for (let p = 0; p < synthetic; p++) {
      const v = Math.floor(p / 4)
      const vmp = `9${String(v).padStart(7, '0')}11000001101`
      const amp = `9${String(Math.floor(p / 2)).padStart(7, '0')}21000001101`
      if (p % 4 === 0) {
        product.run(vmp, 'VMP', null, `Synthomycin ${v} 10mg tablets`, null)
        vmpIds.push(vmp)
      }
      if (p % 2 === 0) product.run(amp, 'AMP', vmp, `Synthomycin ${v} 10mg tablets`, `Supplier ${p % 7}`)
      const ampp = `9${String(p).padStart(7, '0')}31000001101`
      pack.run(ampp, amp, `Synthomycin ${v} 10mg tablets (Supplier ${p % 7}) 28 tablet`, p % 3 === 0 ? 56_000 : 0)
      for (let b = 0; b < BATCHES_PER_PACK; b++) {
        batchIds.push(Number(batch.run(ampp, `SB${p}-${b}`, `${2027 + b}-0${1 + (p % 9)}-28`).lastInsertRowid))
      }
    }
    // Per batch: goods in, then reservation / dispensed pairs (a dispensed pack consumes its reservation).
    const movement = sqlite.prepare(
      `INSERT INTO stock_movements (batch_id, kind, on_hand_delta_milli, reserved_delta_milli, request_id, line_id, actor_name, at) VALUES (?, ?, ?, ?, ?, ?, 'Bench', ?)`
    )
    let written = 0
    for (const id of batchIds) {
      movement.run(id, 'goods_in', 280_000, 0, null, null, '2026-01-02T09:00:00Z')
      written++
    }
    for (let round = 0; written < MOVEMENTS; round++) {
      for (const id of batchIds) {
        if (written >= MOVEMENTS) break
        const request = `fr_HIST${id}_${round}`
        if (written % 2 === 0 || round % 2 === 0) {
          movement.run(id, 'reservation', 0, 7_000, request, 'l1', '2026-02-01T09:00:00Z')
        } else {
          movement.run(id, 'dispensed', -7_000, 0, request, 'l1', '2026-02-02T09:00:00Z')
        }
        written++
      }
    }
  })()
  const counts = sqlite
    .prepare(
      'SELECT (SELECT COUNT(*) FROM packs) AS packs, (SELECT COUNT(*) FROM batches) AS batches, (SELECT COUNT(*) FROM stock_movements) AS movements'
    )
    .get()
  console.log(`store: ${JSON.stringify(counts)} built in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  sqlite.pragma('optimize')

  const session = await staffSession(core, ['dispenser'])

  // ---- (a) the stock check of fresh 3-line requests, in stock ---------------------------------
  const { requests } = core.internals
  const at = new Date().toISOString()
  const setStage = sqlite.prepare('UPDATE requests SET stage = ?, stage_since = ? WHERE id = ?')
  sqlite.transaction(() => {
    for (let i = 0; i < CHECKS + 20; i++) {
      const id = `fr_BENCH${String(i).padStart(5, '0')}`
      const items = [0, 1, 2].map((n) => {
        const vmp = vmpIds[(i * 7 + n * 1013) % vmpIds.length] as string
        return {
          lineId: `l${n + 1}`,
          product: {
            dmdCode: vmp,
            name: 'Synthomycin 10mg tablets',
            strength: '10mg',
            form: 'tablet',
            controlledDrugSchedule: null
          },
          quantity: 28,
          unit: 'tablet',
          directions: 'Take ONE tablet daily',
          cautionaryLabels: []
        }
      })
      const body = requestBody(id)
      const snapshot = snapshotSchema.parse({
        ...body,
        prescription: { ...(body.prescription as object), items, issuedAt: at.slice(0, 10) },
        version: 1,
        state: 'in_fulfilment',
        createdAt: at,
        updatedAt: at
      })
      requests.ingest(snapshot, at)
      // Accepted already: the fixture puts it straight at the stock check.
      setStage.run('stock_check', at, id)
    }
  })()
  const checkTimes: number[] = []
  for (let i = 0; i < CHECKS + 20; i++) {
    const id = `fr_BENCH${String(i).padStart(5, '0')}`
    started = performance.now()
    const answer = await core.call(session, 'requests.checkStock', { id })
    const ms = performance.now() - started
    if (!answer.ok || answer.value.row.stage !== 'ready_to_dispense')
      throw new Error(`check of ${id}: ${JSON.stringify(answer).slice(0, 300)}`)
    if (i >= 20) checkTimes.push(ms) // the first 20 warm up
  }
  show(`(a) requests.checkStock, 3 lines in stock (${CHECKS} requests)`, stats(checkTimes))

  // ---- (b) the stock-level screen query ---------------------------------------------------------
  const time = async (input: Parameters<typeof core.call<'stock.levels'>>[2]): Promise<number[]> => {
    const samples: number[] = []
    for (let i = 0; i < QUERIES + 20; i++) {
      const query =
        typeof input.search === 'string' && input.search.includes('#')
          ? { ...input, search: input.search.replace('#', String((i * 37) % vmpIds.length)) }
          : input
      started = performance.now()
      const answer = await core.call(session, 'stock.levels', query)
      const ms = performance.now() - started
      if (!answer.ok || answer.value.rows.length === 0)
        throw new Error(`levels: ${JSON.stringify(answer).slice(0, 300)}`)
      if (i >= 20) samples.push(ms)
    }
    return samples
  }
  show('(b) stock.levels, first page of 100, no search', stats(await time({ search: '', limit: 100 })))
  show(
    '(b) stock.levels, page 50 (offset 4,900), no search',
    stats(await time({ search: '', limit: 100, offset: 4_900 }))
  )
  show(
    '(b) stock.levels, search "Synthomycin #" (100 rows max)',
    stats(await time({ search: 'Synthomycin #', limit: 100 }))
  )
  show('(b) stock.levels, search by dm+d code of a VMP', stats(await time({ search: vmpIds[1234] ?? '', limit: 100 })))

  await core.close()
  await sandbox.close()
  rmSync(dir, { recursive: true, force: true })
}

void main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
