/**
 * Batch recall on the year store, as the Registers screen asks for it (`registers.recall.search`
 * through the contract, by a pharmacist): every patient with a pack of a batch in their bag,
 * supplied or not yet. The batches asked about are the year's busiest (the most dispensed packs,
 * the largest answers) and, for comparison, any batch. The busiest recall by VMP and batch is
 * also run as one plain SQL query on the same file, by better-sqlite3 alone. Target: under 50 ms.
 *   npx tsx bench/recall.bench.ts
 */
import Database from 'better-sqlite3'
import type { CallInput } from '../src/shared/contract'
import { BenchReport, sample } from './harness'
import { openYearStore } from './year-store'
import { Random } from './year-store/random'
import { must } from './year-store/staff'

const SEARCHES = 200

interface BatchRow {
  batchId: number
  batchNo: string
  expiry: string
  amppId: string
  vmpId: string
  vmpName: string
  gtin: string
  packs: number
}

const year = await openYearStore()
try {
  const bench = new BenchReport('Batch recall (registers.recall.search) on the year store')
  bench.store(year.description)
  const raw = new Database(year.storeFile, { readonly: true })
  const batches = raw
    .prepare(
      `SELECT b.id AS batchId, b.batch_no AS batchNo, b.expiry, b.ampp_id AS amppId, a.vmp_id AS vmpId, v.name AS vmpName,
         (SELECT MIN(g.gtin) FROM pack_gtins g WHERE g.ampp_id = b.ampp_id) AS gtin, COUNT(*) AS packs
       FROM dispensed_packs d JOIN batches b ON b.id = d.batch_id JOIN packs p ON p.ampp_id = b.ampp_id
       JOIN products a ON a.dmd_id = p.amp_id JOIN products v ON v.dmd_id = a.vmp_id
       WHERE d.state = 'assembled' GROUP BY b.id ORDER BY packs DESC`
    )
    .all() as BatchRow[]
  const busiest = batches.slice(0, 20)
  bench.note(
    `${batches.length.toLocaleString('en-GB')} batches dispensed; the busiest 20 have ${busiest.at(-1)?.packs}–${busiest[0]?.packs} packs each`
  )

  const pharmacist = await year.signIn(year.people.pharmacists[1])
  const random = new Random('recall')
  const recall = async (criteria: CallInput<'registers.recall.search'>): Promise<number> =>
    (await must(year.core, pharmacist, 'registers.recall.search', criteria)).hits.length
  const time = async (label: string, criteria: () => CallInput<'registers.recall.search'>, target?: string) => {
    let hits = 0
    const samples = await sample(SEARCHES, async () => (hits += await recall(criteria())), { warmup: 10 })
    return bench.row(label, samples, {
      ...(target ? { target } : {}),
      note: `~${Math.round(hits / (SEARCHES + 10))} hits`
    })
  }

  const byVmp = await time(
    'by VMP code and batch (busiest 20 batches)',
    () => {
      const b = random.pick(busiest)
      return { product: b.vmpId, batchNo: b.batchNo }
    },
    '< 50 ms'
  )
  // The same answer from one query: packs of the batch still in a bag, with the supply if handed over.
  const query = raw.prepare(
    `SELECT d.request_id, d.ampp_id, d.batch_no, d.expiry, SUM(d.quantity_milli) AS quantity, s.supplied_at, s.patient_name, s.patient_address,
       CASE WHEN s.request_id IS NULL THEN r.snapshot END AS snapshot
     FROM dispensed_packs d JOIN batches b ON b.id = d.batch_id JOIN packs p ON p.ampp_id = b.ampp_id
     JOIN products a ON a.dmd_id = p.amp_id JOIN requests r ON r.id = d.request_id
     LEFT JOIN register_supplies s ON s.request_id = d.request_id
     WHERE a.vmp_id = ? AND b.batch_no = ? AND d.state = 'assembled'
     GROUP BY d.request_id, d.batch_id ORDER BY s.supplied_at IS NOT NULL, s.supplied_at, d.request_id`
  )
  bench.baseline(
    'the same recall as one query',
    await sample(
      SEARCHES,
      () => {
        const b = random.pick(busiest)
        return query.all(b.vmpId, b.batchNo)
      },
      { warmup: 10 }
    ),
    byVmp
  )
  await time('by AMPP code and batch (busiest 20)', () => {
    const b = random.pick(busiest)
    return { product: b.amppId, batchNo: b.batchNo }
  })
  await time('by name and batch (busiest 20)', () => {
    const b = random.pick(busiest)
    return { product: b.vmpName, batchNo: b.batchNo }
  })
  await time('by GTIN and a year of expiries (busiest 20 packs)', () => {
    const b = random.pick(busiest)
    return { gtin: b.gtin, expiryFrom: b.expiry.slice(0, 4) + '-01-01', expiryTo: b.expiry.slice(0, 4) + '-12-31' }
  })
  await time('by VMP code and batch (any batch)', () => {
    const b = random.pick(batches)
    return { product: b.vmpId, batchNo: b.batchNo }
  })
  raw.close()
} finally {
  await year.close()
}
