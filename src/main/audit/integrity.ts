import { desc, eq } from 'drizzle-orm'
import { type Store, auditLog, chainKeyedEntry } from '../db'
import type { AuditFailure, AuditFailureKind, AuditHead, AuditVerification } from '../../shared/contract'
import type { KeyFolder } from '../vault'
import { formatDateTime } from '../../shared/time/london'
import { AuditAnchor, type AnchorReading, type Heads } from './anchor'
import { ANCHOR_MISMATCH, CHAIN_KEYED, GENESIS, entryHash, keyId } from './chain'
import { checkProtection, expectedTriggers, type ExpectedTrigger } from './protection'
import { RowSeals } from './row-seals'
import { checkStockLevels } from './stock-levels'
import { AuditTrail } from './trail'

/** Why a keyed part of the trail begins (recorded in its first entry). */
type KeyingReason = 'new_store' | 'written_before_keying' | 'key_missing' | 'keyed_with_another_key'

interface ChainKeyedSummary {
  keyId: string
  reason: KeyingReason
}

/** What was found, at start, between the store and the head recorded outside it. */
interface AnchorMismatch {
  kind: 'anchor_missing' | 'tail_cut' | 'head_changed'
  of: 'trail' | 'seals'
  anchored: AuditHead | null
  found: AuditHead | null
  reason?: string
}

export interface AuditIntegrityDeps {
  store: Store
  folder: KeyFolder
  /** The key as it was before this start: false when it was made just now. */
  keyExisted: boolean
  key: Buffer
  /** Names the anchor file: the training store and the live one each have theirs. */
  storeName: string
  migrationsDir: string
  now: Date
  log: (message: string, error?: unknown) => void
}

/**
 * The audit trail with what makes it tamper-evident: the key, the register seals, the head recorded
 * outside the store, and the check of all of it (`verify`). At start it keys a trail that is not
 * keyed with this workstation's key (a new store, one written before keying, or one whose key is
 * gone) by appending an `audit.chainKeyed` entry: the boundary. Entries before it keep their
 * unkeyed hashes and are pinned by it; a store written before keying has its register rows sealed
 * in the same transaction. A store that does not reach the recorded head is recorded as such.
 */
export class AuditIntegrity {
  readonly trail: AuditTrail
  readonly seals: RowSeals
  private readonly anchor: AuditAnchor
  private readonly expected: Map<string, ExpectedTrigger>

  constructor(private readonly deps: AuditIntegrityDeps) {
    const { store, key } = deps
    this.trail = new AuditTrail(store.db, key)
    this.seals = new RowSeals(store.db, store.sqlite, key)
    this.expected = expectedTriggers(deps.migrationsDir)
    this.anchor = new AuditAnchor({
      folder: deps.folder,
      fileName: `${deps.storeName}.anchor.json`,
      key,
      currentHeads: () => this.heads(),
      inTransaction: () => store.sqlite.inTransaction,
      log: deps.log
    })
    store.sqlite.transaction(() => this.keyAndCompare())()
    this.anchor.record(deps.now)
    this.trail.onAppend(() => this.anchor.schedule())
  }

  /** Resolves once the head of everything committed is recorded beside the key. */
  settle(): Promise<void> {
    return this.anchor.settle()
  }

  heads(): Heads {
    return { audit: this.trail.head(), seals: this.seals.head() }
  }

  private keyAndCompare(): void {
    const { key, now } = this.deps
    const keyedWith = this.lastKeying()?.keyId ?? null
    const ours = keyId(key)
    const reading = this.anchor.read()
    // A key kept from an earlier start means this store was keyed then and its head recorded: a
    // missing record is a finding even when the trail now reads as never keyed (rewritten without it).
    const expectAnchor = keyedWith === ours || this.deps.keyExisted
    for (const mismatch of compareWithAnchor(reading, this.heads(), expectAnchor, (seq) => this.hashAt(seq)))
      this.system(now, ANCHOR_MISMATCH, mismatch)
    if (keyedWith === ours) return
    const head = this.trail.head()
    const reason: KeyingReason =
      keyedWith === null
        ? head
          ? 'written_before_keying'
          : 'new_store'
        : this.deps.keyExisted
          ? 'keyed_with_another_key'
          : 'key_missing'
    // Register rows are sealed once, when a store written before seals is first keyed; never later.
    const sealedRows = keyedWith === null && this.seals.head() === null ? this.seals.sealExisting() : {}
    this.system(now, CHAIN_KEYED, { keyId: ours, reason, unkeyedThrough: head?.seq ?? 0, sealedRows })
  }

