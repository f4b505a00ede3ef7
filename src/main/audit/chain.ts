import { createHash, createHmac } from 'node:crypto'
import type { auditLog } from '../db'

export type AuditRow = typeof auditLog.$inferSelect

/** What an entry's hash covers: its content and the hash of the entry before it, both as hex text. */
export type ChainedEntry = Omit<AuditRow, 'hash'> & { prevHash: string }

/** The hash the first entry links to. */
export const GENESIS = '0'.repeat(64)

/** The command of the entry that starts a keyed part of the trail; its summary names the key. */
export const CHAIN_KEYED = 'audit.chainKeyed'
/** The command recorded when, at start, the store does not reach the head recorded outside it. */
export const ANCHOR_MISMATCH = 'audit.anchorMismatch'

function material(row: ChainedEntry): string {
  return JSON.stringify([
    row.seq,
    row.at,
    row.actorId,
    row.actorName,
    row.command,
    row.entityType,
    row.entityId,
    row.summary,
    row.prevHash
  ])
}

/**
 * An entry's hash: HMAC-SHA256 under the audit key, so that nobody without the key can write an
 * entry, or recompute the chain after changing one, that still verifies. `null` is the unkeyed
 * SHA-256 of entries written before the trail was keyed.
 */
export function entryHash(row: ChainedEntry, key: Buffer | null): string {
  const data = material(row)
  return key ? createHmac('sha256', key).update(data).digest('hex') : createHash('sha256').update(data).digest('hex')
}

/** Names a key without revealing it: recorded in the trail where a keyed part begins. */
export function keyId(key: Buffer): string {
  return createHmac('sha256', key).update('pharmetra audit key id').digest('hex').slice(0, 16)
}
