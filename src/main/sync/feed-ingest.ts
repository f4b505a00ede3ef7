import { and, count, eq, isNull, sql } from 'drizzle-orm'
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import { SYSTEM_ACTOR } from '../../shared/phensys/events'
import { readSnapshot, type SnapshotFinding } from '../../shared/phensys/read-snapshot'
import { fitsOpaqueId } from '../../shared/phensys/opaque-id'
import type { Snapshot } from '../../shared/phensys/snapshot'
import type { SnapshotChange } from '../../shared/contract'
import type { AuditTrail } from '../audit'
import { type CounterDb, placeholders, feedExceptions, outbox } from '../db'
import { classifyChange, type RequestsRepo } from '../fulfilment'
import type { RequestFlags } from '../flags'
import { feedEntryFields, type Outbox, type FeedEntry } from '../phensys'
import { echoOf } from './answer-echo'
import type { KeptEntry } from './look-ups'

const KNOWN_KINDS = [
  'request.created',
  'request.updated',
  'request.cancelled',
  'patient.decided',
  'query.resolved'
] as const

/** A kind of feed entry the contract lists (each carries its request's snapshot). */
export function isKnownKind(kind: unknown): boolean {
  return (KNOWN_KINDS as readonly unknown[]).includes(kind)
}

export interface IngestDeps {
  requests: RequestsRepo
  outbox: Outbox
  audit: AuditTrail
  /** How the counter follows what Phensys decided (the workflow's Phensys steps), in the same transaction. */
  react: (change: {
    requestId: string
    firstSeen: boolean
    snapshot: Snapshot
    /** The patient the version before was for, when this version is for another; else null. */
    formerPatientId: string | null
    changes: SnapshotChange[]
    now: Date
  }) => void
  /**
   * A version of a request the counter holds cannot be read: the workflow rejects it here as it
   * tells Phensys (its `unreadableVersion` step), or sends nothing where the request was supplied or stopped.
   */
  rejectUnreadable: (change: { requestId: string; message: string; now: Date }) => void
  /**
   * Runs a page's work inside its transaction, and after it, still inside, what is computed once
   * per page (the safety flags of the patients the page asked for).
   */
  inPage: <T>(work: () => T, now: Date) => T
}

export interface IngestResult {
  changed: Array<{ requestId: string; changes: SnapshotChange[] }>
  unreadable: number
}

/**
 * Stores Phensys snapshots: the newest version wins, older or repeated ones are ignored, and the
 * counter's stage follows Phensys's decisions. Every entry that can be a request at all is stored
 * (the tolerant reader, src/shared/phensys/read-snapshot.ts), and what in it the counter does not
 * know or cannot read is flagged on the request, in the same transaction (src/main/flags). Only an
 * entry that cannot be a request (not an object, no id, no list of items) is unreadable: kept with
 * its reason (and Phensys told, once its id is known). Runs inside the caller's transaction.
 */
export class SnapshotIngest {
  private readonly insertException
  private readonly hashKept
  private readonly hasRejection
  private readonly openUnreadable
  private readonly refreshUnreadable: Database.Statement<
    [string | null, string | null, string, string, string, string, number]
  >
  private readonly closeAwaiting: Database.Statement<[string, string, number, string]>
  private readonly rewordAwaiting: Database.Statement<[string, number, string]>
  /** Each result's changed requests by id (the entries of its `changed` list). */
  private readonly changedIndex = new WeakMap<IngestResult['changed'], Map<string, IngestResult['changed'][number]>>()

