/** How a register's row reads to a person. Pure. */
import { formatDate } from '../time/london'

/**
 * "expiry 06/05/2027", "on 06/05/2027" for the ISO days in a register's pack text or note. Rows are
 * sealed as written, so the stored text keeps its ISO days (old rows and new alike: one format in
 * the store); a person reads DD/MM/YYYY. Only a day after "expiry" or "on": a batch number is left as it is.
 */
export function registerTextForPeople(text: string): string {
  return text.replace(
    /\b(expiry|on) (\d{4}-\d{2}-\d{2})\b/g,
    (_, word: string, day: string) => `${word} ${formatDate(day)}`
  )
}
