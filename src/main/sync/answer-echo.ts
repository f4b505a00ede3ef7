/**
 * Phensys answers each of the counter's status events with the request as it is after the event.
 * Most often that is the request the counter already holds, with only what the event itself moved:
 * a version one higher, the state the event led to and the time of the change. Such an answer says
 * nothing new about the request: its content was read, flagged and reacted to at the version before.
 * This tells such an echo from an answer that carries anything else; only an echo may skip the full
 * reading (src/main/sync/feed-ingest.ts decides what else must hold).
 */
import { PATIENT_CHOICES, PHENSYS_STATES, type Snapshot } from '../../shared/phensys/snapshot'

/**
 * What one status event moves in the request at Phensys, and nothing more: its version, state and
 * time, and the patient's options, which the contract has present exactly while the request awaits
 * the patient's decision (a `stock.ordered` or `stock.supply_issue` puts it there).
 */
const MOVED_BY_AN_EVENT: ReadonlySet<string> = new Set(['version', 'state', 'updatedAt', 'options'])

/** The longest time stamp the tolerant reader takes without a finding (a code's length). */
const LONGEST_TIME = 40

/**
 * The stored snapshot moved to the answer's version, state, time and options, when the answer
 * differs from it in nothing else (every other field deep-equal, no field added or gone) and those
 * are values the tolerant reader takes without a finding; otherwise null.
 */
export function echoOf(stored: Snapshot, answer: unknown): Snapshot | null {
  if (!isObject(answer)) return null
  const { version, state, updatedAt } = answer
  // One version higher, the one this event made: a larger step means Phensys made versions the
  // counter has not read, which only the full reading may judge.
  if (version !== stored.version + 1) return null
  if (typeof state !== 'string' || !(PHENSYS_STATES as readonly string[]).includes(state)) return null
  if (typeof updatedAt !== 'string' || updatedAt.length > LONGEST_TIME || Number.isNaN(Date.parse(updatedAt)))
    return null
  const { options } = answer
  if (options !== undefined && options !== null && !isKnownChoices(options)) return null
  const held = stored as unknown as Record<string, unknown>
  const others = (fields: Record<string, unknown>) => Object.keys(fields).filter((key) => !MOVED_BY_AN_EVENT.has(key))
  const keys = others(answer)
  if (keys.length !== others(held).length) return null
  for (const key of keys) {
    if (!Object.hasOwn(held, key) || !sameValue(answer[key], held[key])) return null
  }
  const { options: _before, ...rest } = stored
  return { ...rest, version, state, updatedAt, ...(options === undefined ? {} : { options }) } as Snapshot
}

/** Options the tolerant reader takes without a finding: the patient's choices this counter knows, each once. */
function isKnownChoices(options: unknown): options is string[] {
  return (
    Array.isArray(options) &&
    new Set(options).size === options.length &&
    options.every((option) => (PATIENT_CHOICES as readonly unknown[]).includes(option))
  )
}

/** Deep equality of two values read from JSON; the order of an object's fields does not matter. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]))
  if (!isObject(a) || !isObject(b)) return false
  const keys = Object.keys(a)
  return (
    keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]))
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
