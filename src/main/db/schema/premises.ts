import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core'
import { requests } from './requests'
import type { BenchPrinterChoice } from '../../../shared/contract'

/**
 * The workstations (benches) that joined this host. Only a hash of each device credential is
 * kept, so a copy of the store does not let anyone act as a bench.
 */
export const workstations = sqliteTable('workstations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  credentialHash: text('credential_hash').notNull(),
  pairedAt: text('paired_at').notNull(),
  pairedBy: text('paired_by').notNull(),
  lastContactAt: text('last_contact_at'),
  revokedAt: text('revoked_at'),
  revokedBy: text('revoked_by'),
  /** Where this bench's labels print: the printer the host drives, or the one attached to the bench. */
  defaultPrinter: text('default_printer').$type<BenchPrinterChoice>().notNull().default('host')
})

/** One-time pairing codes an administrator showed; a code works once, before it expires. */
export const pairingCodes = sqliteTable('pairing_codes', {
  codeHash: text('code_hash').primaryKey(),
  createdBy: text('created_by').notNull(),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
  usedAt: text('used_at'),
  usedBy: text('used_by')
})

/**
 * Who is working a request now, and at which bench: at most one claim per request. A claim lasts
 * while the request stays in the stage it was taken in (the workflow ends it when the stage moves).
 */
export const requestClaims = sqliteTable('request_claims', {
  requestId: text('request_id')
    .primaryKey()
    .references(() => requests.id),
  userId: text('user_id').notNull(),
  userName: text('user_name').notNull(),
  workstationId: text('workstation_id').notNull(),
  benchName: text('bench_name').notNull(),
  stage: text('stage').notNull(),
  since: text('since').notNull()
})

/** Each online backup of the store: where, when, and whether the copy was checked afterwards. */
export const backups = sqliteTable('backups', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  file: text('file').notNull(),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at').notNull(),
  verified: integer('verified', { mode: 'boolean' }).notNull(),
  problem: text('problem'),
  auditEntries: integer('audit_entries').notNull()
})
