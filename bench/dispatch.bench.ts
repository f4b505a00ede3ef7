/**
 * Packing and dispatch at the counter on the year store: real requests come from Phensys (the
 * sandbox) and go through the whole flow (goods-in, accept, stock check, dispensing with the pack
 * scanned, labels through the print queue, both checks), and the two counter actions are timed
 * as the screen calls them: `requests.pack` (bag scan, bag labels and dispatch note laid out, a
 * print job) and `requests.dispatch` (tracking checks, parcels, the registers, the outbox).
 * Target: well under 100 ms.
 *   npx tsx bench/dispatch.bench.ts
 */
import { performance } from 'node:perf_hooks'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { dispensingLabelPayload, requestLabelPayload } from '../src/shared/scan/own-labels'
import { s10CheckDigit } from '../src/shared/scan/tracking'
import { BenchReport } from './harness'
import { openYearStore } from './year-store'
import { newRequestBody } from './year-store/new-request'
import { must } from './year-store/staff'

const TIMED = 40
const SERTRALINE = '39732311000001104'

const tracking = (n: number): string => {
  const serial = String(n).padStart(8, '0')
  return `TT${serial}${s10CheckDigit(serial)}GB`
}

const year = await openYearStore()
try {
  const { core, people } = year
  const bench = new BenchReport('Packing and dispatch on the year store')
  bench.store(year.description)
  const assembler = await year.signIn(people.dispensers[0])
  const pharmacist = await year.signIn(people.pharmacists[0])
  const checker = await year.signIn(people.checkers[0])
  await must(core, pharmacist, 'rp.signIn', {})
  // The generator prints each request's labels itself, so it leaves the store with automatic labels
  // off; the counter's own default (on) is what this flow is timed with.
  await must(core, await year.signIn(people.owner), 'dispensing.setAutoLabels', { enabled: true })
  const levels = await must(core, assembler, 'stock.levels', { search: SERTRALINE, limit: 50 })
  const row = levels.rows.find((r) => r.reorderLevel > 0) ?? levels.rows[0]!
  const pack = await must(core, assembler, 'stock.pack', { amppId: row.amppId })
  const gtin = pack.gtins.find((g) => !g.historic)!.gtin
  const today = year.clock.now().toISOString().slice(0, 10)

  const packMs: number[] = []
  const dispatchMs: number[] = []
  const started = performance.now()
  for (let n = 0; n < TIMED; n++) {
    const id = `fr_DISPATCHBENCH${n}`
    const code = `]d2${encodeGs1(packFields({ gtin, expiry: '291231', batch: 'DISPBENCH', serial: `DB${n}` }))}`
    await must(core, assembler, 'stock.receiveScan', { raw: code, deliveryId: null })
    await year.phensys.create([
      newRequestBody(
        id,
        [{ dmdCode: SERTRALINE, name: 'Sertraline 50mg tablets', quantity: row.packSize, unit: 'tablet' }],
        today
      )
    ])
    while ((await core.internals.sync.pullOnce(0)) === 'more');
    // Accepting runs the stock check; after the clinical check, the pack scanned starts dispensing
    // and prints the labels.
    await must(core, assembler, 'requests.accept', { id })
    await must(core, pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })
    await must(core, assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code })
    let view = await must(core, assembler, 'dispensing.view', { id })
    for (let wait = 0; view.stage !== 'labelled'; wait++) {
      if (wait > 500) throw new Error(`${id} never labelled`)
      await new Promise((resolve) => setTimeout(resolve, 10))
      view = await must(core, assembler, 'dispensing.view', { id })
    }
    // The accuracy check scans the pack, then the dispensing label stuck on it.
    const packId = view.lines.flatMap((l) => l.packs).find((p) => p.state === 'assembled')!.id
    await must(core, checker, 'requests.accuracyCheck', {
      id,
      rescans: [code, dispensingLabelPayload(id, packId, view.labelGeneration)]
    })

    let t = performance.now()
    await must(core, checker, 'requests.pack', { id, bagScan: requestLabelPayload(id), parcels: 2 })
    packMs.push(performance.now() - t)
    t = performance.now()
    await must(core, checker, 'requests.dispatch', {
      id,
      trackingNumbers: [tracking(90_000_000 + 2 * n), tracking(90_000_001 + 2 * n)]
    })
    dispatchMs.push(performance.now() - t)
  }
  bench.note(`${TIMED} requests from arrival to dispatched in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  bench.row('requests.pack (2 parcels: labels, note, print job)', packMs, { target: '< 100 ms' })
  bench.row('requests.dispatch (2 parcels, registers, outbox)', dispatchMs, { target: '< 100 ms' })
  bench.note('(no raw equivalent: packing lays out labels and dispatch checks tracking numbers, not only SQL)')
} finally {
  await year.close()
}
