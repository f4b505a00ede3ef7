/**
 * The controlled drugs register for Schedule 2 (Misuse of Drugs Regulations 2001, regs 19–20):
 * one section per drug, form and strength (the VMP), each entry numbered with the running balance
 * after it. Receipts come from goods-in, supplies from the handover, corrections from a pharmacist
 * as dated entries; nothing is ever changed (the database refuses it).
 *
 * The balance check: the register's balance must equal what the pharmacy physically holds of the
 * VMP, which the stock ledger knows as its on-hand plus what has left the shelf but not the
 * pharmacy: packs dispensed into bags not yet handed over (or back whole from the carrier), and
 * quarantined packs.
 */
import { and, between, desc, eq, gt, inArray, notExists, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { CdBalanceCheck, CdEntryView, CdSectionSummary } from '../../shared/contract'
import { fromMilli, toMilli } from '../../shared/stock/units'
import {
  type CounterDb,
  placeholders,
  sumOf,
  dispensedPacks,
  cdRegisterEntries,
  cdRegisterSections,
  registerSupplies,
  batches,
  packs,
  products,
  quarantineDisposals,
  stockMovements
} from '../db'
import { registerTextForPeople } from '../../shared/registers/words'
import { CounterError } from '../errors'
import { packBackInPharmacy } from './returned-bag'

export const CD_REGISTER_SCHEDULE = 2

type CdSection = typeof cdRegisterSections.$inferSelect
type CdEntry = typeof cdRegisterEntries.$inferSelect

/** A Schedule 2 product as its register section names it, with its CD schedule. */
export type CdProduct = Pick<CdSection, 'vmpId' | 'drug' | 'form' | 'strength' | 'unit'> & { schedule: number | null }

export interface Recorder {
  id: string
  name: string
}

/** An entry as a caller gives it: the section, its number and the balance are the register's to work out. */
export type NewCdEntry = Omit<
  typeof cdRegisterEntries.$inferInsert,
  'id' | 'sectionId' | 'seq' | 'balanceMilli' | 'recordedById' | 'recordedByName'
> & { recordedBy: Recorder }

/** The pack's AMP and VMP: an AMP's blank schedule, form or strength is its VMP's. */
const amp = alias(products, 'amp')
const vmp = alias(products, 'vmp')

export class CdRegister {
  private readonly productOfPack
  private readonly vmp
  private readonly stockedScheduleTwo
  private readonly sectionByVmp
  private readonly sectionById
  private readonly allSections
  private readonly insertSection
  private readonly lastEntry
  private readonly entryById
  private readonly entriesOf
  private readonly ledgerOnHand
  private readonly quarantinedOf
  private readonly disposedFromQuarantineOf
  private readonly assembledNotSuppliedOf
  private readonly supplyEntriesOf

  constructor(private readonly db: CounterDb) {
    const schedule = sql<number | null>`COALESCE(${amp.cdSchedule}, ${vmp.cdSchedule})`
    this.productOfPack = db
      .select({ vmpId: vmp.dmdId, drug: vmp.name, form: vmp.form, strength: vmp.strength, unit: packs.unit, schedule })
      .from(packs)
      .innerJoin(amp, eq(amp.dmdId, packs.ampId))
      .innerJoin(vmp, eq(vmp.dmdId, amp.vmpId))
      .where(eq(packs.amppId, sql.placeholder('amppId')))
      .prepare()
    const unitOfVmp = db
      .select({ unit: packs.unit })
      .from(packs)
      .innerJoin(amp, eq(amp.dmdId, packs.ampId))
      .where(eq(amp.vmpId, products.dmdId))
      .limit(1)
    this.vmp = db
      .select({
        vmpId: products.dmdId,
        drug: products.name,
        form: products.form,
        strength: products.strength,
        schedule: products.cdSchedule,
        unit: sql<string | null>`(${unitOfVmp})`
      })
      .from(products)
      .where(and(eq(products.dmdId, sql.placeholder('vmpId')), eq(products.level, 'VMP')))
      .prepare()
    this.stockedScheduleTwo = db
      .select({ vmpId: vmp.dmdId })
      .from(stockMovements)
      .innerJoin(batches, eq(batches.id, stockMovements.batchId))
      .innerJoin(packs, eq(packs.amppId, batches.amppId))
      .innerJoin(amp, eq(amp.dmdId, packs.ampId))
      .innerJoin(vmp, eq(vmp.dmdId, amp.vmpId))
      .where(eq(schedule, CD_REGISTER_SCHEDULE))
      .groupBy(vmp.dmdId)
      .having(gt(sumOf(stockMovements.onHandDeltaMilli), 0))
      .orderBy(vmp.dmdId)
      .prepare()
    const s = cdRegisterSections
    this.sectionByVmp = db
      .select()
      .from(s)
      .where(eq(s.vmpId, sql.placeholder('vmpId')))
      .prepare()
    this.sectionById = db
      .select()
      .from(s)
      .where(eq(s.id, sql.placeholder('id')))
      .prepare()
    this.allSections = db.select().from(s).orderBy(s.drug, s.id).prepare()
    this.insertSection = db
      .insert(s)
      .values(placeholders(['vmpId', 'drug', 'form', 'strength', 'unit', 'openedAt']))
      .prepare()
    const e = cdRegisterEntries
    this.lastEntry = db
      .select({ seq: e.seq, balanceMilli: e.balanceMilli })
      .from(e)
      .where(eq(e.sectionId, sql.placeholder('sectionId')))
      .orderBy(desc(e.seq))
      .limit(1)
      .prepare()
    this.entryById = db
      .select()
      .from(e)
      .where(eq(e.id, sql.placeholder('id')))
      .prepare()
    this.entriesOf = db
      .select()
      .from(e)
      .where(
        and(
          eq(e.sectionId, sql.placeholder('sectionId')),
          between(e.entryDate, sql.placeholder('from'), sql.placeholder('to'))
        )
      )
      .orderBy(e.seq)
      .prepare()
    const packsOfVmp = db
      .select({ amppId: packs.amppId })
      .from(packs)
      .innerJoin(amp, eq(amp.dmdId, packs.ampId))
      .where(eq(amp.vmpId, sql.placeholder('vmpId')))
    const m = stockMovements
    this.ledgerOnHand = db
      .select({ milli: sumOf(m.onHandDeltaMilli) })
      .from(m)
      .innerJoin(batches, eq(batches.id, m.batchId))
      .where(inArray(batches.amppId, packsOfVmp))
      .prepare()
    this.quarantinedOf = db
      .select({ milli: sql<number | null>`-${sumOf(m.onHandDeltaMilli)}` })
      .from(m)
      .innerJoin(batches, eq(batches.id, m.batchId))
      .where(and(eq(m.kind, 'quarantine'), inArray(batches.amppId, packsOfVmp)))
      .prepare()
    this.disposedFromQuarantineOf = db
      .select({ milli: sumOf(quarantineDisposals.quantityMilli) })
      .from(quarantineDisposals)
      .innerJoin(batches, eq(batches.id, quarantineDisposals.batchId))
      .where(inArray(batches.amppId, packsOfVmp))
      .prepare()
    this.supplyEntriesOf = db
      .select()
      .from(e)
      .where(
        and(
          eq(e.kind, 'supply'),
          eq(e.requestId, sql.placeholder('requestId')),
          eq(e.supplyNo, sql.placeholder('supplyNo'))
        )
      )
      .orderBy(e.id)
      .prepare()
    // In a bag in the pharmacy: the request has no supply recorded yet, or the pack came back (its
    // parcel, or the whole bag) and was not handed over since.
    const d = dispensedPacks
    this.assembledNotSuppliedOf = db
      .select({ milli: sumOf(d.quantityMilli) })
      .from(d)
      .where(
        and(
          eq(d.state, 'assembled'),
          inArray(d.amppId, packsOfVmp),
          or(
            notExists(
              db
                .select({ one: sql`1` })
                .from(registerSupplies)
                .where(eq(registerSupplies.requestId, d.requestId))
            ),
            packBackInPharmacy(db, d.id, d.requestId)
          )
        )
      )
      .prepare()
  }

  /** The CD supply entries of one supply of a request (`register_supplies.supply_no`). */
  supplyEntries(requestId: string, supplyNo: number): CdEntry[] {
    return this.supplyEntriesOf.all({ requestId, supplyNo })
  }

  /** The VMP of a pack and its CD schedule, or null when the pack is not in the catalogue's tree. */
  productOf(amppId: string): CdProduct | null {
    return this.productOfPack.get({ amppId }) ?? null
  }

  /** The section a pack's entries are in, or null when its drug has none. */
  sectionOfPack(amppId: string): number | null {
    const product = this.productOf(amppId)
    return product ? (this.sectionByVmp.get({ vmpId: product.vmpId })?.id ?? null) : null
  }

  hasSection(vmpId: string): boolean {
    return this.sectionByVmp.get({ vmpId }) !== undefined
  }

  /**
   * Whether the register follows the product's stock: Schedule 2 in the catalogue, or a section
   * already opened because Phensys named it Schedule 2 (its first supply did), whose balance the
   * check holds against the stock as for any other.
   */
  keeps(product: CdProduct): boolean {
    return product.schedule === CD_REGISTER_SCHEDULE || this.hasSection(product.vmpId)
  }

  /** The section of a Schedule 2 product, opened at its first entry. */
  sectionFor(product: CdProduct, at: string): number {
    const existing = this.sectionByVmp.get({ vmpId: product.vmpId })
    if (existing) return existing.id
    const { vmpId, drug, form, strength, unit } = product
    return Number(this.insertSection.run({ vmpId, drug, form, strength, unit, openedAt: at }).lastInsertRowid)
  }

  append(sectionId: number, entry: NewCdEntry): number {
    const last = this.lastEntry.get({ sectionId })
    const balanceMilli = (last?.balanceMilli ?? 0) + entry.changeMilli
    if (balanceMilli < 0) {
      // A register that says less than nothing is wrong somewhere: stop and let a pharmacist put it right.
      const section = this.sectionById.get({ id: sectionId })
      throw new CounterError(
        'precondition_failed',
        `The CD register for ${section?.drug ?? `section ${sectionId}`} would go below zero (balance ${fromMilli(last?.balanceMilli ?? 0)}, this entry ${fromMilli(entry.changeMilli)}). ` +
          'A pharmacist opens the section with the balance brought forward, or records a dated correcting entry, first.',
        {
          details: {
            reason: 'cd_balance_negative',
            scanned: String(fromMilli(entry.changeMilli)),
            expected: `at most ${fromMilli(last?.balanceMilli ?? 0)}`
          }
        }
      )
    }
    // Not prepared: id_asked and id_seen are nullable flags, which drizzle binds correctly only as values.
    const { recordedBy, ...given } = entry
    const result = this.db
      .insert(cdRegisterEntries)
      .values({
        ...given,
        sectionId,
        seq: (last?.seq ?? 0) + 1,
        balanceMilli,
        recordedById: recordedBy.id,
        recordedByName: recordedBy.name
      })
      .run()
    return Number(result.lastInsertRowid)
  }

  /**
   * Opens the section of a Schedule 2 drug with the balance brought forward (from the paper
   * register, or the stock a training store starts with), as a dated entry with a note.
   */
  openSection(
    vmpId: string,
    opening: { balanceMilli: number; note: string; at: string; entryDate: string; recordedBy: Recorder }
  ): CdEntryView {
    const vmp = this.vmp.get({ vmpId })
    if (!vmp || vmp.unit === null)
      throw new CounterError('not_found', `${vmpId} is not a VMP with packs in the catalogue.`)
    if (vmp.schedule !== CD_REGISTER_SCHEDULE) {
      throw new CounterError(
        'precondition_failed',
        `${vmp.drug} is ${vmp.schedule ? `Schedule ${vmp.schedule}` : 'not a controlled drug'}; the CD register keeps Schedule 2 only.`
      )
    }
    const existing = this.sectionByVmp.get({ vmpId })
    if (existing)
      throw new CounterError(
        'conflict',
        `${vmp.drug} already has its section (${existing.id}): put the balance right with a correcting entry there.`
      )
    const sectionId = this.sectionFor(
      { vmpId, drug: vmp.drug, form: vmp.form, strength: vmp.strength, unit: vmp.unit, schedule: vmp.schedule },
      opening.at
    )
    return this.entry(this.append(sectionId, { kind: 'correction', changeMilli: opening.balanceMilli, ...opening }))
  }

  /** Schedule 2 drugs the ledger holds stock of that have no section yet. */
  stockedWithoutSection(): string[] {
    return this.stockedScheduleTwo
      .all()
      .map((row) => row.vmpId)
      .filter((vmpId) => !this.sectionByVmp.get({ vmpId }))
  }

  /** What the ledger says is in the pharmacy (see the balance check), for an opening balance. */
  physicalMilli(vmpId: string): number {
    return toMilli(this.check(vmpId, 0).expected)
  }

  /** A pharmacist's dated correcting entry; the entry it names must be in the same section. */
  correct(
    sectionId: number,
    correction: {
      correctsEntryId: number | null
      note: string
      changeMilli: number
      at: string
      entryDate: string
      recordedBy: Recorder
    }
  ): CdEntryView {
    this.section(sectionId)
    if (correction.correctsEntryId !== null) {
      const target = this.entryById.get({ id: correction.correctsEntryId })
      if (!target || target.sectionId !== sectionId) {
        throw new CounterError(
          'not_found',
          `Entry ${correction.correctsEntryId} is not in this section of the CD register (section ${sectionId}).`
        )
      }
    }
    const id = this.append(sectionId, { kind: 'correction', ...correction })
    return this.entry(id)
  }

  entry(id: number): CdEntryView {
    const row = this.entryById.get({ id })
    if (!row) throw new CounterError('not_found', `There is no CD register entry ${id}.`)
    return toEntryView(row)
  }

  section(id: number): CdSectionSummary {
    const row = this.sectionById.get({ id })
    if (!row) throw new CounterError('not_found', `There is no CD register section ${id}.`)
    return this.summary(row)
  }

  sections(): CdSectionSummary[] {
    return this.allSections.all().map((row) => this.summary(row))
  }

  entries(sectionId: number, from = '0000-01-01', to = '9999-12-31'): CdEntryView[] {
    return this.entriesOf.all({ sectionId, from, to }).map(toEntryView)
  }

  check(vmpId: string, registerBalanceMilli: number): CdBalanceCheck {
    const onHand = this.ledgerOnHand.get({ vmpId })?.milli ?? 0
    // Destroyed or returned from quarantine: no longer on the premises.
    const quarantined =
      (this.quarantinedOf.get({ vmpId })?.milli ?? 0) - (this.disposedFromQuarantineOf.get({ vmpId })?.milli ?? 0)
    const assembled = this.assembledNotSuppliedOf.get({ vmpId })?.milli ?? 0
    const expected = onHand + quarantined + assembled
    return {
      registerBalance: fromMilli(registerBalanceMilli),
      ledgerOnHand: fromMilli(onHand),
      assembledNotSupplied: fromMilli(assembled),
      quarantined: fromMilli(quarantined),
      expected: fromMilli(expected),
      difference: fromMilli(registerBalanceMilli - expected)
    }
  }

  private summary(row: CdSection): CdSectionSummary {
    const balanceMilli = this.lastEntry.get({ sectionId: row.id })?.balanceMilli ?? 0
    return {
      id: row.id,
      vmpId: row.vmpId,
      drug: row.drug,
      form: row.form,
      strength: row.strength,
      unit: row.unit,
      balance: fromMilli(balanceMilli),
      check: this.check(row.vmpId, balanceMilli)
    }
  }
}

function toEntryView(row: CdEntry): CdEntryView {
  return {
    id: row.id,
    sectionId: row.sectionId,
    seq: row.seq,
    kind: row.kind,
    at: row.at,
    entryDate: row.entryDate,
    change: fromMilli(row.changeMilli),
    balance: fromMilli(row.balanceMilli),
    supplierName: row.supplierName,
    supplierAddress: row.supplierAddress,
    productDetail: row.productDetail === null ? null : registerTextForPeople(row.productDetail),
    requestId: row.requestId,
    supplyNo: row.supplyNo,
    patientName: row.patientName,
    patientAddress: row.patientAddress,
    prescriberName: row.prescriberName,
    prescriberAddress: row.prescriberAddress,
    prescriberRegistration: row.prescriberRegistration,
    prescriberCdNumber: row.prescriberCdNumber,
    handoverMethod: row.handoverMethod,
    collectedBy: row.collectedBy,
    idAsked: row.idAsked,
    idSeen: row.idSeen,
    correctsEntryId: row.correctsEntryId,
    note: row.note === null ? null : registerTextForPeople(row.note),
    recordedBy: row.recordedByName
  }
}
