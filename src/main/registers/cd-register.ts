/**
 * The controlled drugs register for Schedule 2 (Misuse of Drugs Regulations 2001, regs 19–20):
 * one section per drug, form and strength (the VMP), each entry numbered with the running balance
 * after it. Receipts come from goods-in, supplies from the handover, corrections from a pharmacist
 * as dated entries; nothing is ever changed (the database refuses it).
 *
 * The balance check: the register's balance must equal what the pharmacy physically holds of the
 * VMP, which the stock ledger knows as its on-hand plus what has left the shelf but not the
 * pharmacy: packs dispensed into bags not yet handed over, and quarantined packs.
 */
import type Database from 'better-sqlite3'
import type { CdBalanceCheck, CdEntryView, CdSectionSummary } from '../../shared/contract'
import { fromMilli, toMilli } from '../../shared/stock/units'
import { CounterError } from '../errors'

export const CD_REGISTER_SCHEDULE = 2

export interface CdProduct {
  vmpId: string
  drug: string
  form: string
  strength: string | null
  unit: string
  schedule: number | null
}

interface SectionRow {
  id: number
  vmp_id: string
  drug: string
  form: string
  strength: string | null
  unit: string
}

interface EntryRow {
  id: number
  section_id: number
  seq: number
  kind: 'receipt' | 'supply' | 'correction'
  at: string
  entry_date: string
  change_milli: number
  balance_milli: number
  supplier_name: string | null
  supplier_address: string | null
  product_detail: string | null
  request_id: string | null
  patient_name: string | null
  patient_address: string | null
  prescriber_name: string | null
  prescriber_address: string | null
  prescriber_registration: string | null
  handover_method: 'carrier' | 'collect' | null
  collected_by: string | null
  id_asked: number | null
  id_seen: number | null
  corrects_entry_id: number | null
  note: string | null
  recorded_by_name: string
}

export interface Recorder {
  id: string
  name: string
}

export type NewCdEntry = {
  kind: 'receipt' | 'supply' | 'correction'
  at: string
  entryDate: string
  changeMilli: number
  supplierName?: string | null
  supplierAddress?: string | null
  productDetail?: string | null
  receiptLineId?: number | null
  requestId?: string | null
  lineId?: string | null
  patientName?: string | null
  patientAddress?: string | null
  prescriberName?: string | null
  prescriberAddress?: string | null
  prescriberRegistration?: string | null
  handoverMethod?: 'carrier' | 'collect' | null
  collectedBy?: string | null
  idAsked?: boolean | null
  idSeen?: boolean | null
  correctsEntryId?: number | null
  note?: string | null
  recordedBy: Recorder
}

export class CdRegister {
  private readonly productOfPack: Database.Statement<
    [string],
    { vmp_id: string; drug: string; form: string; strength: string | null; unit: string; schedule: number | null }
  >
  private readonly vmp: Database.Statement<
    [string],
    {
      vmp_id: string
      drug: string
      form: string
      strength: string | null
      unit: string | null
      schedule: number | null
    }
  >
  private readonly stockedScheduleTwo: Database.Statement<[], { vmp_id: string }>
  private readonly sectionByVmp: Database.Statement<[string], SectionRow>
  private readonly sectionById: Database.Statement<[number], SectionRow>
  private readonly allSections: Database.Statement<[], SectionRow>
  private readonly insertSection: Database.Statement
  private readonly lastEntry: Database.Statement<[number], { seq: number; balance_milli: number }>
  private readonly insertEntry: Database.Statement
  private readonly entryById: Database.Statement<[number], EntryRow>
  private readonly entriesOf: Database.Statement<[number, string, string], EntryRow>
  private readonly ledgerOnHand: Database.Statement<[string], { milli: number | null }>
  private readonly quarantinedOf: Database.Statement<[string], { milli: number | null }>
  private readonly assembledNotSuppliedOf: Database.Statement<[string], { milli: number | null }>

