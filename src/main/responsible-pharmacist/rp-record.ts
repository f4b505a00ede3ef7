import type Database from 'better-sqlite3'

export interface RpPeriodRow {
  id: number
  pharmacist_id: string
  pharmacist_name: string
  gphc_number: string
  started_at: string
  ended_at: string | null
  ended_by_name: string | null
  end_reason: string | null
}

export interface RpAbsenceRow {
  id: number
  period_id: number
  started_at: string
  returned_at: string | null
}

/**
 * The RP record's rows. It only appends, and closes a period or an absence once; the database's
 * triggers refuse anything else (drizzle/0010), so there is deliberately no update method here.
 */
export class RpRecord {
  private readonly openPeriod: Database.Statement<[], RpPeriodRow>
  private readonly periodById: Database.Statement<[number], RpPeriodRow>
  private readonly overlappingStmt: Database.Statement<[string, string], RpPeriodRow>
  private readonly insertPeriod: Database.Statement<[string, string, string, string]>
  private readonly closePeriod: Database.Statement<[string, string, string, string | null, number]>
  private readonly openAbsenceStmt: Database.Statement<[number], RpAbsenceRow>
  private readonly absencesStmt: Database.Statement<[number], RpAbsenceRow>
  private readonly insertAbsence: Database.Statement<[number, string]>
  private readonly endAbsenceStmt: Database.Statement<[string, number]>

  constructor(sqlite: Database.Database) {
    this.openPeriod = sqlite.prepare('SELECT * FROM rp_periods WHERE ended_at IS NULL')
    this.periodById = sqlite.prepare('SELECT * FROM rp_periods WHERE id = ?')
    this.overlappingStmt = sqlite.prepare(
      'SELECT * FROM rp_periods WHERE started_at < ? AND (ended_at IS NULL OR ended_at >= ?) ORDER BY started_at, id'
    )
    this.insertPeriod = sqlite.prepare(
      'INSERT INTO rp_periods (pharmacist_id, pharmacist_name, gphc_number, started_at) VALUES (?, ?, ?, ?)'
    )
    this.closePeriod = sqlite.prepare(
      'UPDATE rp_periods SET ended_at = ?, ended_by_id = ?, ended_by_name = ?, end_reason = ? WHERE id = ?'
    )
    this.openAbsenceStmt = sqlite.prepare('SELECT * FROM rp_absences WHERE period_id = ? AND returned_at IS NULL')
    this.absencesStmt = sqlite.prepare('SELECT * FROM rp_absences WHERE period_id = ? ORDER BY started_at, id')
    this.insertAbsence = sqlite.prepare('INSERT INTO rp_absences (period_id, started_at) VALUES (?, ?)')
    this.endAbsenceStmt = sqlite.prepare('UPDATE rp_absences SET returned_at = ? WHERE id = ?')
  }

  current(): RpPeriodRow | undefined {
    return this.openPeriod.get()
  }

  period(id: number): RpPeriodRow | undefined {
    return this.periodById.get(id)
  }

  /** Periods in progress at any time in [from, to): started before `to`, not ended before `from`. */
  overlapping(fromIso: string, toIso: string): RpPeriodRow[] {
    return this.overlappingStmt.all(toIso, fromIso)
  }

  begin(pharmacist: { id: string; name: string; gphcNumber: string }, at: Date): number {
    return Number(
      this.insertPeriod.run(pharmacist.id, pharmacist.name, pharmacist.gphcNumber, at.toISOString()).lastInsertRowid
    )
  }

  /** Closes the period, ending an absence still open at the same instant (the RP is no longer RP). */
  end(periodId: number, at: Date, by: { id: string; name: string }, reason: string | null): void {
    const away = this.openAbsence(periodId)
    if (away) this.endAbsence(away.id, at)
    this.closePeriod.run(at.toISOString(), by.id, by.name, reason, periodId)
  }

  openAbsence(periodId: number): RpAbsenceRow | undefined {
    return this.openAbsenceStmt.get(periodId)
  }

  absences(periodId: number): RpAbsenceRow[] {
    return this.absencesStmt.all(periodId)
  }

  startAbsence(periodId: number, at: Date): number {
    return Number(this.insertAbsence.run(periodId, at.toISOString()).lastInsertRowid)
  }

  endAbsence(absenceId: number, at: Date): void {
    this.endAbsenceStmt.run(at.toISOString(), absenceId)
  }
}
