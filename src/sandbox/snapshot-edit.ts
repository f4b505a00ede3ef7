/**
 * How Phensys changes a snapshot. Every change bumps `version` by one and sets `updatedAt`.
 * Fields that apply only in some states follow the state:
 * - `options` is present only in `awaiting_patient_decision` (entering it offers all three
 *   choices and clears an earlier `patientDecision`);
 * - `patientDecision` stays while the patient's choice still explains the state
 *   (`awaiting_patient_decision` after `wait`, `further_consultation`, `cancelled` after `cancel`);
 * - `cancellation` is present only in `cancelled`.
 * Pure: no I/O.
 */
import { PATIENT_CHOICES } from '../shared/phensys/snapshot'
import type { RawSnapshot } from './store'

type Snapshot = RawSnapshot & { id: string }

function decisionChoice(snapshot: RawSnapshot): string | null {
  const decision = snapshot.patientDecision
  if (decision && typeof decision === 'object' && 'choice' in decision) {
    const choice = (decision as { choice?: unknown }).choice
    return typeof choice === 'string' ? choice : null
  }
  return null
}

/** The snapshot after Phensys changed it at `now`, moving it to `state` (may be unchanged). */
export function changed(snapshot: Snapshot, state: string, now: string, edits: RawSnapshot = {}): Snapshot {
  const previousState = typeof snapshot.state === 'string' ? snapshot.state : ''
  const next: Snapshot = { ...snapshot, ...edits, id: snapshot.id }
  next.state = state
  next.version = (typeof snapshot.version === 'number' ? snapshot.version : 0) + 1
  next.updatedAt = now

  if (state === 'awaiting_patient_decision') {
    if (previousState !== 'awaiting_patient_decision') {
      next.options = [...PATIENT_CHOICES]
      if (!('patientDecision' in edits)) delete next.patientDecision
    }
  } else {
    delete next.options
  }
  const choice = decisionChoice(next)
  const keepDecision =
    (state === 'awaiting_patient_decision' && choice === 'wait') ||
    (state === 'further_consultation' && choice === 'further_consultation') ||
    (state === 'cancelled' && choice === 'cancel')
  if (!keepDecision) delete next.patientDecision
  if (state !== 'cancelled') delete next.cancellation
  return next
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Deep-merges a partial snapshot: objects merge key by key, anything else (arrays such as
 * `prescription.items`, strings, numbers, `null`) replaces the old value wholesale.
 */
export function deepMerge(target: RawSnapshot, patch: RawSnapshot): RawSnapshot {
  const result: RawSnapshot = { ...target }
  for (const [key, value] of Object.entries(patch)) {
    const current = Object.hasOwn(result, key) ? result[key] : undefined
    const merged = isPlainObject(value) && isPlainObject(current) ? deepMerge(current, value) : value
    // defineProperty, not assignment: a `__proto__` key from JSON stays plain data.
    Object.defineProperty(result, key, { value: merged, enumerable: true, writable: true, configurable: true })
  }
  return result
}
