/**
 * The private prescription (POM) register (HMR 2012 reg 253, Schedule 23). Entries are written by
 * SupplyRecords at the supply; here they are read and corrected. A correction is a new entry that
 * restates the old one with the corrected fields, names it, and says who, when and why.
 */
import type Database from 'better-sqlite3'
import type { PomEntryView } from '../../shared/contract'
import type { z } from 'zod'
import type { pomCorrectionFieldsSchema } from '../../shared/contract/register-calls'
import { CounterError } from '../errors'

export type PomCorrection = z.output<typeof pomCorrectionFieldsSchema>

interface PomRow {
  id: number
  kind: 'supply' | 'correction'
  corrects_entry_id: number | null
  corrected_by: number | null
  request_id: string
  line_id: string
  supplied_at: string
  supply_date: string
  dmd_id: string
  medicine_name: string
  strength: string | null
  form: string | null
  quantity: number
  unit: string
  packs_supplied: string
  prescriber_name: string
  prescriber_address: string | null
  prescriber_registration: string | null
  patient_name: string
  patient_address: string
  patient_address_is_delivery: number
  prescription_date: string | null
  prescription_date_note: string | null
  prescription_reference: string | null
  emergency_supply: number
  emergency_prescription_received: string | null
  emergency_nature: string | null
  recorded_at: string
  recorded_by_id: string
  recorded_by_name: string
  note: string | null
}

const SELECT = `SELECT e.*, (SELECT MAX(c.id) FROM pom_register_entries c WHERE c.corrects_entry_id = e.id) AS corrected_by FROM pom_register_entries e`
/** Search: the patient, the medicine, the prescriber or the request reference. */
const SEARCHED = `(? IS NULL OR e.patient_name LIKE ? ESCAPE '\\' OR e.medicine_name LIKE ? ESCAPE '\\' OR e.prescriber_name LIKE ? ESCAPE '\\' OR e.request_id LIKE ? ESCAPE '\\')`

export class PomRegister {
  private readonly byId: Database.Statement<[number], PomRow>
  private readonly inRange: Database.Statement<
    [string, string, string | null, string | null, string | null, string | null, string | null],
    PomRow
  >
  private readonly insertCorrection: Database.Statement

  constructor(sqlite: Database.Database) {
    this.byId = sqlite.prepare(`${SELECT} WHERE e.id = ?`)
    this.inRange = sqlite.prepare(
      `${SELECT} WHERE e.supply_date BETWEEN ? AND ? AND ${SEARCHED} ORDER BY e.supply_date, e.id`
    )
    this.insertCorrection = sqlite.prepare(
      `INSERT INTO pom_register_entries (kind, corrects_entry_id, request_id, line_id, supplied_at, supply_date, dmd_id, medicine_name, strength, form,
         quantity, unit, packs_supplied, prescriber_name, prescriber_address, prescriber_registration, patient_name, patient_address,
         patient_address_is_delivery, prescription_date, prescription_date_note, prescription_reference, emergency_supply,
         emergency_prescription_received, emergency_nature, recorded_at, recorded_by_id, recorded_by_name, note)
       VALUES ('correction', @corrects_entry_id, @request_id, @line_id, @supplied_at, @supply_date, @dmd_id, @medicine_name, @strength, @form,
         @quantity, @unit, @packs_supplied, @prescriber_name, @prescriber_address, @prescriber_registration, @patient_name, @patient_address,
         @patient_address_is_delivery, @prescription_date, @prescription_date_note, @prescription_reference, @emergency_supply,
         @emergency_prescription_received, @emergency_nature, @recorded_at, @recorded_by_id, @recorded_by_name, @note)`
    )
  }

  list(from: string, to: string, search?: string): PomEntryView[] {
    const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
    return this.inRange.all(from, to, pattern, pattern, pattern, pattern, pattern).map(toView)
  }

