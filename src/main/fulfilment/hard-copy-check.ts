import type { Snapshot } from '../../shared/phensys/snapshot'
import { type CatalogueSchedule, hasScheduled } from '../../shared/workflow/cd-schedule'
import { CD_FORMS, type HardCopyReceipt } from '../../shared/workflow/hard-copy'
import { formatQuantity } from '../../shared/stock/units'
import { formatDate } from '../../shared/time/london'

/**
 * Compares the original prescription, as the person at the counter read it, with the request.
 * Returns what does not match, in words for the query Phensys receives; empty when it all does.
 */
export function hardCopyMismatches(
  snapshot: Snapshot,
  receipt: HardCopyReceipt,
  catalogue: CatalogueSchedule
): string[] {
  const problems: string[] = []
  if (!receipt.patientMatches) problems.push('the patient on the form is not the patient of the request')
  if (!receipt.prescriberMatches)
    problems.push(`the prescriber on the form is not ${snapshot.prescription.prescriber.name}`)
  if (!receipt.dateMatches)
    problems.push(`the date on the form is not ${dateForPeople(snapshot.prescription.issuedAt)}`)

  const items = snapshot.prescription.items
  for (const item of items) {
    const line = receipt.lines.find((candidate) => candidate.lineId === item.lineId)
    if (!line) problems.push(`${item.product.name} (line ${item.lineId}) is not on the form`)
    else if (!line.matches) problems.push(`${item.product.name} (line ${item.lineId}) differs on the form`)
    else if (line.quantityOnForm !== item.quantity) {
      problems.push(
        `${item.product.name}: the form says ${line.quantityOnForm}, the request ${formatQuantity(item.quantity, item.unit)}`
      )
    }
  }
  for (const line of receipt.lines) {
    if (!items.some((item) => item.lineId === line.lineId))
      problems.push(`the form has a line ${line.lineId} the request does not`)
  }

  const needsCdForm = hasScheduled(snapshot, catalogue, [2, 3])
  if (needsCdForm && !CD_FORMS.includes(receipt.formType)) {
    problems.push('a Schedule 2 or 3 controlled drug must be prescribed on FP10PCD (WP10PCD, PPCD)')
  }
  if (needsCdForm && receipt.quantityInWordsAndFigures === false)
    problems.push('the total quantity of the controlled drug is not stated in words and figures matching the request')
  if (CD_FORMS.includes(receipt.formType) && receipt.serial.length === 0)
    problems.push(`the ${receipt.formType} serial number was not recorded`)
  return problems
}

/** A prescription's date as a person writes it (DD/MM/YYYY); anything else Phensys sent, as it came. */
function dateForPeople(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? formatDate(date) : date
}
