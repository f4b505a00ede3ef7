/**
 * Carriers and their services, as this pharmacy has configured them, and the map from Phensys's
 * `delivery.service` codes onto them. A code the configuration does not name is never guessed: a
 * person chooses one of the configured services (recorded) before the request can be packed.
 */
import { z } from 'zod'
import { readS10 } from '../scan/tracking'
import { COLLECT, STARTING_CARRIERS } from './starting-carriers'

/** How a service's tracking numbers are checked. */
export const TRACKING_FORMATS = ['royal_mail_s10', 'pattern', 'none'] as const
export type TrackingFormat = (typeof TRACKING_FORMATS)[number]

export { COLLECT }

export const carrierServiceSchema = z
  .object({
    /** The Phensys `delivery.service` code this service fulfils, e.g. `royal_mail_tracked_24`. */
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9_]{2,64}$/, 'lower-case letters, digits and _')
      .refine((code) => code !== COLLECT, 'collect is built in'),
    carrier: z.string().trim().min(1).max(64),
    service: z.string().trim().min(1).max(64),
    tracking: z.enum(TRACKING_FORMATS),
    /** For `pattern`: a regular expression the whole tracking number must match. */
    pattern: z.string().max(200).nullable().default(null),
    enabled: z.boolean().default(true)
  })
  .superRefine((s, ctx) => {
    if (s.tracking !== 'pattern') return
    const problem = s.pattern === null ? 'a pattern service needs a regular expression' : patternProblem(s.pattern)
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['pattern'] })
  })
export type CarrierService = z.output<typeof carrierServiceSchema>

export const carriersSchema = z.object({
  services: z
    .array(carrierServiceSchema)
    .max(50)
    .refine((list) => new Set(list.map((s) => s.code)).size === list.length, 'each service code once')
})
export type CarriersConfig = z.output<typeof carriersSchema>

/** The carriers a new workstation starts with. */
export const DEFAULT_CARRIERS: CarriersConfig = STARTING_CARRIERS

/** Tracking numbers are short; a longer text is refused before any pattern looks at it. */
const MAX_TRACKING_LENGTH = 40
/** Repeats of varying length a tracking pattern may hold: each one multiplies the work of a failing match. */
const MAX_VARYING_REPEATS = 3

/**
 * Why a tracking pattern will not do, or null. JavaScript's regular expressions backtrack: a
 * repeated group that itself repeats or chooses (`([A-Z0-9]+)+`, `(a|aa)*`) can take seconds per
 * check and freeze the core. Such nesting is refused, with back-references and look-arounds (no
 * carrier's format needs them). What is left runs in time polynomial in the 40 characters checked,
 * to the power of the repeats of varying length in a row (`\d*\d*\d*\d*\d*\d*\d*X` takes seconds):
 * so no more than three of them, which a carrier's format never needs.
 */
export function patternProblem(pattern: string): string | null {
  try {
    new RegExp(pattern)
  } catch {
    return 'not a valid regular expression'
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references (\\1, \\k<name>) are not allowed in a tracking pattern'
  if (/\(\?<?[=!]/.test(pattern)) return 'look-aheads and look-behinds are not allowed in a tracking pattern'
  // Walk the pattern: a group that may match in more than one way (it holds a variable repeat or
  // a choice) must not itself be repeated.
  const groups: Array<{ ambiguous: boolean }> = []
  let varying = 0
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!
    if (ch === '\\') {
      i += 1
    } else if (ch === '[') {
      for (i += 1; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i += 1
    } else if (ch === '(') {
      groups.push({ ambiguous: false })
      // Skip the group's kind: (?: or (?<name>.
      if (pattern[i + 1] === '?') i = pattern[i + 2] === '<' ? pattern.indexOf('>', i) : i + 2
    } else if (ch === '|') {
      if (groups.at(-1)) groups.at(-1)!.ambiguous = true
    } else if (ch === ')') {
      const group = groups.pop()
      if (group?.ambiguous && quantifierAt(pattern, i + 1)?.repeats)
        return 'a repeated group that itself repeats or chooses (like ([A-Z0-9]+)+) can freeze the counter; write it without the nesting'
      if (group?.ambiguous && groups.at(-1)) groups.at(-1)!.ambiguous = true
    } else {
      const quantifier = quantifierAt(pattern, i)
      if (!quantifier) continue
      if (quantifier.variable && ++varying > MAX_VARYING_REPEATS)
        return `more than ${MAX_VARYING_REPEATS} repeats of varying length (*, +, ?, {m,n}) can freeze the counter; give the lengths exactly`
      if (quantifier.variable && groups.at(-1)) groups.at(-1)!.ambiguous = true
      i += quantifier.length - 1
    }
  }
  return null
}

/** The quantifier at `i`, if there is one: whether it matches a variable number of times, and more than once. */
function quantifierAt(pattern: string, i: number): { variable: boolean; repeats: boolean; length: number } | null {
  const lazy = (at: number): number => (pattern[at] === '?' ? 1 : 0)
  const ch = pattern[i]
  if (ch === '*' || ch === '+') return { variable: true, repeats: true, length: 1 + lazy(i + 1) }
  if (ch === '?') return { variable: true, repeats: false, length: 1 }
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i))
  if (!braces) return null
  const min = Number(braces[1])
  const max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3])
  return { variable: min !== max, repeats: max > 1, length: braces[0].length + lazy(i + braces[0].length) }
}

