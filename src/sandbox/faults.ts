/**
 * Fault injection: the sandbox misbehaves like a real network and a real upstream, on the
 * provider API (`/v1/provider/*`) only; `/v1/health` and the `/sandbox/*` control calls never
 * misbehave. Every random draw comes from one seeded PRNG, so the same seed and the same sequence
 * of calls give the same schedule.
 *
 * Per provider call, in this order:
 * 1. latency: wait `latencyMs` plus a uniform 0..`jitterMs`;
 * 2. error (`errorRate`): answer before doing anything: 503 (70 %), 429 (15 %) with `Retry-After`
 *    (`retryAfterSeconds`), or 500 (15 %) without; nothing is committed;
 * 3. the call runs and commits;
 * 4. feed pages only, per entry: with `duplicateRate`, either repeat the entry in the same page
 *    under its own cursor (when the page has room below `limit`) or append a copy to the feed
 *    under a new cursor (once per original entry, so the feed always ends); per page, with
 *    `reorderRate`, swap entries of the page. `next` stays the highest cursor of the page, so a
 *    client following `next` never skips an entry;
 * 5. drop (`dropAfterCommitRate`): destroy the socket instead of answering. The change stays
 *    committed; a retry with the same idempotency key gets the stored answer.
 * 6. answer latency: the call has committed; its answer waits `answerLatencyMs` on the way back
 *    (a slow network home), long enough for a client to die between Phensys's commit and its own.
 */
import { randomInt } from 'node:crypto'
import { z } from 'zod'

const rate = z.number().min(0).max(1).default(0)

/** `PUT /sandbox/faults` replaces every setting; a field left out is 0 (off). */
export const faultSettingsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  jitterMs: z.number().int().min(0).max(60_000).default(0),
  answerLatencyMs: z.number().int().min(0).max(60_000).default(0),
  errorRate: rate,
  dropAfterCommitRate: rate,
  duplicateRate: rate,
  reorderRate: rate,
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  seed: z.union([z.number().int(), z.string().min(1).max(200)]).optional()
})
export type FaultSettingsInput = z.input<typeof faultSettingsSchema>
export type FaultSettings = z.output<typeof faultSettingsSchema>

export interface FaultCounts {
  calls: number
  delayed: number
  errors503: number
  errors429: number
  errors500: number
  dropped: number
  answersDelayed: number
  duplicatedInPage: number
  redelivered: number
  reorderedPages: number
}

export type InjectedError = { status: 503 | 429 | 500; retryAfterSeconds: number | null }

/** mulberry32: small, fast and good enough to schedule faults. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function seedNumber(seed: number | string): number {
  if (typeof seed === 'number') return seed >>> 0
  let hash = 0x811c9dc5
  for (const char of seed) {
    hash ^= char.codePointAt(0) ?? 0
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

function zeroCounts(): FaultCounts {
  return {
    calls: 0,
    delayed: 0,
    errors503: 0,
    errors429: 0,
    errors500: 0,
    dropped: 0,
    answersDelayed: 0,
    duplicatedInPage: 0,
    redelivered: 0,
    reorderedPages: 0
  }
}

export class Faults {
  private settings: FaultSettings
  private effectiveSeed: number | string
  private random: () => number
  private counts = zeroCounts()

  constructor(input: FaultSettingsInput = {}) {
    this.settings = faultSettingsSchema.parse(input)
    this.effectiveSeed = this.settings.seed ?? randomInt(0, 2 ** 32 - 1)
    this.random = mulberry32(seedNumber(this.effectiveSeed))
  }

  /** Replaces the settings, reseeds the PRNG and resets the counters. */
  configure(input: FaultSettingsInput): FaultSettings {
    const settings = faultSettingsSchema.parse(input)
    this.settings = settings
    this.effectiveSeed = settings.seed ?? randomInt(0, 2 ** 32 - 1)
    this.random = mulberry32(seedNumber(this.effectiveSeed))
    this.counts = zeroCounts()
    return this.describe().settings
  }

  describe(): { settings: FaultSettings; counts: FaultCounts } {
    return { settings: { ...this.settings, seed: this.effectiveSeed }, counts: { ...this.counts } }
  }

  private chance(probability: number): boolean {
    if (probability <= 0) return false
    return this.random() < probability
  }

  /** Milliseconds to delay this call. */
  latency(): number {
    this.counts.calls += 1
    const { latencyMs, jitterMs } = this.settings
    const delay = latencyMs + (jitterMs > 0 ? Math.floor(this.random() * (jitterMs + 1)) : 0)
    if (delay > 0) this.counts.delayed += 1
    return delay
  }

  /** An error to answer instead of running the call, or null. */
  error(): InjectedError | null {
    if (!this.chance(this.settings.errorRate)) return null
    const pick = this.random()
    if (pick < 0.7) {
      this.counts.errors503 += 1
      return { status: 503, retryAfterSeconds: this.settings.retryAfterSeconds }
    }
    if (pick < 0.85) {
      this.counts.errors429 += 1
      return { status: 429, retryAfterSeconds: this.settings.retryAfterSeconds }
    }
    this.counts.errors500 += 1
    return { status: 500, retryAfterSeconds: null }
  }

  /** Milliseconds the answer of a call that committed waits before it is written. */
  answerLatency(): number {
    if (this.settings.answerLatencyMs > 0) this.counts.answersDelayed += 1
    return this.settings.answerLatencyMs
  }

  /** Whether to destroy the socket instead of answering (after the call committed). */
  drop(): boolean {
    const drop = this.chance(this.settings.dropAfterCommitRate)
    if (drop) this.counts.dropped += 1
    return drop
  }

  /**
   * Reshapes a feed page: duplicates and reorders. `redeliver` appends a copy of an original entry
   * under a new cursor. Never removes an entry.
   */
  shapePage<T extends { seq: number; isCopy: boolean; redelivered: boolean }>(
    rows: readonly T[],
    limit: number,
    redeliver: (seq: number) => void
  ): T[] {
    const page = [...rows]
    if (this.settings.duplicateRate > 0) {
      for (const row of rows) {
        if (!this.chance(this.settings.duplicateRate)) continue
        const inPage = page.length < limit && (row.isCopy || row.redelivered || this.random() < 0.5)
        if (inPage) {
          const at = page.indexOf(row) + 1 + Math.floor(this.random() * (page.length - page.indexOf(row)))
          page.splice(at, 0, row)
          this.counts.duplicatedInPage += 1
        } else if (!row.isCopy && !row.redelivered) {
          redeliver(row.seq)
          this.counts.redelivered += 1
        }
      }
    }
    if (page.length >= 2 && this.chance(this.settings.reorderRate)) {
      for (let i = page.length - 1; i > 0; i -= 1) swap(page, i, Math.floor(this.random() * (i + 1)))
      if (isAscending(page)) {
        const first = page[0]
        const other = page.findIndex((row) => row.seq !== first?.seq)
        if (other > 0) swap(page, 0, other)
      }
      if (!isAscending(page)) this.counts.reorderedPages += 1
    }
    return page
  }
}

function swap<T>(items: T[], i: number, j: number): void {
  const a = items[i]
  const b = items[j]
  if (a === undefined || b === undefined) return
  items[i] = b
  items[j] = a
}

function isAscending(rows: readonly { seq: number }[]): boolean {
  return rows.every((row, index) => index === 0 || (rows[index - 1]?.seq ?? 0) <= row.seq)
}
