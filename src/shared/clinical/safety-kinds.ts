/**
 * The safety flags the counter computes for a pharmacist's clinical check, from the patient's
 * record and the safety checks' data file. Each says why; those that must be acknowledged hold
 * the clinical check back until a pharmacist records who, when and why.
 */
export const SAFETY_KINDS = {
  early_supply: 'early or duplicate supply',
  duplicate_request: 'another open request',
  high_risk: 'high-risk medicine',
  weekly_dosing: 'weekly medicine dosed daily',
  patient_age: 'age',
  age_medicine: 'medicine for this age',
  quantity: 'quantity over usual maximum'
} as const
export type SafetyKind = keyof typeof SAFETY_KINDS
