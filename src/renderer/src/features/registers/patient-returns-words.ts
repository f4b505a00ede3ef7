import type { PatientReturnView } from '@shared/contract'
import type { SnapshotItem } from '@shared/phensys/snapshot'
import { formatDateTime } from '@shared/time/london'
import { sentSchedule } from '@shared/workflow/cd-schedule'

/** The drug as the record names it: its name, then form and strength where known. */
export function drugInWords(returned: Pick<PatientReturnView, 'drug' | 'form' | 'strength'>): string {
  return [returned.drug, returned.form, returned.strength].filter((part) => part).join(', ')
}

/** Whether and when the returned CDs were destroyed, by whom, before which witness, in words. */
export function destructionInWords(returned: Pick<PatientReturnView, 'destruction'>): string {
  const done = returned.destruction
  if (!done) return 'Not yet destroyed'
  return `Destroyed ${formatDateTime(done.destroyedAt)} by ${done.destroyedBy}, witnessed by ${done.witness}`
}

/**
 * The lines of a request a patient's returned CDs can be recorded against: those Phensys sent as
 * Schedule 2, once delivered. Where none was sent as 2 but the request holds a CD (the catalogue's
 * schedule counts too), every line is offered and main decides, refusing in words if not 2.
 */
export function returnableLines<L extends Pick<SnapshotItem, 'product'>>(
  stage: string,
  hasControlledDrug: boolean,
  items: readonly L[]
): L[] {
  if (stage !== 'delivered') return []
  const schedule2 = items.filter((item) => sentSchedule(item.product) === 2)
  if (schedule2.length > 0 || !hasControlledDrug) return schedule2
  return [...items]
}
