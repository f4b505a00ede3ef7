import type { SnapshotItem } from '@shared/phensys/snapshot'
import { sentSchedule } from '@shared/workflow/cd-schedule'

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
