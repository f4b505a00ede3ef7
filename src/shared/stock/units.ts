/**
 * The units stock is counted in, and how a prescription's unit maps onto them. Pure.
 *
 * Quantities are kept as whole thousandths of the pack's unit ("milli-units") wherever they are
 * stored or added up: packs of 2.5 ml exist, and integer sums never drift.
 */

/** The closed list of pack units (the catalogue's `pack_unit`; see resources/catalogue/README.md). */
export const PACK_UNITS = [
  'tablet',
  'capsule',
  'ml',
  'g',
  'dose',
  'patch',
  'sachet',
  'pessary',
  'suppository',
  'ampoule',
  'vial',
  'pre-filled pen',
  'pre-filled syringe',
  'lozenge',
  'device'
] as const
export type PackUnit = (typeof PACK_UNITS)[number]

/**
 * Units a pack may be split into for dispensing (broken bulk: 21 tablets from a box of 28).
 * Creams, liquids, inhalers and devices go out as whole packs.
 */
const SPLITTABLE: ReadonlySet<PackUnit> = new Set<PackUnit>([
  'tablet',
  'capsule',
  'patch',
  'sachet',
  'pessary',
  'suppository',
  'ampoule',
  'vial',
  'pre-filled pen',
  'pre-filled syringe',
  'lozenge'
])

export function isSplittable(unit: PackUnit): boolean {
  return SPLITTABLE.has(unit)
}

export function isPackUnit(value: string): value is PackUnit {
  return (PACK_UNITS as readonly string[]).includes(value)
}

const SYNONYMS: Readonly<Record<string, PackUnit>> = {
  tab: 'tablet',
  tabs: 'tablet',
  tablets: 'tablet',
  cap: 'capsule',
  caps: 'capsule',
  capsules: 'capsule',
  millilitre: 'ml',
  millilitres: 'ml',
  milliliter: 'ml',
  milliliters: 'ml',
  mls: 'ml',
  gram: 'g',
  grams: 'g',
  gramme: 'g',
  grammes: 'g',
  gm: 'g',
  doses: 'dose',
  patches: 'patch',
  sachets: 'sachet',
  pessaries: 'pessary',
  suppositories: 'suppository',
  ampoules: 'ampoule',
  amp: 'ampoule',
  vials: 'vial',
  pen: 'pre-filled pen',
  pens: 'pre-filled pen',
  'pre-filled pens': 'pre-filled pen',
  'prefilled pen': 'pre-filled pen',
  'prefilled pens': 'pre-filled pen',
  syringe: 'pre-filled syringe',
  syringes: 'pre-filled syringe',
  'pre-filled syringes': 'pre-filled syringe',
  'prefilled syringe': 'pre-filled syringe',
  lozenges: 'lozenge',
  devices: 'device'
}

/** A prescription's unit ("tablets", "gram", "mL") as a pack unit; null when it names none. */
export function normaliseUnit(text: string): PackUnit | null {
  const key = text.trim().toLowerCase().replace(/\s+/g, ' ')
  if (isPackUnit(key)) return key
  return SYNONYMS[key] ?? null
}

const MILLI = 1000

/** Units → milli-units, rounded to the nearest thousandth. */
export function toMilli(units: number): number {
  return Math.round(units * MILLI)
}

export function fromMilli(milli: number): number {
  return milli / MILLI
}

/**
 * "28 tablets", "2.5 ml", "1 pre-filled pen". A unit already written in the plural ("drops", as
 * another Phensys may send it) is kept as it is.
 */
export function formatQuantity(units: number, unit: string): string {
  const rounded = Number(units.toFixed(3))
  const plural =
    rounded === 1 || /^(ml|g)$/i.test(unit) || /s$/i.test(unit)
      ? unit
      : unit.endsWith('y')
        ? `${unit.slice(0, -1)}ies`
        : unit.endsWith('ch')
          ? `${unit}es`
          : `${unit}s`
  return `${rounded} ${plural}`
}
