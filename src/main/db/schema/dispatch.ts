import { sql } from 'drizzle-orm'
import { sqliteTable, text, integer, index, uniqueIndex, check, primaryKey } from 'drizzle-orm/sqlite-core'
import { dispensedPacks } from './dispensing'

/**
 * How a request leaves the pharmacy: the service (Phensys's code, or the one a person chose when
 * Phensys's code was unknown), packing, then either the carrier (with one parcel row each) or a
 * collection at the counter with who collected and whether ID was asked for and seen.
 */
export const shipments = sqliteTable(
  'shipments',
  {
    requestId: text('request_id').primaryKey(),
    /** Set when a person chose the service because Phensys's code was not a configured one. */
    chosenServiceCode: text('chosen_service_code'),
    chosenById: text('chosen_by_id'),
    chosenByName: text('chosen_by_name'),
    chosenReason: text('chosen_reason'),
    method: text('method', { enum: ['carrier', 'collect'] }),
    /** Copied at packing, so a later change of configuration does not rewrite history. */
    serviceCode: text('service_code'),
    carrier: text('carrier'),
    service: text('service'),
    parcels: integer('parcels'),
    /**
     * Which of the bag's packs (dispensed pack ids) go in each parcel, as packing said: JSON, one
     * list per parcel. Null where packing did not say (several parcels, nothing chosen; stores from
     * before 0044): a parcel back then leaves the registers to a pharmacist.
     */
    parcelContents: text('parcel_contents'),
    bagScan: text('bag_scan'),
    labelsJobId: integer('labels_job_id'),
    packedAt: text('packed_at'),
    packedById: text('packed_by_id'),
    packedByName: text('packed_by_name'),
    dispatchedAt: text('dispatched_at'),
    dispatchedById: text('dispatched_by_id'),
    dispatchedByName: text('dispatched_by_name'),
    collectedByName: text('collected_by_name'),
    collectedRelation: text('collected_relation'),
    idAsked: integer('id_asked', { mode: 'boolean' }),
    idSeen: integer('id_seen', { mode: 'boolean' })
  },
  (t) => [
    index('shipments_dispatched').on(t.dispatchedAt),
    check('shipments_parcels', sql`${t.parcels} IS NULL OR ${t.parcels} BETWEEN 1 AND 20`),
    check(
      'shipments_collect',
      sql`${t.method} IS NOT 'collect' OR ${t.dispatchedAt} IS NULL OR (${t.collectedByName} IS NOT NULL AND ${t.idAsked} IS NOT NULL AND ${t.idSeen} IS NOT NULL)`
    )
  ]
)

export const PARCEL_OUTCOMES = ['delivered', 'returned'] as const
export type ParcelOutcome = (typeof PARCEL_OUTCOMES)[number]

/** One parcel handed to a carrier: its tracking number, the manifest day, and what became of it. */
export const parcels = sqliteTable(
  'parcels',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id')
      .notNull()
      .references(() => shipments.requestId),
    parcelNo: integer('parcel_no').notNull(),
    carrier: text('carrier').notNull(),
    service: text('service').notNull(),
    trackingNumber: text('tracking_number'),
    dispatchedAt: text('dispatched_at').notNull(),
    /** The local calendar day of the end-of-day manifest it is listed on. */
    manifestDate: text('manifest_date').notNull(),
    outcome: text('outcome', { enum: PARCEL_OUTCOMES }),
    outcomeAt: text('outcome_at'),
    outcomeNote: text('outcome_note'),
    outcomeSource: text('outcome_source', { enum: ['hand', 'carrier_csv'] })
  },
  (t) => [
    // A parcel returned to sender and sent again is a new dispatch with its own parcels; the old ones stay as history.
    uniqueIndex('parcels_request_dispatch_no').on(t.requestId, t.dispatchedAt, t.parcelNo),
    // Tracking number first: the one index both keeps a carrier's numbers unique and finds a
    // parcel by its number alone (search, carriers' outcomes), which had an index of its own.
    uniqueIndex('parcels_tracking')
      .on(t.trackingNumber, t.carrier)
      .where(sql`${t.trackingNumber} IS NOT NULL`),
    index('parcels_manifest').on(t.manifestDate, t.carrier),
    // Returned parcels are few (hundreds a year): recall and the CD balance check ask of every bag
    // whether any of its parcels came back before reading its last dispatch (`bagBackInPharmacy`).
    index('parcels_returned')
      .on(t.requestId)
      .where(sql`${t.outcome} = 'returned'`)
  ]
)

/**
 * Which packs went in a parcel, written at dispatch from the packing's `parcel_contents`: a parcel
 * back then gives back exactly its packs (registers, balance check, what is packed again).
 * Append-only: what went in a parcel does not change afterwards.
 */
export const parcelPacks = sqliteTable(
  'parcel_packs',
  {
    parcelId: integer('parcel_id')
      .notNull()
      .references(() => parcels.id),
    dispensedPackId: integer('dispensed_pack_id')
      .notNull()
      .references(() => dispensedPacks.id)
  },
  (t) => [
    primaryKey({ columns: [t.parcelId, t.dispensedPackId] }),
    // The balance check and the bag ask of each pack which parcels it went in.
    index('parcel_packs_pack').on(t.dispensedPackId, t.parcelId)
  ]
)
