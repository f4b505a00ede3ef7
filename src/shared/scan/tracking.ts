/** Carrier tracking numbers: UPU S10 (Royal Mail and other posts) and configurable courier patterns. */

const S10 = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/
const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const

/** UPU S10 check digit of the 8-digit serial: 11 − (Σ weight·digit mod 11); 10 → 0, 11 → 5. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new RangeError('an S10 serial is 8 digits')
  let sum = 0
  S10_WEIGHTS.forEach((weight, i) => {
    sum += weight * (serial.charCodeAt(i) - 48)
  })
  const check = 11 - (sum % 11)
  return check === 10 ? 0 : check === 11 ? 5 : check
}

export type S10Reading =
  { valid: true; service: string; serial: string; country: string } | { valid: false; reason: string }

/** Null when the text is not S10-shaped (two letters, nine digits, two letters). */
export function readS10(text: string): S10Reading | null {
  const match = S10.exec(text)
  if (!match) return null
  const [, service = '', serial = '', check = '', country = ''] = match
  if (s10CheckDigit(serial) !== Number(check)) {
    return { valid: false, reason: `S10 check digit ${check} is wrong (expected ${s10CheckDigit(serial)})` }
  }
  return { valid: true, service, serial, country }
}

export interface CourierPattern {
  carrier: string
  /** Anchored pattern (^…$) over the whole scan. */
  pattern: RegExp
}

/**
 * Default courier shapes. Checked after GTINs, so a 14-digit number with a valid GS1 check digit
 * reads as a GTIN-14 before it could read as a DPD parcel number. Replace per carrier contract.
 */
export const DEFAULT_COURIER_PATTERNS: readonly CourierPattern[] = [
  { carrier: 'ups', pattern: /^1Z[0-9A-Z]{16}$/ },
  { carrier: 'dpd', pattern: /^\d{14}$/ },
  { carrier: 'dhl', pattern: /^\d{10}$/ },
  // Any other courier: 10–35 capitals and digits, at least 8 of them digits.
  { carrier: 'courier', pattern: /^(?=(?:[A-Z]*\d){8})[A-Z0-9]{10,35}$/ }
]
