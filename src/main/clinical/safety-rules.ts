/**
 * The safety rules of the clinical check, as plain functions of the request, the patient's
 * record and the data file: no store, no clock. Each finding says why in words a pharmacist
 * reads, keeps the value behind it, and says whether it must be acknowledged before approval.
 *
 * - early or duplicate supply: the same medicine (VMP), or one of the same therapeutic class in
 *   the data file, supplied to this patient within that supply's course: quantity ÷ daily dose
 *   where the directions give one (shared/stock/course.ts), else the configured window; and
 *   another open request of the patient for the same medicine;
 * - high-risk medicines from the file, with the counselling or check each needs; a weekly
 *   medicine whose directions say daily;
 * - age: a patient under or over the file's ages, and a medicine the file marks for that band;
 * - quantity over the file's usual maximum for the product;
 * - interactions: a pair of the file's between two lines of the request, between a line and a
 *   medicine the patient may still be taking, and between a line and another open request of the
 *   patient. A supply counts for the file's `interactionWindowDays` (90) after it was made, or for
 *   its course where the directions make that longer: the medicines that interact most (nitrates,
 *   warfarin, lithium, methotrexate) are taken for years and their repeats come late as often as on
 *   time, so the course alone would miss a patient a week overdue; three months is the longest
 *   usual repeat, so a medicine not renewed within it is taken as stopped.
 */
import type { SafetyKind } from '../../shared/clinical/safety-kinds'
import { estimateCourseDays } from '../../shared/stock/course'
import { addDays, daysBetween, isIsoDate } from '../../shared/time/calendar'
import { formatDate } from '../../shared/time/london'
import type { Interaction, MedicineMatch, SafetyFile } from './safety-file'
import { formatQuantity } from '../../shared/stock/units'

/** A medicine as the rules read it. `vmpCode` is the product's VMP where the catalogue knows it, else its own code. */
export interface Medicine {
  dmdCode: string
  vmpCode: string
  name: string
  cdSchedule: number | null
}

export interface RequestLine extends Medicine {
  lineId: string
  quantity: number
  unit: string
  directions: string
}

/** A supply made to the patient (a line of a request dispatched or handed over). */
export interface PriorSupply extends Medicine {
  requestId: string
  /** The pharmacy's date of the supply, YYYY-MM-DD. */
  suppliedOn: string
  quantity: number
  directions: string
}

/** Another request of the patient still open at the counter. */
export interface OpenRequest {
  requestId: string
  lines: readonly Medicine[]
}

export interface SafetyInput {
  requestId: string
  /** The pharmacy's date today, YYYY-MM-DD. */
  today: string
  dateOfBirth: string
  lines: readonly RequestLine[]
  supplies: readonly PriorSupply[]
  openRequests: readonly OpenRequest[]
  /** The course assumed when the directions give no daily dose. */
  windowDays: number
}

export interface SafetyFinding {
  kind: SafetyKind
  /** Its identity within the request: the same cause keeps the same key (and its acknowledgement). */
  key: string
  lineId: string | null
  /** Why, in words. */
  words: string
  /** The value behind it. */
  raw: unknown
  mustAcknowledge: boolean
}

/** Each rule's words in small letters, made once: every line of every request the feed brings is matched against every rule. */
const lowerNames = new WeakMap<MedicineMatch, string[]>()

function namesOf(rule: MedicineMatch): string[] {
  let names = lowerNames.get(rule)
  if (!names) lowerNames.set(rule, (names = rule.names.map((word) => word.toLowerCase())))
  return names
}

function matches(rule: MedicineMatch, medicine: Medicine): boolean {
  const name = medicine.name.toLowerCase()
  return (
    rule.dmdCodes.includes(medicine.dmdCode) ||
    rule.dmdCodes.includes(medicine.vmpCode) ||
    namesOf(rule).some((word) => name.includes(word)) ||
    (medicine.cdSchedule !== null && rule.cdSchedules.includes(medicine.cdSchedule))
  )
}

/** Age in whole years on a day. */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number]
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}

/** The therapeutic class the file puts a medicine in, or null. */
function classOf(file: SafetyFile, medicine: Medicine): string | null {
  return file.therapeuticClasses.find((entry) => matches(entry.match, medicine))?.name ?? null
}

/**
 * A daily dosing schedule: it means daily dosing whatever else the directions say, so no weekly
 * word ("blood tests weekly", "except on Sundays") can silence it.
 */
const DAILY_SCHEDULE =
  /\b(daily|each day|every day|once a day|a day(?! (of|each|every|per|a|in) (the )?week)|each (morning|night|evening)|every (morning|night|evening)|od|bd|tds|qds)\b/i
/** Words that suggest daily dosing but also fit a weekly dose ("twice a week", "once a week at night"). */
const DAILY_HINT = /\b(at night|twice|three times|four times)\b/i
/**
 * A weekly dosing schedule, not any mention of a week: "every morning for one week" and "blood
 * test next week" are daily dosing all the same, and a weekly blood test is no weekly dose.
 */
