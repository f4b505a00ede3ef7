/**
 * When a wholesaler order will arrive. The ETA is the earliest delivery among every cut-off
 * the order can still make: that makes it monotonic in the order time even for odd
 * configurations (a later cut-off with a shorter lead). Cut-off times are London wall-clock
 * times, turned into instants per date, so BST/GMT changes are exact. An order placed at the
 * cut-off instant itself has missed it.
 */
import { addDays, weekdayOf } from '../../shared/time/calendar'
import { londonInstant, londonDate } from '../../shared/time/london'
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
  extraNonDeliveryDates: readonly string[] = []
): Eta {
  if (Number.isNaN(orderPlacedAt.getTime())) throw new RangeError('order time is not a valid date')
  const closed = new Set([...wholesaler.nonDeliveryDates, ...extraNonDeliveryDates])
  const deliversOn = new Set(wholesaler.deliveryDays)
  const isDeliveryDay = (d: string): boolean => deliversOn.has(weekdayOf(d)) && !closed.has(d)

  const orderDate = londonDate(orderPlacedAt)
  let best: Omit<Eta, 'words'> | null = null
  // A cut-off on a day after the best delivery so far cannot beat it (leads are never negative).
  for (let day = orderDate, i = 0; best === null || day <= best.date; day = addDays(day, 1), i++) {
    if (i > SEARCH_LIMIT_DAYS) throw new Error(`${wholesaler.name}: no order cut-off within ${SEARCH_LIMIT_DAYS} days`)
    for (const cutOff of wholesaler.cutOffs[weekdayOf(day)]) {
      if (orderPlacedAt.getTime() >= londonInstant(day, cutOff.time).getTime()) continue
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
