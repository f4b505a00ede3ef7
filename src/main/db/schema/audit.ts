import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core'

/**
 * Append-only (triggers in the migration refuse UPDATE and DELETE). Each row carries the hash of
 * the one before, so any later change to a row breaks the chain at that row.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: text('at').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    command: text('command').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    /** JSON: `{ before, after }` or other small summary of the change. */
    summary: text('summary').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull()
  },
  (table) => [
    index('audit_log_entity').on(table.entityType, table.entityId, table.seq),
    index('audit_log_entity_id').on(table.entityId, table.seq)
  ]
)
