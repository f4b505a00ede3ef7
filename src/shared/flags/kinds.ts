/**
 * Flags on a request: something a person must see, and often decide, before a step of the workflow
 * may go on. One mechanism for everything the counter will not decide on its own: what Phensys
 * sent that this pharmacy does not know or cannot read (raised at intake, from each new version),
 * and, later, a pharmacist's clinical safety checks.
 *
 * A flag names the steps it blocks (a blocked step is refused by the transition table's guard until
 * the flag is resolved) and the ways a person may resolve it. Resolving is always a person's act,
 * recorded with who, when and how; a newer version of the request that removes the cause closes
 * the flag as "no longer applies".
 */
import type { GuardOf, WorkflowCommand } from '../workflow/transitions'

/** How a flag is settled. */
export const RESOLUTION_METHODS = [
  /** A pharmacist chose the wording a label prints for a cautionary label this pharmacy lacks. */
  'wording_chosen',
  /** A pharmacist matched the prescribed product to one of the catalogue (proposed, then confirmed). */
  'product_matched',
  /** A person confirmed the text a label prints once control characters are taken out. */
  'cleaned_text_confirmed',
  /** A person chose which configured carrier service the request goes by. */
  'service_chosen',
  /** A pharmacist looked at it and recorded why the work may go on. */
  'acknowledged',
  /** The rest of a partly returned dispatch came back: the registers noted the whole supply's return themselves. */
  'every_parcel_back'
] as const
export type ResolutionMethod = (typeof RESOLUTION_METHODS)[number]

export interface FlagKindRule {
  /** The few words the worklist shows. */
  short: string
  /** How a person may resolve a flag of this kind that blocks a step (besides a query to Phensys). */
  resolutions: readonly ResolutionMethod[]
  /**
   * Listed on the worklist while unsettled though it holds no step back: the patient is owed
   * something a person must decide on, whatever the stage (others listed there hold a step back).
   */
  onWorklist?: true
}

