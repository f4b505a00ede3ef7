/** How a register's row reads to a person. Pure. */
import type { PatientReturnView } from '../contract/register-views'
import { formatDate, formatDateTime } from '../time/london'

const compact = (text: string) => text.toLowerCase().replace(/\s+/g, '')
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * "Sildenafil 50mg tablets": the name with its strength and form, each once. A catalogue name
 * already carries them; a bare name (as another Phensys may send) still gets them added.
 */
export function medicineWords(entry: { medicineName: string; strength: string | null; form: string | null }): string {
  const name = entry.medicineName
  // "5mg" is not in "25mg": the strength must not follow a digit or a decimal point.
  const hasStrength = (strength: string) => new RegExp(`(^|[^0-9.])${escaped(compact(strength))}`).test(compact(name))
  const hasForm = (form: string) => new RegExp(`\\b${escaped(form.toLowerCase())}`).test(name.toLowerCase())
  const strength = entry.strength?.trim() && !hasStrength(entry.strength) ? entry.strength.trim() : null
  const form = entry.form?.trim() && !hasForm(entry.form.trim()) ? entry.form.trim() : null
  return [name, strength, form].filter(Boolean).join(' ')
}

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

/** A patient's returned drug as the record names it: its name, then form and strength where known. */
export function drugInWords(returned: Pick<PatientReturnView, 'drug' | 'form' | 'strength'>): string {
  return [returned.drug, returned.form, returned.strength].filter((part) => part).join(', ')
}

/** Whether and when a patient's returned CDs were destroyed, by whom, before which witness, in words. */
export function destructionInWords(returned: Pick<PatientReturnView, 'destruction'>): string {
  const done = returned.destruction
  if (!done) return 'Not yet destroyed'
  return `Destroyed ${formatDateTime(done.destroyedAt)} by ${done.destroyedBy}, witnessed by ${done.witness}`
}
