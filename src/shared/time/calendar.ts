/**
 * Calendar dates as 'YYYY-MM-DD' strings (no time, no zone). Arithmetic runs on UTC midnights,
 * so it never meets a daylight-saving shift. Lexicographic order of valid dates is date order.
 */

/** Monday first, as a UK working week is read. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

const BY_JS_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value)
  if (!m) return false
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

function toUtcMs(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`)
  return Date.parse(`${date}T00:00:00Z`)
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`)
  return fromUtcMs(toUtcMs(date) + days * DAY_MS)
}

/** b − a in whole days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS)
}

export function weekdayOf(date: string): Weekday {
  const day = BY_JS_DAY[new Date(toUtcMs(date)).getUTCDay()]
  if (day === undefined) throw new RangeError(`no weekday for ${date}`)
  return day
}

/** 'YYYY-MM' → the month's last day, the date a month-only expiry means in UK practice. */
export function lastDayOfMonth(yearMonth: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(yearMonth)
  const year = Number(m?.[1])
  const month = Number(m?.[2])
  if (!m || month < 1 || month > 12) throw new RangeError(`not a month YYYY-MM: ${JSON.stringify(yearMonth)}`)
  return `${m[1]}-${m[2]}-${String(daysInMonth(year, month)).padStart(2, '0')}`
}
