import { RP_ABSENCE_LIMIT_MINUTES, type RpPeriodView, type RpStatus } from '../../shared/contract/rp-calls'
import { londonDate } from '../../shared/time/london'
import type { RpAbsence, RpPeriod, RpRecord } from './rp-record'

const MINUTE_MS = 60_000

/**
 * Minutes absent per day of the pharmacy's calendar (Europe/London), an open absence counting to
 * `now`. An absence is counted on the day it began. Time away while signed in as RP counts as
 * business hours: the pharmacy operates only while an RP is signed in.
 */
function absentMinutesByDay(absences: readonly RpAbsence[], now: Date): Map<string, number> {
  const byDay = new Map<string, number>()
  for (const absence of absences) {
    const start = Date.parse(absence.startedAt)
    const end = absence.returnedAt ? Date.parse(absence.returnedAt) : now.getTime()
    const day = londonDate(new Date(start))
    byDay.set(day, (byDay.get(day) ?? 0) + Math.max(0, Math.floor((end - start) / MINUTE_MS)))
  }
  return byDay
}

export function periodView(row: RpPeriod, absences: readonly RpAbsence[], now: Date): RpPeriodView {
  const longest = Math.max(0, ...absentMinutesByDay(absences, now).values())
  return {
    id: row.id,
    pharmacistId: row.pharmacistId,
    pharmacistName: row.pharmacistName,
    gphcNumber: row.gphcNumber,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    endedBy: row.endedByName,
    endReason: row.endReason,
    absences: absences.map((a) => ({ id: a.id, startedAt: a.startedAt, returnedAt: a.returnedAt })),
    longestDayAbsentMinutes: longest,
    absenceOverLimit: longest > RP_ABSENCE_LIMIT_MINUTES
  }
}

/** "2 h 35 min", "40 min". */
export function minutesInWords(minutes: number): string {
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return hours === 0 ? `${rest} min` : rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}

export function rpStatus(record: RpRecord, now: Date): RpStatus {
  const row = record.current()
  if (!row) return { current: null, absentSince: null, absenceWarning: null }
  const absences = record.absences(row.id)
  const today = absentMinutesByDay(absences, now).get(londonDate(now)) ?? 0
  return {
    current: periodView(row, absences, now),
    absentSince: absences.find((a) => a.returnedAt === null)?.startedAt ?? null,
    absenceWarning:
      today > RP_ABSENCE_LIMIT_MINUTES
        ? `${row.pharmacistName} has been absent ${minutesInWords(today)} today: over the ${RP_ABSENCE_LIMIT_MINUTES / 60}-hour limit for the Responsible Pharmacist's absence in business hours. It is recorded as it happened.`
        : null
  }
}
