import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm'
import {
  WORKLIST_KINDS,
  type FlagKind,
  type FlagSource,
  type FlaggableStep,
  type ResolutionMethod
} from '../../shared/flags/kinds'
import { type CounterDb, jsonArrayValues, requestFlags } from '../db'
import { IN_AN_UNKNOWN_STATE, isUnknownState, unknownStateWords } from './unknown-state'

export type FlagRow = typeof requestFlags.$inferSelect

/** A flag as a source raises it, before it is stored. */
export interface RaisedFlag {
  kind: FlagKind
  source: FlagSource
  /** Its identity within the request across versions (kind, line and field, not positions). */
  key: string
  path: string
  lineId: string | null
  /** The value as Phensys sent it; undefined when the field was missing. */
  raw: unknown
  words: string
  blocks: readonly FlaggableStep[]
}

export interface FlagPerson {
  id: string
  name: string
}

/**
 * Written as a literal: a bound value on an indexed column makes SQLite plan the statement afresh at
 * every run (it weighs the value against the index's statistics), several times the cost of the read.
 */
const STILL_APPLIES = sql`${requestFlags.status} <> 'no_longer_applies'`

/**
 * The `request_flags` table: every query on it is here. The queries intake runs for every version
 * of every request are built once and prepared on the store's connection.
 */
export class FlagsRepo {
  private readonly byId
  private readonly byRequest
  private readonly liveOfRequest
  private readonly liveOfRequests
  private readonly onWorklistOfRequests
  private readonly insertFlag

  constructor(private readonly db: CounterDb) {
    const requestId = sql.placeholder('requestId')
    this.byId = db
      .select()
      .from(requestFlags)
      .where(eq(requestFlags.id, sql.placeholder('id')))
      .prepare()
    this.byRequest = db
      .select()
      .from(requestFlags)
      .where(eq(requestFlags.requestId, requestId))
      .orderBy(asc(requestFlags.id))
      .prepare()
    this.liveOfRequest = db
      .select()
      .from(requestFlags)
      .where(and(eq(requestFlags.requestId, requestId), STILL_APPLIES))
      .orderBy(asc(requestFlags.id))
      .prepare()
    this.liveOfRequests = db
      .select()
      .from(requestFlags)
      .where(and(inArray(requestFlags.requestId, jsonArrayValues('ids')), STILL_APPLIES))
      .orderBy(asc(requestFlags.id))
      .prepare()
    this.onWorklistOfRequests = db
      .select({ requestId: requestFlags.requestId, kind: requestFlags.kind })
      .from(requestFlags)
      .where(
        and(
          inArray(requestFlags.requestId, jsonArrayValues('ids')),
          inArray(requestFlags.status, ['open', 'proposed']),
          or(ne(requestFlags.blocks, '[]'), inArray(requestFlags.kind, WORKLIST_KINDS))
        )
      )
      .orderBy(asc(requestFlags.id))
      .prepare()
    this.insertFlag = db
      .insert(requestFlags)
      .values({
        requestId,
        lineId: sql.placeholder('lineId'),
        kind: sql.placeholder('kind'),
        key: sql.placeholder('key'),
        path: sql.placeholder('path'),
        raw: sql.placeholder('raw'),
        words: sql.placeholder('words'),
        blocks: sql.placeholder('blocks'),
        source: sql.placeholder('source'),
        raisedVersion: sql.placeholder('raisedVersion'),
        raisedAt: sql.placeholder('raisedAt'),
        status: 'open'
      })
      .prepare()
  }

  get(id: number): FlagRow | undefined {
    const row = this.byId.get({ id })
    return row && asNow(row)
  }

  /** Every flag of the request, oldest first, those no longer applying included. */
  ofRequest(requestId: string): FlagRow[] {
    return this.byRequest.all({ requestId }).map(asNow)
  }

  /** The flags that still apply (open, proposed or resolved). */
  live(requestId: string): FlagRow[] {
    return this.liveOfRequest.all({ requestId }).map(asNow)
  }

  /** The flags that still apply of these requests, in one read. */
  liveOf(requestIds: readonly string[]): FlagRow[] {
    return requestIds.length === 0 ? [] : this.liveOfRequests.all({ ids: JSON.stringify(requestIds) }).map(asNow)
  }

