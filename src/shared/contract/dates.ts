import { z } from 'zod'
import { isIsoDate } from '../time/calendar'

/**
 * The dates a call accepts: real calendar days within the years the counter can work with. Without
 * bounds, a year 0001 or 9999 reaches date arithmetic and time zones that cannot represent it.
 */
const EARLIEST_DATE = '2000-01-01'
const LATEST_DATE = '2099-12-31'

export const calendarDate = z
  .string()
  .refine(isIsoDate, 'a date YYYY-MM-DD')
  .refine((date) => date >= EARLIEST_DATE && date <= LATEST_DATE, `a date from ${EARLIEST_DATE} to ${LATEST_DATE}`)
