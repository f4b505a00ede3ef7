import { createHmac } from 'node:crypto'
import { z } from 'zod'
import type { AuditHead } from '../../shared/contract'
import type { KeyFolder } from '../vault'

/** The heads of the trail and of the register seals, as recorded outside the store. */
export interface Heads {
  audit: AuditHead | null
  seals: AuditHead | null
}

const headSchema = z.object({ seq: z.number().int().nonnegative(), hash: z.string() }).nullable()
const recordSchema = z.object({ audit: headSchema, seals: headSchema, at: z.string(), mac: z.string() })

export type AnchorReading =
  { state: 'recorded'; heads: Heads; at: string } | { state: 'missing' } | { state: 'unreadable'; reason: string }

/**
 * The trail's head (its last entry's number and hash) and the seals' head, kept beside the key,
 * outside the store, and sealed with the key. A trail whose last entries were cut, or a store
 * swapped for an older copy, ends before the recorded head; a rewritten one has another hash there.
 * Updated after every commit that wrote audit entries.
 */
export class AuditAnchor {
  private written: string | null = null
  private dirty = false
  private writing: Promise<void> | null = null

  constructor(
    private readonly deps: {
      folder: KeyFolder
      fileName: string
      key: Buffer
      currentHeads: () => Heads
      inTransaction: () => boolean
      log: (message: string, error?: unknown) => void
    }
  ) {}

  read(): AnchorReading {
    const text = this.deps.folder.read(this.deps.fileName)
    if (text === null) return { state: 'missing' }
    let parsed: z.infer<typeof recordSchema>
    try {
      parsed = recordSchema.parse(JSON.parse(text))
    } catch (error) {
      return { state: 'unreadable', reason: `it cannot be read (${(error as Error).message.split('\n')[0]})` }
    }
    const heads = { audit: parsed.audit, seals: parsed.seals }
    if (this.mac(heads) !== parsed.mac) return { state: 'unreadable', reason: 'it is not sealed by this key' }
    return { state: 'recorded', heads, at: parsed.at }
  }

  /** Records the committed heads now (at start). */
  record(now: Date = new Date()): void {
    const heads = this.deps.currentHeads()
    const fingerprint = JSON.stringify(heads)
    if (fingerprint === this.written) return
    this.deps.folder.write(this.deps.fileName, this.content(heads, now))
    this.written = fingerprint
  }

  /**
   * Called as an entry is appended: records the heads once the transaction has ended, written off
   * the event loop. Commits that come while a write is under way are recorded by the next one.
   */
  schedule(): void {
    if (this.dirty) return
    this.dirty = true
    queueMicrotask(() => this.pump())
  }

  /** Resolves once every commit so far is recorded (before the store closes). */
  async settle(): Promise<void> {
    this.pump()
    while (this.writing) await this.writing
  }

  private pump(): void {
    if (this.writing || !this.dirty) return
    // Transactions are synchronous; one still open here was begun by hand and will be seen next time.
    if (this.deps.inTransaction()) return void setImmediate(() => this.pump())
    this.dirty = false
    let heads: Heads
    try {
      heads = this.deps.currentHeads()
    } catch (error) {
      return this.deps.log('could not read the audit trail head to record it', error)
    }
    const fingerprint = JSON.stringify(heads)
    if (fingerprint === this.written) return
    this.writing = this.deps.folder
      .writeInBackground(this.deps.fileName, this.content(heads, new Date()))
      .then(
        () => {
          this.written = fingerprint
        },
        // The work is committed; a head not recorded this time is recorded with the next commit.
        (error: unknown) => this.deps.log('could not record the audit trail head beside the key', error)
      )
      .finally(() => {
        this.writing = null
        this.pump()
      })
  }

  private content(heads: Heads, now: Date): string {
    return JSON.stringify({ ...heads, at: now.toISOString(), mac: this.mac(heads) })
  }

  private mac(heads: Heads): string {
    return createHmac('sha256', this.deps.key)
      .update(JSON.stringify(['pharmetra audit anchor', heads.audit, heads.seals]))
      .digest('hex')
  }
}
