import { patientDisplayName, type Snapshot } from '../../shared/phensys/snapshot'
import { oneLineLabelText } from '../labels'
import type { SnapshotChange } from '../../shared/contract'

/**
 * What a new snapshot changes that matters at the counter. `unreadItemsChanged`: what Phensys sent
 * in the items changed where the reader could not read it (an entry it left out and flagged, such
 * as a cautionary label of an unknown shape): the items read may be the same, but the prescription
 * is not, and the clinical check was of the one before.
 */
export function classifyChange(
  previous: Snapshot | undefined,
  next: Snapshot,
  unreadItemsChanged = false
): SnapshotChange[] {
  if (!previous) return next.state === 'cancelled' ? ['new', 'cancelled'] : ['new']
  const changes: SnapshotChange[] = []
  if (next.state === 'cancelled' && previous.state !== 'cancelled') changes.push('cancelled')
  if (
    JSON.stringify(next.patientDecision ?? null) !== JSON.stringify(previous.patientDecision ?? null) &&
    next.patientDecision
  ) {
    changes.push('patient_decided')
  }
  if (
    (previous.state === 'query_open' || previous.state === 'further_consultation') &&
    next.state === 'in_fulfilment'
  ) {
    changes.push('query_resolved')
  }
  if (unreadItemsChanged || JSON.stringify(next.prescription.items) !== JSON.stringify(previous.prescription.items))
    changes.push('items_changed')
  // The clinical check screened one person's record, and the labels name them.
  if (next.patient.id !== previous.patient.id || next.patient.dateOfBirth !== previous.patient.dateOfBirth)
    changes.push('patient_changed')
  // The same person's name corrected: every label prints it, the clinical check screened the same record.
  // (As printed: hidden characters added or taken away print the same name, and have a flag of their own.)
  else if (printedName(next) !== printedName(previous)) changes.push('patient_renamed')
  // What the bag label prints: a bag packed for the old address must not go out.
  if (JSON.stringify(onTheBag(next)) !== JSON.stringify(onTheBag(previous))) changes.push('delivery_changed')
  // What decides whether the original paper prescription is needed (Phensys's flag, a paper
  // prescription, the upload route): a request may need one it did not need before. And what an
  // original in hand is read against besides the items and the patient (its prescriber, its date):
  // one that matched may match no more.
  if (JSON.stringify(originalFacts(next)) !== JSON.stringify(originalFacts(previous))) changes.push('hard_copy_changed')
  if (changes.length === 0 && next.state !== previous.state) changes.push('state_changed')
  return changes
}

/**
 * Printed text as a reader takes it: spaces collapsed (oneLineLabelText) and case folded. A name or
 * address re-sent in another case ("MS ZOE OBRIEN" for "Ms Zoe Obrien", "ls1 6bu" for "LS1 6BU")
 * names the same person and reaches the same door, so a label or bag label already printed in the
 * old case stands; labels printed from now on print what Phensys sends.
 */
export function asRead(text: string): string {
  return oneLineLabelText(text).toUpperCase()
}

function printedName(snapshot: Snapshot): string {
  return asRead(patientDisplayName(snapshot))
}

function onTheBag(snapshot: Snapshot): unknown[] {
  const { recipientName, address, service } = snapshot.delivery
  const lines = [address.line1, address.line2, address.city, address.postcode, address.country]
  return [recipientName, ...lines, service].map((text) => asRead(text ?? ''))
}

function originalFacts(snapshot: Snapshot): unknown[] {
  const { kind, hardCopy, prescriber, issuedAt } = snapshot.prescription
  return [snapshot.route, kind, hardCopy.required, prescriber.name, issuedAt]
}
