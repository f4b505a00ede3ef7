import { desc, eq, gt, sql } from 'drizzle-orm'
import { type CounterDb, auditLog, directInsert } from '../db'
import type { AuditEntryView, AuditHead } from '../../shared/contract'
import { GENESIS, entryHash, type AuditRow, type ChainedEntry } from './chain'

export interface AuditEntryInput {
  at: string
  actorId: string | null
  actorName: string | null
  command: string
  entityType: string
  entityId: string | null
  summary: unknown
}

const PAGE = 5000

/** The audit trail: appends entries chained and keyed (chain.ts), and reads them back. */
export class AuditTrail {
  private readonly last
  private readonly insert
  private readonly forEntity
  private readonly recent
  private readonly page
  private readonly appended: Array<() => void> = []

  constructor(
    private readonly db: CounterDb,
    private readonly key: Buffer
  ) {
    this.last = db
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1)
      .prepare()
    // Each value packed by its column (db/audit-packing.ts), as drizzle would: a page of the feed appends 500.
    this.insert = directInsert(db, auditLog, [
      'seq',
      'at',
      'actorId',
      'actorName',
      'command',
      'entityType',
      'entityId',
      'summary',
      'hash'
    ])
    this.forEntity = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, sql.placeholder('entityId')))
      .orderBy(desc(auditLog.seq))
      .limit(sql.placeholder('limit'))
      .prepare()
    this.page = db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, sql.placeholder('after')))
      .orderBy(auditLog.seq)
      .limit(PAGE)
      .prepare()
    this.recent = db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(sql.placeholder('limit')).prepare()
  }

  /** The last entry while a batch runs: each append then need not read it back. */
  private batchHead: AuditHead | undefined | null = null

  /** The last entry, its hash as the hex text the next entry's hash covers. */
  private lastEntry(): AuditHead | undefined {
    const row = this.last.get()
    return row && { seq: row.seq, hash: row.hash.toString('hex') }
  }

  /**
   * Runs `work`, which appends many entries inside one transaction (a page of the feed), reading
   * the chain's last entry once instead of before each append. Nothing inside `work` may roll
   * back part of the transaction and carry on; a failure must end the transaction.
   */
  batch<T>(work: () => T): T {
    if (this.batchHead !== null) return work()
    this.batchHead = this.lastEntry()
    try {
      return work()
    } finally {
      this.batchHead = null
    }
  }

  /** Must run inside the transaction of the change it records. */
  append(entry: AuditEntryInput): number {
    const last = this.batchHead === null ? this.lastEntry() : this.batchHead
    const row: ChainedEntry = {
      seq: (last?.seq ?? 0) + 1,
      at: entry.at,
      actorId: entry.actorId,
      actorName: entry.actorName,
      command: entry.command,
      entityType: entry.entityType,
      entityId: entry.entityId,
      summary: JSON.stringify(entry.summary ?? null),
      prevHash: last?.hash ?? GENESIS
    }
    const hash = entryHash(row, this.key)
    this.insert.run({
      seq: row.seq,
      at: row.at,
      actorId: row.actorId,
      actorName: row.actorName,
      command: row.command,
      entityType: row.entityType,
      entityId: row.entityId,
      summary: row.summary,
      hash: Buffer.from(hash, 'hex')
    })
    if (this.batchHead !== null) this.batchHead = { seq: row.seq, hash }
    for (const listener of this.appended) listener()
    return row.seq
  }

  /** Called after each append, still inside its transaction (the anchor waits for the commit). */
  onAppend(listener: () => void): void {
    this.appended.push(listener)
  }

  head(): AuditHead | null {
    return this.lastEntry() ?? null
  }

  list(options: { entityId?: string | undefined; limit: number }): AuditEntryView[] {
    const rows = options.entityId
      ? this.forEntity.all({ entityId: options.entityId, limit: options.limit })
      : this.recent.all({ limit: options.limit })
    return rows.map(toView)
  }

  /** Every entry in order, for verification, read a page at a time (a year's trail is a million entries). */
  *entries(): Generator<AuditRow> {
    let after = Number.MIN_SAFE_INTEGER
    for (;;) {
      const page = this.page.all({ after })
      yield* page
      const last = page.at(-1)
      if (!last || page.length < PAGE) return
      after = last.seq
    }
  }
}

function toView(row: AuditRow): AuditEntryView {
  return {
    seq: row.seq,
    at: row.at,
    actorName: row.actorName,
    command: row.command,
    entityType: row.entityType,
    entityId: row.entityId,
    summary: JSON.parse(row.summary) as unknown
  }
}
