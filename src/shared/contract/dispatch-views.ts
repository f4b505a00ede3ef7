import type { TrackingFormat } from '../dispatch/carriers'

export interface ShipmentParcelView {
  parcelNo: number
  /** The dispatch it went in (its instant): a request sent again has parcels of several. */
  dispatchedAt: string
  /** Of a dispatch the request has been sent again after (packed again since). */
  earlier: boolean
  trackingNumber: string | null
  manifestDate: string
  outcome: 'delivered' | 'returned' | null
  outcomeAt: string | null
  outcomeNote: string | null
}

/** How a request leaves: the service it will go by, and what has happened so far. */
export interface ShipmentView {
  requestId: string
  /** Phensys's `delivery.service` code. */
  requestedService: string
  /**
   * The configured service it goes by: Phensys's code when configured, else the one a person
   * chose; null when no one has chosen yet (packing is refused until then).
   */
  service: { code: string; carrier: string; service: string; tracking: TrackingFormat } | null
  collect: boolean
  chosen: { code: string; by: string; reason: string } | null
  parcels: number | null
  labelsJobId: number | null
  packedAt: string | null
  packedBy: string | null
  dispatchedAt: string | null
  dispatchedBy: string | null
  collectedBy: { name: string; relation: string; idAsked: boolean; idSeen: boolean } | null
  parcelList: ShipmentParcelView[]
  /** The bag's packs in the pharmacy (dispensed pack ids): what packing may say goes in each parcel. */
  packsInHand: number[]
}

export interface ManifestParcel {
  requestId: string
  parcelNo: number
  parcels: number
  service: string
  trackingNumber: string | null
  recipient: string
  postcode: string
  dispatchedAt: string
  /**
   * Why the collector must not take this parcel, in words for the manifest ("Cancelled: pull this
   * parcel"): its request was stopped at Phensys after it was dispatched. Null for a parcel to hand over.
   */
  pull: string | null
}

/** One carrier's parcels for one day: the end-of-day manifest. */
export interface CarrierManifest {
  carrier: string
  parcels: ManifestParcel[]
}

export interface ManifestView {
  date: string
  carriers: CarrierManifest[]
}

export type OutcomeImportLine =
  | { line: number; trackingNumber: string; result: 'applied'; requestId: string; outcome: 'delivered' | 'returned' }
  | { line: number; trackingNumber: string; result: 'already_recorded'; requestId: string }
  | { line: number; trackingNumber: string | null; result: 'unmatched' | 'unreadable' | 'refused'; message: string }

/** What a carrier CSV import did, line by line: nothing is dropped silently. */
export interface OutcomeImportReport {
  applied: number
  problems: number
  lines: OutcomeImportLine[]
}