export const FLAG_KINDS = {
  /** Missing, blank, or of a shape the counter cannot use. Only Phensys can mend it: a query. */
  unreadable_value: { short: 'cannot read', resolutions: [] },
  /**
   * A snapshot that leaves out whether the original prescription is required (the contract always
   * says): read as not required, with the rules that need an original regardless still applying.
   * A person checks it; it holds nothing back.
   */
  hard_copy_unsaid: { short: 'original: not said', resolutions: ['acknowledged'], onWorklist: true },
  /** An enum value this counter does not know (a route, a kind of prescription, a schedule). */
  unknown_value: { short: 'unknown value', resolutions: ['acknowledged'] },
  /** A field this counter does not know: kept, shown, decides nothing. */
  extra_field: { short: 'new field', resolutions: ['acknowledged'] },
  /** Text longer than any real one. */
  long_text: { short: 'long text', resolutions: ['acknowledged'] },
  /** Control or invisible characters in text a label prints. */
  control_characters: { short: 'hidden characters', resolutions: ['cleaned_text_confirmed'] },
  /** A cautionary label number this pharmacy has no wording for: the wording is chosen, or it is left off. */
  unknown_cautionary_label: { short: 'unknown label', resolutions: ['wording_chosen', 'acknowledged'] },
  /** A prescribed product the catalogue does not know and no one has matched yet. */
  unknown_product: { short: 'needs match', resolutions: ['product_matched'] },
  /** A unit no pack of the product is counted in. */
  unit_not_stocked: { short: 'unit not stocked', resolutions: [] },
  /** Phensys's Controlled Drug schedule of a product is not the catalogue's: the counter applies the stricter. */
  cd_schedule_differs: { short: 'CD schedule differs', resolutions: ['acknowledged'] },
  /**
   * The patient's choice "cancel" relayed before Phensys cancelled the request: only Phensys
   * cancels, so nothing is stopped yet, but nothing more is supplied for a patient who said no.
   */
  cancel_chosen: { short: 'patient chose to cancel', resolutions: ['acknowledged'] },
  /** A delivery service the carriers' settings do not map. */
  unknown_delivery_service: { short: 'unknown service', resolutions: ['service_chosen'] },
  // The clinical check's safety flags (src/main/clinical), computed from the patient's record.
  /** The same medicine or class supplied within its course. */
  early_supply: { short: 'early or duplicate supply', resolutions: ['acknowledged'] },
  /** Another open request of the patient for the same medicine. */
  duplicate_request: { short: 'another open request', resolutions: ['acknowledged'] },
  /** A high-risk medicine, with the counselling or check it needs. */
  high_risk: { short: 'high-risk medicine', resolutions: ['acknowledged'] },
  /** A once-weekly medicine whose directions say daily. */
  weekly_dosing: { short: 'weekly medicine dosed daily', resolutions: ['acknowledged'] },
  /** A patient under 18 or over 75. */
  patient_age: { short: 'age', resolutions: ['acknowledged'] },
  /** A medicine that needs a check at the patient's age. */
  age_medicine: { short: 'medicine for this age', resolutions: ['acknowledged'] },
  /** A quantity over the usual maximum for the product. */
  quantity: { short: 'quantity over usual maximum', resolutions: ['acknowledged'] },
  /** Two medicines that interact: two lines of the request, or a line and a medicine on the patient's record. */
  interaction: { short: 'interacting medicines', resolutions: ['acknowledged'] },
  // Raised by dispatch (src/main/dispatch) when a return is recorded.
  /** Some parcels of a dispatch came back, not all: the registers are left for a pharmacist's correcting entries. */
  partial_return: { short: 'partial return', resolutions: ['acknowledged'] },
  /** A parcel of an earlier dispatch came back after the request was sent again without its packs: the patient is short them. */
  patient_short: { short: 'patient short', resolutions: ['acknowledged'], onWorklist: true },
  /** A parcel of an earlier dispatch was delivered after the request was sent again with the whole bag: the patient may have its packs twice. */
  sent_twice: { short: 'sent twice', resolutions: ['acknowledged'], onWorklist: true },
  /** Stopped at Phensys (cancelled, rejected) with a parcel still with the carrier: a person has it returned. */
  parcel_recall: { short: 'recall the parcel', resolutions: ['acknowledged'], onWorklist: true },
  /**
   * An event tried before and still unconfirmed when its Idempotency-Key is older than the day
   * Phensys keeps keys: sent again, a first try Phensys did record would be recorded twice. Held
   * (F9) until a person has looked at Phensys; it holds no step back.
   */
  sent_late: { short: 'check Phensys shows it once', resolutions: ['acknowledged'], onWorklist: true },
  // Raised by a batch recall (stock.recallBatch) on the open requests that held the batch.
  /** A pack of a recalled batch was in the bag or reserved: out to quarantine, and a pharmacist acknowledges. */
  batch_recalled: { short: 'batch recalled', resolutions: ['acknowledged'] }
} as const satisfies Record<string, FlagKindRule>
export type FlagKind = keyof typeof FLAG_KINDS

/** The kinds the worklist lists while unsettled though they hold nothing back. */
export const WORKLIST_KINDS = (Object.keys(FLAG_KINDS) as FlagKind[]).filter(
  (kind) => (FLAG_KINDS[kind] as FlagKindRule).onWorklist === true
)

/**
 * The steps a flag may block: the rows of the transition table guarded by `noBlockingFlag`. To let
 * flags hold back another step, give its row that guard. A query and a rejection never have it, so
 * a person can always hand the request back to Phensys.
 */
export type FlaggableStep = {
  [C in WorkflowCommand]: 'noBlockingFlag' extends GuardOf<C> ? C : never
}[WorkflowCommand]

/**
 * Who raises a flag. `intake` flags are recomputed from each new version of the request (a cause
 * gone closes the flag); `safety` flags by the clinical check's rules (src/main/clinical) from the
 * patient's record; `dispatch` flags by a parcel's outcome; `recall` flags by a batch recall; `sync` flags by the sending of events to Phensys; a flag from any other source is left alone by a new version: its source
 * raises it, and closes it if it must, itself.
 */
export const FLAG_SOURCES = ['intake', 'safety', 'dispatch', 'recall', 'sync'] as const
export type FlagSource = (typeof FLAG_SOURCES)[number]

export const FLAG_STATUSES = ['open', 'proposed', 'resolved', 'no_longer_applies'] as const
export type FlagStatus = (typeof FLAG_STATUSES)[number]

/** The ways a person may resolve this flag: its kind's, or an acknowledgement when it blocks nothing. */
export function resolutionsFor(kind: FlagKind, blocks: readonly string[]): readonly ResolutionMethod[] {
  const rule: FlagKindRule = FLAG_KINDS[kind]
  if (blocks.length === 0 && !rule.resolutions.includes('acknowledged')) return [...rule.resolutions, 'acknowledged']
  return rule.resolutions
}
