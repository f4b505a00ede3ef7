/** The sandbox's clock and the contract's time formats. */

export type Clock = () => Date

export const systemClock: Clock = () => new Date()

/** RFC 3339 in UTC, whole seconds: `2026-11-26T20:31:00Z`. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** `YYYY-MM-DD` (UTC). */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export const MINUTE_MS = 60_000
export const DAY_MS = 24 * 60 * MINUTE_MS
