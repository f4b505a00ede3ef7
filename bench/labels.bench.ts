/**
 * Lays out and renders to ZPL 1,000 dispensing label sets (one per pack: build → layout → toZpl),
 * as the print step does, on the standard 70 × 35 mm stock. One name in three is in a script the
 * printer's font lacks (Greek, Cyrillic, Chinese, Arabic), so those sets carry glyph graphics.
 * Goal: under 1 s for the 1,000 sets. Run: npx tsx bench/labels.bench.ts
 * (CPU time is reported beside the wall time: on a shared machine the wall time includes waiting.)
 */
import { performance } from 'node:perf_hooks'
import { buildDispensingLabel, layoutLabel, toZpl, type DispensingLabelInput } from '../src/main/labels'
import { LONG_INPUT, SIMPLE_INPUT } from '../test/helpers/label-fixtures'
import { stats } from './stats'

const SETS = 1000
const NAMES = [
  "Ms Zoë O'Brien-Łukasik",
  'Mr Ian Ng',
  'Ms Ωμέγα Παπαδοπούλου',
  'Dr Siobhán Ní Bhriain',
  'Mr Пётр Иванов',
  'Mrs Amelia Fairweather-Smythe',
  'Mr 李小龍',
  'Mr Jürgen Müller',
  'Mr محمد علي'
]
const DIRECTIONS = [
  'Take ONE tablet each morning',
  'Take ONE capsule THREE times a day until the course is finished',
  'Apply thinly to the affected area twice a day. Wash your hands after use.',
  'Take TWO tablets up to FOUR times a day when required for pain. Leave at least four hours between doses.',
  'Take ONE tablet every 12 hours (morning and evening). Swallow whole.'
]
const CAUTIONARY: DispensingLabelInput['cautionaryLabels'][] = [
  [],
  [9],
  [2, 25],
  [4, 9, 21, 25],
  [{ number: 17, max: '8 tablets' }, 30]
]

function inputs(): DispensingLabelInput[] {
  return Array.from({ length: SETS }, (_, i) => {
    const packs = (i % 4) + 1
    const number = (i % packs) + 1
    return {
      ...SIMPLE_INPUT,
      requestId: `fr_${(100000 + i).toString(36).toUpperCase()}`,
      lineId: `l${(i % 4) + 1}`,
      patientName: NAMES[i % NAMES.length] ?? '',
      directions: DIRECTIONS[i % DIRECTIONS.length] ?? '',
      cautionaryLabels: CAUTIONARY[i % CAUTIONARY.length] ?? [],
      quantity: 28 * packs,
      pack: { number, of: packs, quantity: i % 7 === 0 ? 20 : 28, packSize: 28, packId: 1 + i }
    }
  })
}

function run(batch: readonly DispensingLabelInput[]): { ms: number; cpuMs: number; labels: number; graphics: number } {
  const cpu = process.cpuUsage()
  const started = performance.now()
  let labels = 0
  let graphics = 0
  for (const input of batch) {
    const layouts = layoutLabel(buildDispensingLabel(input))
    labels += layouts.length
    graphics += (toZpl(layouts).match(/\^GFA/g) ?? []).length
  }
  const used = process.cpuUsage(cpu)
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, labels, graphics }
}

const batch = inputs()
run(batch.slice(0, 50)) // warm-up: JIT, fonts loaded once
const rounds = Array.from({ length: 5 }, () => run(batch))
const wall = stats(rounds.map((round) => round.ms))
const cpu = stats(rounds.map((round) => round.cpuMs))
const [first] = rounds
const long = run(Array.from({ length: 100 }, (_, i) => ({ ...LONG_INPUT, requestId: `fr_L${i}` })))

console.log(
  `${SETS} label sets → ${first?.labels} labels (${first?.graphics} glyph graphics): median ${wall.median.toFixed(0)} ms ` +
    `(CPU ${cpu.median.toFixed(0)} ms), p95 ${wall.p95.toFixed(0)} ms; goal < 1000 ms`
)
console.log(
  `long (300+ characters of directions, ten BNF labels): 100 sets → ${long.labels} labels in ${long.ms.toFixed(0)} ms ` +
    `(CPU ${long.cpuMs.toFixed(0)} ms)`
)
