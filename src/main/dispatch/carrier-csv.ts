/**
 * Reading a carrier's tracking export (CSV). Carriers name their columns differently, so the
 * header is matched loosely: a tracking column, a status column and a date column. Dates are
 * ISO 8601 (London time unless an offset is given), or UK `dd/mm/yyyy [hh:mm[:ss]]` in the
 * pharmacy's local time (London).
 */
import { parseCsv } from '../documents'
import { isIsoDate } from '../../shared/time/calendar'
import { londonDate, londonInstant } from '../../shared/time/london'

export interface CarrierCsvRecord {
  /** The line of the file the record starts on (the header is line 1). */
  line: number
  /** Why the line could not be read as CSV (e.g. a quote never closed), else null. */
  problem: string | null
  trackingNumber: string | null
  status: string
  /** ISO instant, or null when the cell could not be read. */
  at: string | null
  /** The London day when the cell gives a date with no time (then `at` is that day's midday). */
  dayOnly: string | null
  rawDate: string
}

export type CarrierCsvReading = { ok: true; rows: CarrierCsvRecord[] } | { ok: false; message: string }

const TRACKING_HEADERS = [
  'tracking number',
  'tracking no',
  'tracking',
  'tracking_number',
  'barcode',
  'item id',
  'parcel number',
  'consignment number'
]
const STATUS_HEADERS = ['status', 'event', 'outcome', 'last event', 'tracking status']
const DATE_HEADERS = ['date', 'event date', 'status date', 'delivered at', 'timestamp', 'event time', 'date time']

/** "Tracking No.", "tracking_number", " Date/Time " → "tracking no", "tracking number", "date time". */
const headerWords = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

function findColumn(header: string[], names: readonly string[]): number {
  const normalised = header.map(headerWords)
  for (const name of names) {
    const index = normalised.indexOf(headerWords(name))
    if (index !== -1) return index
  }
  return -1
}

export function readCarrierDate(text: string): string | null {
  const value = text.trim()
  // Only an explicit offset is read as written; without one it is London time, like the rest.
  if (/^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? null : new Date(ms).toISOString()
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value)
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value)
  const parts = iso
    ? { y: iso[1]!, m: iso[2]!, d: iso[3]!, hh: iso[4], mm: iso[5], ss: iso[6] }
    : uk
      ? { y: uk[3]!, m: uk[2]!, d: uk[1]!, hh: uk[4], mm: uk[5], ss: uk[6] }
      : null
  if (!parts) return null
  const date = `${parts.y}-${parts.m.padStart(2, '0')}-${parts.d.padStart(2, '0')}`
  // A date with no time reads as midday, safely inside that local day whatever the offset.
  const time = `${(parts.hh ?? '12').padStart(2, '0')}:${parts.mm ?? '00'}`
  if (!isIsoDate(date) || Number(time.slice(0, 2)) > 23 || Number(parts.mm ?? 0) > 59) return null
  return new Date(londonInstant(date, time).getTime() + Number(parts.ss ?? 0) * 1000).toISOString()
}

/**
 * When a line gives only the day, the moment recorded is the end of that day, or now if that is
 * today, and never before the dispatch: a parcel dispatched at 15:00 and delivered "today" is
 * not refused for a midday that came before it. Null when the day is before the dispatch's.
 */
export function momentOnDay(day: string, dispatchedAt: string, now: Date): string | null {
  const endOfDay = londonInstant(day, '23:59').getTime() + 59_999
  if (endOfDay < Date.parse(dispatchedAt)) return null
  return new Date(Math.max(Date.parse(dispatchedAt), Math.min(endOfDay, now.getTime()))).toISOString()
}

export function readCarrierCsv(text: string): CarrierCsvReading {
  const parsed = parseCsv(text)
  const records = parsed.records.filter((record) => record.fields.some((cell) => cell.trim() !== ''))
  const headerProblem = parsed.problems.find((problem) => problem.line < (records[0]?.line ?? Infinity))
  if (headerProblem)
    return { ok: false, message: `The header (line ${headerProblem.line}) could not be read: ${headerProblem.reason}.` }
  const header = records[0]?.fields
  if (!header) return { ok: false, message: 'The file is empty.' }
  const tracking = findColumn(header, TRACKING_HEADERS)
  const status = findColumn(header, STATUS_HEADERS)
  const date = findColumn(header, DATE_HEADERS)
  const missing = [tracking === -1 && 'a tracking number', status === -1 && 'a status', date === -1 && 'a date'].filter(
    Boolean
  )
  if (missing.length > 0) {
    return {
      ok: false,
      message: `The header (${header.join(', ')}) has no column for ${missing.join(', ')}; expected e.g. "Tracking number, Status, Date".`
    }
  }
  const rows = records.slice(1).map(({ line, fields }): CarrierCsvRecord => {
    const trackingNumber = (fields[tracking] ?? '').replace(/\s+/g, '').toUpperCase()
    const rawDate = fields[date] ?? ''
    const at = readCarrierDate(rawDate)
    return {
      line,
      trackingNumber: trackingNumber || null,
      status: (fields[status] ?? '').trim(),
      at,
      dayOnly: at !== null && !/\d:\d/.test(rawDate) ? londonDate(at) : null,
      rawDate,
      problem: null
    }
  })
  // A line the CSV reader could not read is reported as such, never dropped.
  const unreadable = parsed.problems.map(({ line, reason }): CarrierCsvRecord => ({
    line,
    trackingNumber: null,
    status: '',
    at: null,
    dayOnly: null,
    rawDate: '',
    problem: reason
  }))
  return { ok: true, rows: [...rows, ...unreadable].sort((a, b) => a.line - b.line) }
}

/**
 * Delivered, returned, or neither. Only a status that *says* so counts: it must begin with the
 * outcome ("Delivered, left with neighbour", "Item delivered", "Returned to sender", "RTS").
 * Anything else ("Not yet delivered", "Delivery delayed", "Redelivery arranged", "Returned to
 * depot") is reported to a person, never guessed: a wrong `delivered` would tell the patient so.
 */
export function outcomeOfStatus(status: string): 'delivered' | 'returned' | null {
  const words = status
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
  if (/^(?:(?:item|parcel) )?(?:returned|return) to sender\b|^rts$|^rts /.test(words)) return 'returned'
  if (/^(?:(?:item|parcel) )?delivered\b|^signed for\b/.test(words)) return 'delivered'
  return null
}
