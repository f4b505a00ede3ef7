import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core'

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  /** JSON array of roles. */
  roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
  gphcNumber: text('gphc_number'),
  /** `scrypt$N$r$p$salt$hash`, see users/secrets.ts. */
  secretHash: text('secret_hash').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Wrong sign-ins in a row... */
  failedAttempts: integer('failed_attempts').notNull().default(0),
  /** ...and until when the account's next one must wait (auth/sign-in-delay.ts). */
  retryAfter: text('locked_until'),
  createdAt: text('created_at').notNull()
})
