/**
 * What a PIN or password must be. A counter is shared and seen by others, so a PIN is at least 6
 * digits and not one people often choose or can guess from the keypad; a password is at least 10
 * characters. (A 4-digit PIN falls to a few thousand guesses; the sign-in delays make 6 digits last.)
 */
const MIN_PIN_DIGITS = 6
const MAX_PIN_DIGITS = 12
const MIN_PASSWORD_LENGTH = 10

/** PINs people choose most often, or read off a keypad's rows, columns and diagonals. */
const COMMON_PINS = new Set([
  '112233',
  '121212',
  '123123',
  '123321',
  '123654',
  '131313',
  '147258',
  '147852',
  '159357',
  '159753',
  '101010',
  '102030',
  '110110',
  '112211',
  '112358',
  '121314',
  '200000',
  '202020',
  '232323',
  '246810',
  '258369',
  '314159',
  '369258',
  '456456',
  '520520',
  '520131',
  '696969',
  '741852',
  '753951',
  '789456',
  '789789',
  '852963',
  '909090',
  '963852',
  '987456',
  '100200',
  '007007',
  '080808',
  '135790',
  '013579',
  '142536',
  '147369',
  '159951',
  '357159',
  '951753',
  '654123',
  '321654',
  '147147',
  '258258',
  '369369',
  '1234567',
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '11223344',
  '12341234',
  '11112222',
  '12121212',
  '19901990',
  '20002000',
  '20202020',
  '01234567',
  '98765432'
])

/** Common passwords, compared without case. */
const COMMON_PASSWORDS = new Set([
  'password12',
  'password123',
  'password1234',
  'pharmacy123',
  'pharmacist1',
  'qwertyuiop',
  'qwerty1234',
  '1q2w3e4r5t',
  'iloveyou12',
  'letmein123',
  'welcome123',
  'changeme12',
  'administrator',
  'admin12345',
  'abc1234567',
  'abcdefghij',
  'passw0rd12',
  'trustno1234'
])

function isRun(digits: string): boolean {
  const steps = new Set<number>()
  for (let i = 1; i < digits.length; i++) steps.add((Number(digits[i]) - Number(digits[i - 1]) + 10) % 10)
  // The same digit throughout, or counting up or down (with wrap-around: 890123).
  return steps.size === 1 && [0, 1, 9].includes([...steps][0]!)
}

function isRepeatedBlock(digits: string): boolean {
  for (let size = 1; size <= digits.length / 2; size++)
    if (digits.length % size === 0 && digits.slice(0, size).repeat(digits.length / size) === digits) return true
  return false
}

/** Why a PIN or password will not do, in words; null when it will. */
export function secretProblem(secret: string): string | null {
  if (/^\d+$/.test(secret)) {
    if (secret.length < MIN_PIN_DIGITS) return `a PIN needs at least ${MIN_PIN_DIGITS} digits`
    if (secret.length > MAX_PIN_DIGITS) return `a PIN has at most ${MAX_PIN_DIGITS} digits; use a password instead`
    if (isRun(secret) || isRepeatedBlock(secret) || COMMON_PINS.has(secret))
      return 'that PIN is too easy to guess (a common one, a run or a repeat): choose another'
    const reversed = [...secret].reverse().join('')
    if (secret.length % 2 === 0 && secret.slice(0, secret.length / 2) === reversed.slice(0, secret.length / 2))
      return 'that PIN is too easy to guess (it reads the same backwards): choose another'
    return null
  }
  if (secret.length < MIN_PASSWORD_LENGTH)
    return `a password needs at least ${MIN_PASSWORD_LENGTH} characters (or use a PIN of ${MIN_PIN_DIGITS} or more digits)`
  if (COMMON_PASSWORDS.has(secret.toLowerCase())) return 'that password is too common: choose another'
  if (new Set(secret).size < 4) return 'that password repeats too few characters: choose another'
  return null
}

/** A password (not all digits): what an administrator can always sign in with, whatever the wrong PINs. */
export function isPassword(secret: string): boolean {
  return !/^\d+$/.test(secret)
}
