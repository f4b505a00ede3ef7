/**
 * Builds the year store ahead of time (benchmarks build it on first use otherwise).
 *   npx tsx bench/year-store/build.ts                          into bench/.cache, if missing or stale
 *   npx tsx bench/year-store/build.ts --rebuild                into bench/.cache, again
 *   npx tsx bench/year-store/build.ts --days 30 --out DIR      a trial of the year's first days, outside the cache
 *                                                              (benchmarks run on it with YEAR_STORE=DIR)
 *   npx tsx bench/year-store/build.ts --settle DIR             a store built elsewhere brought up to the current code
 *                                                              (migrated, packed as the background would, compacted)
 * Run it `nice`: it keeps a core busy for about an hour (30–50 requests a second on a shared 2-core
 * machine, flat from the first day to the last; every ten days the log says the rate).
 */
import { parseArgs } from 'node:util'
import { FULL_YEAR } from './generate'
import { buildStore, currentMigrations, dropCachedStore, settleStore, yearStoreFiles } from './index'

const { values } = parseArgs({
  options: {
    rebuild: { type: 'boolean' },
    days: { type: 'string' },
    out: { type: 'string' },
    settle: { type: 'string' }
  }
})

if (values.settle) {
  await settleStore(values.settle)
} else if (values.out) {
  const days = Number(values.days ?? FULL_YEAR.days)
  const requests = Math.round((FULL_YEAR.requests * days) / FULL_YEAR.days)
  await buildStore(values.out, { ...FULL_YEAR, days, requests }, currentMigrations(), console.log)
  console.log(`benchmarks use it with YEAR_STORE=${values.out}`)
} else {
  if (values.rebuild) dropCachedStore()
  const files = await yearStoreFiles()
  console.log(files.description)
  files.remove()
}
