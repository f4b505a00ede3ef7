/**
 * GS1 mod-10 check digits (GTIN-8/12/13/14, SSCC, GLN) and the PIP code's mod-11 check digit.
 */

const DIGITS = /^\d+$/

/** The GS1 check digit for `body` (all digits but the last): weights 3,1,3,… from the right. */
function gs1CheckDigit(body: string): number {
  let sum = 0
  for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += (body.charCodeAt(i) - 48) * weight
  }
  return (10 - (sum % 10)) % 10
}

/** True when `digits` is all digits and its last digit is the GS1 check digit of the rest. */
export function hasValidGs1CheckDigit(digits: string): boolean {
  if (digits.length < 2 || !DIGITS.test(digits)) return false
  return gs1CheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48
}

/** A GTIN in any of its lengths (8, 12, 13, 14 digits) with a valid check digit. */
export function isValidGtin(value: string): boolean {
  return [8, 12, 13, 14].includes(value.length) && hasValidGs1CheckDigit(value)
}

/** An EAN-13 / GTIN-13 with a valid check digit. */
export function isValidEan13(value: string): boolean {
  return value.length === 13 && hasValidGs1CheckDigit(value)
}

/** Pads a valid GTIN-8/12/13/14 to the 14 digits used in AI (01); null when invalid. */
export function toGtin14(value: string): string | null {
  return isValidGtin(value) ? value.padStart(14, '0') : null
}

/** Appends the GS1 check digit to a body of digits. */
export function withGs1CheckDigit(body: string): string {
  if (!DIGITS.test(body)) throw new RangeError('a GS1 key body is digits only')
  return body + String(gs1CheckDigit(body))
}

/**
 * PIP code (Pharmaceutical Interface Product, C+D): 7 digits, the last a mod-11 check digit.
 * Rule used: the first six digits weighted 7,6,5,4,3,2 (left to right); the check digit is the
 * weighted sum mod 11; a remainder of 10 is never issued. Kept in this one function so it can be
 * confirmed against a C+D PIP file and changed in one place.
 */
export function pipCheckDigit(body: string): number | null {
  if (body.length !== 6 || !DIGITS.test(body)) return null
  let sum = 0
  for (let i = 0; i < 6; i++) sum += (body.charCodeAt(i) - 48) * (7 - i)
  const remainder = sum % 11
  return remainder === 10 ? null : remainder
}

export function isValidPip(value: string): boolean {
  if (value.length !== 7 || !DIGITS.test(value)) return false
  const check = pipCheckDigit(value.slice(0, 6))
  return check !== null && check === value.charCodeAt(6) - 48
}
