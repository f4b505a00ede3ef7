/**
 * Manifest days are the pharmacy's calendar days (Europe/London), whatever the workstation's own
 * time zone: main files a parcel under the London day it left.
 */
const LONDON = 'Europe/London'

export function londonToday(at: Date = new Date()): string {
  return at.toLocaleDateString('en-CA', { timeZone: LONDON })
}

/** The day `days` after (or before) a YYYY-MM-DD day. */
export function shiftDay(date: string, days: number): string {
  const at = new Date(`${date}T12:00:00Z`)
  at.setUTCDate(at.getUTCDate() + days)
  return at.toISOString().slice(0, 10)
}

/** "14:05", London time, for a parcel on a manifest. */
export function londonTime(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: LONDON })
}

/** "Thu 26 Nov 2026" for a YYYY-MM-DD day. */
export function dayName(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC'
  })
}
