/**
 * A state Phensys holds the request in that the contract does not list (`on_hold`): what Phensys
 * accepts there is not known, so nothing that tells it something, dispenses or supplies goes ahead
 * until a pharmacist has looked. Its holds and words are the kind's, read from the flag's kind and
 * path whenever it is read, not from what was stored when it was raised: a flag raised by an older
 * release (which held less) holds what this release holds, with no migration of stored rows.
 */
import type { FlaggableStep } from '../../shared/flags/kinds'
import { formatDateTime } from '../../shared/time/london'

/**
 * Starting dispensing and the accuracy check are held too: packs scanned or checked on a request
 * Phensys may cancel or change there are labelled packs to quarantine, and a pharmacist's check of
 * what may not be supplied. Marking a parcel delivered or returned is not held: it records what
 * already happened to a bag with the carrier.
 */
export const IN_AN_UNKNOWN_STATE: readonly FlaggableStep[] = [
  'accept',
  'checkStock',
  'startDispensing',
  'printLabels',
  'accuracyCheck',
  'pack',
  'dispatch',
  'collect'
]

/**
 * What the person held back by the patient's choice to cancel reads. The same steps wait as for a
 * state the counter does not know (IN_AN_UNKNOWN_STATE): the clinical check is no use to a patient
 * who said no either, but it supplies nothing and is left free.
 */
export function cancelChosenWords(decidedAt: string | undefined): string {
  const when = decidedAt ? ` on ${formatDateTime(decidedAt)}` : ''
  return `The patient chose to cancel${when}, and Phensys has not cancelled the request yet: nothing is accepted, stock-checked, dispensed, labelled, checked, packed, sent or handed over for it. When Phensys cancels it, its stock, labels and orders are let go at once; a pharmacist who learns otherwise from Phensys acknowledges this with a reason.`
}

/** What the person held back by a state Phensys has that the counter does not know reads. */
export function unknownStateWords(raw: unknown): string {
  return `Phensys holds the request in a state this counter does not know (${JSON.stringify(raw)}), where it may refuse what it is told: it is not accepted, stock-checked, dispensed, labelled, checked, packed, sent or handed over until a pharmacist has looked at it (acknowledged with a reason) or Phensys moves it on.`
}

/** The flag an unknown state raised, whenever it was raised. */
export function isUnknownState(row: { source: string; kind: string; path: string }): boolean {
  return row.source === 'intake' && row.kind === 'unknown_value' && row.path === 'state'
}
