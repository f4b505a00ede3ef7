/**
 * Wrong sign-ins slow further tries instead of locking an account for a fixed time (which anyone
 * could do to anyone, the only administrator included, again and again). After `freeAttempts`
 * wrong tries in a row, each further try waits, doubling from `firstDelayMs` up to `maxDelayMs`.
 * Counted per account (kept in the store) and per window (so trying many names is slowed too).
 */
export interface DelayPolicy {
  freeAttempts: number
  firstDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_DELAY: DelayPolicy = { freeAttempts: 3, firstDelayMs: 2_000, maxDelayMs: 15 * 60_000 }

/** How long to wait before the next try after this many wrong tries in a row. */
export function delayAfter(failures: number, policy: DelayPolicy): number {
  if (failures < policy.freeAttempts) return 0
  const doublings = Math.min(failures - policy.freeAttempts, 30)
  return Math.min(policy.firstDelayMs * 2 ** doublings, policy.maxDelayMs)
}

/** "8 seconds", "4 minutes": how long, in words. */
export function waitInWords(ms: number): string {
  const seconds = Math.ceil(ms / 1000)
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} minutes`
}
