/**
 * `npx tsx bench/scrypt.bench.ts`: how long one PIN check takes at each scrypt cost, to choose the
 * one near 100 ms on this machine (DEFAULT_SCRYPT_COST in src/main/users/secrets.ts). Slower makes
 * an offline guess dearer; much slower keeps the person at the counter waiting.
 */
import { performance } from 'node:perf_hooks'
import { DEFAULT_SCRYPT_COST, hashSecret, verifySecret, type ScryptCost } from '../src/main/users/secrets'
import { stats } from './harness'

const CANDIDATES: ScryptCost[] = [
  { N: 2 ** 14, r: 8, p: 1 },
  { N: 2 ** 15, r: 8, p: 1 },
  { N: 2 ** 15, r: 8, p: 2 },
  { N: 2 ** 16, r: 8, p: 1 },
  DEFAULT_SCRYPT_COST
]
const ROUNDS = 15

for (const cost of CANDIDATES) {
  const stored = hashSecret('592846', cost)
  verifySecret('592846', stored)
  const samples: number[] = []
  // CPU time too: on a shared, busy machine the clock also counts the time spent waiting for a core.
  const cpu: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now()
    const startedCpu = process.cpuUsage()
    verifySecret(i % 2 === 0 ? '592846' : '000000', stored)
    const used = process.cpuUsage(startedCpu)
    cpu.push((used.user + used.system) / 1000)
    samples.push(performance.now() - started)
  }
  const { median, p95 } = stats(samples)
  const cpuMedian = stats(cpu).median
  const memory = (128 * cost.N * cost.r) / 2 ** 20
  const chosen = cost === DEFAULT_SCRYPT_COST ? '  ← the default' : ''
  console.log(
    `N=2^${Math.log2(cost.N)} r=${cost.r} p=${cost.p} (${memory} MiB): median ${median.toFixed(0)} ms (CPU ${cpuMedian.toFixed(0)} ms), p95 ${p95.toFixed(0)} ms${chosen}`
  )
}
