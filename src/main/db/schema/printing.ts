import { sql } from 'drizzle-orm'
import { sqliteTable, text, integer, index, blob } from 'drizzle-orm/sqlite-core'
import type { PrintJobState, PrintJobView } from '../../../shared/contract'

/**
 * Print jobs: created in the transaction of the command that needs the labels, sent after commit
 * by the print queue, kept with their state. `payload` is the labels as laid out (JSON), so a
 * reprint is the same labels; once a job has printed they are kept deflated in `labels_packed`
 * instead, against a dictionary of what labels say (devices/label-packing.ts; a year of labels
 * would otherwise fill the store), and `payload` is emptied. `labels_dictionary` says which
 * dictionary (2: the labels kept lean, a line's run that only repeats it left out; 1: as they
 * were); NULL, not yet packed with it. `payload_packed` holds those of a store from before,
 * deflated without a dictionary, until they are packed again.
 *
 * `withdrawn_at`: the request was stopped (cancelled at Phensys) while the job was waiting or at
 * the printer. A waiting job is then `cancelled` and never sent; one already sent and printed
 * carries a `notice` for a person: the label must not be used. A bag label job that had already
 * printed when its request was stopped (cancelled, rejected) keeps its row and state and is recorded
 * void the same way: `withdrawn_at` set and a `notice` saying why ("Void: request cancelled at
 * Phensys. …"), in the transaction of the stop (no migration: both columns were there).
 *
 * `destination`: the printer the job goes to, chosen by the bench that asked for it: `host` (the
 * printer the host drives) or a workstation's id (the printer attached to that bench, reached
 * through it); `destination_name` says it in words. `printer` records the printer it was sent to.
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
    reprintOf: integer('reprint_of'),
    payloadPacked: blob('payload_packed', { mode: 'buffer' }),
    withdrawnAt: text('withdrawn_at'),
    notice: text('notice'),
    destination: text('destination').notNull().default('host'),
    destinationName: text('destination_name').notNull().default("the host's printer"),
    labelsPacked: blob('labels_packed', { mode: 'buffer' }),
    labelsDictionary: integer('labels_dictionary')
  },
  (table) => [
    // Only the few jobs still to print, or caught mid-send, are ever looked up by state: these leave
    // the year of printed ones out. A query uses them only when it says the same condition.
    index('print_jobs_waiting')
      .on(table.state, table.nextAttemptAt)
      .where(sql`${table.state} IN ('queued', 'retrying')`),
    index('print_jobs_sending')
      .on(table.id)
      .where(sql`${table.state} = 'sending'`),
    // In id order within a request without naming it: every index entry ends with the rowid (the id).
    index('print_jobs_request').on(table.requestId),
    // Printed jobs whose labels are not yet packed with a dictionary: few, once the queue has caught up.
    index('print_jobs_unpacked')
      .on(table.id)
      .where(sql`${table.state} = 'delivered' AND ${table.labelsDictionary} IS NULL`)
  ]
)
