import { sql } from 'drizzle-orm'
import { sqliteTable, text, integer, index, uniqueIndex, check } from 'drizzle-orm/sqlite-core'
import { batches, packs } from './stock'

export const DISPENSED_PACK_STATES = ['assembled', 'returned', 'quarantined'] as const
export type DispensedPackState = (typeof DISPENSED_PACK_STATES)[number]

/**
 * Every pack scanned into a request line while dispensing: what was read, the pack, batch, expiry
 * and serial it carried, how much of it went to the line (in the ledger's thousandths), who
 * assembled it, and who re-scanned it at the accuracy check. A cancelled request's packs are
 * `returned` to stock before labelling and `quarantined` after.
 */
export const dispensedPacks = sqliteTable(
  'dispensed_packs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id').notNull(),
    lineId: text('line_id').notNull(),
    raw: text('raw').notNull(),
    gtin: text('gtin').notNull(),
    amppId: text('ampp_id')
      .notNull()
      .references(() => packs.amppId),
    batchId: integer('batch_id')
      .notNull()
      .references(() => batches.id),
    batchNo: text('batch_no').notNull(),
    expiry: text('expiry').notNull(),
    serial: text('serial'),
    quantityMilli: integer('quantity_milli').notNull(),
    assembledById: text('assembled_by_id').notNull(),
    assembledByName: text('assembled_by_name').notNull(),
    assembledAt: text('assembled_at').notNull(),
    rescannedById: text('rescanned_by_id'),
    rescannedByName: text('rescanned_by_name'),
    rescannedAt: text('rescanned_at'),
    state: text('state', { enum: DISPENSED_PACK_STATES }).notNull().default('assembled'),
    stateAt: text('state_at'),
    stateReason: text('state_reason')
  },
  (t) => [
    index('dispensed_packs_request').on(t.requestId, t.lineId, t.id),
    // Batch recall: every pack of a batch, whoever it went to.
    index('dispensed_packs_batch').on(t.batchId),
    // A serialised pack can be in one patient's bag only; once back on the shelf it may go again.
    uniqueIndex('dispensed_packs_serial')
      .on(t.gtin, t.serial)
      .where(sql`${t.serial} IS NOT NULL AND ${t.state} <> 'returned'`),
    check('dispensed_packs_quantity', sql`${t.quantityMilli} > 0`),
    check('dispensed_packs_state', sql`${t.state} IN ('assembled', 'returned', 'quarantined')`)
  ]
)

/**
 * The dispensing checks of a request: the labels job and the accuracy check (the clinical check is
 * in clinical.ts). `labelGeneration` is the print generation of the request's current labels: it
 * goes up whenever the labels printed so far stop standing (the items changed at Phensys, a new
 * round of dispensing), and every dispensing label's barcode names it, so an old label left on a
 * pack is told from the new one at the accuracy check.
 */
export const dispensingChecks = sqliteTable('dispensing_checks', {
  requestId: text('request_id').primaryKey(),
  labelGeneration: integer('label_generation').notNull().default(1),
  labelsJobId: integer('labels_job_id'),
  labelsRequestedById: text('labels_requested_by_id'),
  labelsRequestedByName: text('labels_requested_by_name'),
  labelledAt: text('labelled_at'),
  accuracyCheckById: text('accuracy_check_by_id'),
  accuracyCheckByName: text('accuracy_check_by_name'),
  accuracyCheckAt: text('accuracy_check_at'),
  selfCheck: integer('self_check', { mode: 'boolean' }).notNull().default(false)
})
