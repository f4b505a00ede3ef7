import type { ShipmentView } from '../../shared/contract'
import { COLLECT, serviceFor, type CarrierService, type CarriersConfig } from '../../shared/dispatch/carriers'
import type { Snapshot } from '../../shared/phensys/snapshot'
import { parcelView, type Shipment, type ShipmentsRepo } from './shipments-repo'

/** The service a request goes by: collection, a configured carrier service, or none yet. */
export type EffectiveService =
  { kind: 'collect' } | { kind: 'carrier'; service: CarrierService } | { kind: 'unknown'; requested: string }

/**
 * Phensys's code when this pharmacy has configured it; otherwise the configured service a person
 * chose (recorded with a reason). A code nobody has mapped is never guessed.
 */
export function effectiveService(
  snapshot: Snapshot,
  shipment: Shipment | undefined,
  config: CarriersConfig
): EffectiveService {
  const requested = snapshot.delivery.service
  if (requested === COLLECT) return { kind: 'collect' }
  const configured =
    serviceFor(config, requested) ??
    (shipment?.chosenServiceCode ? serviceFor(config, shipment.chosenServiceCode) : null)
  return configured ? { kind: 'carrier', service: configured } : { kind: 'unknown', requested }
}

export function shipmentView(snapshot: Snapshot, shipments: ShipmentsRepo, config: CarriersConfig): ShipmentView {
  const row = shipments.get(snapshot.id)
  const effective = effectiveService(snapshot, row, config)
  const service =
    row?.serviceCode && row.carrier && row.service && row.method === 'carrier'
      ? // Once packed, the service it was packed for stands, whatever the configuration says now.
        {
          code: row.serviceCode,
          carrier: row.carrier,
          service: row.service,
          tracking: serviceFor(config, row.serviceCode)?.tracking ?? 'none'
        }
      : effective.kind === 'carrier'
        ? {
            code: effective.service.code,
            carrier: effective.service.carrier,
            service: effective.service.service,
            tracking: effective.service.tracking
          }
        : null
  return {
    requestId: snapshot.id,
    packsInHand: shipments.packsInHand(snapshot.id),
    requestedService: snapshot.delivery.service,
    service,
    collect: effective.kind === 'collect',
    chosen: row?.chosenServiceCode
      ? { code: row.chosenServiceCode, by: row.chosenByName ?? '', reason: row.chosenReason ?? '' }
      : null,
    parcels: row?.parcels ?? null,
    labelsJobId: row?.labelsJobId ?? null,
    packedAt: row?.packedAt ?? null,
    packedBy: row?.packedByName ?? null,
    dispatchedAt: row?.dispatchedAt ?? null,
    dispatchedBy: row?.dispatchedByName ?? null,
    collectedBy: row?.collectedByName
      ? {
          name: row.collectedByName,
          relation: row.collectedRelation ?? '',
          idAsked: row.idAsked === true,
          idSeen: row.idSeen === true
        }
      : null,
    parcelList: parcelListOf(shipments, snapshot.id)
  }
}

/** Every parcel of the request, oldest first, each said to be of the last dispatch or of an earlier one. */
function parcelListOf(shipments: ShipmentsRepo, requestId: string): ShipmentView['parcelList'] {
  const last = new Set(shipments.currentParcels(requestId).map((parcel) => parcel.id))
  return shipments.parcels(requestId).map((parcel) => parcelView(parcel, !last.has(parcel.id)))
}
