/**
 * The Responsible Pharmacist record (RP Regulations 2008, reg 5): who is RP now, signing in and
 * out as RP, absences, and the record itself by date, exportable. Only a pharmacist becomes RP;
 * an administrator may close a period the RP forgot to, with a reason.
 */
import { z } from 'zod'
import { calendarDate } from './dates'
import { call } from './define'
import type { ExportedFile } from './exported-file'

/** The regulations allow the RP at most 2 hours' absence in the pharmacy's business hours a day. */
export const RP_ABSENCE_LIMIT_MINUTES = 120

export interface RpAbsenceView {
  id: number
  startedAt: string
  /** Null while the RP is away. */
  returnedAt: string | null
}

export interface RpPeriodView {
  id: number
  pharmacistId: string
  pharmacistName: string
  gphcNumber: string
  startedAt: string
  /** Null while this pharmacist is RP. */
  endedAt: string | null
  /** Who closed the period: the RP, or an administrator closing a forgotten one. */
  endedBy: string | null
  endReason: string | null
  absences: RpAbsenceView[]
  /** The longest total absence in one day of the period, in minutes (an open absence counts to now). */
  longestDayAbsentMinutes: number
  /** That total passed the 2-hour limit: recorded anyway, and flagged. */
  absenceOverLimit: boolean
}

export interface RpStatus {
  /** The period in progress, or null when no Responsible Pharmacist is signed in. */
  current: RpPeriodView | null
  /** When the current RP left, while they are away. */
  absentSince: string | null
  /** Said when today's absences pass the limit, e.g. "Absent 2 h 35 min today: over the 2-hour limit…". */
  absenceWarning: string | null
}

const date = calendarDate
const fromNotAfterTo: [(range: { from: string; to: string }) => boolean, { message: string; path: string[] }] = [
  (range) => range.from <= range.to,
  { message: '"from" must not be after "to"', path: ['to'] }
]

export const rpCalls = {
  'rp.status': call<RpStatus>()({ input: z.object({}), access: 'anyUser', mutates: false }),
  /** The signed-in pharmacist becomes RP, with the name and GPhC number on their user record. */
  'rp.signIn': call<RpStatus>()({ input: z.object({}), access: ['pharmacist'], mutates: true }),
  'rp.startAbsence': call<RpStatus>()({ input: z.object({}), access: ['pharmacist'], mutates: true }),
  'rp.endAbsence': call<RpStatus>()({ input: z.object({}), access: ['pharmacist'], mutates: true }),
  /** The RP signs out; an administrator closing someone else's period must say why. */
  'rp.signOut': call<RpStatus>()({
    input: z.object({
      reason: z.string().trim().min(3).max(500).optional(),
      /** Closing someone else's forgotten period: when they actually stopped being RP (default now). */
      endedAt: z.iso.datetime({ message: 'an RFC 3339 UTC timestamp, e.g. 2026-11-26T18:00:00Z' }).optional()
    }),
    access: ['pharmacist', 'administrator'],
    mutates: true
  }),
  /** Periods that overlap the days from–to (the pharmacy's local dates), oldest first. */
  'rp.list': call<RpPeriodView[]>()({
    input: z.object({ from: date, to: date }).refine(...fromNotAfterTo),
    access: 'anyUser',
    mutates: false
  }),
  'rp.export': call<ExportedFile>()({
    input: z.object({ from: date, to: date, format: z.enum(['csv', 'pdf']) }).refine(...fromNotAfterTo),
    access: 'anyUser',
    mutates: false
  })
} as const
