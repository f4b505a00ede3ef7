/**
 * The safety flags the counter computes for a pharmacist's clinical check, from the patient's
 * record and the safety checks' file: kinds of the one flag mechanism (shared/flags/kinds.ts, where
 * their words are). Each says why; those that must be acknowledged hold the clinical check back
 * until a pharmacist records who, when and why.
 */
import type { FlagKind } from '../flags/kinds'

export type SafetyKind = Extract<
  FlagKind,
  | 'early_supply'
  | 'duplicate_request'
  | 'high_risk'
  | 'weekly_dosing'
  | 'patient_age'
  | 'age_medicine'
  | 'quantity'
  | 'interaction'
>
