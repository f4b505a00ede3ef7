import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core'

/**
 * Each time an original paper prescription is received and checked against its request: who,
 * when, the form and its serial, what the person found line by line, and whether it matched.
 */
export const hardCopies = sqliteTable(
  'hard_copies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id').notNull(),
    receivedAt: text('received_at').notNull(),
    receivedById: text('received_by_id').notNull(),
    receivedByName: text('received_by_name').notNull(),
    formType: text('form_type').notNull(),
    serial: text('serial').notNull(),
    /** JSON: the receipt as entered (patient, prescriber, date, lines). */
    checks: text('checks').notNull(),
    /** JSON array of what did not match; empty when it all did. */
    mismatches: text('mismatches').notNull(),
    matches: integer('matches', { mode: 'boolean' }).notNull()
  },
  (table) => [index('hard_copies_request').on(table.requestId, table.id)]
)
