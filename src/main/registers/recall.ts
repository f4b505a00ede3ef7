/**
 * Batch recall: which patients had packs of a batch. Search by product (a VMP, AMP or AMPP dm+d
 * code, or part of a name) and optionally a batch number, or by GTIN and an expiry range. Every
 * pack in a bag counts: handed over (supplied, with when) or still in the pharmacy ("not yet
 * supplied: stop it"). Packs taken back to stock or quarantined are in the stock, not with patients.
 */
import { and, between, eq, inArray, isNotNull, min, or, sql, type SQLWrapper } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { RecallHit, RecallView } from '../../shared/contract'
import type { z } from 'zod'
import type { recallCriteriaSchema } from '../../shared/contract/register-calls'
import { addressSchema } from '../../shared/phensys/snapshot'
import { fromMilli } from '../../shared/stock/units'
import type { CounterDb } from '../db/open'
import { jsonArrayValues } from '../db/query-parts'
import { dispensedPacks } from '../db/schema/dispensing'
import { registerSupplies } from '../db/schema/registers'
import { requests } from '../db/schema/requests'
import { batches, packGtins, packs, products } from '../db/schema/stock'
import { postalAddress } from './register-text'

export type RecallCriteria = z.output<typeof recallCriteriaSchema>

const STOP_IT = 'Not yet supplied: stop it'

/**
 * The bags holding packs of these batches, per request and batch. The request's snapshot is read
 * only for bags not yet handed over (the address they go to).
 */
function hitsStatement(db: CounterDb, batchIds: SQLWrapper) {
  const d = dispensedPacks
  const s = registerSupplies
  const ofRequest = (column: typeof requests.patientName | typeof requests.snapshot) =>
    sql<string | null>`CASE WHEN ${s.requestId} IS NULL THEN (${db
      .select({ value: column })
      .from(requests)
      .where(eq(requests.id, d.requestId))}) END`
  return (
    db
      .select({
        requestId: d.requestId,
        amppId: d.amppId,
        gtin: sql<string>`${min(d.gtin)}`,
        name: packs.name,
        unit: packs.unit,
        batchNo: d.batchNo,
        expiry: d.expiry,
        quantityMilli: sql<number>`SUM(${d.quantityMilli})`,
        suppliedAt: s.suppliedAt,
        patientName: s.patientName,
        patientAddress: s.patientAddress,
        requestPatient: ofRequest(requests.patientName),
        requestSnapshot: ofRequest(requests.snapshot)
      })
      .from(d)
      .innerJoin(packs, eq(packs.amppId, d.amppId))
      .leftJoin(s, eq(s.requestId, d.requestId))
      .where(and(eq(d.state, 'assembled'), inArray(d.batchId, batchIds)))
      .groupBy(d.requestId, d.batchId)
      // The bags still in the pharmacy first: they can be stopped.
      .orderBy(isNotNull(s.suppliedAt), s.suppliedAt, d.requestId)
      .prepare()
  )
}

type HitRow = ReturnType<ReturnType<typeof hitsStatement>['all']>[number]

function selectBatchIds(db: CounterDb) {
  return db.select({ id: batches.id }).from(batches)
}

export class Recall {
  private readonly packsByCode
  private readonly packsByName
  private readonly packByGtin
  private readonly hitsOfBatchNo
  private readonly hitsOfAnyBatch
  private readonly hitsOfExpiryRange

  constructor(db: CounterDb) {
    const amp = alias(products, 'amp')
    const vmp = alias(products, 'vmp')
    const code = sql.placeholder('code')
    this.packsByCode = db
      .select({ amppId: packs.amppId })
      .from(packs)
      .innerJoin(amp, eq(amp.dmdId, packs.ampId))
      .where(or(eq(packs.amppId, code), eq(packs.ampId, code), eq(amp.vmpId, code)))
      .prepare()
    const pattern = sql.placeholder('pattern')
    const like = (column: SQLWrapper) => sql`${column} LIKE ${pattern} ESCAPE '\\'`
    this.packsByName = db
      .select({ amppId: packs.amppId })
      .from(packs)
      .innerJoin(amp, eq(amp.dmdId, packs.ampId))
      .innerJoin(vmp, eq(vmp.dmdId, amp.vmpId))
      .where(or(like(packs.name), like(amp.name), like(vmp.name)))
      .prepare()
    this.packByGtin = db
      .select({ amppId: packGtins.amppId })
      .from(packGtins)
      .where(eq(packGtins.gtin, sql.placeholder('gtin')))
      .prepare()
    const ofPacks = inArray(batches.amppId, jsonArrayValues('amppIds'))
    this.hitsOfBatchNo = hitsStatement(
      db,
      selectBatchIds(db).where(and(ofPacks, eq(batches.batchNo, sql.placeholder('batchNo'))))
    )
    this.hitsOfAnyBatch = hitsStatement(db, selectBatchIds(db).where(ofPacks))
    this.hitsOfExpiryRange = hitsStatement(
      db,
      selectBatchIds(db).where(
        and(
          eq(batches.amppId, sql.placeholder('amppId')),
          between(batches.expiry, sql.placeholder('from'), sql.placeholder('to'))
        )
      )
    )
  }

  search(criteria: RecallCriteria): RecallView {
    if ('gtin' in criteria) {
      const gtin = criteria.gtin.padStart(14, '0')
      const pack = this.packByGtin.get({ gtin })
      const rows = pack
        ? this.hitsOfExpiryRange.all({ amppId: pack.amppId, from: criteria.expiryFrom, to: criteria.expiryTo })
        : []
      return {
        criteria: `GTIN ${gtin}, expiry ${criteria.expiryFrom} to ${criteria.expiryTo}`,
        packsMatched: pack ? 1 : 0,
        hits: rows.map(toHit)
      }
    }
    const packs = this.packsFor(criteria.product)
    const amppIds = JSON.stringify(packs)
    const rows = criteria.batchNo
      ? this.hitsOfBatchNo.all({ amppIds, batchNo: criteria.batchNo })
      : this.hitsOfAnyBatch.all({ amppIds })
    const batch = criteria.batchNo ? `, batch ${criteria.batchNo}` : ', every batch'
    return { criteria: `Product "${criteria.product}"${batch}`, packsMatched: packs.length, hits: rows.map(toHit) }
  }

  private packsFor(product: string): string[] {
    if (/^\d{6,20}$/.test(product)) return this.packsByCode.all({ code: product }).map((row) => row.amppId)
    const pattern = `%${product.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return [...new Set(this.packsByName.all({ pattern }).map((row) => row.amppId))]
  }
}

function toHit(row: HitRow): RecallHit {
  const supplied = row.suppliedAt !== null
  return {
    status: supplied ? 'supplied' : 'not_yet_supplied',
    requestId: row.requestId,
    patientName: row.patientName ?? row.requestPatient ?? '',
    patientAddress: row.patientAddress ?? addressOfSnapshot(row.requestSnapshot ?? '{}'),
    suppliedAt: row.suppliedAt,
    productName: row.name,
    amppId: row.amppId,
    gtin: row.gtin,
    batchNo: row.batchNo,
    expiry: row.expiry,
    quantity: fromMilli(row.quantityMilli),
    unit: row.unit,
    warning: supplied ? null : STOP_IT
  }
}

/** Not yet supplied: the address the bag is going to, from the request as it stands. */
function addressOfSnapshot(raw: string): string {
  const address = addressSchema.safeParse((JSON.parse(raw) as { delivery?: { address?: unknown } }).delivery?.address)
  return address.success ? postalAddress(address.data) : '(the request has no readable delivery address)'
}
