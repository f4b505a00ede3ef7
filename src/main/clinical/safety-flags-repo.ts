import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import type { CounterDb } from '../db/open'
import { jsonArrayValues, placeholders } from '../db/query-parts'
import { safetyFlags } from '../db/schema/clinical'
import type { SafetyFinding } from './safety-rules'

export type SafetyFlagRow = typeof safetyFlags.$inferSelect

/** The `safety_flags` table: every query on it is here, prepared once. */
export class SafetyFlagsRepo {
  private readonly byId
  private readonly liveOfRequest
  private readonly liveOfRequests
  private readonly insertFlag
  private readonly close
  private readonly acknowledgeFlag

  constructor(db: CounterDb) {
    const f = safetyFlags
    const live = ne(f.status, 'no_longer_applies')
    this.byId = db
      .select()
      .from(f)
      .where(eq(f.id, sql.placeholder('id')))
      .prepare()
    this.liveOfRequest = db
      .select()
      .from(f)
      .where(and(eq(f.requestId, sql.placeholder('requestId')), live))
      .orderBy(asc(f.id))
      .prepare()
    this.liveOfRequests = db
      .select()
      .from(f)
      .where(and(inArray(f.requestId, jsonArrayValues('ids')), live))
      .orderBy(asc(f.id))
      .prepare()
    this.insertFlag = db
      .insert(f)
      .values({
        ...placeholders(['requestId', 'lineId', 'kind', 'key', 'raw', 'words', 'mustAcknowledge', 'raisedAt']),
        status: 'open'
      })
      .prepare()
    this.close = db
      .update(f)
      .set({ status: 'no_longer_applies', closedAt: sql`${sql.placeholder('at')}` })
      .where(eq(f.id, sql.placeholder('id')))
      .prepare()
    this.acknowledgeFlag = db
      .update(f)
      .set({
        status: 'acknowledged',
        acknowledgedReason: sql`${sql.placeholder('reason')}`,
        acknowledgedById: sql`${sql.placeholder('byId')}`,
        acknowledgedByName: sql`${sql.placeholder('byName')}`,
        acknowledgedAt: sql`${sql.placeholder('at')}`
      })
      .where(and(eq(f.id, sql.placeholder('id')), eq(f.status, 'open')))
      .prepare()
  }

  get(id: number): SafetyFlagRow | undefined {
    return this.byId.get({ id })
  }

  /** The flags that still apply (open or acknowledged). */
  live(requestId: string): SafetyFlagRow[] {
    return this.liveOfRequest.all({ requestId })
  }

  liveOf(requestIds: readonly string[]): SafetyFlagRow[] {
    return this.liveOfRequests.all({ ids: JSON.stringify(requestIds) })
  }

  raise(requestId: string, finding: SafetyFinding, at: string): void {
    this.insertFlag.run({
      requestId,
      lineId: finding.lineId,
      kind: finding.kind,
      key: finding.key,
      raw: JSON.stringify(finding.raw),
      words: finding.words,
      mustAcknowledge: finding.mustAcknowledge,
      raisedAt: at
    })
  }

  noLongerApplies(id: number, at: string): void {
    this.close.run({ id, at })
  }

  acknowledge(id: number, reason: string, by: { id: string; name: string }, at: string): boolean {
    return this.acknowledgeFlag.run({ id, reason, byId: by.id, byName: by.name, at }).changes === 1
  }
}
