import type Database from 'better-sqlite3'
import type { HardCopyReceipt } from '../../shared/workflow/hard-copy'
import type { HardCopyView } from '../../shared/contract'

interface Row {
  id: number
  request_id: string
  received_at: string
  received_by_name: string
  form_type: string
  serial: string
  mismatches: string
  matches: number
}

/** Original prescriptions received at the counter, and whether each matched its request. */
export class HardCopiesRepo {
  private readonly insert: Database.Statement
  private readonly matched: Database.Statement<[string], { n: number }>
  private readonly forRequestStmt: Database.Statement<[string], Row>

  constructor(sqlite: Database.Database) {
    this.insert = sqlite.prepare(
      `INSERT INTO hard_copies (request_id, received_at, received_by_id, received_by_name, form_type, serial, checks, mismatches, matches)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    this.matched = sqlite.prepare('SELECT COUNT(*) AS n FROM hard_copies WHERE request_id = ? AND matches = 1')
    this.forRequestStmt = sqlite.prepare('SELECT * FROM hard_copies WHERE request_id = ? ORDER BY id')
  }

  record(receipt: HardCopyReceipt, mismatches: string[], by: { id: string; name: string }, at: Date): void {
    const { id, ...checks } = receipt
    this.insert.run(
      id,
      at.toISOString(),
      by.id,
      by.name,
      receipt.formType,
      receipt.serial,
      JSON.stringify(checks),
      JSON.stringify(mismatches),
      mismatches.length === 0 ? 1 : 0
    )
  }

  /** An original that matched its request is in hand. */
  inHand(requestId: string): boolean {
    return (this.matched.get(requestId)?.n ?? 0) > 0
  }

  forRequest(requestId: string): HardCopyView[] {
    return this.forRequestStmt.all(requestId).map((row) => ({
      id: row.id,
      receivedAt: row.received_at,
      receivedBy: row.received_by_name,
      formType: row.form_type,
      serial: row.serial,
      matches: row.matches === 1,
      mismatches: JSON.parse(row.mismatches) as string[]
    }))
  }
}
