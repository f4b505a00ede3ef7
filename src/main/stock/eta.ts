/**
 * When a wholesaler order will arrive. The ETA is the earliest delivery among every cut-off
 * the order can still make: that makes it monotonic in the order time even for odd
 * configurations (a later cut-off with a shorter lead). Cut-off times are wall-clock times in
 * the pharmacy's zone, turned into instants per date, so BST/GMT changes are exact. An order
 * placed at the cut-off instant itself has missed it.
 */
import { addDays, isIsoDate, weekdayOf } from '../../shared/stock/dates'
import {
  DELIVERY_SLOTS,
  effectiveLead,
  type DeliveryLead,
  type DeliverySlot,
  type Wholesaler
} from '../../shared/stock/wholesaler'

export interface Eta {
  /** Delivery date, local to the pharmacy. */
  date: string
  slot: DeliverySlot
  /** e.g. "Friday 28 Nov, morning delivery"; the year is added when it is not the order's. */
  words: string
  /** The cut-off the order makes (local date and time). */
  cutOff: { date: string; time: string }
}

export const LONDON = 'Europe/London'

interface WallClock {
  date: string
  hour: number
  minute: number
  second: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit'
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The wall clock in `timeZone` at `instant` (to the second). */
export function wallClockAt(instant: Date, timeZone: string = LONDON): WallClock {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {}
  for (const p of formatterFor(timeZone).formatToParts(instant)) parts[p.type] = p.value
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second)
  }
}

function offsetMsAt(ms: number, timeZone: string): number {
  const w = wallClockAt(new Date(ms), timeZone)
  const asUtc = Date.parse(`${w.date}T00:00:00Z`) + ((w.hour * 60 + w.minute) * 60 + w.second) * 1000
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000))
}

/**
 * The instant a local wall-clock time occurs. In the autumn repeated hour the earlier instant
 * wins; a time in the spring gap is read with the offset before the change (01:30 → 02:30 BST).
 */
export function wallClockToInstant(date: string, time: string, timeZone: string = LONDON): Date {
  const m = /^(\d{2}):(\d{2})$/.exec(time)
  if (!isIsoDate(date) || !m) throw new RangeError(`bad local time ${date} ${time}`)
  const naive = Date.parse(`${date}T${time}:00Z`)
  const before = offsetMsAt(naive - 12 * 3_600_000, timeZone)
  const after = offsetMsAt(naive + 12 * 3_600_000, timeZone)
  const matches = [before, after]
    .map((offset) => naive - offset)
    .filter((ms) => {
      const w = wallClockAt(new Date(ms), timeZone)
      return w.date === date && w.hour === Number(m[1]) && w.minute === Number(m[2])
    })
  return new Date(matches.length > 0 ? Math.min(...matches) : naive - before)
}

const SLOT_RANK: Readonly<Record<DeliverySlot, number>> = Object.fromEntries(
  DELIVERY_SLOTS.map((s, i) => [s, i])
) as Record<DeliverySlot, number>

/** Negative when a arrives before b. */
export function compareEta(a: Pick<Eta, 'date' | 'slot'>, b: Pick<Eta, 'date' | 'slot'>): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1
  return SLOT_RANK[a.slot] - SLOT_RANK[b.slot]
}

// Far beyond any real gap (a fortnight's closure plus a week), so only a broken config hits it.
const SEARCH_LIMIT_DAYS = 400

function deliveryDate(cutOffDay: string, lead: DeliveryLead, isDeliveryDay: (d: string) => boolean): string {
  let day = cutOffDay
  let found = lead.days === 0 && isDeliveryDay(day) ? 1 : 0
  const wanted = Math.max(lead.days, 1)
  for (let i = 0; found < wanted; i++) {
    if (i > SEARCH_LIMIT_DAYS) throw new Error(`no delivery day within ${SEARCH_LIMIT_DAYS} days of ${cutOffDay}`)
    day = addDays(day, 1)
    if (isDeliveryDay(day)) found++
  }
  return day
}

const DAY_NAMES = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday'
}
// Spelt out: ICU's en-GB now says "Sept", which would change words between Node versions.
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export function etaWords(date: string, slot: DeliverySlot, orderDate?: string): string {
  return `${dateWords(date, orderDate)}, ${slot} delivery`
}

/** "Friday 28 Nov"; the year is added when it is not `relativeTo`'s. */
export function dateWords(date: string, relativeTo?: string): string {
  const [year, month, day] = date.split('-')
  const withYear = relativeTo !== undefined && relativeTo.slice(0, 4) !== year ? ` ${year}` : ''
  return `${DAY_NAMES[weekdayOf(date)]} ${Number(day)} ${MONTH_NAMES[Number(month) - 1]}${withYear}`
}

/**
 * ETA for an order placed at `orderPlacedAt`. `extraNonDeliveryDates` adds a shared list
 * (e.g. bank holidays) to the wholesaler's own. Pass a wholesaler parsed by `wholesalerSchema`.
 */
export function computeEta(
  wholesaler: Wholesaler,
  orderPlacedAt: Date,
  timeZone: string = LONDON,
  extraNonDeliveryDates: readonly string[] = []
): Eta {
  if (Number.isNaN(orderPlacedAt.getTime())) throw new RangeError('order time is not a valid date')
  const closed = new Set([...wholesaler.nonDeliveryDates, ...extraNonDeliveryDates])
  const deliversOn = new Set(wholesaler.deliveryDays)
  const isDeliveryDay = (d: string): boolean => deliversOn.has(weekdayOf(d)) && !closed.has(d)

  const orderDate = wallClockAt(orderPlacedAt, timeZone).date
  let best: Omit<Eta, 'words'> | null = null
  // A cut-off on a day after the best delivery so far cannot beat it (leads are never negative).
  for (let day = orderDate, i = 0; best === null || day <= best.date; day = addDays(day, 1), i++) {
    if (i > SEARCH_LIMIT_DAYS) throw new Error(`${wholesaler.name}: no order cut-off within ${SEARCH_LIMIT_DAYS} days`)
    for (const cutOff of wholesaler.cutOffs[weekdayOf(day)]) {
      if (orderPlacedAt.getTime() >= wallClockToInstant(day, cutOff.time, timeZone).getTime()) continue
      const lead = effectiveLead(wholesaler, cutOff)
      const candidate = {
        date: deliveryDate(day, lead, isDeliveryDay),
        slot: lead.slot,
        cutOff: { date: day, time: cutOff.time }
      }
      if (best === null || compareEta(candidate, best) < 0) best = candidate
    }
  }
  if (best === null) throw new Error('unreachable: the search ends only once an ETA is found')
  return { ...best, words: etaWords(best.date, best.slot, orderDate) }
}