  private system(now: Date, command: string, summary: unknown): void {
    this.trail.append({
      at: now.toISOString(),
      actorId: null,
      actorName: null,
      command,
      entityType: 'audit',
      entityId: null,
      summary
    })
  }

  private lastKeying(): ChainKeyedSummary | null {
    const row = this.lastKeyingQuery().get()
    return row ? (JSON.parse(row.summary) as ChainKeyedSummary) : null
  }

  /** Through the keying entries' own index (db/schema/audit.ts), not back through the whole trail. */
  private lastKeyingQuery() {
    return this.deps.store.db
      .select({ summary: auditLog.summary })
      .from(auditLog)
      .where(chainKeyedEntry)
      .orderBy(desc(auditLog.seq))
      .limit(1)
  }

  private hashAt(seq: number): string | null {
    const row = this.deps.store.db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.seq, seq)).get()
    return row ? row.hash.toString('hex') : null
  }

  /** Checks everything: protection in place, every entry and link, the recorded head, every register row, the stock levels. */
  async verify(): Promise<AuditVerification> {
    // The head of what is committed is recorded first, so that the store is compared with all of it.
    await this.settle()
    const failures: AuditFailure[] = []
    const add = (failure: AuditFailure): void => {
      if (!failures.some((f) => f.kind === failure.kind)) failures.push(failure)
    }
    checkProtection(this.deps.store.sqlite, this.expected).forEach(add)
    const entries = this.walkChain(add)
    const heads = this.heads()
    const reading = this.anchor.read()
    for (const mismatch of compareWithAnchor(reading, heads, true, (seq) => this.hashAt(seq)))
      add(describeMismatch(mismatch, null))
    const seals = this.seals.verify()
    seals.failures.forEach(add)
    checkStockLevels(this.deps.store.sqlite).forEach(add)
    return {
      intact: failures.length === 0,
      entries,
      sealedRows: seals.sealedRows,
      head: heads.audit,
      anchored: reading.state === 'recorded' ? reading.heads.audit : null,
      failures
    }
  }

  private walkChain(add: (failure: AuditFailure) => void): number {
    const { key } = this.deps
    const ours = keyId(key)
    let entries = 0
    let expected = 1
    let previous = GENESIS
    // Before the first `audit.chainKeyed` entry hashes are unkeyed; after one, keyed with the key it names.
    let segment: Buffer | null | 'not_held' = null
    for (const row of this.trail.entries()) {
      entries += 1
      // Each hash covers the hash of the entry before, read from that entry (it is not kept twice):
      // an entry that does not verify was changed, or what it links to was.
      let linkInDoubt = false
      if (row.seq !== expected) {
        add({ kind: 'entry_missing', seq: expected, message: `Audit entry ${expected} is missing.` })
        linkInDoubt = true
      }
      if (row.command === CHAIN_KEYED) {
        // The first keyed entry after unkeyed ones pins them: recomputing them breaks its link.
        linkInDoubt ||= segment === null && row.seq > 1
        const keying = JSON.parse(row.summary) as ChainKeyedSummary
        segment = keying.keyId === ours ? key : 'not_held'
        if (keying.reason === 'key_missing' || keying.reason === 'keyed_with_another_key')
          add({
            kind: 'key_not_held',
            seq: row.seq,
            message: `At audit entry ${row.seq} (${formatDateTime(row.at)}) the workstation ${keying.reason === 'key_missing' ? 'had lost the key of the entries before, and made a new one' : 'found the store keyed with a key it does not hold'}: those entries cannot be proven unchanged.`
          })
      }
      const hash = row.hash.toString('hex')
      if (segment === 'not_held')
        add({
          kind: 'key_not_held',
          seq: row.seq,
          message: `Audit entries from ${row.seq} were keyed with a key this workstation does not hold.`
        })
      else if (entryHash({ ...row, prevHash: previous }, segment) !== hash)
        add(
          linkInDoubt
            ? {
                kind: 'broken_link',
                seq: row.seq,
                message: `Audit entry ${row.seq} does not link to the entry before it: the entries before it were removed or recomputed.`
              }
            : {
                kind: 'entry_changed',
                seq: row.seq,
                message: `Audit entry ${row.seq} is not what was written: changed, or its chain recomputed without the key.`
              }
        )
      if (row.command === ANCHOR_MISMATCH) add(describeMismatch(JSON.parse(row.summary) as AnchorMismatch, row))
      previous = hash
      expected = row.seq + 1
    }
    return entries
  }
}