const WEEKLY =
  /\b(once|one day|1 day) (a|per|each|every) week\b|\bonce weekly\b|\bweekly\b(?! (blood|test|review|monitoring))|\b(each|every) (week|(mon|tues|wednes|thurs|fri|satur|sun)day)\b|\bon (mon|tues|wednes|thurs|fri|satur|sun)days\b/i

/** Directions that dose a once-weekly medicine daily: a daily schedule, or a hint of one with no weekly schedule. */
function dosedDaily(directions: string): boolean {
  return DAILY_SCHEDULE.test(directions) || (DAILY_HINT.test(directions) && !WEEKLY.test(directions))
}

export function safetyFindings(input: SafetyInput, file: SafetyFile): SafetyFinding[] {
  return [
    ...earlySupplies(input, file),
    ...duplicateRequests(input),
    ...highRisk(input, file),
    ...ageFindings(input, file),
    ...quantities(input, file),
    ...interactions(input, file)
  ]
}

function earlySupplies(input: SafetyInput, file: SafetyFile): SafetyFinding[] {
  const findings: SafetyFinding[] = []
  for (const line of input.lines) {
    const lineClass = classOf(file, line)
    // The latest supply of the same medicine or class whose course has not ended: one flag per line.
    let latest: { supply: PriorSupply; course: number; stated: boolean; sameClass: boolean } | null = null
    for (const supply of input.supplies) {
      if (supply.requestId === input.requestId) continue
      const sameMedicine = supply.vmpCode === line.vmpCode
      const sameClass = !sameMedicine && lineClass !== null && classOf(file, supply) === lineClass
      if (!sameMedicine && !sameClass) continue
      const stated = estimateCourseDays(supply.directions, supply.quantity)
      const course = stated ?? input.windowDays
      if (supply.suppliedOn > input.today || input.today >= addDays(supply.suppliedOn, course)) continue
      if (!latest || supply.suppliedOn > latest.supply.suppliedOn)
        latest = { supply, course, stated: stated !== null, sameClass }
    }
    if (!latest) continue
    const { supply, course, sameClass } = latest
    const since = daysBetween(supply.suppliedOn, input.today)
    const what = sameClass ? `${supply.name} (${lineClass}, the same class as ${line.name})` : supply.name
    findings.push({
      kind: 'early_supply',
      key: `early_supply:${line.lineId}`,
      lineId: line.lineId,
      words: `${what}: ${supply.quantity} supplied ${since === 0 ? 'today' : `${since} day${since === 1 ? '' : 's'} ago`} (${supply.requestId}), which lasts ${course} days ${latest.stated ? `(${supply.directions})` : '(the directions give no daily dose: the configured window)'}, until ${formatDate(addDays(supply.suppliedOn, course))}. This supply is early or a duplicate.`,
      raw: { requestId: supply.requestId, suppliedOn: supply.suppliedOn, courseDays: course, sameClass },
      mustAcknowledge: true
    })
  }
  return findings
}

function duplicateRequests(input: SafetyInput): SafetyFinding[] {
  const findings: SafetyFinding[] = []
  for (const line of input.lines)
    for (const other of input.openRequests) {
      if (other.requestId === input.requestId) continue
      const same = other.lines.find((medicine) => medicine.vmpCode === line.vmpCode)
      if (!same) continue
      findings.push({
        kind: 'duplicate_request',
        key: `duplicate_request:${line.lineId}:${other.requestId}`,
        lineId: line.lineId,
        words: `${line.name} is also on ${other.requestId}, another open request of this patient.`,
        raw: { requestId: other.requestId, medicine: same.name },
        mustAcknowledge: true
      })
    }
  return findings
}

function highRisk(input: SafetyInput, file: SafetyFile): SafetyFinding[] {
  const findings: SafetyFinding[] = []
  for (const line of input.lines)
    for (const entry of file.highRisk) {
      if (!matches(entry.match, line)) continue
      findings.push({
        kind: 'high_risk',
        key: `high_risk:${line.lineId}:${entry.id}`,
        lineId: line.lineId,
        words: `${line.name}: ${entry.reason} ${entry.check}`,
        raw: { entry: entry.id, edition: file.edition },
        mustAcknowledge: entry.mustAcknowledge
      })
      if (entry.weeklyDosing && dosedDaily(line.directions))
        findings.push({
          kind: 'weekly_dosing',
          key: `weekly_dosing:${line.lineId}:${entry.id}`,
          lineId: line.lineId,
          words: `${line.name} is taken once a week, but the directions say "${line.directions}". Query the prescriber.`,
          raw: line.directions,
          mustAcknowledge: true
        })
    }
  return findings
}

