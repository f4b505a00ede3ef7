/** Opens the sandbox's own SQLite file (or `:memory:`) and brings its schema up to date. */
import Database from 'better-sqlite3'

export type Db = Database.Database

const SCHEMA_VERSION = 2

const SCHEMA_V1 = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;

CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  state TEXT NOT NULL,
  snapshot TEXT NOT NULL
) STRICT;

CREATE TABLE feed (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  request_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  at TEXT NOT NULL,
  emitted_ms INTEGER NOT NULL,
  request TEXT NOT NULL,
  copy_of INTEGER,
  redelivered INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  request_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at TEXT NOT NULL,
  state_before TEXT NOT NULL,
  state_after TEXT NOT NULL,
  version_after INTEGER NOT NULL
) STRICT;
CREATE INDEX events_by_request ON events (request_id, seq);

CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  request_id TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
`

/**
 * The feed's retention asks for the last entry emitted before a time at every feed call: without
 * this index that read every entry the feed holds, and a busy feed spent most of its time there.
 */
const SCHEMA_V2 = `CREATE INDEX feed_by_emitted ON feed (emitted_ms);`

/**
 * `durable: false` skips the flush to disk at each commit: for tools that build a database they
 * would simply build again after a crash (the year store's generator), never for training.
 */
export function openDatabase(file: string, options: { durable?: boolean } = {}): Db {
  const db = new Database(file)
  if (file !== ':memory:') db.pragma('journal_mode = WAL')
  db.pragma(options.durable === false ? 'synchronous = OFF' : 'synchronous = FULL')
  db.pragma('foreign_keys = ON')
  const version = db.pragma('user_version', { simple: true })
  if (version === 0 || version === 1) {
    db.transaction(() => {
      if (version === 0) db.exec(SCHEMA_V1)
      db.exec(SCHEMA_V2)
      db.pragma(`user_version = ${SCHEMA_VERSION}`)
    })()
  } else if (version !== SCHEMA_VERSION) {
    db.close()
    throw new Error(`sandbox database ${file} has schema version ${String(version)}, expected ${SCHEMA_VERSION}`)
  }
  return db
}
