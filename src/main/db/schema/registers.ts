import { sql } from 'drizzle-orm'
import {
  sqliteTable,
  primaryKey,
  text,
  integer,
  real,
  index,
  uniqueIndex,
  check,
  type AnySQLiteColumn
} from 'drizzle-orm/sqlite-core'
import { products, receiptLines } from './stock'

/**
 * The registers the law requires, kept as the work happens. Every table here is append-only
 * (triggers in drizzle/, next to this file's migration): a mistake is put right by a new, dated
 * entry that names the one it corrects, never by changing or deleting a row.
 *
 * Quantities in `*_milli` are thousandths of the unit, as in the stock ledger.
 * Batch recall reads `dispensed_packs` by batch (index `dispensed_packs_batch`) joined to
 * `register_supplies`: a pack is supplied once its request has a row here.
 */

/**
 * One row per time a request's medicines were handed over (dispatched or collected): when, how, to
 * whom. A parcel returned to sender and sent again is a second supply of the request (`supply_no` 2).
 */
export const registerSupplies = sqliteTable(
  'register_supplies',
  {
    requestId: text('request_id').notNull(),
    suppliedAt: text('supplied_at').notNull(),
    /** The pharmacy's local date of the supply (Europe/London). */
    supplyDate: text('supply_date').notNull(),
    method: text('method', { enum: ['carrier', 'collect'] }).notNull(),
    carrier: text('carrier'),
    service: text('service'),
    /** JSON array of tracking numbers (carrier). */
    trackingNumbers: text('tracking_numbers'),
    collectedByName: text('collected_by_name'),
    collectedRelation: text('collected_relation'),
    idAsked: integer('id_asked', { mode: 'boolean' }),
    idSeen: integer('id_seen', { mode: 'boolean' }),
    patientName: text('patient_name').notNull(),
    patientAddress: text('patient_address').notNull(),
    recordedById: text('recorded_by_id').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    /**
     * The request's dispatch (or hand-over) this supply was, from 1. Digested in the row's seal only
     * where it is not 1: rows sealed before it existed still verify, and a changed number is found.
     */
    supplyNo: integer('supply_no').notNull().default(1)
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.supplyNo] }),
    index('register_supplies_date').on(t.supplyDate),
    check(
      'register_supplies_method',
      sql`(${t.method} = 'carrier' AND ${t.carrier} IS NOT NULL)
      OR (${t.method} = 'collect' AND ${t.collectedByName} IS NOT NULL AND ${t.idAsked} IS NOT NULL AND ${t.idSeen} IS NOT NULL)`
    )
  ]
)

/** Private prescription register (HMR 2012 reg 253, Schedule 23): one entry per supplied line. */
export const pomRegisterEntries = sqliteTable(
  'pom_register_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['supply', 'correction'] }).notNull(),
    correctsEntryId: integer('corrects_entry_id').references((): AnySQLiteColumn => pomRegisterEntries.id),
    requestId: text('request_id').notNull(),
    lineId: text('line_id').notNull(),
    suppliedAt: text('supplied_at').notNull(),
    supplyDate: text('supply_date').notNull(),
    dmdId: text('dmd_id').notNull(),
    medicineName: text('medicine_name').notNull(),
    strength: text('strength'),
    form: text('form'),
    quantity: real('quantity').notNull(),
    unit: text('unit').notNull(),
    packsSupplied: text('packs_supplied').notNull(),
    prescriberName: text('prescriber_name').notNull(),
    prescriberAddress: text('prescriber_address'),
    prescriberRegistration: text('prescriber_registration'),
    patientName: text('patient_name').notNull(),
    patientAddress: text('patient_address').notNull(),
    patientAddressIsDelivery: integer('patient_address_is_delivery', { mode: 'boolean' }).notNull(),
    prescriptionDate: text('prescription_date'),
    prescriptionDateNote: text('prescription_date_note'),
    prescriptionReference: text('prescription_reference'),
    emergencySupply: integer('emergency_supply', { mode: 'boolean' }).notNull().default(false),
    emergencyPrescriptionReceived: text('emergency_prescription_received'),
    emergencyNature: text('emergency_nature'),
    recordedAt: text('recorded_at').notNull(),
    recordedById: text('recorded_by_id').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    note: text('note'),
    /** The supply of the request (`register_supplies.supply_no`) the entry records or corrects. */
    supplyNo: integer('supply_no').notNull().default(1)
  },
  (t) => [
    // Exactly once per supplied line and supply, whoever calls twice.
    uniqueIndex('pom_register_supply_once')
      .on(t.requestId, t.lineId, t.supplyNo)
      .where(sql`${t.kind} = 'supply'`),
    index('pom_register_date').on(t.supplyDate, t.id),
    index('pom_register_corrects')
      .on(t.correctsEntryId)
      .where(sql`${t.correctsEntryId} IS NOT NULL`),
    check(
      'pom_register_kind',
      sql`(${t.kind} = 'supply' AND ${t.correctsEntryId} IS NULL)
      OR (${t.kind} = 'correction' AND ${t.correctsEntryId} IS NOT NULL AND length(trim(COALESCE(${t.note}, ''))) > 0)`
    ),
    check(
      'pom_register_prescription_date',
      sql`${t.prescriptionDate} IS NOT NULL OR ${t.prescriptionDateNote} IS NOT NULL`
    )
  ]
)

