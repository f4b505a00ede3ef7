import type { ShipmentView } from '../../shared/contract'
import { COLLECT, serviceFor, type CarrierService, type CarriersConfig } from '../../shared/dispatch/carriers'
import type { Snapshot } from '../../shared/phensys/snapshot'
import { parcelView, type ShipmentRow, type ShipmentsRepo } from './shipments-repo'

/** The service a request goes by: collection, a configured carrier service, or none yet. */
export type EffectiveService =
  { kind: 'collect' } | { kind: 'carrier'; service: CarrierService } | { kind: 'unknown'; requested: string }

/**
 * Phensys's code when this pharmacy has configured it; otherwise the configured service a person
 * chose (recorded with a reason). A code nobody has mapped is never guessed.
 */
export function effectiveService(
  snapshot: Snapshot,
  shipment: ShipmentRow | undefined,
  config: CarriersConfig
): EffectiveService {
  const requested = snapshot.delivery.service
  if (requested === COLLECT) return { kind: 'collect' }
  const configured =
    serviceFor(config, requested) ??
    (shipment?.chosen_service_code ? serviceFor(config, shipment.chosen_service_code) : null)
  return configured ? { kind: 'carrier', service: configured } : { kind: 'unknown', requested }
}

export function shipmentView(snapshot: Snapshot, shipments: ShipmentsRepo, config: CarriersConfig): ShipmentView {
  const row = shipments.get(snapshot.id)
  const effective = effectiveService(snapshot, row, config)
  const service =
    row?.service_code && row.carrier && row.service && row.method === 'carrier'
      ? // Once packed, the service it was packed for stands, whatever the configuration says now.
        {
          code: row.service_code,
          carrier: row.carrier,
          service: row.service,
          tracking: serviceFor(config, row.service_code)?.tracking ?? 'none'
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
    requestedService: snapshot.delivery.service,
    service,
    collect: effective.kind === 'collect',
    chosen: row?.chosen_service_code
      ? { code: row.chosen_service_code, by: row.chosen_by_name ?? '', reason: row.chosen_reason ?? '' }
      : null,
    parcels: row?.parcels ?? null,
    labelsJobId: row?.labels_job_id ?? null,
    packedAt: row?.packed_at ?? null,
    packedBy: row?.packed_by_name ?? null,
    dispatchedAt: row?.dispatched_at ?? null,
    dispatchedBy: row?.dispatched_by_name ?? null,
    collectedBy: row?.collected_by_name
      ? {
          name: row.collected_by_name,
          relation: row.collected_relation ?? '',
          idAsked: row.id_asked === 1,
          idSeen: row.id_seen === 1
        }
      : null,
    parcelList: shipments.parcels(snapshot.id).map(parcelView)
  }
}
