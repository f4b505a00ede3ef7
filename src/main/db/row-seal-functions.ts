import type Database from 'better-sqlite3'
import { createHash, createHmac } from 'node:crypto'

/** SHA-256 of a register row's columns written as `json_array(...)` by SQLite. */
export function rowDigest(rowJson: string): string {
  return createHash('sha256').update(rowJson).digest('hex')
}

/** A register row's seal: its place in the chain of seals, its table, key and digest, and the seal before. */
export function sealMac(
  key: Buffer,
  seq: number,
  table: string,
  rowKey: unknown,
  digest: string,
  prev: string
): string {
  return createHmac('sha256', key)
    .update(JSON.stringify([seq, table, String(rowKey), digest, prev]))
    .digest('hex')
}

/**
 * The functions the register tables' seal triggers call (drizzle/, `*_seal`; src/main/audit/
 * checks the seals). They exist only on the app's own connection: any other program that inserts
 * into a register table is refused ("no such function") unless it drops the trigger, and then its
 * row has no seal.
 */
export function registerSealFunctions(sqlite: Database.Database, key: Buffer): void {
  sqlite.function('counter_row_digest', { deterministic: true }, (rowJson: unknown) => rowDigest(String(rowJson)))
  sqlite.function(
    'counter_seal_mac',
    { deterministic: true },
    (seq: unknown, table: unknown, rowKey: unknown, digest: unknown, prev: unknown) =>
      sealMac(key, Number(seq), String(table), rowKey, String(digest), String(prev))
  )
}