  constructor(
    db: CounterDb,
    private readonly deps: IngestDeps,
    private readonly flags: RequestFlags
  ) {
    const f = feedExceptions
    // A redelivered entry (same hash) is already kept: the unique raw_hash refuses it and nothing changes.
    this.insertException = db
      .insert(f)
      .values(placeholders(['category', 'cursor', 'kind', 'requestId', 'raw', 'rawHash', 'reason', 'receivedAt']))
      .onConflictDoNothing()
      .prepare()
    this.hashKept = db
      .select({ id: f.id })
      .from(f)
      .where(eq(f.rawHash, sql.placeholder('hash')))
      .prepare()
    this.hasRejection = db
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.requestId, sql.placeholder('requestId')), eq(outbox.type, 'rejected')))
      .prepare()
    this.openUnreadable = db
      .select({ id: f.id })
      .from(f)
      .where(and(eq(f.category, 'unreadable'), eq(f.requestId, sql.placeholder('requestId')), isNull(f.acknowledgedAt)))
      .prepare()
    // Hand-written: drizzle has no UPDATE OR IGNORE. A later version whose payload another kept
    // entry already has (the unique raw_hash) leaves the open item as it was instead of failing.
    this.refreshUnreadable = db.$client.prepare(
      `UPDATE OR IGNORE feed_exceptions SET cursor = ?, kind = ?, raw = ?, raw_hash = ?, reason = ?, received_at = ? WHERE id = ?`
    )
    // Only while the row still holds the entry it was kept with: an unreadable version that replaced it stays open.
    this.closeAwaiting = db.$client.prepare(
      `UPDATE feed_exceptions SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND raw_hash = ? AND acknowledged_at IS NULL`
    )
    this.rewordAwaiting = db.$client.prepare(
      `UPDATE feed_exceptions SET reason = ? WHERE id = ? AND raw_hash = ? AND acknowledged_at IS NULL`
    )
  }

  /** A page of the feed, in order, inside the caller's transaction; its audit entries in one run. */
  page(entries: readonly unknown[], now: Date, result: IngestResult): void {
    this.deps.audit.batch(() =>
      this.batch(() => {
        for (const entry of entries) this.entry(entry, now, result)
      }, now)
    )
  }

  /**
   * Runs many snapshots' work inside one transaction (a page of the feed, a commit of answers): what
   * the pharmacy knows is asked once per question, and the safety flags of each patient asked for
   * are computed once, at the end, still inside the transaction.
   */
  batch<T>(work: () => T, now: Date): T {
    return this.deps.inPage(() => this.flags.batch(work), now)
  }

  /** One entry as Phensys sent it: one that is no object at all (null, a string) is kept as unreadable. */
  entry(sent: unknown, now: Date, result: IngestResult): void {
    const entry = feedEntryFields(sent) ?? {}
    const kind = typeof entry.kind === 'string' ? entry.kind : null
    const cursor = typeof entry.cursor === 'string' ? entry.cursor : null
    if ((entry.request === undefined || entry.request === null) && kind && !isKnownKind(kind)) {
      // A kind from a later Phensys without a snapshot (left out or null, alike in JSON): keep it,
      // act on nothing. Read as a snapshot, null would be an unreadable request, and rejected.
      this.keep(
        'unknown_kind',
        entry,
        cursor,
        kind,
        typeof entry.requestId === 'string' ? entry.requestId : null,
        `unknown kind ${kind}`,
        now
      )
      return
    }
    this.snapshot(entry.request, now, result, { cursor, kind, entry: sent })
  }

  snapshot(
    raw: unknown,
    now: Date,
    result: IngestResult,
    origin: { cursor: string | null; kind: string | null; entry?: unknown } = { cursor: null, kind: null }
  ): void {
    // At or below the version held, a snapshot changes nothing: it is not even read.
    const claimed = raw as { id?: unknown; version?: unknown } | null
    const held = typeof claimed?.id === 'string' ? this.deps.requests.versionOf(claimed.id) : undefined
    if (held !== undefined && typeof claimed?.version === 'number' && claimed.version <= held) return
    const entryVersion = (origin.entry as { version?: unknown } | undefined)?.version
    const reading = readSnapshot(raw, typeof entryVersion === 'number' ? entryVersion : undefined)
    if (!reading.ok) {
      const entryId = (origin.entry as { requestId?: unknown } | undefined)?.requestId
      const requestId = reading.requestId ?? (typeof entryId === 'string' && fitsOpaqueId(entryId) ? entryId : null)
      // A kind from a later Phensys may carry only part of a request: what it carries says nothing
      // about whether the request can be read, so it is kept, and nothing is rejected.
      if (typeof origin.kind === 'string' && origin.entry !== undefined && !isKnownKind(origin.kind)) {
        this.keep(
          'unknown_kind',
          origin.entry,
          origin.cursor,
          origin.kind,
          requestId,
          `unknown kind ${origin.kind}`,
          now
        )
        return
      }
      const isNew = this.keep(
        'unreadable',
        origin.entry ?? raw,
        origin.cursor,
        origin.kind,
        requestId,
        reading.reason,
        now
      )
      if (isNew) result.unreadable += 1
      if (requestId && isNew && this.hasRejection.get({ requestId })?.n === 0) {
        const message = `The workstation could not read this request: ${reading.reason}`.slice(0, 2000)
        if (this.deps.requests.versionOf(requestId) !== undefined)
          return this.deps.rejectUnreadable({ requestId, message, now })
        const version = (raw as { version?: unknown } | null)?.version
        this.deps.outbox.enqueue(
          requestId,
          'rejected',
          { reason: 'request_unreadable', message },
          {
            basedOnVersion: typeof version === 'number' && version > 0 ? Math.floor(version) : 1,
            actor: SYSTEM_ACTOR,
            now
          }
        )
      }
      return
    }
    // A snapshot that reads has the id it claimed: the version held was read above.
    this.store(raw, reading.snapshot, reading.findings, held, now, result, origin.kind)
  }

  /**
   * Phensys's snapshot in its answer to one of the counter's own events, newer than the one held.
   * When it only echoes that event (src/main/sync/answer-echo.ts), the request held has no flag from
   * what Phensys sent, and the new state asks nothing of the counter (not a cancellation, rejection
   * or resolved query), the whole ingest would find what the version before found: the same flags,
   * no reaction. Then only the new version, state and time are recorded, with the audit entry every
   * version gets. Anything else, and the whole ingest runs, as for any snapshot.
   */
  answer(raw: unknown, now: Date, result: IngestResult, kind: 'event.answer'): void {
    const id = (raw as { id?: unknown } | null)?.id
    const held = typeof id === 'string' ? this.deps.requests.get(id) : undefined
    const echo = held ? echoOf(held.snapshot, raw) : null
    const changes = held && echo ? classifyChange(held.snapshot, echo) : []
    if (
      !held ||
      !echo ||
      echo.state === 'rejected' ||
      changes.some((change) => change !== 'state_changed') ||
      this.flags.fromPhensys(echo.id)
    )
      return this.snapshot(raw, now, result, { cursor: null, kind })
    this.deps.requests.recordEcho(echo, now.toISOString())
    this.auditVersion(echo, now, { kind, changes, flags: { raised: [], noLongerApply: [] } })
    this.changed(result, echo.id, changes)
  }

  /** Every version of a request Phensys tells the counter is one audit entry, whichever way it was read. */
  private auditVersion(
    snapshot: Snapshot,
    now: Date,
    reading: { kind: string | null; changes: unknown; flags: unknown }
  ): void {
    this.deps.audit.append({
      at: now.toISOString(),
      actorId: null,
      actorName: 'Phensys',
      command: 'phensys.snapshot',
      entityType: 'request',
      entityId: snapshot.id,
      summary: { version: snapshot.version, state: snapshot.state, ...reading }
    })
  }

  private store(
    raw: unknown,
    snapshot: Snapshot,
    findings: SnapshotFinding[],
    held: number | undefined,
    now: Date,
    result: IngestResult,
    kind: string | null
  ): void {
    if (held !== undefined && snapshot.version <= held) return
    // Only a request already held has a previous snapshot to compare with.
    const before = held === undefined ? undefined : this.deps.requests.get(snapshot.id)
    const outcome = this.deps.requests.ingest(snapshot, now.toISOString(), held ?? null)
    if (outcome === 'ignored') return
    const flags = this.flags.onVersion(
      snapshot.id,
      snapshot.version,
      raw,
      snapshot,
      findings,
      now.toISOString(),
      outcome === 'created'
    )
    // An item's value the reader could not read (left out, or a stand-in kept) raised, changed or
    // gone: the items differ from the version before even where what was read does not.
    const unreadItemsChanged = [...flags.raised, ...flags.noLongerApply].some(
      (flag) => flag.kind === 'unreadable_value' && /^prescription\.items\[/.test(flag.path)
    )
    const changes = classifyChange(before?.snapshot, snapshot, unreadItemsChanged)
    this.auditVersion(snapshot, now, { kind, changes, flags })
    const formerPatientId = before?.snapshot.patient.id
    this.deps.react({
      requestId: snapshot.id,
      firstSeen: before === undefined,
      snapshot,
      formerPatientId:
        formerPatientId !== undefined && formerPatientId !== snapshot.patient.id ? formerPatientId : null,
      changes,
      now
    })
    this.changed(result, snapshot.id, changes)
  }

  private changed(result: IngestResult, requestId: string, changes: SnapshotChange[]): void {
    // One entry per request, found through an index: a page of 500 would otherwise search the list 500 times.
    let byRequest = this.changedIndex.get(result.changed)
    if (!byRequest) this.changedIndex.set(result.changed, (byRequest = new Map()))
    const existing = byRequest.get(requestId)
    if (existing) existing.changes = [...new Set([...existing.changes, ...changes])]
    else {
      const entry = { requestId, changes }
      result.changed.push(entry)
      byRequest.set(requestId, entry)
    }
  }

  /**
   * A feed entry whose snapshot Phensys did not give when asked for it: kept as it came, where a
   * person sees it, and nothing rejected (Phensys being busy does not make a request unreadable).
   * Its own item, never merged into another's. Returns the row, or null when this entry is kept already.
   */
  awaitingSnapshot(entry: FeedEntry, reason: string, now: Date): KeptEntry | null {
    // Not `unreadable`: an unreadable version of the request arriving meanwhile is its own item,
    // and Phensys is told of it (the contract), whatever the look-up still waits for.
    if (this.keptAsSent(entry)) return null
    const kept = this.insertException.run({
      category: 'awaiting_snapshot',
      cursor: typeof entry.cursor === 'string' ? entry.cursor : null,
      kind: typeof entry.kind === 'string' ? entry.kind : null,
      requestId: typeof entry.requestId === 'string' ? entry.requestId : null,
      raw: JSON.stringify(entry),
      rawHash: hashWithoutCursor(entry),
      reason,
      receivedAt: now.toISOString()
    })
    return kept.changes === 1 ? { id: Number(kept.lastInsertRowid), hash: hashWithoutCursor(entry) } : null
  }

  /**
   * Rows kept before entries were hashed in key order hold the hash of the fields as sent: the same
   * entry coming again in that order is theirs still.
   */
  private keptAsSent(entry: unknown): boolean {
    return this.hashKept.get({ hash: hashWithoutCursor(entry, JSON.stringify) }) !== undefined
  }

  /** The snapshot an entry was kept waiting for has come: its item is closed by the counter. */
  snapshotArrived(kept: KeptEntry, now: Date): void {
    this.closeAwaiting.run(now.toISOString(), 'the counter: Phensys gave the snapshot', kept.id, kept.hash)
  }

  /** What a person reads on an entry still waiting, once Phensys said more. */
  reword(kept: KeptEntry, reason: string): void {
    this.rewordAwaiting.run(reason, kept.id, kept.hash)
  }

  /**
   * Keeps an entry as it came. One open item per unreadable request: a later unreadable version
   * replaces the earlier one's payload instead of adding another item for a person. Returns false
   * when nothing new was kept (a redelivery, or a later version of a request already waiting).
   */
  private keep(
    category: 'unreadable' | 'unknown_kind',
    raw: unknown,
    cursor: string | null,
    kind: string | null,
    requestId: string | null,
    reason: string,
    now: Date
  ): boolean {
    const text = JSON.stringify(raw ?? null)
    const hash = hashWithoutCursor(raw)
    if (category === 'unreadable' && requestId) {
      const waiting = this.openUnreadable.get({ requestId })
      if (waiting) {
        this.refreshUnreadable.run(cursor, kind, text, hash, reason, now.toISOString(), waiting.id)
        return false
      }
    }
    if (this.keptAsSent(raw)) return false
    const kept = this.insertException.run({
      category,
      cursor,
      kind,
      requestId,
      raw: text,
      rawHash: hash,
      reason,
      receivedAt: now.toISOString()
    })
    return kept.changes === 1
  }
}

/**
 * An entry redelivered under a new cursor, or with its fields in another order (JSON's order means
 * nothing), is the same entry: its fields are hashed with their keys sorted at every depth. What is
 * no object (null, a string, a list) is hashed as it is kept, so two such entries are told apart.
 */
function hashWithoutCursor(raw: unknown, form: (value: unknown) => string = inKeyOrder): string {
  const { cursor: _ignored, ...withoutCursor } = feedEntryFields(raw) ?? { value: raw ?? null }
  return createHash('sha256').update(form(withoutCursor)).digest('hex')
}

function inKeyOrder(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    typeof field === 'object' && field !== null && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : field
  )
}
