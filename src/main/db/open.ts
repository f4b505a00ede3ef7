import Database from 'better-sqlite3'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { randomBytes } from 'node:crypto'
import * as schema from './schema'
import { registerSealFunctions } from './row-seal-functions'
import { registerAuditPackingFunctions } from './audit-packing'
import { registerSnapshotFunction } from './snapshot-packing'
import { findMigrationsDir } from '../resources'

/**
 * Drizzle's typed query builder on a connection: the same connection, so a query built here runs
 * inside a transaction opened with `sqlite.transaction(...)` and `db.$client` is that connection.
 */
export function counterDb(sqlite: Database.Database): CounterDb {
  return drizzle(sqlite, { schema })
}

export type CounterDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export interface Store {
  /** The raw connection: transactions and the few hand-tuned statements whose SQL the builder does not express. */
  sqlite: Database.Database
  db: CounterDb
  /** False when the last run never closed the store (a crash, a power cut): the full check ran at this open. */
  lastStopWasClean: boolean
  close(): void
}

/**
 * Lies beside the store while it is open and is removed when it closes. Found at the next open, it
 * says the last run stopped without closing the store: only then is the full integrity check worth
 * its time at start (seconds on a year's store); otherwise it runs in the background (store-checks).
 */
function inUseMarker(file: string): string {
  return `${file}.in-use`
}

/** What `PRAGMA integrity_check` finds wrong: nothing when the store is sound. */
export function integrityProblems(sqlite: Database.Database): string[] {
  const rows = sqlite.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>
  return rows.map((row) => row.integrity_check).filter((line) => line !== 'ok')
}

class StoreIntegrityError extends Error {
  constructor(file: string, problems: string[]) {
    super(
      `The local database ${file} failed its integrity check (${problems.slice(0, 3).join('; ')}). ` +
        'Do not keep working on it: restore the latest backup or ask support to repair it.'
    )
    this.name = 'StoreIntegrityError'
  }
}

export interface StoreOptions {
  /** Defaults to the `drizzle/` folder beside the app. */
  migrationsDir?: string | undefined
  /** Under Electron the shell passes the addon rebuilt for Electron's ABI (scripts/rebuild-for-electron.mjs). */
  nativeBinding?: string | undefined
  /**
   * The audit key: the register tables' triggers seal every row with it. Tools and tests that
   * never verify may leave it out (a key of the moment is used; seals made with it never verify).
   */
  auditKey?: Buffer | undefined
}

/**
 * Opens (creating if needed) the counter's SQLite store and brings its schema up to date. WAL for
 * concurrent reads while writing; synchronous=FULL because a dispensing record must survive a
 * power cut at the counter. The full integrity check runs here only after a stop that never closed
 * the store; a clean start reads the schema's version (the file header and the schema page) and
 * leaves the full check to the background schedule.
 */
export function openStore(file: string, options: StoreOptions = {}): Store {
  const marker = inUseMarker(file)
  const lastStopWasClean = !existsSync(marker)
  const sqlite = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    // REPLACE then fires the DELETE triggers of the row it would remove, so it is refused as a DELETE.
    sqlite.pragma('recursive_triggers = ON')
    registerSealFunctions(sqlite, options.auditKey ?? randomBytes(32))
    registerAuditPackingFunctions(sqlite)
    registerSnapshotFunction(sqlite)
    sqlite.pragma('schema_version')
    if (!lastStopWasClean) {
      const failures = integrityProblems(sqlite)
      if (failures.length > 0) throw new StoreIntegrityError(file, failures)
    }
    const db = counterDb(sqlite)
    migrate(db, { migrationsFolder: options.migrationsDir ?? findMigrationsDir() })
    writeFileSync(marker, `opened by process ${process.pid} at ${new Date().toISOString()}\n`)
    return {
      sqlite,
      db,
      lastStopWasClean,
      close: () => {
        sqlite.close()
        rmSync(marker, { force: true })
      }
    }
  } catch (error) {
    sqlite.close()
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
      throw new StoreIntegrityError(file, [(error as Error).message])
    }
    throw error
  }
}
