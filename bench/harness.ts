/**
 * How every benchmark times and reports: each measure as median, 95th percentile and maximum of
 * its samples, the machine it ran on and how busy it was, the store it ran on, and, where one
 * exists, a raw better-sqlite3 baseline doing the same work in the same run beside it.
 *
 *   const bench = new BenchReport('Batch recall')
 *   bench.store(year.description)
 *   const app = bench.row('recall by VMP and batch', await sample(200, () => recall()), { target: '< 50 ms' })
 *   bench.baseline('the same query, raw', await sample(200, () => raw.all(...)), app)
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'

export interface Stats {
  n: number
  median: number
  p95: number
  max: number
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN }
}

/**
 * Samples of a measure (ms by the clock), with the processor time this process spent per run when
 * it was timed by `sample`. On a shared machine the clock also counts the time spent waiting for a
 * core while others work; the processor time is what the work itself cost.
 */
export type Samples = readonly number[] & { cpuPerRun?: number }

/** Times `run` once per sample (ms), after `warmup` untimed runs; `run` gets the sample's index. */
export async function sample(
  runs: number,
  run: (index: number) => unknown,
  options: { warmup?: number } = {}
): Promise<Samples> {
  for (let i = 0; i < (options.warmup ?? 0); i++) await run(i)
  const samples: number[] = []
  const cpuAtStart = process.cpuUsage()
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await run(i + (options.warmup ?? 0))
    samples.push(performance.now() - started)
  }
  const cpu = process.cpuUsage(cpuAtStart)
  return Object.assign(samples, { cpuPerRun: (cpu.user + cpu.system) / 1000 / runs })
}

let ticksPerSecond: number | undefined

/**
 * The processor time this thread has spent (ms), or null where the system does not say (Linux's
 * /proc does, in ticks of 10 ms). `process.cpuUsage()` counts every thread of the process: a
 * benchmark with Phensys on a worker thread reads the counter's own share here.
 */
export function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8')
    // After the command's name (in brackets, which may hold spaces): state, then utime and stime 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000
  } catch {
    return null
  }
}

/** The machine, as a line: cores, processor, Node, and how loaded it was (others share it). */
export function machine(): string {
  const [one, five] = loadavg()
  return `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown processor'}, Node ${process.version}, load average ${one!.toFixed(1)} (5 min ${five!.toFixed(1)})`
}

/** The processor time a run took (this process, every thread), where it was measured. */
const processorTime = (samples: Samples) => (samples.cpuPerRun === undefined ? '' : `cpu ${ms(samples.cpuPerRun)}/run`)

const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`)
const LABEL = 62

export class BenchReport {
  constructor(title: string) {
    console.log(`${title}\nmachine: ${machine()}`)
  }

  store(description: string): void {
    console.log(`store: ${description}`)
  }

  note(text: string): void {
    console.log(`  ${text}`)
  }

  /** One measure of the app. */
  row(label: string, samples: Samples, options: { target?: string; note?: string } = {}): Stats {
    const s = stats(samples)
    this.print(label, s, [processorTime(samples), options.target ? `target ${options.target}` : '', options.note ?? ''])
    return s
  }

  /** The same work done by better-sqlite3 alone, on the same data, in the same run. */
  baseline(label: string, samples: Samples, app: Stats): Stats {
    const s = stats(samples)
    this.print(`  raw better-sqlite3: ${label}`, s, [
      processorTime(samples),
      `app takes ${(app.median / s.median).toFixed(1)}× the raw time`
    ])
    return s
  }

  /** A rate (items a second) over a whole run, for throughput measures. */
  rate(label: string, items: number, totalMs: number, note = ''): number {
    const perSecond = (items / totalMs) * 1000
    console.log(
      `${label.padEnd(LABEL)} ${Math.round(perSecond).toLocaleString('en-GB')}/s (${items.toLocaleString('en-GB')} in ${(totalMs / 1000).toFixed(1)} s)${note ? `  ${note}` : ''}`
    )
    return perSecond
  }

  private print(label: string, s: Stats, extras: string[]): void {
    const figures = `median ${ms(s.median)} · p95 ${ms(s.p95)} · max ${ms(s.max)} · n ${s.n}`
    console.log(
      `${label.padEnd(LABEL)} ${figures}${extras
        .filter(Boolean)
        .map((e) => `  ${e}`)
        .join('')}`
    )
  }
}
