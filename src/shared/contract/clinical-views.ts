/** What the patient's record, search, notes and the clinical check answer with. Plain data. */
import type { ClinicalOutcome } from '../clinical/outcomes'
import type { SafetyKind } from '../clinical/safety-kinds'
import type { Stage } from '../workflow/stages'
import type { FlagView } from './flag-views'

export interface PatientIdentity {
  /** Phensys's patient id. */
  patientId: string
  name: string
  dateOfBirth: string
  age: number
  postcode: string
  /** Other Phensys ids a person confirmed are this patient: their requests and supplies are here too. */
  sameAs: string[]
  /** Other ids with the same name, date of birth and postcode, for a person to confirm or set apart. */
  possibleMatches: Array<{ patientId: string; name: string; requests: number }>
}

export interface PatientRequestRow {
  id: string
  patientId: string
  stage: Stage
  receivedAt: string
  stageSince: string
  route: string
  /** The medicines, in words ("Sertraline 50mg tablets × 28"). */
  items: string
}

export interface PatientSupplyRow {
  requestId: string
  lineId: string
  suppliedAt: string
  medicine: string
  quantity: number
  unit: string
  /** Batch and expiry of each pack, in words. */
  batches: string
  prescriber: string
  route: string
}

export interface StaffNoteView {
  id: number
  subject: 'request' | 'patient'
  subjectId: string
  /** For a note on a request: the patient's name, so a hand-over list reads on its own. */
  about: string
  text: string
  by: string
  at: string
}

export interface SafetyFlagView {
  id: number
  requestId: string
  lineId: string | null
  kind: SafetyKind
  /** "early or duplicate supply": the worklist's words. */
  short: string
  /** Why, in a sentence. */
  words: string
  /** The value behind it, as JSON. */
  raw: string
  /** It holds the clinical check back until acknowledged. */
  mustAcknowledge: boolean
  raisedAt: string
  acknowledged: { by: string; at: string; reason: string } | null
}

export interface PatientRecord {
  patient: PatientIdentity
  requests: PatientRequestRow[]
  supplies: PatientSupplyRow[]
  notes: StaffNoteView[]
  /** The flags of the patient's open requests. */
  flags: SafetyFlagView[]
}

export interface ClinicalCheckView {
  id: number
  outcome: ClinicalOutcome
  note: string | null
  by: string
  at: string
  version: number
  voided: { at: string; version: number | null } | null
}

/** Everything the clinical check screen shows beside the prescription (which `requests.get` gives). */
export interface ClinicalView {
  requestId: string
  record: PatientRecord
  /** This request's flags, those no longer applying left out. */
  flags: SafetyFlagView[]
  /**
   * What Phensys sent that a person must settle (an unknown label or product, a hidden character,
   * an unknown state...): the request screen's flags still open, each with the steps it holds back.
   */
  intakeFlags: FlagView[]
  notes: StaffNoteView[]
  /** The check that stands (an approval not voided), and every decision made. */
  standing: ClinicalCheckView | null
  checks: ClinicalCheckView[]
}

export interface SearchHit {
  requestId: string
  patientId: string
  patientName: string
  dateOfBirth: string
  postcode: string
  stage: Stage
  receivedAt: string
  stageSince: string
  /** What the search matched: the name, date of birth, postcode, reference or a tracking number. */
  matched: 'name' | 'date of birth' | 'postcode' | 'reference' | 'tracking number'
}
