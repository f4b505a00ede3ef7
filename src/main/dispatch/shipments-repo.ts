import type Database from 'better-sqlite3'
import type { ShipmentParcelView } from '../../shared/contract'
import type { ParcelOutcome } from '../db/schema/dispatch'

export interface ShipmentRow {
  request_id: string
  chosen_service_code: string | null
  chosen_by_name: string | null
  chosen_reason: string | null
  method: 'carrier' | 'collect' | null
  service_code: string | null
  carrier: string | null
  service: string | null
  parcels: number | null
  labels_job_id: number | null
  packed_at: string | null
  packed_by_name: string | null
  dispatched_at: string | null
  dispatched_by_name: string | null
  collected_by_name: string | null
  collected_relation: string | null
  id_asked: number | null
  id_seen: number | null
}

export interface ParcelRow {
  id: number
  request_id: string
  parcel_no: number
  carrier: string
  service: string
  tracking_number: string | null
  dispatched_at: string
  manifest_date: string
  outcome: ParcelOutcome | null
  outcome_at: string | null
  outcome_note: string | null
}

export interface Person {
  id: string
  name: string
}

export interface Packing {
  method: 'carrier' | 'collect'
  serviceCode: string
  carrier: string
  service: string
  parcels: number
  bagScan: string
  labelsJobId: number
  at: string
  by: Person
}

/** Shipments and parcels: plain statements, run inside the calling command's transaction. */
export class ShipmentsRepo {
  private readonly selectShipment: Database.Statement<[string], ShipmentRow>
  private readonly selectParcels: Database.Statement<[string], ParcelRow>
  private readonly selectCurrentParcels: Database.Statement<[string], ParcelRow>

  constructor(private readonly sqlite: Database.Database) {
    this.selectShipment = sqlite.prepare('SELECT * FROM shipments WHERE request_id = ?')
    this.selectParcels = sqlite.prepare('SELECT * FROM parcels WHERE request_id = ? ORDER BY dispatched_at, parcel_no')
    this.selectCurrentParcels = sqlite.prepare(
      'SELECT p.* FROM parcels p JOIN shipments s ON s.request_id = p.request_id AND s.dispatched_at = p.dispatched_at WHERE p.request_id = ? ORDER BY p.parcel_no'
    )
  }

  get(requestId: string): ShipmentRow | undefined {
    return this.selectShipment.get(requestId)
  }

  /** Every parcel ever sent for the request, a returned one's too (oldest first). */
  parcels(requestId: string): ParcelRow[] {
    return this.selectParcels.all(requestId)
  }

  /** The parcels of the request's latest dispatch. */
  currentParcels(requestId: string): ParcelRow[] {
    return this.selectCurrentParcels.all(requestId)
  }

  chooseService(requestId: string, code: string, reason: string, by: Person): void {
    this.sqlite
      .prepare(
        `INSERT INTO shipments (request_id, chosen_service_code, chosen_by_id, chosen_by_name, chosen_reason)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (request_id) DO UPDATE SET chosen_service_code = excluded.chosen_service_code,
           chosen_by_id = excluded.chosen_by_id, chosen_by_name = excluded.chosen_by_name, chosen_reason = excluded.chosen_reason`
      )
      .run(requestId, code, by.id, by.name, reason)
  }

  packed(requestId: string, packing: Packing): void {
    const { by, ...columns } = packing
    this.sqlite
      .prepare(
        `INSERT INTO shipments (request_id, method, service_code, carrier, service, parcels, bag_scan, labels_job_id, packed_at, packed_by_id, packed_by_name)
         VALUES (@requestId, @method, @serviceCode, @carrier, @service, @parcels, @bagScan, @labelsJobId, @at, @byId, @byName)
         ON CONFLICT (request_id) DO UPDATE SET method = excluded.method, service_code = excluded.service_code,
           carrier = excluded.carrier, service = excluded.service, parcels = excluded.parcels, bag_scan = excluded.bag_scan,
           labels_job_id = excluded.labels_job_id, packed_at = excluded.packed_at, packed_by_id = excluded.packed_by_id,
           packed_by_name = excluded.packed_by_name,
           -- Packed again after a return to sender: the earlier dispatch is history (its parcels stay).
           dispatched_at = NULL, dispatched_by_id = NULL, dispatched_by_name = NULL, collected_by_name = NULL,
           collected_relation = NULL, id_asked = NULL, id_seen = NULL`
      )
      .run({ ...columns, requestId, byId: by.id, byName: by.name })
  }

