import { sql } from 'drizzle-orm'
import { sqliteTable, text, integer, index, uniqueIndex, check } from 'drizzle-orm/sqlite-core'
import { FLAG_KINDS, FLAG_SOURCES, FLAG_STATUSES, RESOLUTION_METHODS } from '../../../shared/flags/kinds'
import { requests } from './requests'
import { products } from './stock'

const FLAG_KIND_NAMES = Object.keys(FLAG_KINDS) as [keyof typeof FLAG_KINDS, ...Array<keyof typeof FLAG_KINDS>]
const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))

/**
 * Flags on requests (src/main/flags): what a person must see or decide before a step may go on,
 * with the raw value as Phensys sent it, the steps it blocks, the version it was raised on, and
 * how it was settled (who, when, how). `key` is the flag's identity within its request across
 * versions: a newer version with the same raw value keeps the flag and its resolution; a changed
 * or vanished value closes it as "no longer applies" (and a changed one raises a new flag).
 */
export const requestFlags = sqliteTable(
  'request_flags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    lineId: text('line_id'),
    kind: text('kind', { enum: FLAG_KIND_NAMES }).notNull(),
    key: text('key').notNull(),
    /** Where the value sits in the version it was raised on, e.g. "prescription.items[0].cautionaryLabels[1]". */
    path: text('path').notNull(),
    /** JSON of the value as received; null when the field was missing. */
    raw: text('raw'),
    words: text('words').notNull(),
    /** JSON array of the workflow steps it blocks (empty: shown, blocks nothing). */
    blocks: text('blocks').notNull(),
    /**
     * Who raised it (FLAG_SOURCES): `intake` flags are recomputed from each new version, others
     * are left alone by it. Neither kind nor source is a CHECK, so a later kind or source (a
     * pharmacist's clinical checks) needs no table rebuild.
     */
    source: text('source', { enum: FLAG_SOURCES }).notNull(),
    raisedVersion: integer('raised_version').notNull(),
    raisedAt: text('raised_at').notNull(),
    status: text('status', { enum: FLAG_STATUSES }).notNull(),
    /** JSON: a proposal waiting for a pharmacist (a product match). */
    proposal: text('proposal'),
    proposedAt: text('proposed_at'),
    proposedById: text('proposed_by_id'),
    proposedByName: text('proposed_by_name'),
    resolution: text('resolution', { enum: RESOLUTION_METHODS }),
    /** JSON: what the person decided (the wording, the product, the text, the reason). */
    resolutionDetail: text('resolution_detail'),
    resolvedAt: text('resolved_at'),
    resolvedById: text('resolved_by_id'),
    resolvedByName: text('resolved_by_name'),
    /** The version that no longer carries the cause. */
    closedVersion: integer('closed_version'),
    closedAt: text('closed_at')
  },
  (t) => [
    uniqueIndex('request_flags_live')
      .on(t.requestId, t.key)
      .where(sql`${t.status} <> 'no_longer_applies'`),
    index('request_flags_request').on(t.requestId, t.id),
    index('request_flags_status').on(t.status, t.requestId),
    check('request_flags_status_known', sql`${t.status} IN (${list(FLAG_STATUSES)})`),
    // Settled means who and how; a flag no longer applying keeps how it was settled, if it was.
    check(
      'request_flags_resolved',
      sql`${t.status} <> 'resolved' OR (${t.resolution} IS NOT NULL AND ${t.resolvedAt} IS NOT NULL)`
    ),
    check('request_flags_unsettled', sql`${t.status} NOT IN ('open', 'proposed') OR ${t.resolution} IS NULL`)
  ]
)

/**
 * Prescribed dm+d codes the catalogue does not know, matched by a person to a product it does
 * (a dispenser proposes, a pharmacist confirms). Remembered: the next request prescribing the same
 * code is checked and dispensed against the matched product. Written by src/main/stock.
 */
export const productMatches = sqliteTable('product_matches', {
  prescribedDmdId: text('prescribed_dmd_id').primaryKey(),
  prescribedName: text('prescribed_name').notNull(),
  matchedDmdId: text('matched_dmd_id')
    .notNull()
    .references(() => products.dmdId),
  proposedByName: text('proposed_by_name').notNull(),
  confirmedById: text('confirmed_by_id').notNull(),
  confirmedByName: text('confirmed_by_name').notNull(),
  confirmedAt: text('confirmed_at').notNull(),
  /** The request it was first matched on. */
  requestId: text('request_id').notNull()
})