/**
 * Compares the store's heads with those recorded outside it. `expectAnchor`: whether a missing
 * record is itself a finding (the store is keyed with this key, so its head was being recorded).
 */
function compareWithAnchor(
  reading: AnchorReading,
  heads: Heads,
  expectAnchor: boolean,
  hashAt: (seq: number) => string | null
): AnchorMismatch[] {
  if (reading.state === 'missing')
    return expectAnchor ? [{ kind: 'anchor_missing', of: 'trail', anchored: null, found: heads.audit }] : []
  if (reading.state === 'unreadable')
    return [{ kind: 'anchor_missing', of: 'trail', anchored: null, found: heads.audit, reason: reading.reason }]
  const found: AnchorMismatch[] = []
  const anchoredTrail = reading.heads.audit
  if (anchoredTrail) {
    if ((heads.audit?.seq ?? 0) < anchoredTrail.seq)
      found.push({ kind: 'tail_cut', of: 'trail', anchored: anchoredTrail, found: heads.audit })
    else if (hashAt(anchoredTrail.seq) !== anchoredTrail.hash)
      found.push({ kind: 'head_changed', of: 'trail', anchored: anchoredTrail, found: heads.audit })
  }
  const anchoredSeals = reading.heads.seals
  if (anchoredSeals && (heads.seals?.seq ?? 0) < anchoredSeals.seq)
    found.push({ kind: 'tail_cut', of: 'seals', anchored: anchoredSeals, found: heads.seals })
  return found
}

function describeMismatch(mismatch: AnchorMismatch, recorded: { seq: number; at: string } | null): AuditFailure {
  const when = recorded
    ? `When the workstation started on ${formatDateTime(recorded.at)} (recorded as audit entry ${recorded.seq}), `
    : ''
  const what = mismatch.of === 'trail' ? 'the audit trail' : 'the register seals'
  const kind: AuditFailureKind = mismatch.kind
  const message =
    mismatch.kind === 'anchor_missing'
      ? `${when}the head of the audit trail recorded beside the key was ${mismatch.reason ? `unusable: ${mismatch.reason}` : 'missing'}.`
      : mismatch.kind === 'tail_cut'
        ? `${when}${what} ended at ${mismatch.found?.seq ?? 0}, before the head recorded beside the key (${mismatch.anchored?.seq}): the last entries were cut, or the store replaced by an older copy.`
        : `${when}the entry ${mismatch.anchored?.seq} of ${what} is not the one recorded beside the key: the trail was rewritten.`
  return {
    kind,
    message,
    ...(recorded
      ? { seq: recorded.seq }
      : mismatch.anchored
        ? { seq: Math.min(mismatch.anchored.seq, (mismatch.found?.seq ?? 0) + 1) }
        : {}),
    ...(mismatch.of === 'seals' ? { table: 'row_seals' } : {})
  }
}
