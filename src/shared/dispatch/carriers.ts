/**
 * Carriers and their services, as this pharmacy has configured them, and the map from Phensys's
 * `delivery.service` codes onto them. A code the configuration does not name is never guessed: a
 * person chooses one of the configured services (recorded) before the request can be packed.
 */
import { z } from 'zod'
import { readS10 } from '../scan/tracking'

/** How a service's tracking numbers are checked. */
export const TRACKING_FORMATS = ['royal_mail_s10', 'pattern', 'none'] as const
export type TrackingFormat = (typeof TRACKING_FORMATS)[number]

export const COLLECT = 'collect'

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
  .refine((s) => s.tracking !== 'pattern' || (s.pattern !== null && isValidPattern(s.pattern)), {
    message: 'a pattern service needs a valid regular expression',
    path: ['pattern']
  })
export type CarrierService = z.output<typeof carrierServiceSchema>

export const carriersSchema = z.object({
  services: z
    .array(carrierServiceSchema)
    .max(50)
    .refine((list) => new Set(list.map((s) => s.code)).size === list.length, 'each service code once')
})
export type CarriersConfig = z.output<typeof carriersSchema>

export const DEFAULT_CARRIERS: CarriersConfig = {
  services: [
    {
      code: 'royal_mail_tracked_24',
      carrier: 'Royal Mail',
      service: 'Tracked 24',
      tracking: 'royal_mail_s10',
      pattern: null,
      enabled: true
    },
    {
      code: 'royal_mail_tracked_48',
      carrier: 'Royal Mail',
      service: 'Tracked 48',
      tracking: 'royal_mail_s10',
      pattern: null,
      enabled: true
    },
    {
      code: 'special_delivery_1pm',
      carrier: 'Royal Mail',
      service: 'Special Delivery Guaranteed by 1pm',
      tracking: 'royal_mail_s10',
      pattern: null,
      enabled: true
    },
    {
      code: 'courier_next_day',
      carrier: 'DPD',
      service: 'Next Day',
      tracking: 'pattern',
      pattern: '^\\d{14}$',
      enabled: true
    }
  ]
}

function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern)
    return true
  } catch {
    return false
  }
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
  // The whole number must match, whatever anchors the pattern was written with.
  if (
    service.tracking === 'pattern' &&
    service.pattern !== null &&
    !new RegExp(`^(?:${service.pattern})$`).test(trackingNumber)
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
