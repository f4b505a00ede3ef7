import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/** scrypt cost parameters. N = 2^14 keeps a sign-in near 50 ms on a counter PC. */
export interface ScryptCost {
  N: number
  r: number
  p: number
}

export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 16384, r: 8, p: 1 }
const KEY_LENGTH = 32

/** Hashes a PIN or password as `scrypt$N$r$p$salt$hash` (base64 salt and hash). */
export function hashSecret(secret: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): string {
  const salt = randomBytes(16)
  const hash = scryptSync(secret.normalize('NFC'), salt, KEY_LENGTH, cost)
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$')
}

export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = scryptSync(secret.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p)
  })
  return timingSafeEqual(expected, actual)
}
