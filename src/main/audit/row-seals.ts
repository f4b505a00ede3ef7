import { desc, gt, sql } from 'drizzle-orm'
import type Database from 'better-sqlite3'
import { type CounterDb, rowSeals, rowDigest, sealMac } from '../db'
import type { AuditFailure, AuditHead } from '../../shared/contract'
import { SEALED_TABLES, rowJsonSql, type SealedTable } from './protected-tables'

const PAGE = 5000
type SealRow = typeof rowSeals.$inferSelect

/** The register seals: their head, the one-time sealing of rows written before seals, and their check. */
export class RowSeals {
  private readonly last
  private readonly page

  constructor(
    private readonly db: CounterDb,
    private readonly sqlite: Database.Database,
    private readonly key: Buffer
  ) {
    this.last = db
      .select({ seq: rowSeals.seq, hash: rowSeals.mac })
      .from(rowSeals)
      .orderBy(desc(rowSeals.seq))
      .limit(1)
      .prepare()
    this.page = db
      .select()
      .from(rowSeals)
      .where(gt(rowSeals.seq, sql.placeholder('after')))
      .orderBy(rowSeals.seq)
      .limit(PAGE)
      .prepare()
  }

  /** The last seal, its MAC as the hex text the next seal's MAC covers. */
  head(): AuditHead | null {
    const row = this.last.get()
    return row ? { seq: row.seq, hash: row.hash.toString('hex') } : null
  }

  /**
   * Seals, in order, the register rows of a store written before rows were sealed. Runs once, in
   * the transaction that starts the keyed trail on such a store; afterwards a row without a seal
   * is one added behind the app's back.
   */
  sealExisting(): Record<string, number> {
    const sealed: Record<string, number> = {}
    const insert = this.db
      .insert(rowSeals)
      .values({
        seq: sql.placeholder('seq'),
        tableName: sql.placeholder('tableName'),
        rowKey: sql.placeholder('rowKey'),
        rowDigest: sql.placeholder('rowDigest'),
        mac: sql.placeholder('mac')
      })
      .prepare()
    let head = this.head()
    for (const table of SEALED_TABLES) {
      // A page at a time: the connection cannot insert while it is still reading. Hand-written: the
      // same statement over each register table, its key and columns read from the schema.
      const page = this.sqlite.prepare<[number], { rowid: number; rowKey: string | number; rowJson: string }>(
        `SELECT t.rowid AS rowid, ${table.rowKeySql('t')} AS rowKey, ${rowJsonSql(table, 't')} AS rowJson
         FROM "${table.name}" t WHERE t.rowid > ? ORDER BY t.rowid LIMIT ${PAGE}`
      )
      let count = 0
      for (let rows = page.all(Number.MIN_SAFE_INTEGER); rows.length > 0; rows = page.all(rows.at(-1)!.rowid)) {
        for (const row of rows) {
          const seq = (head?.seq ?? 0) + 1
          const digest = rowDigest(row.rowJson)
          const prev = head?.hash ?? ''
          const mac = sealMac(this.key, seq, table.name, row.rowKey, digest, prev)
          insert.run({
            seq,
            tableName: table.name,
            rowKey: String(row.rowKey),
            rowDigest: Buffer.from(digest, 'hex'),
            mac: Buffer.from(mac, 'hex')
          })
          head = { seq, hash: mac }
          count += 1
        }
      }
      if (count > 0) sealed[table.name] = count
    }
    return sealed
  }

