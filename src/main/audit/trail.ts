import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { AuditEntryView, AuditVerification } from '../../shared/contract'

export interface AuditEntryInput {
  at: string
  actorId: string | null
  actorName: string | null
  command: string
  entityType: string
  entityId: string | null
  summary: unknown
}

interface AuditRow {
  seq: number
  at: string
  actor_id: string | null
  actor_name: string | null
  command: string
  entity_type: string
  entity_id: string | null
  summary: string
  prev_hash: string
  hash: string
}

const GENESIS = '0'.repeat(64)

function hashEntry(seq: number, entry: Omit<AuditRow, 'seq' | 'hash'>): string {
  const material = JSON.stringify([
    seq,
    entry.at,
    entry.actor_id,
    entry.actor_name,
    entry.command,
    entry.entity_type,
    entry.entity_id,
    entry.summary,
    entry.prev_hash
  ])
  return createHash('sha256').update(material).digest('hex')
}

/** The audit trail: appends chained entries and verifies the chain. */
export class AuditTrail {
  private readonly lastRow: Database.Statement<[], { seq: number; hash: string }>
  private readonly insert: Database.Statement<AuditRow>
  private readonly forEntity: Database.Statement<[string, number], AuditRow>
  private readonly recent: Database.Statement<[number], AuditRow>

  constructor(private readonly sqlite: Database.Database) {
    this.lastRow = sqlite.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
    this.insert = sqlite.prepare(
      `INSERT INTO audit_log (seq, at, actor_id, actor_name, command, entity_type, entity_id, summary, prev_hash, hash)
       VALUES (@seq, @at, @actor_id, @actor_name, @command, @entity_type, @entity_id, @summary, @prev_hash, @hash)`
    )
    this.forEntity = sqlite.prepare('SELECT * FROM audit_log WHERE entity_id = ? ORDER BY seq DESC LIMIT ?')
    this.recent = sqlite.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?')
  }

  /** The last entry while a batch runs: each append then need not read it back. */
  private head: { seq: number; hash: string } | undefined | null = null

  /**
   * Runs `work`, which appends many entries inside one transaction (a page of the feed), reading
   * the chain's last entry once instead of before each append. Nothing inside `work` may roll
   * back part of the transaction and carry on; a failure must end the transaction.
   */
  batch<T>(work: () => T): T {
    if (this.head !== null) return work()
    this.head = this.lastRow.get()
    try {
      return work()
    } finally {
      this.head = null
    }
  }

  /** Must run inside the transaction of the change it records. */
  append(entry: AuditEntryInput): number {
    const last = this.head === null ? this.lastRow.get() : this.head
    const seq = (last?.seq ?? 0) + 1
    const row = {
      at: entry.at,
      actor_id: entry.actorId,
      actor_name: entry.actorName,
      command: entry.command,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      summary: JSON.stringify(entry.summary ?? null),
      prev_hash: last?.hash ?? GENESIS
    }
    const hash = hashEntry(seq, row)
    this.insert.run({ seq, ...row, hash })
    if (this.head !== null) this.head = { seq, hash }
    return seq
  }

  list(options: { entityId?: string | undefined; limit: number }): AuditEntryView[] {
    const rows = options.entityId ? this.forEntity.all(options.entityId, options.limit) : this.recent.all(options.limit)
    return rows.map(toView)
  }

  /** Walks the whole chain; reports the first entry whose link or content does not hold. */
  verify(): AuditVerification {
    let previousHash = GENESIS
    let expectedSeq = 1
    let entries = 0
    for (const row of this.sqlite
      .prepare('SELECT * FROM audit_log ORDER BY seq')
      .iterate() as IterableIterator<AuditRow>) {
      entries += 1
      if (row.seq !== expectedSeq) return broken(entries, row.seq, `entry ${expectedSeq} is missing`)
      if (row.prev_hash !== previousHash) return broken(entries, row.seq, 'it does not link to the entry before it')
      if (hashEntry(row.seq, row) !== row.hash)
        return broken(entries, row.seq, 'its content was changed after it was written')
      previousHash = row.hash
      expectedSeq += 1
    }
    return { intact: true, entries }
  }
}

function broken(entries: number, brokenAt: number, reason: string): AuditVerification {
  return { intact: false, entries, brokenAt, reason: `Audit entry ${brokenAt} is broken: ${reason}` }
}

function toView(row: AuditRow): AuditEntryView {
  return {
    seq: row.seq,
    at: row.at,
    actorName: row.actor_name,
    command: row.command,
    entityType: row.entity_type,
    entityId: row.entity_id,
    summary: JSON.parse(row.summary) as unknown
  }
}
