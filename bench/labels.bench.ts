/**
 * Dispensing labels for 1,000 of the year store's supplied requests, laid out and rendered to ZPL
 * as the print step does (build → layout → ZPL): the year's own patients, medicines, directions
 * and BNF labels, not made-up inputs. Timed per request, cold (the first 1,000, as after a start)
 * and warm; the longest requests run on to further labels. Target: under 1 ms per label.
 *   npx tsx bench/labels.bench.ts
 */
import Database from 'better-sqlite3'
import { performance } from 'node:perf_hooks'
import {
  DEFAULT_STOCK,
  buildDispensingLabel,
  dispensingLabelInput,
  layoutLabel,
  toZpl,
  type PharmacyDetails
} from '../src/main/labels'
import type { Snapshot } from '../src/shared/phensys/snapshot'
import { BenchReport } from './harness'
import { yearStoreFiles } from './year-store'

const COUNT = 1_000
const PHARMACY: PharmacyDetails = { name: 'Pharmetra Pharmacy', address: 'Unit 4, Aire Street Works, Leeds, LS1 4PR' }

const files = await yearStoreFiles()
try {
  const bench = new BenchReport('Dispensing labels for the year store’s requests (layout and ZPL)')
  bench.store(files.description)
  const raw = new Database(files.storeFile, { readonly: true })
  // Every nth supplied request, so the sample spans the year.
  const supplied = raw
    .prepare(`SELECT COUNT(*) FROM requests WHERE stage IN ('dispatched', 'delivered')`)
    .pluck()
    .get() as number
  const snapshots = (
    raw
      .prepare(
        `SELECT snapshot FROM requests WHERE stage IN ('dispatched', 'delivered') AND rowid % ? = 0 ORDER BY rowid LIMIT ?`
      )
      .pluck()
      .all(Math.max(1, Math.floor(supplied / COUNT)), COUNT) as string[]
  ).map((text) => JSON.parse(text) as Snapshot)
  raw.close()

  const lay = (snapshot: Snapshot): { labels: number; bytes: number } => {
    const dispensedOn = snapshot.updatedAt.slice(0, 10)
    const layouts = snapshot.prescription.items.flatMap((item) =>
      layoutLabel(buildDispensingLabel(dispensingLabelInput(snapshot, item, PHARMACY, dispensedOn)), DEFAULT_STOCK)
    )
    return { labels: layouts.length, bytes: toZpl(layouts).length }
  }
  const run = () => {
    const perRequest: number[] = []
    let labels = 0
    let bytes = 0
    for (const snapshot of snapshots) {
      const started = performance.now()
      const made = lay(snapshot)
      perRequest.push(performance.now() - started)
      labels += made.labels
      bytes += made.bytes
    }
    return { perRequest, labels, bytes, total: perRequest.reduce((a, b) => a + b, 0) }
  }
  const cold = run()
  const warm = run()
  bench.row(`a request's labels, cold (${snapshots.length} requests, ${cold.labels} labels)`, cold.perRequest)
  bench.row(`a request's labels, warm`, warm.perRequest)
  bench.note(
    `cold: ${cold.total.toFixed(0)} ms for ${snapshots.length} requests, ${(cold.total / cold.labels).toFixed(3)} ms a label (target < 1 ms); ` +
      `warm: ${warm.total.toFixed(0)} ms, ${(warm.total / warm.labels).toFixed(3)} ms a label; ${Math.round(warm.bytes / warm.labels)} bytes of ZPL a label`
  )
  bench.note('(no raw equivalent: no database work)')
} finally {
  files.remove()
}