/** Controlled drugs register, Schedule 2: one section per drug, form and strength (the VMP). */
export const cdRegisterSections = sqliteTable('cd_register_sections', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  vmpId: text('vmp_id')
    .notNull()
    .unique()
    .references(() => products.dmdId),
  drug: text('drug').notNull(),
  form: text('form').notNull(),
  strength: text('strength'),
  unit: text('unit').notNull(),
  openedAt: text('opened_at').notNull()
})

/**
 * A section's entries in order (`seq` from 1), each with the running balance after it; a trigger
 * refuses an entry whose seq or balance does not follow from the one before.
 */
export const cdRegisterEntries = sqliteTable(
  'cd_register_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sectionId: integer('section_id')
      .notNull()
      .references(() => cdRegisterSections.id),
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: ['receipt', 'supply', 'correction'] }).notNull(),
    at: text('at').notNull(),
    entryDate: text('entry_date').notNull(),
    changeMilli: integer('change_milli').notNull(),
    balanceMilli: integer('balance_milli').notNull(),
    supplierName: text('supplier_name'),
    supplierAddress: text('supplier_address'),
    productDetail: text('product_detail'),
    receiptLineId: integer('receipt_line_id').references(() => receiptLines.id),
    requestId: text('request_id'),
    lineId: text('line_id'),
    patientName: text('patient_name'),
    patientAddress: text('patient_address'),
    prescriberName: text('prescriber_name'),
    prescriberAddress: text('prescriber_address'),
    prescriberRegistration: text('prescriber_registration'),
    handoverMethod: text('handover_method', { enum: ['carrier', 'collect'] }),
    collectedBy: text('collected_by'),
    idAsked: integer('id_asked', { mode: 'boolean' }),
    idSeen: integer('id_seen', { mode: 'boolean' }),
    correctsEntryId: integer('corrects_entry_id').references((): AnySQLiteColumn => cdRegisterEntries.id),
    note: text('note'),
    recordedById: text('recorded_by_id').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    /** For a supply, or a note on one (its parcel came back): the supply of the request, as in `register_supplies`. */
    supplyNo: integer('supply_no').notNull().default(1),
    /**
     * A supply's prescriber's 6-digit CD identification number, read from the original in hand;
     * null when none was recorded, and on entries written before `0047` (theirs is in `prescriber_registration`).
     */
    prescriberCdNumber: text('prescriber_cd_number')
  },
  (t) => [
    uniqueIndex('cd_register_seq').on(t.sectionId, t.seq),
    uniqueIndex('cd_register_receipt_once')
      .on(t.receiptLineId)
      .where(sql`${t.receiptLineId} IS NOT NULL`),
    uniqueIndex('cd_register_supply_once')
      .on(t.sectionId, t.requestId, t.lineId, t.supplyNo)
      .where(sql`${t.kind} = 'supply'`),
    index('cd_register_date').on(t.sectionId, t.entryDate),
    check(
      'cd_register_kind',
      sql`(${t.kind} = 'receipt' AND ${t.changeMilli} > 0)
      OR (${t.kind} = 'supply' AND ${t.changeMilli} < 0 AND ${t.requestId} IS NOT NULL AND ${t.handoverMethod} IS NOT NULL)
      OR (${t.kind} = 'correction' AND length(trim(COALESCE(${t.note}, ''))) > 0)`
    )
  ]
)

/**
 * Schedule 2 CDs a patient brought back (kept apart from the CD register: they are not receipts, and
 * never go back into stock): when, from whom, what, how much and who received them. Append-only.
 */
export const patientReturns = sqliteTable(
  'patient_returns',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id').notNull(),
    lineId: text('line_id').notNull(),
    receivedAt: text('received_at').notNull(),
    receivedDate: text('received_date').notNull(),
    patientName: text('patient_name').notNull(),
    dmdId: text('dmd_id').notNull(),
    drug: text('drug').notNull(),
    form: text('form'),
    strength: text('strength'),
    quantityMilli: integer('quantity_milli').notNull(),
    unit: text('unit').notNull(),
    note: text('note'),
    receivedById: text('received_by_id').notNull(),
    receivedByName: text('received_by_name').notNull()
  },
  (t) => [
    index('patient_returns_date').on(t.receivedDate),
    index('patient_returns_request').on(t.requestId),
    check('patient_returns_quantity', sql`${t.quantityMilli} > 0`)
  ]
)

/** The destruction of a patient's returned CDs: once each, by whom, before which authorised witness. */
export const patientReturnDestructions = sqliteTable(
  'patient_return_destructions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    returnId: integer('return_id')
      .notNull()
      .references(() => patientReturns.id),
    destroyedAt: text('destroyed_at').notNull(),
    destroyedById: text('destroyed_by_id').notNull(),
    destroyedByName: text('destroyed_by_name').notNull(),
    witness: text('witness').notNull()
  },
  (t) => [
    uniqueIndex('patient_return_destroyed_once').on(t.returnId),
    check('patient_return_witness', sql`length(trim(${t.witness})) > 0`)
  ]
)
