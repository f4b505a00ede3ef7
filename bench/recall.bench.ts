/**
 * Batch recall over a year of supplies: 250 requests a day for 365 days, 1 or 2 packs each
 * (~137,000 dispensed packs), over 1,000 packs whose popularity falls off steeply (the most
 * dispensed pack is ~1 in 8 of everything), each pack with a new batch every quarter. Written
 * straight into a real SQLite file with the app's migrations; the last day's bags are not yet
 * handed over. Then recall searches, as `registers.recall.search` runs them:
 *   by VMP code and batch, by AMPP and batch, by name and batch, by GTIN and expiry range,
 * each for random batches of the busiest packs (the largest answers). Target: under 50 ms.
 *   npx tsx bench/recall.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openStore } from '../src/main/db/open'
import { Recall, type RecallCriteria } from '../src/main/registers/recall'
import { mulberry32 } from '../src/sandbox/faults'
import { stats } from './stats'

const DAYS = 365
const REQUESTS_PER_DAY = 250
const PACKS = 1_000
const QUARTERS = 5
const SEARCHES = 200
/** A real snapshot is 1.5–3 kB of JSON; recall must not read it for every hit. */
const SNAPSHOT_PADDING = 'x'.repeat(2000)

const show = (label: string, s: { median: number; p95: number; max: number }, hits: number) =>
  console.log(
    `${label.padEnd(40)} median ${s.median.toFixed(2)} ms · p95 ${s.p95.toFixed(2)} ms · max ${s.max.toFixed(2)} ms · ${hits.toFixed(0)} patients on average`
  )