  /** Checks the chain of seals, then every register row against its latest seal. */
  verify(): { sealedRows: number; failures: AuditFailure[] } {
    const failures: AuditFailure[] = []
    const first = new Set<string>()
    const fail = (failure: AuditFailure): void => {
      const id = `${failure.kind}:${failure.table ?? ''}`
      if (first.has(id)) return
      first.add(id)
      failures.push(failure)
    }
    let expected = 1
    let prev = ''
    let sealedRows = 0
    // Seals are numbered from 1; one slipped in below would be trusted by the rows' check unwalked.
    const below = this.sqlite.prepare<[], { seq: number }>('SELECT seq FROM row_seals WHERE seq < 1 LIMIT 1').get()
    if (below)
      fail({
        kind: 'seal_broken',
        seq: below.seq,
        message: `Register seal ${below.seq} is numbered before the first seal: it was added behind the app's back.`
      })
    for (const seal of this.seals()) {
      sealedRows += 1
      // Each MAC covers the MAC of the seal before, read from that seal (it is not kept twice).
      const mac = seal.mac.toString('hex')
      if (seal.seq !== expected)
        fail({ kind: 'seal_broken', seq: expected, message: `Register seal ${expected} is missing.` })
      else if (sealMac(this.key, seal.seq, seal.tableName, seal.rowKey, seal.rowDigest.toString('hex'), prev) !== mac)
        fail({
          kind: 'seal_broken',
          seq: seal.seq,
          message: `Register seal ${seal.seq} (${seal.tableName} ${seal.rowKey}) was not made with this workstation's key after the seal before it: changed, or a seal before it was.`
        })
      prev = mac
      expected = seal.seq + 1
    }
    this.withSealsByRow(() => {
      for (const table of SEALED_TABLES) this.verifyRows(table, fail)
    })
    return { sealedRows, failures }
  }

  /**
   * Each sealed row's first and latest seal, sorted once for the check: the store keeps no index of
   * the seals by row (a year of seals kept twice, for a check an administrator asks for).
   */
  private withSealsByRow(check: () => void): void {
    this.sqlite.exec(
      `CREATE TEMP TABLE seals_by_row (table_name TEXT NOT NULL, row_key TEXT NOT NULL, first_seq INTEGER NOT NULL,
         last_seq INTEGER NOT NULL, PRIMARY KEY (table_name, row_key)) WITHOUT ROWID;
       INSERT INTO temp.seals_by_row SELECT table_name, row_key, MIN(seq), MAX(seq) FROM main.row_seals GROUP BY table_name, row_key;`
    )
    try {
      check()
    } finally {
      this.sqlite.exec('DROP TABLE temp.seals_by_row')
    }
  }

  private verifyRows(table: SealedTable, fail: (failure: AuditFailure) => void): void {
    // Each row beside its latest seal.
    const rows = this.sqlite
      .prepare<[string], { rowKey: string; rowJson: string; sealed: Buffer | null }>(
        `SELECT ${table.rowKeySql('t')} AS rowKey, ${rowJsonSql(table, 't')} AS rowJson, s.row_digest AS sealed
         FROM "${table.name}" t
         LEFT JOIN temp.seals_by_row b ON b.table_name = ? AND b.row_key = ${table.rowKeySql('t')}
         LEFT JOIN main.row_seals s ON s.seq = b.last_seq
         ORDER BY t.rowid`
      )
      .iterate(table.name)
    for (const row of rows) {
      if (row.sealed === null)
        fail({
          kind: 'row_unsealed',
          table: table.name,
          rowKey: row.rowKey,
          message: `${table.name} row ${row.rowKey} has no seal: it was added behind the app's back.`
        })
      else if (rowDigest(row.rowJson) !== row.sealed.toString('hex'))
        fail({
          kind: 'row_changed',
          table: table.name,
          rowKey: row.rowKey,
          message: `${table.name} row ${row.rowKey} is not what was sealed when it was written: it was changed.`
        })
    }
    // The first in the seals' order: the row whose first seal comes first.
    const removed = this.sqlite
      .prepare<[string], { rowKey: string }>(
        `SELECT row_key AS rowKey FROM temp.seals_by_row WHERE table_name = ?
           AND row_key NOT IN (SELECT ${table.rowKeySql('t')} FROM "${table.name}" t) ORDER BY first_seq LIMIT 1`
      )
      .get(table.name)
    if (removed)
      fail({
        kind: 'row_removed',
        table: table.name,
        rowKey: removed.rowKey,
        message: `${table.name} row ${removed.rowKey} was sealed when it was written and is gone.`
      })
  }

  private *seals(): Generator<SealRow> {
    let after = 0
    for (;;) {
      const page = this.page.all({ after })
      yield* page
      const last = page.at(-1)
      if (!last || page.length < PAGE) return
      after = last.seq
    }
  }
}
