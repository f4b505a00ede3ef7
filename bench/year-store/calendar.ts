/**
 * The year's calendar: which days the pharmacy opens, and London wall-clock times as instants
 * (the year crosses both clock changes). The pharmacy works Monday to Saturday and closes on
 * England's bank holidays; Phensys takes orders every day.
 */
import { readFileSync } from 'node:fs'

export const DAY_MS = 86_400_000
export const MINUTE_MS = 60_000

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23'
})

/** The London date of an instant, `YYYY-MM-DD`. */
export function londonDate(ms: number): string {
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(ms)).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day}`
}

/** The instant a London wall-clock time happens on a date (`HH:MM`). */
export function londonTime(date: string, time: string): number {
  const naive = Date.parse(`${date}T${time}:00Z`)
  // London is UTC or UTC+1: the offset at the naive instant is right except within the hour of a change.
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(naive)).map((p) => [p.type, p.value]))
  const asLondon = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`)
  return naive - (asLondon - naive)
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay()
}

/** A date as a GS1 expiry (AI 17) writes it: `2026-03-02` → `260302`. */
export function gs1Date(date: string): string {
  return `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`
}

/** England and Wales bank holidays, from the same file the wholesalers' ETAs use. */
export function bankHolidays(resourcesDir: string): Set<string> {
  const file = JSON.parse(readFileSync(`${resourcesDir}/wholesalers.json`, 'utf8')) as {
    bankHolidays: { dates: string[] }
  }
  return new Set(file.bankHolidays.dates)
}

export class YearCalendar {
  readonly days: string[]

  constructor(
    readonly firstDay: string,
    dayCount: number,
    private readonly holidays: ReadonlySet<string>
  ) {
    this.days = Array.from({ length: dayCount }, (_, i) => addDays(firstDay, i))
  }

  get lastDay(): string {
    return this.days[this.days.length - 1]!
  }

  /** The day after the year: where the benchmarks' clock starts. */
  get dayAfter(): string {
    return addDays(this.lastDay, 1)
  }

  isOpen(date: string): boolean {
    return weekday(date) !== 0 && !this.holidays.has(date)
  }

  /** The first day on or after `date` the pharmacy is open. */
  nextOpen(date: string): string {
    let day = date
    while (!this.isOpen(day)) day = addDays(day, 1)
    return day
  }

  /** `days` opening days after `date`. */
  openDaysAfter(date: string, days: number): string {
    let day = date
    for (let n = 0; n < days; n++) day = this.nextOpen(addDays(day, 1))
    return day
  }
}