function ageFindings(input: SafetyInput, file: SafetyFile): SafetyFinding[] {
  // A date of birth that does not read is intake's flag to raise, not an age to guess.
  if (!isIsoDate(input.dateOfBirth)) return []
  const age = ageOn(input.dateOfBirth, input.today)
  const band = age < file.ages.childUnder ? 'child' : age > file.ages.olderOver ? 'older' : null
  if (band === null) return []
  const findings: SafetyFinding[] = [
    {
      kind: 'patient_age',
      key: `patient_age:${band}`,
      lineId: null,
      words: `The patient is ${age}: ${band === 'child' ? `under ${file.ages.childUnder}` : `over ${file.ages.olderOver}`}. Check each dose for the age.`,
      raw: { dateOfBirth: input.dateOfBirth, age },
      mustAcknowledge: false
    }
  ]
  for (const line of input.lines)
    for (const [n, entry] of file.ageChecks.entries()) {
      if (entry.band !== band || !matches(entry.match, line)) continue
      findings.push({
        kind: 'age_medicine',
        key: `age_medicine:${line.lineId}:${band}:${n}`,
        lineId: line.lineId,
        words: `${line.name} for a patient of ${age}: ${entry.reason}`,
        raw: { age, band },
        mustAcknowledge: true
      })
    }
  return findings
}

function quantities(input: SafetyInput, file: SafetyFile): SafetyFinding[] {
  const findings: SafetyFinding[] = []
  for (const line of input.lines) {
    const limit = file.usualMaximum.find(
      (entry) => matches(entry.match, line) && (entry.unit === undefined || entry.unit === line.unit)
    )
    if (!limit || line.quantity <= limit.quantity) continue
    findings.push({
      kind: 'quantity',
      key: `quantity:${line.lineId}`,
      lineId: line.lineId,
      words: `${line.name}: ${formatQuantity(line.quantity, line.unit)} is over the usual maximum of ${limit.quantity}${limit.unit ? ` ${limit.unit}` : ''}.`,
      raw: { quantity: line.quantity, usualMaximum: limit.quantity },
      mustAcknowledge: true
    })
  }
  return findings
}

/**
 * What a line of the request interacts with under one pair of the file, either way round: the
 * other side of the side it is on, or null when it is on neither (most lines, so the patient's
 * supplies are read only for the few that are).
 */
function partnerOf(entry: Interaction, line: Medicine): ((medicine: Medicine) => boolean) | null {
  const isOne = matches(entry.one.match, line)
  const isOther = matches(entry.other.match, line)
  if (!isOne && !isOther) return null
  return (medicine) =>
    (isOne && matches(entry.other.match, medicine)) || (isOther && matches(entry.one.match, medicine))
}

function interactions(input: SafetyInput, file: SafetyFile): SafetyFinding[] {
  const findings: SafetyFinding[] = []
  const stillTaken = (supply: PriorSupply) => {
    const window = Math.max(file.interactionWindowDays, estimateCourseDays(supply.directions, supply.quantity) ?? 0)
    return input.today < addDays(supply.suppliedOn, window)
  }
  const finding = (entry: Interaction, line: RequestLine, key: string, withWhat: string, raw: object) => ({
    kind: 'interaction' as const,
    key: `interaction:${line.lineId}:${entry.id}:${key}`,
    lineId: line.lineId,
    words: `${entry.severity.charAt(0).toUpperCase()}${entry.severity.slice(1)}: ${line.name} with ${withWhat}. ${entry.reason} ${entry.check}`,
    raw: { entry: entry.id, severity: entry.severity, ...raw },
    mustAcknowledge: true
  })
  for (const entry of file.interactions)
    for (const [n, line] of input.lines.entries()) {
      const interactsWith = partnerOf(entry, line)
      if (!interactsWith) continue
      // A pair within the request once, on its first line.
      for (const partner of input.lines.slice(n + 1))
        if (interactsWith(partner))
          findings.push(
            finding(entry, line, `line:${partner.lineId}`, `${partner.name}, both on this request`, {
              lineId: partner.lineId,
              medicine: partner.name
            })
          )
      // The latest supply of each interacting medicine: one flag for it however often it was supplied.
      const latest = new Map<string, PriorSupply>()
      for (const supply of input.supplies) {
        if (supply.requestId === input.requestId || !interactsWith(supply) || !stillTaken(supply)) continue
        const known = latest.get(supply.vmpCode)
        if (!known || supply.suppliedOn > known.suppliedOn) latest.set(supply.vmpCode, supply)
      }
      for (const supply of latest.values())
        findings.push(
          finding(
            entry,
            line,
            `supply:${supply.vmpCode}`,
            `${supply.name}, supplied to this patient on ${formatDate(supply.suppliedOn)} (${supply.requestId})`,
            { requestId: supply.requestId, suppliedOn: supply.suppliedOn, medicine: supply.name }
          )
        )
      for (const other of input.openRequests) {
        if (other.requestId === input.requestId) continue
        // One flag per medicine of the other request, even on two of its lines.
        const medicines = new Map(other.lines.map((medicine) => [medicine.vmpCode, medicine]))
        for (const medicine of medicines.values())
          if (interactsWith(medicine))
            findings.push(
              finding(
                entry,
                line,
                `open:${other.requestId}:${medicine.vmpCode}`,
                `${medicine.name}, on ${other.requestId}, another open request of this patient`,
                { requestId: other.requestId, medicine: medicine.name }
              )
            )
      }
    }
  return findings
}
