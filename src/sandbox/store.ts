/** The requests Phensys holds for this provider, and the status events it accepted for them. */
import type { Db } from './db'

/** A snapshot as stored: raw JSON, unknown fields kept. */
export type RawSnapshot = Record<string, unknown>

export interface StoredRequest {
  id: string
  version: number
  state: string
  snapshot: RawSnapshot
}

export interface RecordedEvent {
  eventId: string
  requestId: string
  idempotencyKey: string
  type: string
  body: unknown
  receivedAt: string
  stateBefore: string
  stateAfter: string
  versionAfter: number
}

interface RequestRow {
  id: string
  version: number
  state: string
  snapshot: string
}
interface EventRow {
  seq: number
  event_id: string
  request_id: string
  idempotency_key: string
  type: string
  body: string
  received_at: string
  state_before: string
  state_after: string
  version_after: number
}

function stateOf(snapshot: RawSnapshot): string {
  return typeof snapshot.state === 'string' ? snapshot.state : ''
}

function versionOf(snapshot: RawSnapshot): number {
  return typeof snapshot.version === 'number' ? snapshot.version : 0
}

function toRequest(row: RequestRow): StoredRequest {
  return { id: row.id, version: row.version, state: row.state, snapshot: JSON.parse(row.snapshot) as RawSnapshot }
}

export class RequestStore {
  private readonly getStmt
  private readonly insertStmt
  private readonly updateStmt
  private readonly countStmt
  private readonly insertEventStmt
  private readonly eventsStmt
  private readonly lastEventSeqStmt

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare<[string], RequestRow>('SELECT id, version, state, snapshot FROM requests WHERE id = ?')
    this.insertStmt = db.prepare<[string, number, string, string]>(
      'INSERT INTO requests (id, version, state, snapshot) VALUES (?, ?, ?, ?)'
    )
    this.updateStmt = db.prepare<[number, string, string, string]>(
      'UPDATE requests SET version = ?, state = ?, snapshot = ? WHERE id = ?'
    )
    this.countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM requests')
    this.insertEventStmt = db.prepare<[string, string, string, string, string, string, string, string, number]>(
      `INSERT INTO events (event_id, request_id, idempotency_key, type, body, received_at, state_before, state_after, version_after)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    this.eventsStmt = db.prepare<[string], EventRow>('SELECT * FROM events WHERE request_id = ? ORDER BY seq')
    this.lastEventSeqStmt = db.prepare<[], { seq: number | null }>(
      "SELECT seq FROM sqlite_sequence WHERE name = 'events'"
    )
  }

  get(id: string): StoredRequest | null {
    const row = this.getStmt.get(id)
    return row ? toRequest(row) : null
  }

  count(): number {
    return this.countStmt.get()?.n ?? 0
  }

  insert(snapshot: RawSnapshot & { id: string }): void {
    this.insertStmt.run(snapshot.id, versionOf(snapshot), stateOf(snapshot), JSON.stringify(snapshot))
  }

  update(snapshot: RawSnapshot & { id: string }): void {
    this.updateStmt.run(versionOf(snapshot), stateOf(snapshot), JSON.stringify(snapshot), snapshot.id)
  }

  /** Requests in id order after `after`; `open` leaves out the terminal states. */
  list(options: { open: boolean; after: string | null; limit: number; terminalStates: readonly string[] }): {
    requests: StoredRequest[]
    next: string | null
  } {
    const terminal = options.open ? options.terminalStates : []
    const placeholders = terminal.map(() => '?').join(', ')
    const where = [
      options.after === null ? null : 'id > ?',
      terminal.length > 0 ? `state NOT IN (${placeholders})` : null
    ].filter((part): part is string => part !== null)
    const sql = `SELECT id, version, state, snapshot FROM requests
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`
    const params: (string | number)[] = [
      ...(options.after === null ? [] : [options.after]),
      ...terminal,
      options.limit + 1
    ]
    const rows = this.db.prepare<(string | number)[], RequestRow>(sql).all(...params)
    const page = rows.slice(0, options.limit).map(toRequest)
    const last = page.at(-1)
    return { requests: page, next: rows.length > options.limit && last ? last.id : null }
  }

  /** The id the next recorded event will get: `ev_000042`. */
  nextEventId(): string {
    const last = this.lastEventSeqStmt.get()?.seq ?? 0
    return `ev_${String(last + 1).padStart(6, '0')}`
  }

  recordEvent(event: RecordedEvent): void {
    this.insertEventStmt.run(
      event.eventId,
      event.requestId,
      event.idempotencyKey,
      event.type,
      JSON.stringify(event.body),
      event.receivedAt,
      event.stateBefore,
      event.stateAfter,
      event.versionAfter
    )
  }

  events(requestId: string): RecordedEvent[] {
    return this.eventsStmt.all(requestId).map((row) => ({
      eventId: row.event_id,
      requestId: row.request_id,
      idempotencyKey: row.idempotency_key,
      type: row.type,
      body: JSON.parse(row.body) as unknown,
      receivedAt: row.received_at,
      stateBefore: row.state_before,
      stateAfter: row.state_after,
      versionAfter: row.version_after
    }))
  }
}