  constructor(sqlite: Database.Database) {
    // An AMP's blank schedule, form or strength is its VMP's.
    this.productOfPack = sqlite.prepare(
      `SELECT vmp.dmd_id AS vmp_id, vmp.name AS drug, vmp.form, vmp.strength, p.unit, COALESCE(amp.cd_schedule, vmp.cd_schedule) AS schedule
       FROM packs p JOIN products amp ON amp.dmd_id = p.amp_id JOIN products vmp ON vmp.dmd_id = amp.vmp_id WHERE p.ampp_id = ?`
    )
    this.vmp = sqlite.prepare(
      `SELECT v.dmd_id AS vmp_id, v.name AS drug, v.form, v.strength, v.cd_schedule AS schedule,
         (SELECT p.unit FROM packs p JOIN products amp ON amp.dmd_id = p.amp_id WHERE amp.vmp_id = v.dmd_id LIMIT 1) AS unit
       FROM products v WHERE v.dmd_id = ? AND v.level = 'VMP'`
    )
    this.stockedScheduleTwo = sqlite.prepare(
      `SELECT amp.vmp_id FROM stock_movements m JOIN batches b ON b.id = m.batch_id JOIN packs p ON p.ampp_id = b.ampp_id
       JOIN products amp ON amp.dmd_id = p.amp_id JOIN products v ON v.dmd_id = amp.vmp_id
       WHERE COALESCE(amp.cd_schedule, v.cd_schedule) = ${CD_REGISTER_SCHEDULE}
       GROUP BY amp.vmp_id HAVING SUM(m.on_hand_delta_milli) > 0 ORDER BY amp.vmp_id`
    )
    this.sectionByVmp = sqlite.prepare('SELECT * FROM cd_register_sections WHERE vmp_id = ?')
    this.sectionById = sqlite.prepare('SELECT * FROM cd_register_sections WHERE id = ?')
    this.allSections = sqlite.prepare('SELECT * FROM cd_register_sections ORDER BY drug, id')
    this.insertSection = sqlite.prepare(
      'INSERT INTO cd_register_sections (vmp_id, drug, form, strength, unit, opened_at) VALUES (?, ?, ?, ?, ?, ?)'
    )
    this.lastEntry = sqlite.prepare(
      'SELECT seq, balance_milli FROM cd_register_entries WHERE section_id = ? ORDER BY seq DESC LIMIT 1'
    )
    this.insertEntry = sqlite.prepare(
      `INSERT INTO cd_register_entries (section_id, seq, kind, at, entry_date, change_milli, balance_milli, supplier_name, supplier_address,
         product_detail, receipt_line_id, request_id, line_id, patient_name, patient_address, prescriber_name, prescriber_address,
         prescriber_registration, handover_method, collected_by, id_asked, id_seen, corrects_entry_id, note, recorded_by_id, recorded_by_name)
       VALUES (@sectionId, @seq, @kind, @at, @entryDate, @changeMilli, @balanceMilli, @supplierName, @supplierAddress,
         @productDetail, @receiptLineId, @requestId, @lineId, @patientName, @patientAddress, @prescriberName, @prescriberAddress,
         @prescriberRegistration, @handoverMethod, @collectedBy, @idAsked, @idSeen, @correctsEntryId, @note, @recordedById, @recordedByName)`
    )
    this.entryById = sqlite.prepare('SELECT * FROM cd_register_entries WHERE id = ?')
    this.entriesOf = sqlite.prepare(
      'SELECT * FROM cd_register_entries WHERE section_id = ? AND entry_date BETWEEN ? AND ? ORDER BY seq'
    )
    const packsOfVmp = `SELECT p.ampp_id FROM packs p JOIN products amp ON amp.dmd_id = p.amp_id WHERE amp.vmp_id = ?`
    this.ledgerOnHand = sqlite.prepare(
      `SELECT SUM(m.on_hand_delta_milli) AS milli FROM stock_movements m JOIN batches b ON b.id = m.batch_id WHERE b.ampp_id IN (${packsOfVmp})`
    )
    this.quarantinedOf = sqlite.prepare(
      `SELECT -SUM(m.on_hand_delta_milli) AS milli FROM stock_movements m JOIN batches b ON b.id = m.batch_id
       WHERE m.kind = 'quarantine' AND b.ampp_id IN (${packsOfVmp})`
    )
    // In a bag, not handed over: the request has no supply recorded yet.
    this.assembledNotSuppliedOf = sqlite.prepare(
      `SELECT SUM(d.quantity_milli) AS milli FROM dispensed_packs d
       WHERE d.state = 'assembled' AND d.ampp_id IN (${packsOfVmp})
         AND NOT EXISTS (SELECT 1 FROM register_supplies s WHERE s.request_id = d.request_id)`
    )
  }

  /** The VMP of a pack and its CD schedule, or null when the pack is not in the catalogue's tree. */
  productOf(amppId: string): CdProduct | null {
    const row = this.productOfPack.get(amppId)
    return row
      ? {
          vmpId: row.vmp_id,
          drug: row.drug,
          form: row.form,
          strength: row.strength,
          unit: row.unit,
          schedule: row.schedule
        }
      : null
  }

  /** The section of a Schedule 2 product, opened at its first entry. */
  sectionFor(product: CdProduct, at: string): number {
    const existing = this.sectionByVmp.get(product.vmpId)
    if (existing) return existing.id
    return Number(
      this.insertSection.run(product.vmpId, product.drug, product.form, product.strength, product.unit, at)
        .lastInsertRowid
    )
  }

