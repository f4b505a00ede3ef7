import { sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** Workstation settings, one JSON value per key; see settings/settings.ts for the keys. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull()
})
