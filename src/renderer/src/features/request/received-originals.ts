import type { HardCopyView } from '@shared/contract'
import { formatDate, formatTime } from '@shared/time/london'

/** One original received, as the request screen says it (a request stopped before it came too). */
export function receivedOriginalLine(receipt: HardCopyView): string {
  const formName = receipt.formType === 'private_paper' ? 'Private prescription (paper)' : receipt.formType
  const form = [formName, receipt.serial].filter((part) => part !== '').join(' ')
  const line = `Original received ${formatDate(receipt.receivedAt)} ${formatTime(receipt.receivedAt)} by ${receipt.receivedBy}: ${form}`
  if (receipt.prescriberCdNumber !== null) return `${line}, prescriber's CD number ${receipt.prescriberCdNumber}`
  return receipt.cdNumberNotRecorded ? `${line}. Prescriber's CD number not recorded` : line
}
