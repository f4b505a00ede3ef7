/** What the pharmacist decides at the clinical check. */
export const CLINICAL_OUTCOMES = ['approved', 'approved_with_note', 'query', 'reject'] as const
export type ClinicalOutcome = (typeof CLINICAL_OUTCOMES)[number]

export const CLINICAL_OUTCOME_LABELS: Record<ClinicalOutcome, string> = {
  approved: 'Approved',
  approved_with_note: 'Approved with a note',
  query: 'Query to Phensys',
  reject: 'Rejected'
}
