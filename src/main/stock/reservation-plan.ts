/**
 * Which batches to reserve for a need, first-expiry-first-out. Pure.
 *
 * Splittable units (tablets, capsules…) are reserved to the unit across batches of any candidate
 * pack (expiry.ts's FEFO). Whole-pack units (creams, liquids, inhalers) go out as whole packs:
 * the pack size that covers the need with the least over-supply wins, FEFO within it; when no
 * single size covers it, whole packs are taken FEFO across sizes.
 */
import { isExpired, suggestFefoPicks } from './expiry'

export interface PlanBatch {
  batchId: number
  amppId: string
  expiry: string
  availableMilli: number
  packSizeMilli: number
}

export interface PlannedPick {
  batchId: number
  amppId: string
  expiry: string
  quantityMilli: number
}

export interface ReservationPlan {
  picks: PlannedPick[]
  /** Still needed after the picks (0 when covered; whole-pack picks may over-cover). */
  shortfallMilli: number
}

/**
 * `lastsTo`: the course's last day, when the directions give one. Only batches in date on it are
 * reserved: a pack that expires before then is refused at the scan, so reserved it would leave the
 * request waiting on a pick no one can make. What they do not cover is short, for the stock check
 * to order. A batch reserved days ago that no longer lasts the course as it is counted now is
 * warned of in the picking view and refused at the scan; S checks the stock again.
 */
export function planReservation(
  batches: readonly PlanBatch[],
  neededMilli: number,
  today: string,
  splittable: boolean,
  lastsTo: string | null = null
): ReservationPlan {
  if (neededMilli <= 0) return { picks: [], shortfallMilli: 0 }
  const usable = batches.filter(
    (b) => b.availableMilli > 0 && !isExpired(b.expiry, today) && (lastsTo === null || b.expiry >= lastsTo)
  )
  return splittable ? planUnits(usable, neededMilli, today) : planWholePacks(usable, neededMilli)
}

function planUnits(batches: readonly PlanBatch[], neededMilli: number, today: string): ReservationPlan {
  const byId = new Map(batches.map((b) => [String(b.batchId), b]))
  const suggestion = suggestFefoPicks({
    batches: batches.map((b) => ({ batchId: String(b.batchId), expiry: b.expiry, available: b.availableMilli })),
    needed: neededMilli,
    today
  })
  const picks = suggestion.picks.map((pick) => {
    const batch = byId.get(pick.batchId)
    if (!batch) throw new Error(`FEFO picked an unknown batch ${pick.batchId}`)
    return { batchId: batch.batchId, amppId: batch.amppId, expiry: batch.expiry, quantityMilli: pick.quantity }
  })
  return { picks, shortfallMilli: suggestion.shortfall }
}

function fefo(a: PlanBatch, b: PlanBatch): number {
  if (a.expiry !== b.expiry) return a.expiry < b.expiry ? -1 : 1
  if (a.availableMilli !== b.availableMilli) return a.availableMilli - b.availableMilli
  return a.batchId - b.batchId
}

function takeWholePacks(batches: readonly PlanBatch[], neededMilli: number): ReservationPlan {
  const picks: PlannedPick[] = []
  let remaining = neededMilli
  for (const batch of [...batches].sort(fefo)) {
    if (remaining <= 0) break
    const packs = Math.min(
      Math.floor(batch.availableMilli / batch.packSizeMilli),
      Math.ceil(remaining / batch.packSizeMilli)
    )
    if (packs <= 0) continue
    const quantityMilli = packs * batch.packSizeMilli
    picks.push({ batchId: batch.batchId, amppId: batch.amppId, expiry: batch.expiry, quantityMilli })
    remaining -= quantityMilli
  }
  return { picks, shortfallMilli: Math.max(0, remaining) }
}

function planWholePacks(batches: readonly PlanBatch[], neededMilli: number): ReservationPlan {
  const sizes = [...new Set(batches.map((b) => b.packSizeMilli))]
  const covering = sizes
    .map((size) => {
      const ofSize = batches.filter((b) => b.packSizeMilli === size)
      const packs = ofSize.reduce((sum, b) => sum + Math.floor(b.availableMilli / size), 0)
      const wanted = Math.ceil(neededMilli / size)
      return { size, ofSize, covers: packs >= wanted, over: wanted * size - neededMilli }
    })
    .filter((option) => option.covers)
    .sort((a, b) => a.over - b.over || b.size - a.size)
  const best = covering[0]
  return best ? takeWholePacks(best.ofSize, neededMilli) : takeWholePacks(batches, neededMilli)
}
