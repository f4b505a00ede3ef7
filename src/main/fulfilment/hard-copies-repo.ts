import { and, asc, count, eq, sql } from 'drizzle-orm'
import type { HardCopyReceipt } from '../../shared/workflow/hard-copy'
import type { HardCopyView } from '../../shared/contract'
import { type CounterDb, placeholders, hardCopies } from '../db'

/** Original prescriptions received at the counter, and whether each matched its request. */
export class HardCopiesRepo {
  private readonly insert
  private readonly matched
  private readonly forRequestStmt

  constructor(db: CounterDb) {
    const h = hardCopies
    const ofRequest = eq(h.requestId, sql.placeholder('requestId'))
    this.insert = db
      .insert(h)
      .values(
        placeholders([
          'requestId',
          'receivedAt',
          'receivedById',
          'receivedByName',
          'formType',
          'serial',
          'checks',
          'mismatches',
          'matches'
        ])
      )
      .prepare()
    this.matched = db
      .select({ n: count() })
      .from(h)
      .where(and(ofRequest, eq(h.matches, true)))
      .prepare()
    this.forRequestStmt = db
      .select({
        id: h.id,
        receivedAt: h.receivedAt,
        receivedBy: h.receivedByName,
        formType: h.formType,
        serial: h.serial,
        matches: h.matches,
        mismatches: h.mismatches
      })
      .from(h)
      .where(ofRequest)
      .orderBy(asc(h.id))
      .prepare()
  }

  record(receipt: HardCopyReceipt, mismatches: string[], by: { id: string; name: string }, at: Date): void {
    const { id, ...checks } = receipt
    this.insert.run({
      requestId: id,
      receivedAt: at.toISOString(),
      receivedById: by.id,
      receivedByName: by.name,
      formType: receipt.formType,
      serial: receipt.serial,
      checks: JSON.stringify(checks),
      mismatches: JSON.stringify(mismatches),
      matches: mismatches.length === 0
    })
  }

  /** An original that matched its request is in hand. */
  inHand(requestId: string): boolean {
    return (this.matched.get({ requestId })?.n ?? 0) > 0
  }

  forRequest(requestId: string): HardCopyView[] {
    return this.forRequestStmt
      .all({ requestId })
      .map((row) => ({ ...row, mismatches: JSON.parse(row.mismatches) as string[] }))
  }
}
