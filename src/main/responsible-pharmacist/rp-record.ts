import { and, eq, gte, isNull, lt, or, sql } from 'drizzle-orm'
import { type CounterDb, placeholders, setPlaceholders, rpAbsences, rpPeriods } from '../db'

export type RpPeriod = typeof rpPeriods.$inferSelect
export type RpAbsence = typeof rpAbsences.$inferSelect

/**
 * The RP record's rows. It only appends, and closes a period or an absence once; the database's
 * triggers refuse anything else (drizzle/0010), so there is deliberately no update method here.
 */
export class RpRecord {
  private readonly openPeriod
  private readonly periodById
  private readonly overlappingStmt
  private readonly insertPeriod
  private readonly closePeriod
  private readonly openAbsenceStmt
  private readonly absencesStmt
  private readonly insertAbsence
  private readonly endAbsenceStmt

  constructor(db: CounterDb) {
    const p = rpPeriods
    const a = rpAbsences
    this.openPeriod = db.select().from(p).where(isNull(p.endedAt)).prepare()
    this.periodById = db
      .select()
      .from(p)
      .where(eq(p.id, sql.placeholder('id')))
      .prepare()
    this.overlappingStmt = db
      .select()
      .from(p)
      .where(
        and(lt(p.startedAt, sql.placeholder('to')), or(isNull(p.endedAt), gte(p.endedAt, sql.placeholder('from'))))
      )
      .orderBy(p.startedAt, p.id)
      .prepare()
    this.insertPeriod = db
      .insert(p)
      .values(placeholders(['pharmacistId', 'pharmacistName', 'gphcNumber', 'startedAt']))
      .prepare()
    this.closePeriod = db
      .update(p)
      .set(setPlaceholders(['endedAt', 'endedById', 'endedByName', 'endReason']))
      .where(eq(p.id, sql.placeholder('id')))
      .prepare()
    this.openAbsenceStmt = db
      .select()
      .from(a)
      .where(and(eq(a.periodId, sql.placeholder('periodId')), isNull(a.returnedAt)))
      .prepare()
    this.absencesStmt = db
      .select()
      .from(a)
      .where(eq(a.periodId, sql.placeholder('periodId')))
      .orderBy(a.startedAt, a.id)
      .prepare()
    this.insertAbsence = db
      .insert(a)
      .values(placeholders(['periodId', 'startedAt']))
      .prepare()
    this.endAbsenceStmt = db
      .update(a)
      .set(setPlaceholders(['returnedAt']))
      .where(eq(a.id, sql.placeholder('id')))
      .prepare()
  }

  current(): RpPeriod | undefined {
    return this.openPeriod.get()
  }

  period(id: number): RpPeriod | undefined {
    return this.periodById.get({ id })
  }

  /** Periods in progress at any time in [from, to): started before `to`, not ended before `from`. */
  overlapping(fromIso: string, toIso: string): RpPeriod[] {
    return this.overlappingStmt.all({ from: fromIso, to: toIso })
  }

  begin(pharmacist: { id: string; name: string; gphcNumber: string }, at: Date): number {
    return Number(
      this.insertPeriod.run({
        pharmacistId: pharmacist.id,
        pharmacistName: pharmacist.name,
        gphcNumber: pharmacist.gphcNumber,
        startedAt: at.toISOString()
      }).lastInsertRowid
    )
  }

  /** Closes the period, ending an absence still open at the same instant (the RP is no longer RP). */
  end(periodId: number, at: Date, by: { id: string; name: string }, reason: string | null): void {
    const away = this.openAbsence(periodId)
    if (away) this.endAbsence(away.id, at)
    this.closePeriod.run({
      endedAt: at.toISOString(),
      endedById: by.id,
      endedByName: by.name,
      endReason: reason,
      id: periodId
    })
  }

  openAbsence(periodId: number): RpAbsence | undefined {
    return this.openAbsenceStmt.get({ periodId })
  }

  absences(periodId: number): RpAbsence[] {
    return this.absencesStmt.all({ periodId })
  }

  startAbsence(periodId: number, at: Date): number {
    return Number(this.insertAbsence.run({ periodId, startedAt: at.toISOString() }).lastInsertRowid)
  }

  endAbsence(absenceId: number, at: Date): void {
    this.endAbsenceStmt.run({ returnedAt: at.toISOString(), id: absenceId })
  }
}
