/**
 * What gets prescribed, and how often: the catalogue's products ranked by popularity (a steep
 * curve, as an online pharmacy's orders are: a few lines make most of the work), each with the
 * pack it is prescribed in, its directions and its BNF labels; and, from the expected demand, the
 * reorder level of the line the pharmacy keeps on its shelf. Products too rare to stock are
 * ordered from the wholesaler when a prescription needs them.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SCRIPTED } from '../../src/main/stock/wholesaler-link'
import type { CautionaryLabelRef } from '../../src/shared/phensys/snapshot'
import type { CatalogueVmp, CataloguePack, YearCatalogue } from './catalogue'
import { Random, WeightedTable } from './random'

export interface Product {
  vmp: CatalogueVmp
  /** The pack a prescription counts in (quantities are whole multiples of it). */
  pack: CataloguePack
  directions: readonly string[]
  labels: readonly CautionaryLabelRef[]
}

export interface Formulary {
  /** Everyday prescribing, by popularity. */
  everyday: WeightedTable<Product>
  /** Schedule 2 controlled drugs: a few patients' regular medicines. */
  scheduleTwo: WeightedTable<Product>
  /** Reorder level of each stocked pack, in pack units. */
  reorderLevels: Map<string, number>
}

/** The share of everyday items prescribed from the long tail of made-up products. */
const TAIL_SHARE = 0.05
const TAIL_PRODUCTS = 1_500
/** Below this many items a day a product is not kept on the shelf: it is ordered per prescription. */
const STOCKED_FROM_ITEMS_PER_DAY = 0.1
/** Reorder at two days' demand (the order brings it up to twice that). */
const DAYS_OF_COVER = 2
/** Mean packs per prescribed item (1, 2 or 3 packs; see population.ts). */
const PACKS_PER_ITEM = 1.18

const DIRECTIONS: Readonly<Record<string, readonly string[]>> = {
  tablet: [
    'Take ONE tablet each morning',
    'Take ONE tablet daily',
    'Take ONE tablet TWICE a day',
    'Take ONE tablet at night',
    'Take TWO tablets up to FOUR times a day when required for pain. Leave at least four hours between doses.',
    'Take ONE tablet THREE times a day until the course is finished'
  ],
  capsule: [
    'Take ONE capsule daily',
    'Take ONE capsule TWICE a day',
    'Take ONE capsule THREE times a day until the course is finished'
  ],
  ml: ['Take 5ml THREE times a day', 'Take 10ml at night', 'Use ONE drop in BOTH eyes TWICE a day'],
  g: ['Apply thinly to the affected area TWICE a day', 'Apply to the affected area once a day at night'],
  dose: ['Inhale TWO puffs when required', 'Inhale ONE puff TWICE a day', 'Use TWO sprays in each nostril daily'],
  patch: ['Apply ONE patch every 72 hours', 'Apply ONE patch once a week'],
  sachet: ['Take the contents of ONE sachet daily mixed with water'],
  'pre-filled pen': ['Inject ONCE weekly as directed'],
  pessary: ['Insert ONE pessary at night'],
  default: ['Use as directed']
}

const LABEL_SETS: readonly (readonly CautionaryLabelRef[])[] = [
  [],
  [],
  [],
  [21],
  [2],
  [9],
  [25],
  [4, 9, 21, 25],
  [10],
  [2, 25]
]

export function buildFormulary(
  catalogue: YearCatalogue,
  resourcesDir: string,
  itemsPerDay: number,
  random: Random
): Formulary {
  const demoLabels = new Map<string, CautionaryLabelRef[]>(
    (
      JSON.parse(readFileSync(join(resourcesDir, 'demo', 'products.json'), 'utf8')) as {
        products: Array<{ dmdCode: string; cautionaryLabels: CautionaryLabelRef[] }>
      }
    ).products.map((p) => [p.dmdCode, p.cautionaryLabels])
  )
  const product = (vmp: CatalogueVmp): Product | null => {
    const pack = vmp.packs.find((p) => p.pipCode !== null) ?? vmp.packs[0]
    if (!pack) return null
    return {
      vmp,
      pack,
      directions: DIRECTIONS[pack.unit] ?? DIRECTIONS.default!,
      labels: demoLabels.get(vmp.dmdId) ?? random.pick(LABEL_SETS)
    }
  }
  const sample = random.shuffle(catalogue.vmps.filter((v) => !v.madeUp && v.cdSchedule !== 2))
  // The products the wholesaler link answers specially are known but not bestsellers.
  const scripted = sample.filter((v) => v.dmdId in SCRIPTED)
  const ranked = sample.filter((v) => !(v.dmdId in SCRIPTED))
  scripted.forEach((vmp, i) => ranked.splice(25 + i * 9, 0, vmp))
  const head = ranked.flatMap((vmp) => product(vmp) ?? [])
  const tail = catalogue.vmps
    .filter((v) => v.madeUp)
    .slice(0, TAIL_PRODUCTS)
    .flatMap((vmp) => product(vmp) ?? [])
  const headWeight = (rank: number) => 1 / Math.pow(rank + 1, 0.95)
  const headTotal = head.reduce((sum, _, rank) => sum + headWeight(rank), 0)
  const tailWeight = (rank: number) => 1 / (rank + 1)
  const tailTotal = tail.reduce((sum, _, rank) => sum + tailWeight(rank), 0)
  const everyday = new WeightedTable([...head, ...tail], (_, index) =>
    index < head.length
      ? ((1 - TAIL_SHARE) * headWeight(index)) / headTotal
      : (TAIL_SHARE * tailWeight(index - head.length)) / tailTotal
  )
  const scheduleTwo = new WeightedTable(
    catalogue.vmps.filter((v) => v.cdSchedule === 2).flatMap((vmp) => product(vmp) ?? []),
    () => 1
  )

  const reorderLevels = new Map<string, number>()
  everyday.items.forEach((item, index) => {
    const items = itemsPerDay * everyday.share(index)
    if (items < STOCKED_FROM_ITEMS_PER_DAY) return
    const packs = Math.max(1, Math.ceil(items * PACKS_PER_ITEM * DAYS_OF_COVER))
    reorderLevels.set(item.pack.amppId, Math.ceil(packs * item.pack.packSize))
  })
  // Schedule 2 lines are kept in ones: a wholesaler allocates two packs per order line.
  for (const item of scheduleTwo.items) reorderLevels.set(item.pack.amppId, Math.ceil(item.pack.packSize))
  return { everyday, scheduleTwo, reorderLevels }
}