  /**
   * Unsettled flags that block a step, or of a kind listed there though it blocks none, of these
   * requests: the worklist's short notes for the rows it shows.
   */
  unsettledOnWorklist(requestIds: readonly string[]): Array<Pick<FlagRow, 'requestId' | 'kind'>> {
    return this.onWorklistOfRequests.all({ ids: JSON.stringify(requestIds) })
  }

  /** Unsettled flags of one kind, on any request. */
  unsettledOfKind(kind: FlagKind): FlagRow[] {
    return this.db
      .select()
      .from(requestFlags)
      .where(and(eq(requestFlags.kind, kind), inArray(requestFlags.status, ['open', 'proposed'])))
      .orderBy(asc(requestFlags.id))
      .all()
      .map(asNow)
  }

  insert(requestId: string, flag: RaisedFlag, version: number, at: string): void {
    this.insertFlag.run({
      requestId,
      lineId: flag.lineId,
      kind: flag.kind,
      source: flag.source,
      key: flag.key,
      path: flag.path,
      raw: flag.raw === undefined ? null : JSON.stringify(flag.raw),
      words: flag.words,
      blocks: JSON.stringify(flag.blocks),
      raisedVersion: version,
      raisedAt: at
    })
  }

  reword(id: number, words: string, raw: unknown): void {
    this.db
      .update(requestFlags)
      .set({ words, raw: raw === undefined ? null : JSON.stringify(raw) })
      .where(eq(requestFlags.id, id))
      .run()
  }

  /** The steps a flag holds back, changed in place: the same cause, kept with its state and settlement. */
  setBlocks(id: number, blocks: readonly FlaggableStep[]): void {
    this.db
      .update(requestFlags)
      .set({ blocks: JSON.stringify(blocks) })
      .where(eq(requestFlags.id, id))
      .run()
  }

  noLongerApplies(id: number, version: number, at: string): void {
    this.db
      .update(requestFlags)
      .set({ status: 'no_longer_applies', closedVersion: version, closedAt: at })
      .where(eq(requestFlags.id, id))
      .run()
  }

  propose(id: number, proposal: unknown, by: FlagPerson, at: string): void {
    this.db
      .update(requestFlags)
      .set({
        status: 'proposed',
        proposal: JSON.stringify(proposal),
        proposedAt: at,
        proposedById: by.id,
        proposedByName: by.name
      })
      .where(eq(requestFlags.id, id))
      .run()
  }

  /** A proposal a pharmacist turned down: open again, the proposal gone (the audit keeps it). */
  reopen(id: number): void {
    this.db
      .update(requestFlags)
      .set({ status: 'open', proposal: null, proposedAt: null, proposedById: null, proposedByName: null })
      .where(eq(requestFlags.id, id))
      .run()
  }

  resolve(id: number, method: ResolutionMethod, detail: unknown, by: FlagPerson, at: string): void {
    this.db
      .update(requestFlags)
      .set({
        status: 'resolved',
        resolution: method,
        resolutionDetail: JSON.stringify(detail),
        resolvedAt: at,
        resolvedById: by.id,
        resolvedByName: by.name
      })
      .where(eq(requestFlags.id, id))
      .run()
  }
}

/**
 * A stored flag as this release reads it: an unknown state's holds and words are its kind's, so one
 * raised by an older release, which held less, holds what this one does (unknown-state.ts).
 */
function asNow(row: FlagRow): FlagRow {
  if (!isUnknownState(row)) return row
  return {
    ...row,
    blocks: JSON.stringify(IN_AN_UNKNOWN_STATE),
    words: unknownStateWords(row.raw === null ? undefined : JSON.parse(row.raw))
  }
}

/** The steps a stored flag blocks. */
export function blocksOf(row: Pick<FlagRow, 'blocks'>): FlaggableStep[] {
  return JSON.parse(row.blocks) as FlaggableStep[]
}

/** Open or proposed: a person still has to settle it. */
export function isUnsettled(row: Pick<FlagRow, 'status'>): boolean {
  return row.status === 'open' || row.status === 'proposed'
}
