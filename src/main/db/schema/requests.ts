import { sql } from 'drizzle-orm'
import { sqliteTable, text, integer, index, customType } from 'drizzle-orm/sqlite-core'
import { CLOSED_STAGES } from '../../../shared/workflow/stages'
import { readSnapshot } from '../snapshot-packing'

/**
 * The open requests, as SQL with the closed stages written out: a query must carry this very
 * condition, literally (not as bound parameters), for SQLite to use the open-requests index.
 */
export const OPEN_REQUEST_SQL = `"stage" NOT IN (${CLOSED_STAGES.map((stage) => `'${stage}'`).join(', ')})`
export const OPEN_REQUEST = sql.raw(OPEN_REQUEST_SQL)

/**
 * The stages after which a request's snapshot is kept deflated (maintenance/closed-requests.ts):
 * nothing more happens to it at the counter. Dispatched is not one: its delivery is still to come.
 */
export const PACKED_SNAPSHOT_STAGES = ['delivered', 'cancelled', 'rejected'] as const
const PACKED_SNAPSHOT_STAGES_SQL = PACKED_SNAPSHOT_STAGES.map((stage) => `'${stage}'`).join(', ')

/**
 * Phensys's snapshot as JSON text; once the request is closed (and some days old) deflated in the
 * background, in the same column (db/snapshot-packing.ts). Read as the JSON either way; a query
 * reading inside it goes through `counter_snapshot(...)`.
 */
const snapshotJson = customType<{ data: string; driverData: string | Buffer; notNull: true }>({
  dataType: () => 'text',
  fromDriver: readSnapshot
})

/**
 * Closed requests whose snapshot is still JSON text, as a query must say it (literally) for
 * SQLite to use the partial index `requests_unpacked`.
 */
export const UNPACKED_CLOSED_REQUEST = sql.raw(
  `"stage" IN (${PACKED_SNAPSHOT_STAGES_SQL}) AND typeof("snapshot") = 'text'`
)

/**
 * Fulfilment requests as the counter knows them: Phensys's latest snapshot (raw JSON, unknown
 * fields kept) plus the counter's own operational stage. Columns beside the snapshot are the
 * ones the worklist filters and sorts by.
 */
export const requests = sqliteTable(
  'requests',
  {
    id: text('id').primaryKey(),
    version: integer('version').notNull(),
    phensysState: text('phensys_state').notNull(),
    stage: text('stage').notNull(),
    stageSince: text('stage_since').notNull(),
    route: text('route').notNull(),
    patientName: text('patient_name').notNull(),
    /** Phensys's patient id: how the patient's record gathers their requests. */
    patientId: text('patient_id').notNull().default(''),
    patientDob: text('patient_dob').notNull().default(''),
    /** The delivery postcode, capitals and no spaces: searched and matched. */
    patientPostcode: text('patient_postcode').notNull().default(''),
    /** Name, date of birth and postcode (shared/clinical/identity.ts): possibly the same person under another id. */
    patientMatchKey: text('patient_match_key').notNull().default(''),
    itemCount: integer('item_count').notNull(),
    hasControlledDrug: integer('has_controlled_drug', { mode: 'boolean' }).notNull(),
    hardCopyRequired: integer('hard_copy_required', { mode: 'boolean' }).notNull(),
    deliveryService: text('delivery_service').notNull(),
    receivedAt: text('received_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    snapshot: snapshotJson('snapshot').notNull(),
    /** The counter's own version of the request: one more at every step, so a command based on an older one is refused. */
    revision: integer('revision').notNull().default(0),
    /**
     * The short form a label's barcode carries for an id too long to carry as it is
     * (shared/scan/own-labels.ts); null for every other id. Set when the request is first stored.
     */
    labelRef: text('label_ref')
  },
  (table) => [
    index('requests_stage').on(table.stage, table.stageSince),
    index('requests_patient').on(table.patientId, table.receivedAt),
    index('requests_patient_match').on(table.patientMatchKey),
    index('requests_patient_dob').on(table.patientDob),
    index('requests_patient_postcode').on(table.patientPostcode),
    index('requests_received').on(table.receivedAt),
    // Search by any part of a name reads this small index end to end, not every snapshot.
    index('requests_patient_name').on(table.patientName, table.receivedAt, table.id),
    // The worklist: open requests only (a few thousand of a year's 150,000), in the list's order,
    // holding every column the list shows, so the list is read from the index alone.
    index('requests_open')
      .on(
        table.stageSince,
        table.id,
        table.stage,
        table.phensysState,
        table.route,
        table.patientName,
        table.itemCount,
        table.hasControlledDrug,
        table.hardCopyRequired,
        table.deliveryService,
        table.receivedAt,
        table.revision
      )
      .where(OPEN_REQUEST),
    // The stages' counts over the open requests: the same rows as requests_open, in stage order and
    // a quarter of its width, so counting them is one short walk with no sorting.
    index('requests_open_stages').on(table.stage, table.hardCopyRequired, table.stageSince).where(OPEN_REQUEST),
    // A scanned label's short form finds its request; only the few long ids have one.
    index('requests_label_ref')
      .on(table.labelRef)
      .where(sql`${table.labelRef} IS NOT NULL`),
    // Closed requests whose snapshot is not yet deflated: few, once the packing has caught up.
    index('requests_unpacked').on(table.stageSince).where(UNPACKED_CLOSED_REQUEST)
  ]
)
