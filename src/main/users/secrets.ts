import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/** scrypt cost parameters. */
export interface ScryptCost {
  N: number
  r: number
  p: number
}

/**
 * About 100 ms per PIN check on a counter PC (bench/scrypt.bench.ts measures it): each guess of
 * a stolen hash costs as much, and 32 MiB of memory, while a person signing in hardly notices.
 */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 }
const KEY_LENGTH = 32
/** A stored hash asking for more than this is not ours (and would exhaust memory): refused. */
const MAX_N = 2 ** 20

function options(cost: ScryptCost): ScryptCost & { maxmem: number } {
  return { ...cost, maxmem: 256 * cost.N * cost.r * cost.p }
}

/** Hashes a PIN or password as `scrypt$N$r$p$salt$hash` (base64 salt and hash). */
export function hashSecret(secret: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): string {
  const salt = randomBytes(16)
  const hash = scryptSync(secret.normalize('NFC'), salt, KEY_LENGTH, options(cost))
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$')
}

function costOf(stored: string): ScryptCost | null {
  const [scheme, n, r, p] = stored.split('$')
  const cost = { N: Number(n), r: Number(r), p: Number(p) }
  if (scheme !== 'scrypt' || ![cost.N, cost.r, cost.p].every(Number.isSafeInteger) || cost.N > MAX_N) return null
  return cost.r > 0 && cost.p > 0 && cost.r * cost.p <= 64 ? cost : null
}

export function verifySecret(secret: string, stored: string): boolean {
  const [, , , , salt, hash] = stored.split('$')
  const cost = costOf(stored)
  if (!cost || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = scryptSync(secret.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, options(cost))
  return timingSafeEqual(expected, actual)
}

/** A hash made at a lower cost than today's: made again at sign-in, when the secret is at hand. */
export function needsRehash(stored: string, cost: ScryptCost): boolean {
  const current = costOf(stored)
  return !current || current.N < cost.N || current.r < cost.r || current.p < cost.p
}
