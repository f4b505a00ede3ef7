/**
 * How an order reaches a wholesaler and what comes back, per line: placed, partly placed,
 * substituted, or rejected with a reason.
 *
 * THIS IS A STAND-IN. `SimulatedWholesalerLink` answers at once, deterministically, from the
 * rules below; it orders nothing. A pharmacy's real integration (the wholesaler's ordering
 * service, by PIP code) replaces it behind the same interface. A real link is slow and can fail:
 * it would record the order in the command's transaction as this one does, send it after commit
 * (as the Phensys outbox does) and write the answers back to the order lines when they come.
 *
 * The simulation's rules, in order:
 * 1. a pack without a PIP code cannot be ordered electronically: rejected (`no_pip`);
 * 2. scripted products (SCRIPTED below, by VMP) answer as real ones have: a manufacturer
 *    shortage, a discontinuation, a depot out of stock at one wholesaler, an allocation of one
 *    pack per order, one supplier's pack substituted for another's;
 * 3. an allocation per order line: Schedule 2 controlled drugs 2 packs, anything else 50: above
 *    it the line is partly placed;
 * 4. otherwise placed in full.
 * A line can be cancelled until its order's cut-off; after it the goods are picked and on their
 * way, and the wholesaler refuses (a person then decides: return them, or keep them as stock).
 */
import type { OrderLineStatus } from '../../shared/contract'
import type { Wholesaler } from '../../shared/stock/wholesaler'
import { formatDateTime, londonInstant } from '../../shared/time/london'
import type { PackRecord } from './catalogue'

export const REJECTION_CODES = [
  'no_pip',
  'discontinued',
  'manufacturer_cannot_supply',
  'out_of_stock',
  'allocation'
] as const
export type RejectionCode = (typeof REJECTION_CODES)[number]

/** Reasons that hold for every wholesaler: they turn into a supply issue for the product. */
export const MANUFACTURER_REASONS: ReadonlySet<RejectionCode> = new Set(['discontinued', 'manufacturer_cannot_supply'])

export interface LinkOrderLine {
  pack: PackRecord
  packs: number
  cdSchedule: number | null
  /** Other packs of the same VMP a wholesaler could send instead. */
  alternatives: readonly PackRecord[]
}

export interface LinkLineAnswer {
  status: OrderLineStatus
  packsPlaced: number
  /** The pack that will come: the ordered one, a substitute, or null when rejected. */
  supplied: PackRecord | null
  /** Why not everything was placed as ordered. */
  reasonCode: RejectionCode | null
  reason: string | null
}

export interface LinkOrder {
  /** The counter's own order number, for the wholesaler's reference. */
  number: number
  placedAt: Date
  lines: readonly LinkOrderLine[]
}

/** Cancelling lines of an order already placed: the wholesaler's answer, for all of them. */
export type LinkCancelAnswer = { cancelled: true } | { cancelled: false; reason: string }

export interface LinkCancellation {
  reference: string
  /** The order's cut-off (London date and time): when it leaves the wholesaler. */
  cutOff: { date: string; time: string }
  lines: ReadonlyArray<{ pack: PackRecord; packs: number }>
  at: Date
}

export interface WholesalerLink {
  send(wholesaler: Wholesaler, order: LinkOrder): { reference: string; lines: LinkLineAnswer[] }
  cancel(wholesaler: Wholesaler, cancellation: LinkCancellation): LinkCancelAnswer
}

type Script =
  | { kind: 'reject'; code: RejectionCode; reason: string; onlyAt?: readonly string[] }
  | { kind: 'allocation'; packs: number }
  | { kind: 'substitute' }

/** Products the simulation answers specially (VMP dm+d code → behaviour). None is on the demo day. */
export const SCRIPTED: Readonly<Record<string, Script>> = {
  // Tirzepatide 2.5mg/0.6ml pens
  '41002051000001100': {
    kind: 'reject',
    code: 'manufacturer_cannot_supply',
    reason: 'Manufacturer cannot supply: long-term shortage, no date for resupply'
  },
  // Chloramphenicol 1% eye ointment
  '41002701000001104': { kind: 'reject', code: 'discontinued', reason: 'Discontinued by the manufacturer' },
  // Terbinafine 250mg tablets: one depot is out; the others have it
  '41001741000001105': { kind: 'reject', code: 'out_of_stock', reason: 'Out of stock at the depot', onlyAt: ['aah'] },
  // Semaglutide 2.4mg pens: allocated, one pack per order line
  '41002111000001103': { kind: 'allocation', packs: 1 },
  // Omeprazole 20mg capsules: the ordered supplier's pack is swapped for another supplier's
  '41000011000001103': { kind: 'substitute' }
}

const ALLOCATION_CD2 = 2
const ALLOCATION_DEFAULT = 50

export class SimulatedWholesalerLink implements WholesalerLink {
  send(wholesaler: Wholesaler, order: LinkOrder): { reference: string; lines: LinkLineAnswer[] } {
    return {
      reference: `${wholesaler.id.toUpperCase()}-SIM-${String(order.number).padStart(6, '0')}`,
      lines: order.lines.map((line) => answer(wholesaler, line))
    }
  }

  cancel(wholesaler: Wholesaler, cancellation: LinkCancellation): LinkCancelAnswer {
    const leaves = londonInstant(cancellation.cutOff.date, cancellation.cutOff.time)
    if (cancellation.at.getTime() < leaves.getTime()) return { cancelled: true }
    return {
      cancelled: false,
      reason: `${wholesaler.name} could not cancel ${cancellation.reference}: it left at the cut-off (${formatDateTime(leaves)}) and is on its way`
    }
  }
}

function answer(wholesaler: Wholesaler, line: LinkOrderLine): LinkLineAnswer {
  const { pack, packs } = line
  if (pack.pipCode === null) {
    return rejected('no_pip', 'No PIP code on this pack: it cannot be ordered electronically; order it by phone')
  }
  const script = SCRIPTED[pack.vmpId]
  if (script?.kind === 'reject' && (!script.onlyAt || script.onlyAt.includes(wholesaler.id)))
    return rejected(script.code, script.reason)
  if (script?.kind === 'substitute') {
    const substitute = line.alternatives.find(
      (p) => p.ampId !== pack.ampId && p.pipCode !== null && p.packSizeMilli === pack.packSizeMilli
    )
    if (substitute) {
      return {
        status: 'substituted',
        packsPlaced: packs,
        supplied: substitute,
        reasonCode: null,
        reason: `${pack.name} unavailable; ${substitute.name} sent instead`
      }
    }
  }
  const allocation =
    script?.kind === 'allocation' ? script.packs : line.cdSchedule === 2 ? ALLOCATION_CD2 : ALLOCATION_DEFAULT
  if (packs > allocation) {
    return {
      status: 'partly_placed',
      packsPlaced: allocation,
      supplied: pack,
      reasonCode: 'allocation',
      reason: `Allocation: ${allocation} of ${packs} packs per order line; the rest was not placed`
    }
  }
  return { status: 'placed', packsPlaced: packs, supplied: pack, reasonCode: null, reason: null }
}

function rejected(code: RejectionCode, reason: string): LinkLineAnswer {
  return { status: 'rejected', packsPlaced: 0, supplied: null, reasonCode: code, reason }
}
