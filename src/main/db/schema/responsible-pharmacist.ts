import { sql } from 'drizzle-orm'
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core'

/**
 * The Responsible Pharmacist record (RP Regulations 2008, reg 5): who was RP, with their GPhC
 * number as it stood, from when to when. Append-only: a period is closed once, and never edited
 * or deleted otherwise (triggers in drizzle/, next to this table's migration).
 */
export const rpPeriods = sqliteTable(
  'rp_periods',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    pharmacistId: text('pharmacist_id').notNull(),
    pharmacistName: text('pharmacist_name').notNull(),
    gphcNumber: text('gphc_number').notNull(),
    startedAt: text('started_at').notNull(),
    /** Null while this pharmacist is RP. */
    endedAt: text('ended_at'),
    endedById: text('ended_by_id'),
    endedByName: text('ended_by_name'),
    /** Why someone other than the RP closed the period (an administrator closing a forgotten one). */
    endReason: text('end_reason')
  },
  (table) => [
    index('rp_periods_started').on(table.startedAt),
    // One RP at a time, kept by the database too: at most one row without an end.
    uniqueIndex('rp_periods_one_open')
      .on(sql`(${table.endedAt} IS NULL)`)
      .where(sql`${table.endedAt} IS NULL`)
  ]
)

/** Each absence of the RP during their period: start and return. Append-only likewise. */
export const rpAbsences = sqliteTable(
  'rp_absences',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    periodId: integer('period_id')
      .notNull()
      .references(() => rpPeriods.id),
    startedAt: text('started_at').notNull(),
    /** Null while the RP is away. */
    returnedAt: text('returned_at')
  },
  (table) => [
    index('rp_absences_period').on(table.periodId, table.startedAt),
    uniqueIndex('rp_absences_one_open')
      .on(table.periodId)
      .where(sql`${table.returnedAt} IS NULL`)
  ]
)
