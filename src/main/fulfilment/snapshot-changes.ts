import type { Snapshot } from '../../shared/phensys/snapshot'
import type { SnapshotChange } from '../../shared/contract'

/** What a new snapshot changes that matters at the counter. */
export function classifyChange(previous: Snapshot | undefined, next: Snapshot): SnapshotChange[] {
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
  if (JSON.stringify(next.prescription.items) !== JSON.stringify(previous.prescription.items))
    changes.push('items_changed')
  // The clinical check screened one person's record, and the labels name them.
  if (next.patient.id !== previous.patient.id || next.patient.dateOfBirth !== previous.patient.dateOfBirth)
    changes.push('patient_changed')
  if (changes.length === 0 && next.state !== previous.state) changes.push('state_changed')
  return changes
}
