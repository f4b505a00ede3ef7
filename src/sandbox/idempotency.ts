/**
 * Idempotency keys for status events, kept forever in SQLite.
 *
 * "Same body" means the same request and the same JSON value: the fingerprint is the SHA-256 of
 * the request id and the body in canonical JSON (RFC 8785 style: object keys sorted by UTF-16 code
 * units, no insignificant whitespace, numbers and strings as ECMAScript's JSON.stringify writes
 * them). So key order, whitespace and `1.0` versus `1` do not matter; anything else does,
 * including the request the key was used on. Keys are global to the provider (one token).
 *
 * What is stored: answers that settled the event, i.e. `201` and `409`. A `409` is final for its
 * key: retrying after the conflict is resolved takes a new key. Answers that did not settle it
 * (`400`, `401`, `404`, injected `429`/`5xx`) are not stored, so the same key may be sent again.
 */
import { createHash } from 'node:crypto'
import type { Db } from './db'

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value)
    if (text === undefined) throw new TypeError(`${typeof value} has no JSON form`)
    return text
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const record = value as Record<string, unknown>
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
  return `{${members.join(',')}}`
}

export function fingerprint(requestId: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ requestId, body }), 'utf8').digest('hex')
}

export interface StoredAnswer {
  key: string
  fingerprint: string
  requestId: string
  status: number
  body: unknown
}

interface Row {
  key: string
  fingerprint: string
  request_id: string
  status: number
  response: string
}

export class IdempotencyStore {
  private readonly findStmt
  private readonly saveStmt

  constructor(db: Db) {
    this.findStmt = db.prepare<[string], Row>(
      'SELECT key, fingerprint, request_id, status, response FROM idempotency_keys WHERE key = ?'
    )
    this.saveStmt = db.prepare<[string, string, string, number, string, string]>(
      'INSERT INTO idempotency_keys (key, fingerprint, request_id, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)'
    )
  }

  find(key: string): StoredAnswer | null {
    const row = this.findStmt.get(key)
    if (!row) return null
    return {
      key: row.key,
      fingerprint: row.fingerprint,
      requestId: row.request_id,
      status: row.status,
      body: JSON.parse(row.response) as unknown
    }
  }

  save(answer: StoredAnswer, createdAt: string): void {
    this.saveStmt.run(
      answer.key,
      answer.fingerprint,
      answer.requestId,
      answer.status,
      JSON.stringify(answer.body),
      createdAt
    )
  }
}
