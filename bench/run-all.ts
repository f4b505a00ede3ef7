/**
 * `npm run bench`: the year store first (built once and cached, see bench/year-store/), then every
 * benchmark in bench/, one after another (they share two cores; never in parallel).
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'

const run = (file: string): boolean => spawnSync('npx', ['tsx', file], { stdio: 'inherit' }).status === 0
if (!run('bench/year-store/build.ts')) process.exit(1)
const benches = readdirSync('bench')
  .filter((file) => file.endsWith('.bench.ts'))
  .sort()
let failed = 0
for (const file of benches) {
  console.log(`\n== ${file}`)
  if (!run(`bench/${file}`)) failed += 1
}
process.exit(failed > 0 ? 1 : 0)
