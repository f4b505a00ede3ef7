/**
 * The one Controlled Drug schedule the counter acts on for a prescribed product: what Phensys sent
 * and what the counter's own catalogue (dm+d, `products.cd_schedule`) says. Phensys may send none
 * (the contract makes it nullable) while the catalogue, which the CD register is written from,
 * knows the drug is Schedule 2; where the two differ the stricter holds (the lower schedule).
 */
import type { Snapshot, SnapshotItem } from '../phensys/snapshot'

/** The catalogue's schedule of a dm+d code, or null (not a controlled drug, or not in the catalogue). */
export type CatalogueSchedule = (dmdCode: string) => number | null

/** The schedule Phensys sent, when it is one of 1 to 5 (anything else is flagged at intake). */
export function sentSchedule(product: SnapshotItem['product']): number | null {
  const schedule = Number(product.controlledDrugSchedule ?? Number.NaN)
  return Number.isInteger(schedule) && schedule >= 1 && schedule <= 5 ? schedule : null
}

export function effectiveSchedule(product: SnapshotItem['product'], catalogue: number | null): number | null {
  const sent = sentSchedule(product)
  if (sent === null || catalogue === null) return sent ?? catalogue
  return Math.min(sent, catalogue)
}

/** Each item's effective schedule, in the prescription's order. */
export function itemSchedules(snapshot: Snapshot, catalogue: CatalogueSchedule): Array<number | null> {
  return snapshot.prescription.items.map((item) => effectiveSchedule(item.product, catalogue(item.product.dmdCode)))
}

/** Any item of these schedules. */
export function hasScheduled(snapshot: Snapshot, catalogue: CatalogueSchedule, schedules: readonly number[]): boolean {
  return itemSchedules(snapshot, catalogue).some((schedule) => schedule !== null && schedules.includes(schedule))
}
