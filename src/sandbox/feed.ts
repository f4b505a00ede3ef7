/**
 * The provider feed: an append-only log of request snapshots with cursors `c_000123`.
 *
 * Retention: entries are kept for `retentionMs` (7 days) after they were emitted, by the sandbox
 * clock, and can be expired early with `expireBefore` (the `POST /sandbox/feed/expire` control
 * call). Expiry always removes a prefix of the log, so what is kept is a contiguous tail, and
 * `purgedThrough` is the last sequence number removed. A cursor is expired (410) when entries after
 * it were removed (`seq < purgedThrough`) or when it is ahead of anything the feed ever issued
 * (a cursor from another sandbox database).
 */
import type { Db } from './db'
import type { RawSnapshot } from './store'
import { timestamp, type Clock } from './time'

export interface FeedEntry {
  cursor: string
  kind: string
  requestId: string
  version: number
  at: string
  request: RawSnapshot
}

/** An entry with the facts the fault layer needs. */
export interface FeedRow extends FeedEntry {
  seq: number
  isCopy: boolean
  redelivered: boolean
}

export interface FeedPageResult {
  rows: FeedRow[]
  next: string | null
  more: boolean
}

export class CursorExpiredError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CursorExpiredError'
  }
}

export class InvalidCursorError extends Error {
  constructor(cursor: string) {
    super(`"${cursor}" is not a feed cursor (expected c_ and digits)`)
    this.name = 'InvalidCursorError'
  }
}

const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000

export function formatCursor(seq: number): string {
  return `c_${String(seq).padStart(6, '0')}`
}

export function parseCursor(cursor: string): number {
  const match = /^c_(\d{1,15})$/.exec(cursor)
  if (!match?.[1]) throw new InvalidCursorError(cursor)
  return Number(match[1])
}

interface Row {
  seq: number
  kind: string
  request_id: string
  version: number
  at: string
  request: string
  copy_of: number | null
  redelivered: number
}

const PURGED_THROUGH = 'feed.purged_through'

export class Feed {
  /** Set when an entry was appended; the owner wakes long-polls after its transaction. */
  appended = false
  private readonly insertStmt
  private readonly pageStmt
  private readonly lastSeqStmt
  private readonly purgedStmt
  private readonly setPurgedStmt
  private readonly deleteStmt
  private readonly lastEmittedBeforeStmt
  private readonly redeliverStmt
  private readonly markRedeliveredStmt

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly retentionMs: number = DEFAULT_RETENTION_MS
  ) {
    this.insertStmt = db.prepare<[string, string, number, string, number, string]>(
      'INSERT INTO feed (kind, request_id, version, at, emitted_ms, request) VALUES (?, ?, ?, ?, ?, ?)'
    )
    this.pageStmt = db.prepare<[number, number], Row>(
      'SELECT seq, kind, request_id, version, at, request, copy_of, redelivered FROM feed WHERE seq > ? ORDER BY seq LIMIT ?'
    )
    this.lastSeqStmt = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'feed'")
    this.purgedStmt = db.prepare<[string], { value: number }>('SELECT value FROM meta WHERE key = ?')
    this.setPurgedStmt = db.prepare<[string, number]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)'
    )
    this.deleteStmt = db.prepare<[number]>('DELETE FROM feed WHERE seq <= ?')
    // Through the index, entries newer than the cutoff are never read. Left to itself, the planner
    // walks the feed from its newest entry back, reading every entry when none has expired.
    this.lastEmittedBeforeStmt = db.prepare<[number], { seq: number | null }>(
      'SELECT max(seq) AS seq FROM feed INDEXED BY feed_by_emitted WHERE emitted_ms < ?'
    )
    this.redeliverStmt = db.prepare<[number, number]>(
      `INSERT INTO feed (kind, request_id, version, at, emitted_ms, request, copy_of)
       SELECT kind, request_id, version, at, ?, request, seq FROM feed WHERE seq = ?`
    )
    this.markRedeliveredStmt = db.prepare<[number]>('UPDATE feed SET redelivered = 1 WHERE seq = ?')
  }

  /** Appends an entry; `at` defaults to now (the seed passes the time the request was created). */
  append(entry: { kind: string; request: RawSnapshot & { id: string }; at?: string }): string {
    const now = this.clock()
    const version = typeof entry.request.version === 'number' ? entry.request.version : 0
    const result = this.insertStmt.run(
      entry.kind,
      entry.request.id,
      version,
      entry.at ?? timestamp(now),
      now.getTime(),
      JSON.stringify(entry.request)
    )
    this.appended = true
    return formatCursor(Number(result.lastInsertRowid))
  }

  /** Appends a copy of an entry under a new cursor (at-least-once delivery); once per original. */
  redeliver(seq: number): string {
    const result = this.redeliverStmt.run(this.clock().getTime(), seq)
    this.markRedeliveredStmt.run(seq)
    this.appended = true
    return formatCursor(Number(result.lastInsertRowid))
  }

  lastSeq(): number {
    return this.lastSeqStmt.get()?.seq ?? 0
  }

  purgedThrough(): number {
    return this.purgedStmt.get(PURGED_THROUGH)?.value ?? 0
  }

  /** Removes every entry with a sequence number below `seq`. */
  expireBefore(seq: number): void {
    const through = Math.min(seq - 1, this.lastSeq())
    if (through <= this.purgedThrough()) return
    this.deleteStmt.run(through)
    this.setPurgedStmt.run(PURGED_THROUGH, through)
  }

  /** Applies the retention window: drops the prefix of entries emitted before now − retention. */
  applyRetention(): void {
    const cutoff = this.clock().getTime() - this.retentionMs
    const through = this.lastEmittedBeforeStmt.get(cutoff)?.seq ?? null
    if (through !== null) this.expireBefore(through + 1)
  }

  oldestCursor(): string | null {
    const row = this.pageStmt.get(this.purgedThrough(), 1)
    return row ? formatCursor(row.seq) : null
  }

  /** One page after `after` (exclusive); throws CursorExpiredError or InvalidCursorError. */
  page(after: string | null, limit: number): FeedPageResult {
    this.applyRetention()
    let afterSeq = 0
    if (after !== null) {
      afterSeq = parseCursor(after)
      const purged = this.purgedThrough()
      if (afterSeq < purged) {
        throw new CursorExpiredError(
          `cursor ${after} is older than the feed keeps (entries through ${formatCursor(purged)} have expired)`
        )
      }
      if (afterSeq > this.lastSeq()) {
        throw new CursorExpiredError(`cursor ${after} was never issued by this feed`)
      }
    }
    const rows = this.pageStmt.all(afterSeq, limit + 1)
    const page = rows.slice(0, limit).map((row): FeedRow => ({
      seq: row.seq,
      cursor: formatCursor(row.seq),
      kind: row.kind,
      requestId: row.request_id,
      version: row.version,
      at: row.at,
      request: JSON.parse(row.request) as RawSnapshot,
      isCopy: row.copy_of !== null,
      redelivered: row.redelivered !== 0
    }))
    const last = page.at(-1)
    return { rows: page, next: last ? last.cursor : after, more: rows.length > limit }
  }
}

export function toFeedEntry(row: FeedRow): FeedEntry {
  return {
    cursor: row.cursor,
    kind: row.kind,
    requestId: row.requestId,
    version: row.version,
    at: row.at,
    request: row.request
  }
}
