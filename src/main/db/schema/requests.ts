import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core'

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
    itemCount: integer('item_count').notNull(),
    hasControlledDrug: integer('has_controlled_drug', { mode: 'boolean' }).notNull(),
    hardCopyRequired: integer('hard_copy_required', { mode: 'boolean' }).notNull(),
    deliveryService: text('delivery_service').notNull(),
    receivedAt: text('received_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    snapshot: text('snapshot').notNull(),
    /** The counter's own version of the request: one more at every step, so a command based on an older one is refused. */
    revision: integer('revision').notNull().default(0)
  },
  (table) => [index('requests_stage').on(table.stage, table.stageSince)]
)
