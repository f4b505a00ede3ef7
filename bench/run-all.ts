/** `npm run bench`: every benchmark in bench/, one after another (they share two cores; never in parallel). */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'

const benches = readdirSync('bench')
  .filter((file) => file.endsWith('.bench.ts'))
  .sort()
let failed = 0
for (const file of benches) {
  console.log(`\n== ${file}`)
  const run = spawnSync('npx', ['tsx', `bench/${file}`], { stdio: 'inherit' })
  if (run.status !== 0) failed += 1
}
process.exit(failed > 0 ? 1 : 0)
