/**
 * The `prescriptionValid` guard of the transition table: a prescription-only medicine is valid
 * for 6 months from the prescription's date, Schedules 2, 3 and 4 controlled drugs for 28 days.
 * Valid through the last day.
 */
import type { Snapshot } from '../../shared/phensys/snapshot'
import { addDays, daysInMonth, isIsoDate } from '../../shared/time/calendar'
import { type CatalogueSchedule, hasScheduled } from '../../shared/workflow/cd-schedule'
import { GUARDS } from '../../shared/workflow/transitions'
import { CounterError } from '../errors'
import { formatDate } from '../../shared/time/london'

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  const day = Math.min(d, daysInMonth(year, month))
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The last day the prescription may be supplied on; null when its date could not be read (flagged at intake). */
export function prescriptionValidUntil(snapshot: Snapshot, catalogue: CatalogueSchedule): string | null {
  const issued = snapshot.prescription.issuedAt
  if (!isIsoDate(issued)) return null
  const shortValidity = hasScheduled(snapshot, catalogue, [2, 3, 4])
  // Valid through the last day: dated 1 June, a CD prescription may be supplied up to 28 June,
  // a POM one up to 30 November.
  return shortValidity ? addDays(issued, 27) : addDays(addMonths(issued, 6), -1)
}

export function requirePrescriptionValid(snapshot: Snapshot, today: string, catalogue: CatalogueSchedule): void {
  const until = prescriptionValidUntil(snapshot, catalogue)
  // Without the prescription's date its validity cannot be counted: nothing goes on until Phensys
  // sends one that reads (a query), whatever else was sent.
  if (until === null) {
    throw new CounterError(
      'precondition_failed',
      `The prescription's date could not be read (Phensys sent ${JSON.stringify(snapshot.prescription.issuedAt || 'none that reads')}), so its validity cannot be counted: raise a query for the date.`
    )
  }
  if (today > until) {
    throw new CounterError(
      'precondition_failed',
      `${GUARDS.prescriptionValid} (dated ${formatDate(snapshot.prescription.issuedAt)}, valid to ${formatDate(until)})`
    )
  }
}
