import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core'
import type { PrintJobState, PrintJobView } from '../../../shared/contract'

/**
 * Print jobs: created in the transaction of the command that needs the labels, sent after commit
 * by the print queue, kept with their state. `payload` is the ZPL exactly as sent, so a reprint
 * is the same labels.
 */
export const printJobs = sqliteTable(
  'print_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id'),
    kind: text('kind').$type<PrintJobView['kind']>().notNull(),
    labels: integer('labels').notNull(),
    payload: text('payload').notNull(),
    state: text('state').$type<PrintJobState>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    printer: text('printer'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by'),
    deliveredAt: text('delivered_at'),
    reprintOf: integer('reprint_of')
  },
  (table) => [
    index('print_jobs_state').on(table.state, table.nextAttemptAt),
    index('print_jobs_request').on(table.requestId, table.id)
  ]
)
