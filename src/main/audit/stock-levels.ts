import type Database from 'better-sqlite3'
import type { AuditFailure } from '../../shared/contract'
import { fromMilli } from '../../shared/stock/units'

interface LevelAgainstLedger {
  batchId: number
  batchNo: string | null
  pack: string | null
  onHand: number | null
  reserved: number | null
  ledgerOnHand: number
  ledgerReserved: number
}

/**
 * The stock the counter shows, reserves and dispenses against is each batch's running totals
 * (`batch_levels`), which the ledger's trigger moves with every movement. The ledger is sealed; the
 * totals cannot be (the trigger updates them), so they are checked against it: a level that is not
 * its batch's sums (read through the ledger's covering index) was changed, removed or made up
 * behind the app's back. Names the first such batch.
 */
export function checkStockLevels(sqlite: Database.Database): AuditFailure[] {
  const found = sqlite
    .prepare<[], LevelAgainstLedger>(
      `WITH ledger AS (
         SELECT batch_id, SUM(on_hand_delta_milli) AS on_hand, SUM(reserved_delta_milli) AS reserved
         FROM stock_movements GROUP BY batch_id
       ),
       compared AS (
         SELECT g.batch_id, l.on_hand_milli AS on_hand, l.reserved_milli AS reserved,
                g.on_hand AS ledger_on_hand, g.reserved AS ledger_reserved
         FROM ledger g LEFT JOIN batch_levels l ON l.batch_id = g.batch_id
         UNION ALL
         SELECT l.batch_id, l.on_hand_milli, l.reserved_milli, 0, 0
         FROM batch_levels l WHERE l.batch_id NOT IN (SELECT batch_id FROM ledger)
       )
       SELECT c.batch_id AS batchId, b.batch_no AS batchNo, p.name AS pack, c.on_hand AS onHand,
              c.reserved AS reserved, c.ledger_on_hand AS ledgerOnHand, c.ledger_reserved AS ledgerReserved
       FROM compared c LEFT JOIN batches b ON b.id = c.batch_id LEFT JOIN packs p ON p.ampp_id = b.ampp_id
       WHERE c.on_hand IS NOT c.ledger_on_hand OR c.reserved IS NOT c.ledger_reserved
       ORDER BY c.batch_id LIMIT 1`
    )
    .get()
  if (!found) return []
  const batch = `batch ${found.batchNo ?? `#${found.batchId}`}${found.pack ? ` of ${found.pack}` : ''}`
  const ledger = `${fromMilli(found.ledgerOnHand)} on hand and ${fromMilli(found.ledgerReserved)} reserved`
  const reads =
    found.onHand === null || found.reserved === null
      ? 'has no stock level at all'
      : `reads ${fromMilli(found.onHand)} on hand and ${fromMilli(found.reserved)} reserved`
  return [
    {
      kind: 'levels_changed',
      table: 'batch_levels',
      rowKey: String(found.batchId),
      message: `The stock of ${batch} ${reads}, but its movements in the sealed stock ledger add up to ${ledger}: the level the counter works from was changed behind the app's back.`
    }
  ]
}