  append(sectionId: number, entry: NewCdEntry): number {
    const last = this.lastEntry.get(sectionId)
    const balanceMilli = (last?.balance_milli ?? 0) + entry.changeMilli
    if (balanceMilli < 0) {
      // A register that says less than nothing is wrong somewhere: stop and let a pharmacist put it right.
      const section = this.sectionById.get(sectionId)
      throw new CounterError(
        'precondition_failed',
        `The CD register for ${section?.drug ?? `section ${sectionId}`} would go below zero (balance ${fromMilli(last?.balance_milli ?? 0)}, this entry ${fromMilli(entry.changeMilli)}). ` +
          'A pharmacist opens the section with the balance brought forward, or records a dated correcting entry, first.',
        {
          details: {
            reason: 'cd_balance_negative',
            scanned: String(fromMilli(entry.changeMilli)),
            expected: `at most ${fromMilli(last?.balance_milli ?? 0)}`
          }
        }
      )
    }
    const result = this.insertEntry.run({
      sectionId,
      seq: (last?.seq ?? 0) + 1,
      kind: entry.kind,
      at: entry.at,
      entryDate: entry.entryDate,
      changeMilli: entry.changeMilli,
      balanceMilli,
      supplierName: entry.supplierName ?? null,
      supplierAddress: entry.supplierAddress ?? null,
      productDetail: entry.productDetail ?? null,
      receiptLineId: entry.receiptLineId ?? null,
      requestId: entry.requestId ?? null,
      lineId: entry.lineId ?? null,
      patientName: entry.patientName ?? null,
      patientAddress: entry.patientAddress ?? null,
      prescriberName: entry.prescriberName ?? null,
      prescriberAddress: entry.prescriberAddress ?? null,
      prescriberRegistration: entry.prescriberRegistration ?? null,
      handoverMethod: entry.handoverMethod ?? null,
      collectedBy: entry.collectedBy ?? null,
      idAsked: bool(entry.idAsked),
      idSeen: bool(entry.idSeen),
      correctsEntryId: entry.correctsEntryId ?? null,
      note: entry.note ?? null,
      recordedById: entry.recordedBy.id,
      recordedByName: entry.recordedBy.name
    })
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
    const vmp = this.vmp.get(vmpId)
    if (!vmp || vmp.unit === null)
      throw new CounterError('not_found', `${vmpId} is not a VMP with packs in the catalogue.`)
    if (vmp.schedule !== CD_REGISTER_SCHEDULE) {
      throw new CounterError(
        'precondition_failed',
        `${vmp.drug} is ${vmp.schedule ? `Schedule ${vmp.schedule}` : 'not a controlled drug'}; the CD register keeps Schedule 2 only.`
      )
    }
    const existing = this.sectionByVmp.get(vmpId)
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
      .map((row) => row.vmp_id)
      .filter((vmpId) => !this.sectionByVmp.get(vmpId))
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
      const target = this.entryById.get(correction.correctsEntryId)
      if (!target || target.section_id !== sectionId) {
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
    const row = this.entryById.get(id)
    if (!row) throw new CounterError('not_found', `There is no CD register entry ${id}.`)
    return toEntryView(row)
  }

  section(id: number): CdSectionSummary {
    const row = this.sectionById.get(id)
    if (!row) throw new CounterError('not_found', `There is no CD register section ${id}.`)
    return this.summary(row)
  }

  sections(): CdSectionSummary[] {
    return this.allSections.all().map((row) => this.summary(row))
  }

  entries(sectionId: number, from = '0000-01-01', to = '9999-12-31'): CdEntryView[] {
    return this.entriesOf.all(sectionId, from, to).map(toEntryView)
  }

  check(vmpId: string, registerBalanceMilli: number): CdBalanceCheck {
    const onHand = this.ledgerOnHand.get(vmpId)?.milli ?? 0
    const quarantined = this.quarantinedOf.get(vmpId)?.milli ?? 0
    const assembled = this.assembledNotSuppliedOf.get(vmpId)?.milli ?? 0
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

  private summary(row: SectionRow): CdSectionSummary {
    const balanceMilli = this.lastEntry.get(row.id)?.balance_milli ?? 0
    return {
      id: row.id,
      vmpId: row.vmp_id,
      drug: row.drug,
      form: row.form,
      strength: row.strength,
      unit: row.unit,
      balance: fromMilli(balanceMilli),
      check: this.check(row.vmp_id, balanceMilli)
    }
  }
}

function bool(value: boolean | null | undefined): number | null {
  return value === null || value === undefined ? null : value ? 1 : 0
}

function toEntryView(row: EntryRow): CdEntryView {
  return {
    id: row.id,
    sectionId: row.section_id,
    seq: row.seq,
    kind: row.kind,
    at: row.at,
    entryDate: row.entry_date,
    change: fromMilli(row.change_milli),
    balance: fromMilli(row.balance_milli),
    supplierName: row.supplier_name,
    supplierAddress: row.supplier_address,
    productDetail: row.product_detail,
    requestId: row.request_id,
    patientName: row.patient_name,
    patientAddress: row.patient_address,
    prescriberName: row.prescriber_name,
    prescriberAddress: row.prescriber_address,
    prescriberRegistration: row.prescriber_registration,
    handoverMethod: row.handover_method,
    collectedBy: row.collected_by,
    idAsked: row.id_asked === null ? null : row.id_asked === 1,
    idSeen: row.id_seen === null ? null : row.id_seen === 1,
    correctsEntryId: row.corrects_entry_id,
    note: row.note,
    recordedBy: row.recorded_by_name
  }
}
