import type { RequestFlags } from '../flags'
import type { ShipmentsRepo } from './shipments-repo'
import type { RecallStop } from '../workflow'

const OPENING: Record<RecallStop, string> = {
  cancelled: 'Cancelled at Phensys',
  rejected: 'Rejected at Phensys',
  rejected_by_pharmacy: 'Rejected by the pharmacy',
  unreadable: 'Rejected by the counter (Phensys sent a version it cannot read)'
}

const PHENSYS: Record<RecallStop, string> = {
  cancelled: 'Phensys has been told the stock did not come back, and hears nothing more.',
  rejected: 'Phensys hears nothing more.',
  rejected_by_pharmacy: 'Phensys has been told of the rejection, and hears nothing of the parcels.',
  unreadable: 'Phensys has been told of the rejection, and hears nothing of the parcels.'
}

/**
 * A request stopped (cancelled or rejected at Phensys, rejected by a pharmacist or by the counter)
 * with a parcel of its last dispatch still with the carrier: the counter cannot take back what is not in the pharmacy, and must not pretend it did.
 * A flag tells a person, in words, to have the carrier return each parcel still out (pulled from
 * the collection if the collector has not taken it yet) and to record it back (N) when it comes.
 * It holds nothing back and tells Phensys nothing; it is settled by itself once every parcel of
 * that dispatch is back (`settleParcelRecall`), or by a pharmacist who acknowledges it. Raised in
 * the transaction that stops the request. Returns whether a flag was raised.
 */
export function raiseParcelRecall(
  deps: { flags: Pick<RequestFlags, 'raise' | 'settleKind'>; shipments: Pick<ShipmentsRepo, 'currentParcels'> },
  requestId: string,
  stopped: RecallStop,
  version: number,
  at: string
): boolean {
  const parcels = deps.shipments.currentParcels(requestId)
  const out = parcels.filter((parcel) => parcel.outcome === null)
  if (out.length === 0) return false
  const which = out
    .map(
      (parcel) =>
        `parcel ${parcel.parcelNo} of ${parcels.length} (${parcel.carrier}, tracking ${parcel.trackingNumber ?? 'none'})`
    )
    .join(', ')
  const phensys = PHENSYS[stopped]
  const words = `${OPENING[stopped]} after dispatch: ${which} ${out.length === 1 ? 'is' : 'are'} with the carrier. Ask the carrier to return ${out.length === 1 ? 'it' : 'them'} (pull ${out.length === 1 ? 'it' : 'them'} from the collection if the collector has not taken ${out.length === 1 ? 'it' : 'them'}) and record ${out.length === 1 ? 'it' : 'them'} back (N) when ${out.length === 1 ? 'it comes' : 'they come'}; until then the supply stays in the registers. ${phensys}`
  const raw = out.map((parcel) => ({
    parcel: parcel.parcelNo,
    carrier: parcel.carrier,
    tracking: parcel.trackingNumber
  }))
  return deps.flags.raise(
    requestId,
    {
      kind: 'parcel_recall',
      source: 'dispatch',
      key: recallKey(parcels[0]?.dispatchedAt),
      path: 'parcels',
      lineId: null,
      raw,
      words,
      blocks: []
    },
    version,
    at
  )
}

/** Every parcel of the stopped request's last dispatch is back: nothing is left to recall. */
export function settleParcelRecall(
  deps: { flags: Pick<RequestFlags, 'raise' | 'settleKind'>; shipments: Pick<ShipmentsRepo, 'currentParcels'> },
  requestId: string,
  by: { id: string; name: string },
  at: string
): Array<{ id: number; kind: string }> {
  const parcels = deps.shipments.currentParcels(requestId)
  if (!parcels.every((parcel) => parcel.outcome === 'returned')) return []
  const key = recallKey(parcels[0]?.dispatchedAt)
  return deps.flags.settleKind(requestId, 'parcel_recall', 'every_parcel_back', { at }, by, at, key)
}

function recallKey(dispatchedAt: string | undefined): string {
  return `parcel_recall:${dispatchedAt ?? ''}`
}
