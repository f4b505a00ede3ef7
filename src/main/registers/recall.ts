/**
 * Batch recall: which patients had packs of a batch. Search by product (a VMP, AMP or AMPP dm+d
 * code, or part of a name) and optionally a batch number, or by GTIN and an expiry range. Every
 * pack in a bag counts: handed over (supplied, with when) or still in the pharmacy ("not yet
 * supplied: stop it"). Packs taken back to stock or quarantined are in the stock, not with patients.
 */
import type Database from 'better-sqlite3'
import type { RecallHit, RecallView } from '../../shared/contract'
import type { z } from 'zod'
import type { recallCriteriaSchema } from '../../shared/contract/register-calls'
import { addressSchema } from '../../shared/phensys/snapshot'
import { fromMilli } from '../../shared/stock/units'
import { postalAddress } from './register-text'

export type RecallCriteria = z.output<typeof recallCriteriaSchema>

const STOP_IT = 'Not yet supplied: stop it'

interface HitRow {
  request_id: string
  ampp_id: string
  gtin: string
  name: string
  unit: string
  batch_no: string
  expiry: string
  quantity_milli: number
  supplied_at: string | null
  patient_name: string | null
  patient_address: string | null
  request_patient: string | null
  request_snapshot: string | null
}

export class Recall {
  private readonly packsByCode: Database.Statement<[string, string, string], { ampp_id: string }>
  private readonly packsByName: Database.Statement<[string, string, string], { ampp_id: string }>
  private readonly packByGtin: Database.Statement<[string], { ampp_id: string }>
  private readonly hitsOfBatchNo: Database.Statement<[string, string], HitRow>
  private readonly hitsOfAnyBatch: Database.Statement<[string], HitRow>
  private readonly hitsOfExpiryRange: Database.Statement<[string, string, string], HitRow>

  constructor(sqlite: Database.Database) {
    this.packsByCode = sqlite.prepare(
      `SELECT p.ampp_id FROM packs p JOIN products amp ON amp.dmd_id = p.amp_id WHERE p.ampp_id = ? OR p.amp_id = ? OR amp.vmp_id = ?`
    )
    this.packsByName = sqlite.prepare(
      `SELECT p.ampp_id FROM packs p JOIN products amp ON amp.dmd_id = p.amp_id JOIN products vmp ON vmp.dmd_id = amp.vmp_id
       WHERE p.name LIKE ? ESCAPE '\\' OR amp.name LIKE ? ESCAPE '\\' OR vmp.name LIKE ? ESCAPE '\\'`
    )
    this.packByGtin = sqlite.prepare('SELECT ampp_id FROM pack_gtins WHERE gtin = ?')
    // The request's snapshot is read only for bags not yet handed over (the address they go to).
    const hits = (batches: string) => `
      SELECT d.request_id, d.ampp_id, MIN(d.gtin) AS gtin, p.name, p.unit, d.batch_no, d.expiry, SUM(d.quantity_milli) AS quantity_milli,
        s.supplied_at, s.patient_name, s.patient_address,
        CASE WHEN s.request_id IS NULL THEN (SELECT r.patient_name FROM requests r WHERE r.id = d.request_id) END AS request_patient,
        CASE WHEN s.request_id IS NULL THEN (SELECT r.snapshot FROM requests r WHERE r.id = d.request_id) END AS request_snapshot
      FROM dispensed_packs d
      JOIN packs p ON p.ampp_id = d.ampp_id
      LEFT JOIN register_supplies s ON s.request_id = d.request_id
      WHERE d.state = 'assembled' AND d.batch_id IN (${batches})
      GROUP BY d.request_id, d.batch_id
      -- The bags still in the pharmacy first: they can be stopped.
      ORDER BY s.supplied_at IS NOT NULL, s.supplied_at, d.request_id`
    this.hitsOfBatchNo = sqlite.prepare(
      hits(`SELECT id FROM batches WHERE ampp_id IN (SELECT value FROM json_each(?)) AND batch_no = ?`)
    )
    this.hitsOfAnyBatch = sqlite.prepare(
      hits(`SELECT id FROM batches WHERE ampp_id IN (SELECT value FROM json_each(?))`)
    )
    this.hitsOfExpiryRange = sqlite.prepare(hits(`SELECT id FROM batches WHERE ampp_id = ? AND expiry BETWEEN ? AND ?`))
  }

  search(criteria: RecallCriteria): RecallView {
    if ('gtin' in criteria) {
      const gtin = criteria.gtin.padStart(14, '0')
      const pack = this.packByGtin.get(gtin)
      const rows = pack ? this.hitsOfExpiryRange.all(pack.ampp_id, criteria.expiryFrom, criteria.expiryTo) : []
      return {
        criteria: `GTIN ${gtin}, expiry ${criteria.expiryFrom} to ${criteria.expiryTo}`,
        packsMatched: pack ? 1 : 0,
        hits: rows.map(toHit)
      }
    }
    const packs = this.packsFor(criteria.product)
    const json = JSON.stringify(packs)
    const rows = criteria.batchNo ? this.hitsOfBatchNo.all(json, criteria.batchNo) : this.hitsOfAnyBatch.all(json)
    const batch = criteria.batchNo ? `, batch ${criteria.batchNo}` : ', every batch'
    return { criteria: `Product "${criteria.product}"${batch}`, packsMatched: packs.length, hits: rows.map(toHit) }
  }

  private packsFor(product: string): string[] {
    if (/^\d{6,20}$/.test(product)) return this.packsByCode.all(product, product, product).map((row) => row.ampp_id)
    const pattern = `%${product.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return [...new Set(this.packsByName.all(pattern, pattern, pattern).map((row) => row.ampp_id))]
  }
}

function toHit(row: HitRow): RecallHit {
  const supplied = row.supplied_at !== null
  return {
    status: supplied ? 'supplied' : 'not_yet_supplied',
    requestId: row.request_id,
    patientName: row.patient_name ?? row.request_patient ?? '',
    patientAddress: row.patient_address ?? addressOfSnapshot(row.request_snapshot ?? '{}'),
    suppliedAt: row.supplied_at,
    productName: row.name,
    amppId: row.ampp_id,
    gtin: row.gtin,
    batchNo: row.batch_no,
    expiry: row.expiry,
    quantity: fromMilli(row.quantity_milli),
    unit: row.unit,
    warning: supplied ? null : STOP_IT
  }
}

/** Not yet supplied: the address the bag is going to, from the request as it stands. */
function addressOfSnapshot(raw: string): string {
  const address = addressSchema.safeParse((JSON.parse(raw) as { delivery?: { address?: unknown } }).delivery?.address)
  return address.success ? postalAddress(address.data) : '(the request has no readable delivery address)'
}
