/**
 * The private prescription (POM) register (HMR 2012 reg 253, Schedule 23). Entries are written by
 * SupplyRecords at the supply; here they are read and corrected. A correction is a new entry that
 * restates the old one with the corrected fields, names it, and says who, when and why.
 */
import { and, between, eq, getTableColumns, sql, type SQLWrapper } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { PomEntryView } from '../../shared/contract'
import type { z } from 'zod'
import type { pomCorrectionFieldsSchema } from '../../shared/contract/register-calls'
import { type CounterDb, pomRegisterEntries } from '../db'
import { registerTextForPeople } from '../../shared/registers/words'
import { CounterError } from '../errors'

export type PomCorrection = z.output<typeof pomCorrectionFieldsSchema>

type PomRow = typeof pomRegisterEntries.$inferSelect & { correctedBy: number | null }

export class PomRegister {
  private readonly byId
  private readonly inRange

  constructor(private readonly db: CounterDb) {
    const e = pomRegisterEntries
    const c = alias(pomRegisterEntries, 'c')
    const correctedBy = sql<number | null>`(${db
      .select({ id: sql`MAX(${c.id})` })
      .from(c)
      .where(eq(c.correctsEntryId, e.id))})`
    const entries = () => db.select({ ...getTableColumns(e), correctedBy }).from(e)
    this.byId = entries()
      .where(eq(e.id, sql.placeholder('id')))
      .prepare()
    // Search: the patient, the medicine, the prescriber or the request reference.
    const pattern = sql.placeholder('pattern')
    const like = (column: SQLWrapper) => sql`${column} LIKE ${pattern} ESCAPE '\\'`
    this.inRange = entries()
      .where(
        and(
          between(e.supplyDate, sql.placeholder('from'), sql.placeholder('to')),
          sql`(${pattern} IS NULL OR ${like(e.patientName)} OR ${like(e.medicineName)} OR ${like(e.prescriberName)} OR ${like(e.requestId)})`
        )
      )
      .orderBy(e.supplyDate, e.id)
      .prepare()
  }

  list(from: string, to: string, search?: string): PomEntryView[] {
    const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
    return this.inRange.all({ from, to, pattern }).map(toView)
  }

  entry(id: number): PomEntryView {
    const row = this.byId.get({ id })
    if (!row) throw new CounterError('not_found', `There is no POM register entry ${id}.`)
    return toView(row)
  }

  /** A note on an entry as it now stands: on its latest correction where a pharmacist has corrected it. */
  correctLatest(entryId: number, note: string, by: { id: string; name: string }, now: Date): PomEntryView {
    let latest = entryId
    for (let row = this.byId.get({ id: latest }); row?.correctedBy != null; row = this.byId.get({ id: latest }))
      latest = row.correctedBy
    return this.correct(latest, note, {}, by, now)
  }

  /** Corrects the latest version of an entry: correcting an entry already corrected is refused, naming the newer one. */
  correct(
    entryId: number,
    note: string,
    corrected: PomCorrection,
    by: { id: string; name: string },
    now: Date
  ): PomEntryView {
    const old = this.byId.get({ id: entryId })
    if (!old) throw new CounterError('not_found', `There is no POM register entry ${entryId}.`)
    if (old.correctedBy !== null) {
      throw new CounterError(
        'conflict',
        `Entry ${entryId} was already corrected by entry ${old.correctedBy}: correct that one instead.`
      )
    }
    const emergency = corrected.emergencySupply ?? old.emergencySupply
    const prescriptionDate =
      corrected.prescriptionDate === undefined ? old.prescriptionDate : corrected.prescriptionDate
    const { id: _id, correctedBy: _correctedBy, ...restated } = old
    const id = Number(
      this.db
        .insert(pomRegisterEntries)
        .values({
          ...restated,
          kind: 'correction',
          correctsEntryId: entryId,
          medicineName: corrected.medicineName ?? old.medicineName,
          strength: pick(corrected.strength, old.strength),
          form: pick(corrected.form, old.form),
          quantity: corrected.quantity ?? old.quantity,
          unit: corrected.unit ?? old.unit,
          prescriberName: corrected.prescriberName ?? old.prescriberName,
          prescriberAddress: pick(corrected.prescriberAddress, old.prescriberAddress),
          patientName: corrected.patientName ?? old.patientName,
          patientAddress: corrected.patientAddress ?? old.patientAddress,
          // A pharmacist restating the address has the patient's own address in hand.
          patientAddressIsDelivery: corrected.patientAddress === undefined ? old.patientAddressIsDelivery : false,
          prescriptionDate,
          prescriptionDateNote:
            prescriptionDate === null ? (old.prescriptionDateNote ?? 'Date on the prescription not known') : null,
          emergencySupply: emergency,
          emergencyPrescriptionReceived: emergency
            ? pick(corrected.emergencyPrescriptionReceived, old.emergencyPrescriptionReceived)
            : null,
          emergencyNature: emergency ? pick(corrected.emergencyNature, old.emergencyNature) : null,
          recordedAt: now.toISOString(),
          recordedById: by.id,
          recordedByName: by.name,
          note
        })
        .run().lastInsertRowid
    )
    return this.entry(id)
  }
}

function pick<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value
}

function toView(row: PomRow): PomEntryView {
  return {
    id: row.id,
    kind: row.kind,
    correctsEntryId: row.correctsEntryId,
    correctedByEntryId: row.correctedBy,
    requestId: row.requestId,
    lineId: row.lineId,
    supplyNo: row.supplyNo,
    suppliedAt: row.suppliedAt,
    supplyDate: row.supplyDate,
    medicineName: row.medicineName,
    strength: row.strength,
    form: row.form,
    quantity: row.quantity,
    unit: row.unit,
    packsSupplied: registerTextForPeople(row.packsSupplied),
    prescriberName: row.prescriberName,
    prescriberAddress: row.prescriberAddress,
    prescriberRegistration: row.prescriberRegistration,
    patientName: row.patientName,
    patientAddress: row.patientAddress,
    patientAddressIsDelivery: row.patientAddressIsDelivery,
    prescriptionDate: row.prescriptionDate,
    prescriptionDateNote: row.prescriptionDateNote,
    prescriptionReference: row.prescriptionReference,
    emergencySupply: row.emergencySupply,
    emergencyPrescriptionReceived: row.emergencyPrescriptionReceived,
    emergencyNature: row.emergencyNature,
    recordedAt: row.recordedAt,
    recordedBy: row.recordedByName,
    note: row.note === null ? null : registerTextForPeople(row.note)
  }
}
