import { and, desc, eq, isNull, inArray, sql } from 'drizzle-orm'
import type { ClinicalOutcome } from '../../shared/clinical/outcomes'
import { type CounterDb, placeholders, clinicalChecks } from '../db'

export type ClinicalCheckRow = typeof clinicalChecks.$inferSelect
export type NewClinicalCheck = Omit<ClinicalCheckRow, 'id' | 'voidedAt' | 'voidedVersion'>

const APPROVALS: ClinicalOutcome[] = ['approved', 'approved_with_note']

/** The `clinical_checks` table: every query on it is here, prepared once (the guards read it on every step). */
export class ClinicalChecksRepo {
  private readonly insertCheck
  private readonly standingOf
  private readonly ofRequest
  private readonly voidStanding

  constructor(db: CounterDb) {
    const c = clinicalChecks
    const requestId = sql.placeholder('requestId')
    this.insertCheck = db
      .insert(c)
      .values(
        placeholders(['requestId', 'outcome', 'note', 'byId', 'byName', 'gphcNumber', 'at', 'version', 'flagsSeen'])
      )
      .prepare()
    const standing = and(eq(c.requestId, requestId), inArray(c.outcome, APPROVALS), isNull(c.voidedAt))
    this.standingOf = db.select().from(c).where(standing).orderBy(desc(c.id)).limit(1).prepare()
    this.ofRequest = db.select().from(c).where(eq(c.requestId, requestId)).orderBy(desc(c.id)).prepare()
    this.voidStanding = db
      .update(c)
      .set({ voidedAt: sql`${sql.placeholder('at')}`, voidedVersion: sql`${sql.placeholder('version')}` })
      .where(standing)
      .prepare()
  }

  record(check: NewClinicalCheck): void {
    this.insertCheck.run({ ...check })
  }

  /** The approval that stands for the request: made, and not voided by a change of items. */
  standing(requestId: string): ClinicalCheckRow | null {
    return this.standingOf.get({ requestId }) ?? null
  }

  /** Every decision on the request, newest first. */
  all(requestId: string): ClinicalCheckRow[] {
    return this.ofRequest.all({ requestId })
  }

  /** The standing approval voided by this version of the request; answers how many were. */
  voidStandingCheck(requestId: string, version: number, at: string): number {
    return this.voidStanding.run({ requestId, version, at }).changes
  }
}
