/**
 * Expiry rules and first-expiry-first-out (FEFO) picking suggestions. Pure; the ledger feeds
 * it each batch's available quantity.
 *
 * Decisions:
 * - A batch is usable up to and including its expiry date (UK practice: "use by the end of
 *   the stated day or month"); it is expired from the next day. A month-only expiry (MM/YYYY,
 *   or GS1 day 00) means the month's last day: convert with `lastDayOfMonth` before calling.
 * - Course end = dispensing date + days of treatment. A batch is flagged when it is not usable
 *   on that day. That is one day stricter than "usable through the last dose", on purpose: an
 *   online pharmacy's patient starts the course a day or more after dispensing.
 * - Ties on expiry go to the batch with less left (clears part-used stock), then batch id.
 */
import { addDays, isIsoDate } from '../../shared/time/calendar'
import { estimateCourseDays } from '../../shared/stock/course'
import type { ScanRefusal } from '../../shared/contract'
import { formatDate } from '../../shared/time/london'

export interface BatchAvailability {
  batchId: string
  /** Last usable day, YYYY-MM-DD. */
  expiry: string
  /** Available quantity (on hand minus reserved), in the pack's unit. */
  available: number
}

export interface CourseOfTreatment {
  dispensingDate: string
  treatmentDays: number
}

export interface FefoRequest {
  batches: readonly BatchAvailability[]
  needed: number
  today: string
  course?: CourseOfTreatment
}

export interface FefoPick {
  batchId: string
  expiry: string
  quantity: number
  expiresBeforeCourseEnd: boolean
}

export interface ExcludedBatch {
  batchId: string
  expiry: string
  reason: 'expired' | 'none-available'
}

export interface FefoSuggestion {
  picks: FefoPick[]
  picked: number
  /** needed − picked: what must be ordered. */
  shortfall: number
  excluded: ExcludedBatch[]
  courseEnd: string | null
  /** Some picked batch expires before the course ends. */
  warnExpiresBeforeCourseEnd: boolean
}

function assertDate(label: string, value: string): void {
  if (!isIsoDate(value)) throw new RangeError(`${label} is not a date YYYY-MM-DD: ${JSON.stringify(value)}`)
}

function assertQuantity(label: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${label} must be a finite number ≥ 0, got ${value}`)
}

export function isExpired(expiry: string, on: string): boolean {
  assertDate('expiry', expiry)
  assertDate('date', on)
  return expiry < on
}

export function courseEndDate(course: CourseOfTreatment): string {
  assertDate('dispensing date', course.dispensingDate)
  if (!Number.isInteger(course.treatmentDays) || course.treatmentDays < 0) {
    throw new RangeError(`treatment days must be a whole number ≥ 0, got ${course.treatmentDays}`)
  }
  return addDays(course.dispensingDate, course.treatmentDays)
}

/** A supply's course dispensed on `today`, read from its directions; null when they give no course length. */
export function courseOf(
  item: { directions: string; quantity: number },
  today: string
): { days: number; end: string } | null {
  const days = estimateCourseDays(item.directions, item.quantity)
  return days === null ? null : { days, end: courseEndDate({ dispensingDate: today, treatmentDays: days }) }
}

/** Why a pack (or a batch) may not go to its supply today, in words that end where the caller says what to do. */
export interface PackExpiryProblem {
  reason: Extract<ScanRefusal, 'expired' | 'expires_before_course_end'>
  /**
   * The finding, without the pack: "expired on 01/12/2026", or "expires on 25/12/2026, before the
   * course ends (about 28 days, to 27/12/2026)". For a caller that names the pack its own way.
   */
  finding: string
  words: string
}

/**
 * The one expiry rule for a pack going to a supply, read against `today` (Europe/London): expired,
 * or expiring before the course it is for ends (`courseOf`, counted from today; none where the
 * directions give no length); null when it may go. The scan reads each pack by it; the checks
 * before a bag leaves (the accuracy check, packing, dispatch, the hand-over) read the bag's packs
 * by it again (a pack that lasted the course when scanned may not days later); and the stock check
 * reads what it holds reserved by it. `what` names the pack ("scanned Sertraline 50mg tablets batch B1").
 */
export function packExpiryProblem(
  what: string,
  expiry: string,
  course: { days: number; end: string } | null,
  today: string
): PackExpiryProblem | null {
  if (isExpired(expiry, today)) {
    const finding = `expired on ${formatDate(expiry)}`
    return { reason: 'expired', finding, words: `Expired: ${what}, ${finding}.` }
  }
  if (course !== null && expiry < course.end) {
    const finding = `expires on ${formatDate(expiry)}, before the course ends (about ${course.days} days, to ${formatDate(course.end)})`
    return {
      reason: 'expires_before_course_end',
      finding,
      words: `Expires before the course ends: ${what} ${finding}. The patient would be taking it after its expiry:`
    }
  }
  return null
}

/** Usable but expiring within `days` of `today` (for short-expiry lists and goods-in checks). */
export function isShortDated(expiry: string, today: string, days: number): boolean {
  return !isExpired(expiry, today) && expiry < addDays(today, days)
}

function fefoOrder(a: BatchAvailability, b: BatchAvailability): number {
  if (a.expiry !== b.expiry) return a.expiry < b.expiry ? -1 : 1
  if (a.available !== b.available) return a.available - b.available
  return a.batchId < b.batchId ? -1 : a.batchId > b.batchId ? 1 : 0
}

export function suggestFefoPicks(request: FefoRequest): FefoSuggestion {
  const { batches, needed, today } = request
  assertDate('today', today)
  assertQuantity('needed', needed)
  const courseEnd = request.course ? courseEndDate(request.course) : null

  const excluded: ExcludedBatch[] = []
  const usable: BatchAvailability[] = []
  for (const batch of batches) {
    assertDate(`expiry of batch ${batch.batchId}`, batch.expiry)
    assertQuantity(`available of batch ${batch.batchId}`, batch.available)
    if (isExpired(batch.expiry, today))
      excluded.push({ batchId: batch.batchId, expiry: batch.expiry, reason: 'expired' })
    else if (batch.available === 0)
      excluded.push({ batchId: batch.batchId, expiry: batch.expiry, reason: 'none-available' })
    else usable.push(batch)
  }

  const picks: FefoPick[] = []
  let remaining = needed
  for (const batch of usable.sort(fefoOrder)) {
    if (remaining <= 0) break
    const quantity = Math.min(batch.available, remaining)
    remaining -= quantity
    picks.push({
      batchId: batch.batchId,
      expiry: batch.expiry,
      quantity,
      expiresBeforeCourseEnd: courseEnd !== null && batch.expiry < courseEnd
    })
  }
  const picked = needed - remaining
  return {
    picks,
    picked,
    shortfall: remaining,
    excluded,
    courseEnd,
    warnExpiresBeforeCourseEnd: picks.some((p) => p.expiresBeforeCourseEnd)
  }
}
