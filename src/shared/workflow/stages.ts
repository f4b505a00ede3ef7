/**
 * The provider's operational stages of a fulfilment request, in worklist order.
 * The workflow's transition table (which command moves a request between them) builds on this list.
 */
export const STAGES = [
  'new',
  'awaiting_hard_copy',
  'stock_check',
  'awaiting_stock',
  'supply_issue',
  'awaiting_patient_decision',
  'ready_to_dispense',
  'dispensing',
  'labelled',
  'accuracy_checked',
  'packed',
  'query_raised',
  'further_consultation',
  'returned_to_sender',
  'dispatched',
  'delivered',
  'rejected',
  'cancelled'
] as const
export type Stage = (typeof STAGES)[number]

export const STAGE_LABELS: Record<Stage, string> = {
  new: 'New',
  awaiting_hard_copy: 'Awaiting hard copy',
  stock_check: 'Stock check',
  awaiting_stock: 'Awaiting stock',
  supply_issue: 'Supply issue',
  awaiting_patient_decision: 'Awaiting patient decision',
  ready_to_dispense: 'Ready to dispense',
  dispensing: 'Dispensing',
  labelled: 'Labelled',
  accuracy_checked: 'Accuracy checked',
  packed: 'Packed',
  query_raised: 'Query raised',
  further_consultation: 'Further consultation',
  returned_to_sender: 'Returned to sender',
  dispatched: 'Dispatched',
  delivered: 'Delivered',
  rejected: 'Rejected',
  cancelled: 'Cancelled'
}

/** Stages after which the counter has nothing more to do. */
export const CLOSED_STAGES: readonly Stage[] = ['dispatched', 'delivered', 'rejected', 'cancelled']

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value)
}

/**
 * The stage a stored row is in. Early versions parked an accepted request in `accepted` before
 * routing it; such a row is where accept leads now (awaiting the original when one is required,
 * else the stock check), so it can carry on. They also made the clinical check after labelling,
 * as a stage of its own; a row left `clinically_checked` is labelled with its check made, which
 * is where the accuracy check now starts. Anything else unknown shows as new.
 */
export function storedStage(value: string, hardCopyRequired: boolean): Stage {
  if (value === 'accepted') return hardCopyRequired ? 'awaiting_hard_copy' : 'stock_check'
  if (value === 'clinically_checked') return 'labelled'
  return isStage(value) ? value : 'new'
}
