import type Database from 'better-sqlite3'
import type { StoreSpaceView } from '../../shared/contract'

/**
 * How big the store is and how much of it is free pages: space SQLite keeps after rows are
 * shrunk or removed (a sent event no longer keeps its snapshot; printed labels are deflated) and
 * reuses for new rows, but gives back to the disk only when the store is compacted.
 */
export function storeSpace(sqlite: Database.Database): StoreSpaceView {
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number
  const pages = sqlite.pragma('page_count', { simple: true }) as number
  const free = sqlite.pragma('freelist_count', { simple: true }) as number
  return { fileBytes: pages * pageSize, freeBytes: free * pageSize }
}

/**
 * Rewrites the store without its free pages (VACUUM), then empties the write-ahead log, which the
 * rewrite filled with a copy of the whole store. Offered to an administrator, never run at start:
 * the counter waits while it runs (seconds per hundred megabytes). Not inside a transaction.
 */
export function compactStore(sqlite: Database.Database): { before: StoreSpaceView; after: StoreSpaceView } {
  const before = storeSpace(sqlite)
  sqlite.exec('VACUUM')
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  return { before, after: storeSpace(sqlite) }
}
