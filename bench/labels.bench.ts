/**
 * Lays out and renders 1,000 dispensing labels to ZPL (build → layout → toZpl), as the print step
 * does. Run: npx tsx bench/labels.bench.ts   (target: under 1 ms per label)
 */
import { performance } from 'node:perf_hooks'
import { buildDispensingLabel, layoutLabel, toZpl, type DispensingLabelInput } from '../src/main/labels'
import { LONG_INPUT, SIMPLE_INPUT } from '../test/helpers/label-fixtures'

const COUNT = 1000
const NAMES = ["Ms Zoë O'Brien-Łukasik", 'Mr Ian Ng', 'Dr Siobhán Ní Bhriain', 'Mrs Amelia Fairweather-Smythe']
const DIRECTIONS = [
  'Take ONE tablet each morning',
  'Take ONE capsule THREE times a day until the course is finished',
  'Apply thinly to the affected area twice a day. Wash your hands after use.',
  'Take TWO tablets up to FOUR times a day when required for pain. Leave at least four hours between doses.'
]
const CAUTIONARY: DispensingLabelInput['cautionaryLabels'][] = [
  [],
  [9],
  [2, 25],
  [4, 9, 21, 25],
  [{ number: 17, max: '8 tablets' }, 30]
]

function inputs(): DispensingLabelInput[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    ...SIMPLE_INPUT,
    requestId: `fr_${(100000 + i).toString(36).toUpperCase()}`,
    lineId: `l${(i % 4) + 1}`,
    patientName: NAMES[i % NAMES.length] ?? '',
    directions: DIRECTIONS[i % DIRECTIONS.length] ?? '',
    cautionaryLabels: CAUTIONARY[i % CAUTIONARY.length] ?? [],
    quantity: 28 + (i % 3) * 28
  }))
}

function run(batch: readonly DispensingLabelInput[]): { ms: number; labels: number; bytes: number } {
  const started = performance.now()
  let labels = 0
  let bytes = 0
  for (const input of batch) {
    const layouts = layoutLabel(buildDispensingLabel(input))
    labels += layouts.length
    bytes += toZpl(layouts).length
  }
  return { ms: performance.now() - started, labels, bytes }
}

const batch = inputs()
run(batch) // warm-up (JIT, metric cache)
const typical = run(batch)
const long = run(Array.from({ length: 100 }, (_, i) => ({ ...LONG_INPUT, requestId: `fr_L${i}` })))

console.log(
  `typical: ${COUNT} requests → ${typical.labels} labels in ${typical.ms.toFixed(1)} ms: ` +
    `${(typical.ms / COUNT).toFixed(3)} ms/request, ${(typical.ms / typical.labels).toFixed(3)} ms/label, ` +
    `${Math.round(typical.bytes / typical.labels)} bytes of ZPL/label`
)
console.log(
  `long (300+ char directions, 10 BNF labels): 100 requests → ${long.labels} labels in ${long.ms.toFixed(1)} ms: ` +
    `${(long.ms / 100).toFixed(3)} ms/request, ${(long.ms / long.labels).toFixed(3)} ms/label`
)
