import type { CatalogueSchedule } from '../shared/workflow/cd-schedule'
import type { ClinicalChecksRepo } from './clinical'
import type { PrintQueue } from './devices'
import { effectiveService, type ShipmentsRepo } from './dispatch'
import { outOfDatePacks, type DispensingService } from './dispensing'
import type { RequestFlags } from './flags'
import type { HardCopiesRepo, RequestsRepo } from './fulfilment'
import type { RpRecord } from './responsible-pharmacist'
import type { SettingsRepo } from './settings'
import { parsePackScan, type StockService } from './stock'
import type { GuardFacts } from './workflow'

/**
 * What the workflow's guards read, from the parts of the counter that keep it. Wired by the
 * composition root, so the workflow depends on none of these parts (they all depend on it).
 */
export function guardFacts(parts: {
  clinicalChecks: ClinicalChecksRepo
  stock: StockService
  dispensing: DispensingService
  hardCopies: HardCopiesRepo
  requests: RequestsRepo
  catalogue: CatalogueSchedule
  shipments: ShipmentsRepo
  settings: SettingsRepo
  rpRecord: RpRecord
  flags: RequestFlags
  printQueue: () => PrintQueue
}): GuardFacts {
  const { stock, dispensing, hardCopies, shipments, settings, rpRecord, clinicalChecks } = parts
  return {
    blockingFlags: (requestId, step) => parts.flags.blocking(requestId, step),
    today: (now) => stock.today(now),
    hardCopyInHand: (snapshot) => hardCopies.inHand(snapshot),
    catalogueSchedule: parts.catalogue,
    stockLines: (requestId) => stock.lines.of(requestId),
    reservations: (requestId) => stock.ledger.reservationsOf(requestId),
    dispensedLines: (requestId) => dispensing.view(requestId).lines,
    labelsJobInQueue: (requestId) => {
      const jobId = dispensing.packs.checks(requestId).labelsJobId
      const job = jobId === null ? undefined : parts.printQueue().job(jobId)
      return job && job.state !== 'delivered' && job.state !== 'cancelled' ? { id: job.id, state: job.state } : null
    },
    // The bag in the pharmacy: a pack in a parcel delivered or still out is not re-scanned or relabelled.
    assembledPacks: (requestId) => dispensing.packs.inHand(requestId),
    labelledBy: (requestId) => dispensing.packs.checks(requestId).labelsRequestedById,
    labelGeneration: (requestId) => dispensing.packs.checks(requestId).labelGeneration,
    requestOfLabelRef: (ref) => parts.requests.idOfLabelRef(ref),
    voidBagLabel: (requestId) => parts.printQueue().voidBagLabelNotice(requestId),
    allowSelfCheck: () => settings.get('allowSelfCheck'),
    clinicalCheckBy: (requestId) => clinicalChecks.standing(requestId)?.byName ?? null,
    labelledAndChecked: (requestId) => {
      const checks = dispensing.packs.checks(requestId)
      return checks.labelledAt !== null && checks.accuracyCheckAt !== null
    },
    readPackCode: (raw, referenceYear) => parsePackScan(raw, { referenceYear }),
    recalledBatch: (gtin, batchNo) => {
      const pack = stock.catalogue.packByGtin(gtin)
      return pack ? (stock.recalls.of(pack.amppId, batchNo)?.words ?? null) : null
    },
    unmappedDeliveryService: (request) => {
      const effective = effectiveService(request.snapshot, shipments.get(request.row.id), settings.get('carriers'))
      return effective.kind === 'unknown' ? effective.requested : null
    },
    packedShipment: (requestId) => {
      const row = shipments.get(requestId)
      return row
        ? {
            method: row.method,
            serviceCode: row.serviceCode,
            carrier: row.carrier,
            service: row.service,
            parcels: row.parcels
          }
        : null
    },
    carrierService: (code) => settings.get('carriers').services.find((service) => service.code === code),
    trackingInUse: (carrier, trackingNumber) => {
      const parcel = shipments.trackingInUse(carrier, trackingNumber)
      return parcel ? { requestId: parcel.requestId, parcelNo: parcel.parcelNo } : null
    },
    // The scan's rule read again against today, with the course of the item as prescribed now.
    packsOutOfDate: (requestId, today) => outOfDatePacks(dispensing, requestId, today).map(({ refusal }) => refusal),
    responsiblePharmacist: () => {
      const period = rpRecord.current()
      return period
        ? { name: period.pharmacistName, absentSince: rpRecord.openAbsence(period.id)?.startedAt ?? null }
        : null
    }
  }
}
