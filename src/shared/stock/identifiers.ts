/**
 * Check digits for the identifiers on medicine packs and in the catalogue. Pure, so the
 * renderer can validate what a person types and goods-in can validate what a scanner sends.
 */

const DIGITS = /^\d+$/

/** GS1 mod-10 check digit for the digits before it (weights 3,1,3,… from the right). */
export function gs1CheckDigit(body: string): number {
  if (!DIGITS.test(body)) throw new RangeError('a GS1 key body is digits only')
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i])
    sum += i % 2 === 0 ? digit * 3 : digit
  }
  return (10 - (sum % 10)) % 10
}

/** A GTIN-8/12/13/14 with a correct check digit. */
export function isValidGtin(value: string): boolean {
  if (!DIGITS.test(value) || ![8, 12, 13, 14].includes(value.length)) return false
  if (/^0+$/.test(value)) return false
  return gs1CheckDigit(value.slice(0, -1)) === Number(value.slice(-1))
}

/** Any valid GTIN as the 14-digit form used in GS1 DataMatrix AI (01); null when invalid. */
/**
 * A batch number as compared: a recall typed from an alert read aloud ("bx7a", " BX7A") names the
 * batch the packs carry as BX7A; batch numbers are not told apart by case or surrounding spaces.
 * Exactly what SQLite's `upper(trim(…))` makes of it, the stores' side of the comparison: spaces
 * trimmed and ASCII letters upper-cased (GS1 batch numbers are ASCII; any other letter stays as
 * it is on both sides).
 */
export function normaliseBatchNo(batchNo: string): string {
  return batchNo.replace(/^ +| +$/g, '').replace(/[a-z]+/g, (letters) => letters.toUpperCase())
}

export function normaliseGtin(value: string): string | null {
  return isValidGtin(value) ? value.padStart(14, '0') : null
}

/**
 * PIP code check digit, modulus 11 as used here (the same scheme as the NHS number):
 * weights 7,6,5,4,3,2 on the six leading digits; check = 11 − (sum mod 11); 11 becomes 0;
 * a result of 10 has no digit, so that six-digit body is never issued (returns null).
 */
export function pipCheckDigit(body: string): number | null {
  if (!/^\d{6}$/.test(body)) throw new RangeError('a PIP code body is six digits')
  let sum = 0
  for (let i = 0; i < 6; i++) sum += Number(body[i]) * (7 - i)
  const check = 11 - (sum % 11)
  if (check === 10) return null
  return check === 11 ? 0 : check
}

export function isValidPipCode(value: string): boolean {
  if (!/^\d{7}$/.test(value)) return false
  return pipCheckDigit(value.slice(0, 6)) === Number(value.slice(6))
}

/** SNOMED CT-style identifier as dm+d uses: 6 to 18 digits, no leading zero. Format only. */
export function isDmdId(value: string): boolean {
  return /^[1-9]\d{5,17}$/.test(value)
}

const VERHOEFF_D: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
]
const VERHOEFF_P: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 8, 7, 6, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]
]
const VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9] as const

function verhoeff(digits: string, offset: number): number {
  let c = 0
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i])
    c = VERHOEFF_D[c]?.[VERHOEFF_P[(i + offset) % 8]?.[digit] ?? 0] ?? 0
  }
  return c
}

/** Verhoeff check digit, as SNOMED CT identifiers carry. */
export function verhoeffCheckDigit(body: string): number {
  if (!DIGITS.test(body)) throw new RangeError('a Verhoeff body is digits only')
  return VERHOEFF_INV[verhoeff(body, 1)] ?? 0
}

export function hasValidVerhoeff(value: string): boolean {
  return DIGITS.test(value) && verhoeff(value, 0) === 0
}
