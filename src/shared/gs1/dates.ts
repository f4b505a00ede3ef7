/** A GS1 YYMMDD date; day 00 means the month's last day (GS1 General Specifications 7.12). */
export interface Gs1Date {
  year: number
  month: number
  /** The resolved day: the last day of the month when the data said 00. */
  day: number
  /** False when the data carried day 00. */
  dayGiven: boolean
  /** YYYY-MM-DD of the resolved day. */
  iso: string
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** GS1 century rule: a two-digit year lies within 49 years ahead or 50 behind the reference year. */
function resolveCentury(yy: number, referenceYear: number): number {
  const currentYy = referenceYear % 100
  const century = referenceYear - currentYy
  const diff = yy - currentYy
  if (diff >= 51) return century - 100 + yy
  if (diff <= -50) return century + 100 + yy
  return century + yy
}

/** Reads YYMMDD; null when it is not a real date. */
export function parseGs1Date(data: string, referenceYear: number): Gs1Date | null {
  if (!/^\d{6}$/.test(data)) return null
  const yy = Number(data.slice(0, 2))
  const month = Number(data.slice(2, 4))
  const dd = Number(data.slice(4, 6))
  if (month < 1 || month > 12) return null
  const year = resolveCentury(yy, referenceYear)
  const last = daysInMonth(year, month)
  if (dd > last) return null
  const day = dd === 0 ? last : dd
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  return { year, month, day, dayGiven: dd !== 0, iso }
}