  dispatchedByCarrier(
    requestId: string,
    trackingNumbers: readonly (string | null)[],
    manifestDate: string,
    at: string,
    by: Person
  ): void {
    const shipment = this.get(requestId)
    if (!shipment?.carrier || !shipment.service) throw new Error(`${requestId} was not packed for a carrier`)
    this.sqlite
      .prepare(
        'UPDATE shipments SET dispatched_at = ?, dispatched_by_id = ?, dispatched_by_name = ? WHERE request_id = ?'
      )
      .run(at, by.id, by.name, requestId)
    const insert = this.sqlite.prepare(
      `INSERT INTO parcels (request_id, parcel_no, carrier, service, tracking_number, dispatched_at, manifest_date)
       VALUES (?, ?, ?, ?, ?, ?, ?)`
    )
    trackingNumbers.forEach((tracking, index) =>
      insert.run(requestId, index + 1, shipment.carrier, shipment.service, tracking, at, manifestDate)
    )
  }

  collected(
    requestId: string,
    collectedBy: { name: string; relation: string; idAsked: boolean; idSeen: boolean },
    at: string,
    by: Person
  ): void {
    this.sqlite
      .prepare(
        `UPDATE shipments SET dispatched_at = ?, dispatched_by_id = ?, dispatched_by_name = ?, collected_by_name = ?,
           collected_relation = ?, id_asked = ?, id_seen = ? WHERE request_id = ?`
      )
      .run(
        at,
        by.id,
        by.name,
        collectedBy.name,
        collectedBy.relation,
        collectedBy.idAsked ? 1 : 0,
        collectedBy.idSeen ? 1 : 0,
        requestId
      )
  }

  /** Packed for a carrier and not yet handed over. */
  packedAwaitingDispatch(): ShipmentRow[] {
    return this.sqlite
      .prepare<[], ShipmentRow>(
        `SELECT * FROM shipments WHERE method = 'carrier' AND packed_at IS NOT NULL AND dispatched_at IS NULL`
      )
      .all()
  }

  /** The parcels a carrier number names (the same number may in principle exist at two carriers). */
  parcelsByTracking(trackingNumber: string): ParcelRow[] {
    return this.sqlite
      .prepare<[string], ParcelRow>('SELECT * FROM parcels WHERE tracking_number = ?')
      .all(trackingNumber)
  }

  trackingInUse(carrier: string, trackingNumber: string): ParcelRow | undefined {
    return this.sqlite
      .prepare<[string, string], ParcelRow>('SELECT * FROM parcels WHERE carrier = ? AND tracking_number = ?')
      .get(carrier, trackingNumber)
  }

  /** Records a parcel's outcome once; false when it already had one. */
  setOutcome(
    parcelId: number,
    outcome: ParcelOutcome,
    at: string,
    note: string | null,
    source: 'hand' | 'carrier_csv'
  ): boolean {
    const result = this.sqlite
      .prepare(
        'UPDATE parcels SET outcome = ?, outcome_at = ?, outcome_note = ?, outcome_source = ? WHERE id = ? AND outcome IS NULL'
      )
      .run(outcome, at, note, source, parcelId)
    return result.changes === 1
  }

  /** Every parcel handed to carriers on a manifest day, by carrier then time. */
  manifest(manifestDate: string): ParcelRow[] {
    return this.sqlite
      .prepare<[string], ParcelRow>(
        'SELECT * FROM parcels WHERE manifest_date = ? ORDER BY carrier, dispatched_at, request_id, parcel_no'
      )
      .all(manifestDate)
  }
}

export function parcelView(row: ParcelRow): ShipmentParcelView {
  return {
    parcelNo: row.parcel_no,
    trackingNumber: row.tracking_number,
    manifestDate: row.manifest_date,
    outcome: row.outcome,
    outcomeAt: row.outcome_at,
    outcomeNote: row.outcome_note
  }
}