  entry(id: number): PomEntryView {
    const row = this.byId.get(id)
    if (!row) throw new CounterError('not_found', `There is no POM register entry ${id}.`)
    return toView(row)
  }

  /** Corrects the latest version of an entry: correcting an entry already corrected is refused, naming the newer one. */
  correct(
    entryId: number,
    note: string,
    corrected: PomCorrection,
    by: { id: string; name: string },
    now: Date
  ): PomEntryView {
    const old = this.byId.get(entryId)
    if (!old) throw new CounterError('not_found', `There is no POM register entry ${entryId}.`)
    if (old.corrected_by !== null) {
      throw new CounterError(
        'conflict',
        `Entry ${entryId} was already corrected by entry ${old.corrected_by}: correct that one instead.`
      )
    }
    const emergency = corrected.emergencySupply ?? old.emergency_supply === 1
    const prescriptionDate =
      corrected.prescriptionDate === undefined ? old.prescription_date : corrected.prescriptionDate
    const row = {
      ...old,
      corrects_entry_id: entryId,
      medicine_name: corrected.medicineName ?? old.medicine_name,
      strength: pick(corrected.strength, old.strength),
      form: pick(corrected.form, old.form),
      quantity: corrected.quantity ?? old.quantity,
      unit: corrected.unit ?? old.unit,
      prescriber_name: corrected.prescriberName ?? old.prescriber_name,
      prescriber_address: pick(corrected.prescriberAddress, old.prescriber_address),
      patient_name: corrected.patientName ?? old.patient_name,
      patient_address: corrected.patientAddress ?? old.patient_address,
      // A pharmacist restating the address has the patient's own address in hand.
      patient_address_is_delivery: corrected.patientAddress === undefined ? old.patient_address_is_delivery : 0,
      prescription_date: prescriptionDate,
      prescription_date_note:
        prescriptionDate === null ? (old.prescription_date_note ?? 'Date on the prescription not known') : null,
      emergency_supply: emergency ? 1 : 0,
      emergency_prescription_received: emergency
        ? pick(corrected.emergencyPrescriptionReceived, old.emergency_prescription_received)
        : null,
      emergency_nature: emergency ? pick(corrected.emergencyNature, old.emergency_nature) : null,
      recorded_at: now.toISOString(),
      recorded_by_id: by.id,
      recorded_by_name: by.name,
      note
    }
    const id = Number(this.insertCorrection.run(withoutDerived(row)).lastInsertRowid)
    return this.entry(id)
  }
}

function pick<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value
}

function withoutDerived(row: PomRow): Omit<PomRow, 'id' | 'kind' | 'corrected_by'> {
  const { id: _id, kind: _kind, corrected_by: _correctedBy, ...rest } = row
  return rest
}

function toView(row: PomRow): PomEntryView {
  return {
    id: row.id,
    kind: row.kind,
    correctsEntryId: row.corrects_entry_id,
    correctedByEntryId: row.corrected_by,
    requestId: row.request_id,
    lineId: row.line_id,
    suppliedAt: row.supplied_at,
    supplyDate: row.supply_date,
    medicineName: row.medicine_name,
    strength: row.strength,
    form: row.form,
    quantity: row.quantity,
    unit: row.unit,
    packsSupplied: row.packs_supplied,
    prescriberName: row.prescriber_name,
    prescriberAddress: row.prescriber_address,
    prescriberRegistration: row.prescriber_registration,
    patientName: row.patient_name,
    patientAddress: row.patient_address,
    patientAddressIsDelivery: row.patient_address_is_delivery === 1,
    prescriptionDate: row.prescription_date,
    prescriptionDateNote: row.prescription_date_note,
    prescriptionReference: row.prescription_reference,
    emergencySupply: row.emergency_supply === 1,
    emergencyPrescriptionReceived: row.emergency_prescription_received,
    emergencyNature: row.emergency_nature,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by_name,
    note: row.note
  }
}
