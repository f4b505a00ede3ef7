import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * The store's full integrity checks (`PRAGMA integrity_check`), run in the background on a
 * schedule, on an administrator's demand, or at start after a stop that never closed the store.
 * Kept so that the last result outlives a restart: a failure stays on every screen until a later
 * check passes.
 */
export const storeChecks = sqliteTable(
  'store_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 'schedule', 'administrator' or 'unclean-stop'. */
    reason: text('reason').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at').notNull(),
    /** What the check found wrong, as JSON (an array of SQLite's own lines); [] when sound. */
    problems: text('problems').notNull(),
    /** Who asked, when an administrator did. */
    requestedByName: text('requested_by_name')
  },
  (t) => [index('store_checks_finished').on(t.finishedAt)]
)