const ampp = (p: number) => `9${String(p).padStart(7, '0')}31000001101`
const amp = (p: number) => `9${String(p).padStart(7, '0')}21000001101`
const vmp = (p: number) => `9${String(p).padStart(7, '0')}11000001101`
const gtin = (p: number) => `0599${String(p).padStart(10, '0')}`
const batchNo = (p: number, q: number) => `RB${p}Q${q}`
const expiryOf = (q: number) => `${2027 + Math.floor(q / 4)}-${String(3 * (q % 4) + 3).padStart(2, '0')}-28`

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'counter-bench-recall-'))
  const store = openStore(join(dir, 'counter.sqlite'))
  const { sqlite } = store
  const random = mulberry32(20261126)
  // Popularity: pack p is chosen with weight 1 / (p + 1)^1.1 (a steep, long tail).
  const weights = Array.from({ length: PACKS }, (_, p) => 1 / Math.pow(p + 1, 1.1))
  const total = weights.reduce((a, b) => a + b, 0)
  const cumulative: number[] = []
  weights.reduce((sum, weight, p) => (cumulative[p] = sum + weight / total), 0)
  const pickPack = () => {
    const r = random()
    let lo = 0
    let hi = PACKS - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cumulative[mid] ?? 1) < r) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  let started = performance.now()
  const batchIds: number[][] = []
  let dispensed = 0
  sqlite.transaction(() => {
    const product = sqlite.prepare(
      `INSERT INTO products (dmd_id, level, vmp_id, name, strength, form) VALUES (?, ?, ?, ?, '10mg', 'tablet')`
    )
    const pack = sqlite.prepare(
      `INSERT INTO packs (ampp_id, amp_id, name, pack_size_milli, unit) VALUES (?, ?, ?, 28000, 'tablet')`
    )
    const packGtin = sqlite.prepare('INSERT INTO pack_gtins (gtin, ampp_id) VALUES (?, ?)')
    const batch = sqlite.prepare(
      `INSERT INTO batches (ampp_id, batch_no, expiry, created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z')`
    )
    for (let p = 0; p < PACKS; p++) {
      product.run(vmp(p), 'VMP', null, `Recallomycin ${p} 10mg tablets`)
      product.run(amp(p), 'AMP', vmp(p), `Recallomycin ${p} 10mg tablets`)
      pack.run(ampp(p), amp(p), `Recallomycin ${p} 10mg tablets (Maker ${p % 9}) 28 tablet`)
      packGtin.run(gtin(p), ampp(p))
      batchIds.push(
        Array.from({ length: QUARTERS }, (_, q) =>
          Number(batch.run(ampp(p), batchNo(p, q), expiryOf(q)).lastInsertRowid)
        )
      )
    }
    const request = sqlite.prepare(
      `INSERT INTO requests (id, version, phensys_state, stage, stage_since, route, patient_name, item_count, has_controlled_drug, hard_copy_required,
         delivery_service, received_at, updated_at, snapshot) VALUES (?, 1, 'in_fulfilment', ?, ?, 'video_consultation', ?, ?, 0, 0, 'royal_mail_tracked_24', ?, ?, ?)`
    )
    const packOut = sqlite.prepare(
      `INSERT INTO dispensed_packs (request_id, line_id, raw, gtin, ampp_id, batch_id, batch_no, expiry, serial, quantity_milli, assembled_by_id, assembled_by_name, assembled_at)
       VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, 28000, 'u', 'Bench', ?)`
    )
    const supply = sqlite.prepare(
      `INSERT INTO register_supplies (request_id, supplied_at, supply_date, method, carrier, service, tracking_numbers, patient_name, patient_address, recorded_by_id, recorded_by_name)
       VALUES (?, ?, ?, 'carrier', 'Royal Mail', 'Tracked 24', '[]', ?, ?, 'u', 'Bench')`
    )
    for (let day = 0; day < DAYS; day++) {
      const date = new Date(Date.UTC(2025, 10, 27 + day)).toISOString().slice(0, 10)
      const quarter = Math.min(QUARTERS - 1, Math.floor(day / 91))
      for (let n = 0; n < REQUESTS_PER_DAY; n++) {
        const id = `fr_B${day}_${n}`
        const name = `Patient ${day}-${n}`
        const address = `${n} Bench Street, Leeds, LS${day % 30} 1AA`
        const at = `${date}T10:00:00.000Z`
        const packs = random() < 0.5 ? 1 : 2
        const supplied = day < DAYS - 1
        request.run(
          id,
          supplied ? 'dispatched' : 'packed',
          at,
          name,
          packs,
          at,
          at,
          JSON.stringify({
            id,
            delivery: { address: { line1: `${n} Bench Street`, city: 'Leeds', postcode: 'LS1 1AA', country: 'GB' } },
            padding: SNAPSHOT_PADDING
          })
        )
        for (let i = 0; i < packs; i++) {
          const p = pickPack()
          // Mostly this quarter's batch; some of the last quarter's still on the shelf.
          const q = quarter > 0 && random() < 0.2 ? quarter - 1 : quarter
          packOut.run(
            id,
            `l${i + 1}`,
            gtin(p),
            ampp(p),
            batchIds[p]![q],
            batchNo(p, q),
            expiryOf(q),
            `S${day}-${n}-${i}`,
            at
          )
          dispensed++
        }
        if (supplied) supply.run(id, at, date, name, address)
      }
    }
  })()
  sqlite.pragma('optimize')
  console.log(
    `store: ${PACKS} packs, ${DAYS * REQUESTS_PER_DAY} requests, ${dispensed} dispensed packs, built in ${((performance.now() - started) / 1000).toFixed(1)} s`
  )

  const recall = new Recall(store.db)
  const busiest = (n: number) => Math.floor(random() * n)
  const cases: Array<[string, () => RecallCriteria]> = [
    [
      'by VMP code and batch (top 20 packs)',
      () => {
        const p = busiest(20)
        return { product: vmp(p), batchNo: batchNo(p, Math.floor(random() * QUARTERS)) }
      }
    ],
    [
      'by AMPP code and batch (top 20 packs)',
      () => {
        const p = busiest(20)
        return { product: ampp(p), batchNo: batchNo(p, Math.floor(random() * QUARTERS)) }
      }
    ],
    [
      'by name and batch (top 20 packs)',
      () => {
        const p = busiest(20)
        return { product: `Recallomycin ${p} 10mg`, batchNo: batchNo(p, Math.floor(random() * QUARTERS)) }
      }
    ],
    [
      'by GTIN and a year of expiry (top 20)',
      () => ({ gtin: gtin(busiest(20)), expiryFrom: '2027-01-01', expiryTo: '2027-12-31' })
    ],
    [
      'by VMP code and batch (any pack)',
      () => {
        const p = busiest(PACKS)
        return { product: vmp(p), batchNo: batchNo(p, Math.floor(random() * QUARTERS)) }
      }
    ]
  ]
  let worst = 0
  for (const [label, criteria] of cases) {
    const samples: number[] = []
    let hits = 0
    for (let i = 0; i < SEARCHES; i++) {
      const c = criteria()
      started = performance.now()
      hits += recall.search(c).hits.length
      samples.push(performance.now() - started)
    }
    const s = stats(samples)
    worst = Math.max(worst, s.median)
    show(label, s, hits / SEARCHES)
  }
  store.close()
  rmSync(dir, { recursive: true, force: true })
  console.log(
    worst < 50 ? 'every median under the 50 ms target' : `a median of ${worst.toFixed(1)} ms misses the 50 ms target`
  )
  if (worst >= 50) process.exitCode = 1
}

main()