/** The configured service for a code, or null: unknown codes and disabled services are not guessed. */
export function serviceFor(config: CarriersConfig, code: string): CarrierService | null {
  return config.services.find((s) => s.code === code && s.enabled) ?? null
}

export type TrackingCheck = { ok: true; trackingNumber: string } | { ok: false; message: string }

/**
 * Checks one tracking number, scanned or typed, against the service's format. Spaces and case
 * are forgiven (people type `ab 1234 5678 9gb`); the stored form is upper case without spaces.
 */
export function checkTrackingNumber(service: CarrierService, text: string): TrackingCheck {
  const trackingNumber = text.replace(/\s+/g, '').toUpperCase()
  if (trackingNumber.length === 0) return { ok: false, message: 'The tracking number is empty.' }
  if (trackingNumber.length > MAX_TRACKING_LENGTH)
    return {
      ok: false,
      message: `A tracking number has at most ${MAX_TRACKING_LENGTH} characters; this has ${trackingNumber.length}.`
    }
  if (service.tracking === 'royal_mail_s10') {
    const reading = readS10(trackingNumber)
    if (reading === null)
      return {
        ok: false,
        message: `${trackingNumber} is not a Royal Mail tracking number (two letters, nine digits, GB, e.g. AB123456785GB).`
      }
    if (!reading.valid)
      return { ok: false, message: `${trackingNumber}: ${reading.reason}; check it was read or typed correctly.` }
    if (reading.country !== 'GB')
      return {
        ok: false,
        message: `${trackingNumber} is not a Royal Mail number (it ends ${reading.country}, not GB).`
      }
    return { ok: true, trackingNumber }
  }
  // The whole number must match, whatever anchors the pattern was written with. A stored pattern
  // that is not safe (kept from before the check) matches nothing rather than freeze the counter.
  if (
    service.tracking === 'pattern' &&
    service.pattern !== null &&
    (patternProblem(service.pattern) !== null || !new RegExp(`^(?:${service.pattern})$`).test(trackingNumber))
  ) {
    return {
      ok: false,
      message: `${trackingNumber} does not look like a ${service.carrier} tracking number (${describePattern(service.pattern)}).`
    }
  }
  return { ok: true, trackingNumber }
}

const PATTERN_PARTS: Array<[RegExp, (count: string, upTo?: string) => string]> = [
  [/^\\d\{(\d+)(?:,(\d+))?\}/, (n, m) => `${m ? `${n} to ${m}` : n} digits`],
  [/^\[A-Z\]\{(\d+)(?:,(\d+))?\}/, (n, m) => `${m ? `${n} to ${m}` : n} capital letters`],
  [/^\[A-Z0-9\]\{(\d+)(?:,(\d+))?\}/, (n, m) => `${m ? `${n} to ${m}` : n} letters or digits`],
  [/^([A-Z0-9]+)/, (text) => `“${text}”`]
]

/**
 * A tracking pattern in words for a person at the counter ("14 digits", "2 capital letters then
 * 9 digits then “GB”"); a pattern too clever for that is called the carrier's format.
 */
export function describePattern(pattern: string): string {
  let rest = pattern.replace(/^\^/, '').replace(/\$$/, '')
  const parts: string[] = []
  while (rest.length > 0) {
    const rule = PATTERN_PARTS.find(([shape]) => shape.test(rest))
    if (!rule) return "in the carrier's format"
    const match = rule[0].exec(rest)!
    parts.push(rule[1](match[1]!, match[2]))
    rest = rest.slice(match[0].length)
  }
  return parts.length > 0 ? parts.join(' then ') : "in the carrier's format"
}

/** Whether a service needs one tracking number per parcel. */
export function needsTracking(service: CarrierService): boolean {
  return service.tracking !== 'none'
}
