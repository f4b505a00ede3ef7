/**
 * Batch recall: which patients had packs of a batch. Search by product (a VMP, AMP or AMPP dm+d
 * code, or part of a name) and optionally a batch number, or by GTIN and an expiry range. Every
 * pack in a bag counts: handed over (supplied, with when) or still in the pharmacy ("not yet
 * supplied: stop it"), as is a bag whose parcels all came back ("returned to the pharmacy: stop it":
 * it may be sent again as it is). Packs taken back to stock or quarantined are in the stock, not
 * with patients.
 */
import { and, between, count, desc, eq, inArray, max, min, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { alias, union } from 'drizzle-orm/sqlite-core'
import type { RecallHit, RecallView } from '../../shared/contract'
import type { z } from 'zod'
import type { recallCriteriaSchema } from '../../shared/contract/register-calls'
import { addressSchema } from '../../shared/phensys/snapshot'
import { fromMilli } from '../../shared/stock/units'
import { formatDate } from '../../shared/time/london'
import {
  type CounterDb,
  jsonArrayValues,
  dispensedPacks,
  registerSupplies,
  requests,
  batches,
  packGtins,
  packs,
  products
} from '../db'
import { BatchRecalls } from '../stock'
import { postalAddress } from './register-text'
import { packBackInPharmacy, packSuppliedAt } from './returned-bag'

export type RecallCriteria = z.output<typeof recallCriteriaSchema>

const STOP_IT = 'Not yet supplied: stop it'
const RETURNED_STOP_IT = 'Returned to the pharmacy: stop it'

/** Where a page of a recall list starts and how long it is; the export takes the whole list. */
export interface RecallPage {
  offset: number
  limit: number
}

const WHOLE_LIST: RecallPage = { offset: 0, limit: -1 }

/**
 * The request's last supply only (a parcel returned and sent again is a second supply of the same
 * bag): joined to every supply, a bag would be counted once per supply.
 */
function lastSupplyOf(db: CounterDb, requestId: SQLWrapper): SQL | undefined {
  const s = registerSupplies
  const last = alias(registerSupplies, 'later_supply')
  return and(
    eq(s.requestId, requestId),
    eq(
      s.supplyNo,
      db
        .select({ no: max(last.supplyNo) })
        .from(last)
        .where(eq(last.requestId, requestId))
    )
  )
}

/**
 * 1 while the pack is in the pharmacy: its bag never handed over, or back from the carrier (its
 * parcel, where packing said which parcel it went in, or the whole bag). A bag partly back is
 * listed twice: the packs back, to stop, and the packs with the patient.
 */
function inPharmacy(db: CounterDb, packId: SQLWrapper, requestId: SQLWrapper): SQL<number> {
  return sql<number>`(${registerSupplies.suppliedAt} IS NULL OR ${packBackInPharmacy(db, packId, requestId)})`
}

/**
 * The bags holding packs of these batches, per request and batch, a page at a time. The request's
 * snapshot is read only for bags not yet handed over (the address they go to). Each row also
 * carries the counts of the whole list (window functions over every bag, before the page is cut),
 * so the batch's packs are read once a search: counted apart, they were read twice, and the count
 * was two fifths of a busy batch's recall.
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
        // The date of the dispatch the pack went in (a bag sent again went in more than one).
        suppliedAt: packSuppliedAt(db, d.id, d.requestId, s.suppliedAt).as('pack_supplied_at'),
        inPharmacy: inPharmacy(db, d.id, d.requestId).as('in_pharmacy'),
        patientName: s.patientName,
        patientAddress: s.patientAddress,
        requestPatient: ofRequest(requests.patientName),
        // A closed request's snapshot may be kept deflated: counter_snapshot gives its JSON.
        requestSnapshot: sql<string | null>`counter_snapshot(${ofRequest(requests.snapshot)})`,
        bags: sql<number>`COUNT(*) OVER ()`,
        notYetSupplied: sql<number>`SUM(${inPharmacy(db, d.id, d.requestId)}) OVER ()`
      })
      .from(d)
      .innerJoin(packs, eq(packs.amppId, d.amppId))
      .leftJoin(s, lastSupplyOf(db, d.requestId))
      .where(and(eq(d.state, 'assembled'), inArray(d.batchId, batchIds)))
      .groupBy(
        d.requestId,
        d.batchId,
        sql`${sql.identifier('in_pharmacy')}`,
        sql`${sql.identifier('pack_supplied_at')}`
      )
      // The bags still in the pharmacy first: they can be stopped. By the selected column's name, so
      // SQLite works it out once a bag (an expression would be evaluated again for the sort).
      .orderBy(desc(sql.identifier('in_pharmacy')), sql`${sql.identifier('pack_supplied_at')}`, d.requestId)
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare()
  )
}

/**
 * How many bags hold packs of these batches, and how many of them are still in the pharmacy: for a
 * page past the list's end, which has no row to carry them.
 */
function bagsStatement(db: CounterDb, batchIds: SQLWrapper) {
  const d = dispensedPacks
  const s = registerSupplies
  const bags = db
    .select({
      notYetSupplied: sql<number>`${inPharmacy(db, d.id, d.requestId)}`.as('not_yet_supplied'),
      suppliedAt: packSuppliedAt(db, d.id, d.requestId, s.suppliedAt).as('pack_supplied_at')
    })
    .from(d)
    .leftJoin(s, lastSupplyOf(db, d.requestId))
    .where(and(eq(d.state, 'assembled'), inArray(d.batchId, batchIds)))
    .groupBy(
      d.requestId,
      d.batchId,
      sql`${sql.identifier('not_yet_supplied')}`,
      sql`${sql.identifier('pack_supplied_at')}`
    )
    .as('bags')
  return db
    .select({ bags: count(), notYetSupplied: sql<number>`COALESCE(SUM(${bags.notYetSupplied}), 0)` })
    .from(bags)
    .prepare()
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
  private readonly bagsOfBatchNo
  private readonly bagsOfAnyBatch
  private readonly bagsOfExpiryRange
  private readonly recalls: BatchRecalls

  constructor(db: CounterDb) {
    this.recalls = new BatchRecalls(db)
    const amp = alias(products, 'amp')
    const vmp = alias(products, 'vmp')
    const code = sql.placeholder('code')
    // A code is a pack's (AMPP), a product's (AMP) or a medicine's (VMP): three lookups, each by its
    // own index. One query with OR across the two tables would read all 20,000 packs every time.
    const selectPack = () => db.select({ amppId: packs.amppId }).from(packs)
    this.packsByCode = union(
      selectPack().where(eq(packs.amppId, code)),
      selectPack().where(eq(packs.ampId, code)),
      selectPack().innerJoin(amp, eq(amp.dmdId, packs.ampId)).where(eq(amp.vmpId, code))
    ).prepare()
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
    const ofBatchNo = selectBatchIds(db).where(and(ofPacks, eq(batches.batchNo, sql.placeholder('batchNo'))))
    const ofAnyBatch = selectBatchIds(db).where(ofPacks)
    const ofExpiryRange = selectBatchIds(db).where(
      and(
        eq(batches.amppId, sql.placeholder('amppId')),
        between(batches.expiry, sql.placeholder('from'), sql.placeholder('to'))
      )
    )
    this.hitsOfBatchNo = hitsStatement(db, ofBatchNo)
    this.hitsOfAnyBatch = hitsStatement(db, ofAnyBatch)
    this.hitsOfExpiryRange = hitsStatement(db, ofExpiryRange)
    this.bagsOfBatchNo = bagsStatement(db, ofBatchNo)
    this.bagsOfAnyBatch = bagsStatement(db, ofAnyBatch)
    this.bagsOfExpiryRange = bagsStatement(db, ofExpiryRange)
  }

  /**
   * A page of the bags holding matching packs, those still in the pharmacy first, with the counts
   * of all of them; without a page, the whole list (for the export).
   */
  search(criteria: RecallCriteria, page: RecallPage = WHOLE_LIST): RecallView {
    const { offset, limit } = page
    if ('gtin' in criteria) {
      const gtin = criteria.gtin.padStart(14, '0')
      const pack = this.packByGtin.get({ gtin })
      const range = pack ? { amppId: pack.amppId, from: criteria.expiryFrom, to: criteria.expiryTo } : null
      const rows = range ? this.hitsOfExpiryRange.all({ ...range, offset, limit }) : []
      return {
        criteria: `GTIN ${gtin}, expiry ${formatDate(criteria.expiryFrom)} to ${formatDate(criteria.expiryTo)}`,
        packsMatched: pack ? 1 : 0,
        ...countsOf(rows, offset, () => (range ? this.bagsOfExpiryRange.get(range) : undefined)),
        offset,
        hits: rows.map(toHit),
        recalls: pack ? this.recalls.ofPacksList([pack.amppId]) : []
      }
    }
    const packs = this.packsFor(criteria.product)
    const amppIds = JSON.stringify(packs)
    const batchNo = criteria.batchNo
    const rows = batchNo
      ? this.hitsOfBatchNo.all({ amppIds, batchNo, offset, limit })
      : this.hitsOfAnyBatch.all({ amppIds, offset, limit })
    const counts = countsOf(rows, offset, () =>
      batchNo ? this.bagsOfBatchNo.get({ amppIds, batchNo }) : this.bagsOfAnyBatch.get({ amppIds })
    )
    const batch = batchNo ? `, batch ${batchNo}` : ', every batch'
    return {
      criteria: `Product "${criteria.product}"${batch}`,
      packsMatched: packs.length,
      ...counts,
      offset,
      hits: rows.map(toHit),
      recalls: this.recalls.ofPacksList(packs, batchNo)
    }
  }

  private packsFor(product: string): string[] {
    if (/^\d{6,20}$/.test(product)) return this.packsByCode.all({ code: product }).map((row) => row.amppId)
    const pattern = `%${product.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return [...new Set(this.packsByName.all({ pattern }).map((row) => row.amppId))]
  }
}

/**
 * The list's counts: carried by every row of a page; a page from the start with no row is an empty
 * list; a page past the end is counted on its own.
 */
function countsOf(
  rows: HitRow[],
  offset: number,
  countApart: () => { bags: number; notYetSupplied: number } | undefined
): { bags: number; notYetSupplied: number } {
  const counts = rows[0] ?? (offset > 0 ? countApart() : undefined)
  return { bags: counts?.bags ?? 0, notYetSupplied: counts?.notYetSupplied ?? 0 }
}

function toHit(row: HitRow): RecallHit {
  const supplied = !row.inPharmacy
  return {
    status: supplied ? 'supplied' : 'not_yet_supplied',
    requestId: row.requestId,
    patientName: row.patientName ?? row.requestPatient ?? '',
    patientAddress: row.patientAddress ?? addressOfSnapshot(row.requestSnapshot ?? '{}'),
    suppliedAt: supplied ? row.suppliedAt : null,
    productName: row.name,
    amppId: row.amppId,
    gtin: row.gtin,
    batchNo: row.batchNo,
    expiry: row.expiry,
    quantity: fromMilli(row.quantityMilli),
    unit: row.unit,
    warning: supplied ? null : row.suppliedAt === null ? STOP_IT : RETURNED_STOP_IT
  }
}

/** Not yet supplied: the address the bag is going to, from the request as it stands. */
function addressOfSnapshot(raw: string): string {
  const address = addressSchema.safeParse((JSON.parse(raw) as { delivery?: { address?: unknown } }).delivery?.address)
  return address.success ? postalAddress(address.data) : '(the request has no readable delivery address)'
}
