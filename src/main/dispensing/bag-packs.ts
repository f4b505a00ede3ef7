/**
 * Packs that come out of a bag before it leaves, and what the request holds in their place: shared
 * by a batch recall (batch-recall.ts) and the out-of-date pack taken out (out-of-date-pack.ts).
 */
import {
  isExpired,
  courseOf,
  packExpiryProblem,
  type BatchRecord,
  type PackExpiryProblem,
  type StockEnv
} from '../stock'
import { TRANSITIONS } from '../../shared/workflow/transitions'
import type { DispensedPack } from './dispensed-packs-repo'
import type { DispensingService } from './dispensing-service'

/** A pack of the bag to quarantine in the books: returned to stock, then quarantined, as a stopped request's labelled pack. */
export function quarantineFromBag(
  dispensing: DispensingService,
  bagged: DispensedPack,
  why: string,
  env: StockEnv
): void {
  const { ledger } = dispensing.deps.stock
  const refs = { requestId: bagged.requestId, lineId: bagged.lineId }
  ledger.returnToStock(bagged.batchId, bagged.quantityMilli, `out of the bag: ${why}`, refs, env)
  ledger.writeOff('quarantine', bagged.batchId, bagged.quantityMilli, why, refs, env)
  dispensing.packs.markState(bagged.id, 'quarantined', env.at, why)
}

/** What a line lost (out of the bag, or a reservation released), of one pack, to reserve again. */
export interface LostStock {
  lineId: string
  amppId: string
  milli: number
}

/**
 * Reserves what each line lost from other free batches of the same pack that `usable` allows (in
 * date and not recalled always), first expiry first. All or nothing: a request that cannot be
 * made whole keeps none of it.
 */
export function reserveElsewhere(
  dispensing: DispensingService,
  requestId: string,
  lost: readonly LostStock[],
  env: StockEnv,
  usable: (batch: BatchRecord, lost: LostStock) => boolean
): boolean {
  const { stock, sqlite } = dispensing.deps
  const free = new Map<number, number>()
  try {
    sqlite.transaction(() => {
      for (const line of lost) {
        const others = stock.ledger
          .levelsForPacks([line.amppId])
          .filter(
            (b) => !isExpired(b.expiry, env.today) && !stock.recalls.of(line.amppId, b.batchNo) && usable(b, line)
          )
          .sort((a, b) => a.expiry.localeCompare(b.expiry) || a.id - b.id)
        let remaining = line.milli
        for (const other of others) {
          if (remaining <= 0) break
          const take = Math.min(free.get(other.id) ?? other.onHandMilli - other.reservedMilli, remaining)
          if (take <= 0) continue
          stock.ledger.reserve(other.id, take, requestId, line.lineId, env)
          free.set(other.id, (free.get(other.id) ?? other.onHandMilli - other.reservedMilli) - take)
          remaining -= take
        }
        if (remaining > 0) throw new NotReplaced()
      }
    })()
    return true
  } catch (error) {
    if (error instanceof NotReplaced) return false
    throw error
  }
}

class NotReplaced extends Error {}

/** A pack in the request's bag that may not go to the patient today, named, with why. */
export interface OutOfDatePack {
  pack: DispensedPack
  name: string
  problem: PackExpiryProblem
  /** The words a check refuses it in (the bag's checks, and the accuracy check's re-scan of it): why, then what to do. */
  refusal: string
}

/** What a person does with a pack in the bag that may no longer go, said after why. */
const TAKE_OUT = TRANSITIONS.outOfDatePackTakenOut
const REPLACE_IT = `take it out of the bag with “${TAKE_OUT.label}” (${TAKE_OUT.shortcut.toUpperCase()}) and put it in quarantine (the step books it there); then scan a replacement of a batch that lasts the course, and the bag is labelled and checked again.`

/**
 * The packs in the request's bag that the scan's rule (packExpiryProblem) refuses today: expired,
 * or expiring before the course ends counted from `today`, with the course of the item as
 * prescribed now.
 */
export function outOfDatePacks(dispensing: DispensingService, requestId: string, today: string): OutOfDatePack[] {
  const { stock, requests } = dispensing.deps
  const items = requests.get(requestId)?.snapshot.prescription.items ?? []
  return dispensing.packs.inHand(requestId).flatMap((pack) => {
    const item = items.find((candidate) => candidate.lineId === pack.lineId)
    const name = stock.catalogue.pack(pack.amppId)?.name ?? item?.product.name ?? `GTIN ${pack.gtin}`
    const problem = packExpiryProblem(
      `the pack of ${name} batch ${pack.batchNo} in the bag`,
      pack.expiry,
      item ? courseOf(item, today) : null,
      today
    )
    if (!problem) return []
    // The rule's words for a pack expiring mid-course end in a colon, leading to what to do.
    const expired = problem.reason === 'expired' ? 'Expired stock is never supplied: ' : ''
    return [{ pack, name, problem, refusal: `${problem.words} ${expired}${REPLACE_IT}` }]
  })
}

/** Whether a batch lasts the course of the request's line counted from `today` (the scan's rule). */
export function lastsTheCourse(
  dispensing: DispensingService,
  requestId: string,
  lineId: string,
  expiry: string,
  today: string
): boolean {
  const item = dispensing.deps.requests.get(requestId)?.snapshot.prescription.items.find((i) => i.lineId === lineId)
  return packExpiryProblem('', expiry, item ? courseOf(item, today) : null, today) === null
}
