import { sql } from 'drizzle-orm'
import { sqliteTable, text, integer, index, blob, customType } from 'drizzle-orm/sqlite-core'
import {
  readActor,
  readName,
  readSummary,
  readTime,
  storedActor,
  storedName,
  storedSummary,
  storedTime
} from '../audit-packing'

/**
 * Kept as an integer of milliseconds when that gives back the same text, else as the text: a
 * column without a type, so SQLite converts neither (db/audit-packing.ts). Read as the text.
 */
const entryTime = customType<{ data: string; driverData: number | bigint | string; notNull: true }>({
  dataType: () => 'blob',
  toDriver: storedTime,
  fromDriver: readTime
})

/** A member of staff's id kept as the 16 bytes of its UUID (db/audit-packing.ts), any other as its text. */
const entryActor = customType<{ data: string; driverData: Buffer | string | null }>({
  dataType: () => 'blob',
  toDriver: storedActor,
  // Drizzle reads a NULL as null without asking the column.
  fromDriver: (stored) => readActor(stored!)
})

/**
 * A command or kind of entity kept as one byte when it is a listed name (db/audit-packing.ts), any
 * other as its text: a text column keeps a blob as it is. Read as the text; a query comparing it
 * with a name binds the name the same way.
 */
const entryName = customType<{ data: string; driverData: Buffer | string; notNull: true }>({
  dataType: () => 'text',
  toDriver: storedName,
  fromDriver: readName
})

/** JSON kept packed by words (db/audit-packing.ts), or as its text. Read as the text. */
const entrySummary = customType<{ data: string; driverData: Buffer | string; notNull: true }>({
  dataType: () => 'blob',
  toDriver: storedSummary,
  fromDriver: readSummary
})

/**
 * The trail's keying entries (`audit.chainKeyed`: its command kept as the byte 0, the first listed
 * name, or as its text). Every start asks for the last one; without an index of their own that read
 * walked back through the whole trail (2.6 million entries in a year), so this condition is both the
 * partial index's and the query's, written the same for SQLite to match them.
 */
export const chainKeyedEntry = sql`command IN (x'00', 'audit.chainKeyed')`

/**
 * Append-only (triggers refuse UPDATE, DELETE and any INSERT but the next entry). Each row's hash
 * is a keyed MAC (HMAC-SHA256 under a key kept outside the database, src/main/audit/chain.ts) of
 * its content and the hash of the row before it, so a row changed, removed or recomputed without
 * the key breaks the chain at that row. Entries before the first `audit.chainKeyed` entry were
 * written unkeyed (plain SHA-256); the keyed entry after them pins them.
 *
 * The hash is kept as its 32 bytes, and the hash before is not kept again in each row: it is the
 * previous row's, read from there (a year's trail is over a million entries; the hex text of both
 * was a third of each row). What is hashed is unchanged: the hex text of both.
 *
 * For the same reason the time is kept as milliseconds, a member of staff's id as 16 bytes, the
 * command and kind of entity as a byte and the summary packed by words; each reads
 * back as the very text that was hashed (db/audit-packing.ts).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: entryTime('at').notNull(),
    actorId: entryActor('actor_id'),
    actorName: text('actor_name'),
    command: entryName('command').notNull(),
    entityType: entryName('entity_type').notNull(),
    entityId: text('entity_id'),
    /** JSON: `{ before, after }` or other small summary of the change. */
    summary: entrySummary('summary').notNull(),
    hash: blob('hash', { mode: 'buffer' }).notNull()
  },
  // An entity's entries, newest first (a request's timeline): by its id alone, as every query asks.
  // In seq's order without naming it: seq is the rowid, which every index entry holds anyway (named,
  // it was kept twice).
  (table) => [
    index('audit_log_entity_id').on(table.entityId),
    index('audit_log_chain_keyed').on(table.seq).where(chainKeyedEntry)
  ]
)

/**
 * One seal per row written to a register table (and per closing of an RP period or absence),
 * written by that table's triggers in the same statement: a digest of the row's columns, chained
 * and MACed under the audit key like the audit trail. A register row edited, removed or added
 * behind the app's back no longer matches its seal, or has none (src/main/audit/row-seals.ts).
 *
 * Like the trail's, the digest and the MAC are kept as their 32 bytes, and the MAC before is not
 * kept again in each row: it is the previous seal's. What is MACed is unchanged (hex text).
 */
export const rowSeals = sqliteTable(
  'row_seals',
  {
    seq: integer('seq').primaryKey(),
    tableName: text('table_name').notNull(),
    rowKey: text('row_key').notNull(),
    /** SHA-256 of the row's columns as `json_array(...)`, in the table's column order. */
    rowDigest: blob('row_digest', { mode: 'buffer' }).notNull(),
    mac: blob('mac', { mode: 'buffer' }).notNull()
  }
  // No index by row: only audit.verify looks seals up by row, and it sorts them once a check
  // (row-seals.ts) rather than the store keeping a year of seals in a second order.
)
