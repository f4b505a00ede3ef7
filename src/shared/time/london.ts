/**
 * The pharmacy's time: Europe/London, whatever zone the workstation's own clock is set to. Every
 * calendar day the counter files things under (the registers, a carrier's manifest, the RP record,
 * an order's cut-off, the date on a label) is a London day, and every date or time a person reads
 * is written the en-GB way in London time, by the three formatters at the end. The zone's rules
 * (BST from the last Sunday of March, GMT from the last Sunday of October) come from date-fns
 * and @date-fns/tz, which read the runtime's time-zone data.
 */
import { tz, TZDate, tzOffset } from '@date-fns/tz'
import { format } from 'date-fns'
import { isIsoDate } from './calendar'

const LONDON = 'Europe/London'
const inLondon = tz(LONDON)
const HOUR_MS = 3_600_000

/** An instant as it reads on a clock in London. */
export interface WallClock {
  /** YYYY-MM-DD */
  date: string
  hour: number
  minute: number
  second: number
}

const toInstant = (at: Date | string): Date => (typeof at === 'string' ? new Date(at) : at)

/** The London wall clock at `at` (to the second). */
export function londonWallClock(at: Date): WallClock {
  const local = new TZDate(at, LONDON)
  return {
    date: format(local, 'yyyy-MM-dd'),
    hour: local.getHours(),
    minute: local.getMinutes(),
    second: local.getSeconds()
  }
}

/**
 * The last hour's London day. London's offset is a whole hour that changes only on the hour, so
 * its midnight always falls on a whole UTC hour and every instant of one UTC hour has the same
 * London day. Formatting in a time zone is slow, and the counter asks for today's date many times
 * a second while it takes in the feed.
 */
let lastHour = { hour: Number.NaN, date: '' }

/** The London calendar day (YYYY-MM-DD) of an instant, given as a Date or an ISO timestamp. */
export function londonDate(at: Date | string): string {
  const hour = Math.floor(toInstant(at).getTime() / HOUR_MS)
  if (hour !== lastHour.hour)
    lastHour = { hour, date: format(new Date(hour * HOUR_MS), 'yyyy-MM-dd', { in: inLondon }) }
  return lastHour.date
}

/**
 * The instant a London wall-clock time (`date` YYYY-MM-DD, `time` HH:MM) occurs. In the autumn's
 * repeated hour the earlier instant wins (01:30 is the BST one); a time in the spring's missing
 * hour is read with the offset before the change, as a clock not yet put forward would (01:30
 * becomes 02:30 BST).
 */
export function londonInstant(date: string, time: string): Date {
  const m = /^(\d{2}):(\d{2})$/.exec(time)
  if (!isIsoDate(date) || !m) throw new RangeError(`bad local time ${date} ${time}`)
  const asIfUtc = Date.parse(`${date}T${time}:00Z`)
  // The offsets either side of the day cover both readings of a time around a change.
  const offsetBefore = tzOffset(LONDON, new Date(asIfUtc - 12 * HOUR_MS)) * 60_000
  const offsetAfter = tzOffset(LONDON, new Date(asIfUtc + 12 * HOUR_MS)) * 60_000
  const readings = [asIfUtc - offsetBefore, asIfUtc - offsetAfter].filter((ms) => {
    const clock = londonWallClock(new Date(ms))
    return clock.date === date && clock.hour === Number(m[1]) && clock.minute === Number(m[2])
  })
  return new Date(readings.length > 0 ? Math.min(...readings) : asIfUtc - offsetBefore)
}

// ---- What people read ----------------------------------------------------------------------

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * "26/11/2026". An instant (Date or ISO timestamp) gives its London day; a calendar date
 * (YYYY-MM-DD: an expiry, a prescription's date, a register's day) is written as it stands.
 */
export function formatDate(at: Date | string): string {
  const calendar = typeof at === 'string' ? CALENDAR_DATE.exec(at) : null
  if (calendar) return `${calendar[3]}/${calendar[2]}/${calendar[1]}`
  return format(toInstant(at), 'dd/MM/yyyy', { in: inLondon })
}

/** "26/11/2026, 09:05" in London time. */
export function formatDateTime(at: Date | string): string {
  return format(toInstant(at), 'dd/MM/yyyy, HH:mm', { in: inLondon })
}

/** "09:05" in London time. */
export function formatTime(at: Date | string): string {
  return format(toInstant(at), 'HH:mm', { in: inLondon })
}
