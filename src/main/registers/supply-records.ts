/**
 * The register entries of one supply, written in the dispatch or collect transaction from the
 * request's snapshot and the packs in its bag: the supply itself (recall reads it), a POM register
 * entry per supplied line, and a CD register entry per Schedule 2 product of a line.
 */
import type Database from 'better-sqlite3'
import { fromMilli } from '../../shared/stock/units'
import { addressSchema, patientDisplayName } from '../../shared/phensys/snapshot'
import { CounterError } from '../errors'
import type { RequestsRepo } from '../fulfilment/requests-repo'
import { londonDate } from '../../shared/time/london'
import { CD_REGISTER_SCHEDULE, CdRegister } from './cd-register'
import type { Handover, SupplyRecorder } from './handover'
import { handoverWords, packWords, postalAddress, prescriberRegistration } from './register-text'

interface BagPack {
  line_id: string
  ampp_id: string
  name: string
  unit: string
  batch_no: string
  expiry: string
  quantity_milli: number
}

/** Private prescriptions carry the date they were written as `issuedAt`; say so when it is missing. */
const NO_PRESCRIPTION_DATE =
  'The request did not carry the date on the prescription: check the prescription and correct this entry'
const NO_PRESCRIBER_ADDRESS = 'Not given on the request: take it from the prescription and correct this entry'
const DELIVERY_ADDRESS_NOTE = "Patient's address: the delivery address (Phensys sends no home address)"

export class SupplyRecords implements SupplyRecorder {
  private readonly supplied: Database.Statement<[string], { request_id: string }>
  private readonly bag: Database.Statement<[string], BagPack>
  private readonly insertSupply: Database.Statement
  private readonly insertPom: Database.Statement

  constructor(
    sqlite: Database.Database,
    private readonly deps: { requests: RequestsRepo; cd: CdRegister }
  ) {
    this.supplied = sqlite.prepare('SELECT request_id FROM register_supplies WHERE request_id = ?')
    this.bag = sqlite.prepare(
      `SELECT d.line_id, d.ampp_id, p.name, p.unit, d.batch_no, d.expiry, d.quantity_milli
       FROM dispensed_packs d JOIN packs p ON p.ampp_id = d.ampp_id
       WHERE d.request_id = ? AND d.state = 'assembled' ORDER BY d.line_id, d.id`
    )
    this.insertSupply = sqlite.prepare(
      `INSERT INTO register_supplies (request_id, supplied_at, supply_date, method, carrier, service, tracking_numbers, collected_by_name,
         collected_relation, id_asked, id_seen, patient_name, patient_address, recorded_by_id, recorded_by_name)
       VALUES (@requestId, @suppliedAt, @supplyDate, @method, @carrier, @service, @trackingNumbers, @collectedByName,
         @collectedRelation, @idAsked, @idSeen, @patientName, @patientAddress, @recordedById, @recordedByName)`
    )
    this.insertPom = sqlite.prepare(
      `INSERT INTO pom_register_entries (kind, request_id, line_id, supplied_at, supply_date, dmd_id, medicine_name, strength, form, quantity, unit,
         packs_supplied, prescriber_name, prescriber_address, prescriber_registration, patient_name, patient_address, patient_address_is_delivery,
         prescription_date, prescription_date_note, prescription_reference, emergency_supply, recorded_at, recorded_by_id, recorded_by_name)
       VALUES ('supply', @requestId, @lineId, @suppliedAt, @supplyDate, @dmdId, @medicineName, @strength, @form, @quantity, @unit,
         @packsSupplied, @prescriberName, @prescriberAddress, @prescriberRegistration, @patientName, @patientAddress, @patientAddressIsDelivery,
         @prescriptionDate, @prescriptionDateNote, @prescriptionReference, 0, @recordedAt, @recordedById, @recordedByName)`
    )
  }

  recordSupply(requestId: string, handover: Handover, actor: { id: string; name: string }, now: Date): void {
    if (this.supplied.get(requestId)) return
    const stored = this.deps.requests.get(requestId)
    if (!stored) throw new CounterError('not_found', `There is no request ${requestId} to record a supply of.`)
    const packs = this.bag.all(requestId)
    if (packs.length === 0)
      throw new CounterError(
        'precondition_failed',
        `Request ${requestId} has no packs in its bag: nothing to record as supplied.`
      )

    const { snapshot } = stored
    const supplyDate = londonDate(handover.at)
    const patientName = patientDisplayName(snapshot)
    // Phensys sends no home address today: the registers then record the delivery address, and say so.
    const home = addressSchema.safeParse((snapshot.patient as Record<string, unknown>).address)
    const patientAddress = postalAddress(home.success ? home.data : snapshot.delivery.address)
    const { prescriber } = snapshot.prescription
    // The register needs the prescriber's address: when Phensys has none, the entry says so plainly.
    const prescriberAddress = prescriber.address?.trim() || NO_PRESCRIBER_ADDRESS
    const recorded = { recordedAt: now.toISOString(), recordedById: actor.id, recordedByName: actor.name }

    this.insertSupply.run({
      requestId,
      suppliedAt: handover.at,
      supplyDate,
      method: handover.method,
      carrier: handover.method === 'carrier' ? handover.carrier : null,
      service: handover.method === 'carrier' ? handover.service : null,
      trackingNumbers: handover.method === 'carrier' ? JSON.stringify(handover.trackingNumbers) : null,
      collectedByName: handover.method === 'collect' ? handover.collectedBy.name : null,
      collectedRelation: handover.method === 'collect' ? handover.collectedBy.relation : null,
      idAsked: handover.method === 'collect' ? (handover.collectedBy.idAsked ? 1 : 0) : null,
      idSeen: handover.method === 'collect' ? (handover.collectedBy.idSeen ? 1 : 0) : null,
      patientName,
      patientAddress,
      recordedById: actor.id,
      recordedByName: actor.name
    })

    for (const item of snapshot.prescription.items) {
      const linePacks = packs.filter((pack) => pack.line_id === item.lineId)
      if (linePacks.length === 0) continue
      const suppliedMilli = linePacks.reduce((sum, pack) => sum + pack.quantity_milli, 0)
      this.insertPom.run({
        requestId,
        lineId: item.lineId,
        suppliedAt: handover.at,
        supplyDate,
        dmdId: item.product.dmdCode,
        medicineName: item.product.name,
        strength: item.product.strength ?? null,
        form: item.product.form ?? null,
        quantity: fromMilli(suppliedMilli),
        unit: linePacks[0]?.unit ?? item.unit,
        packsSupplied: linePacks
          .map((pack) =>
            packWords({
              name: pack.name,
              batchNo: pack.batch_no,
              expiry: pack.expiry,
              quantityMilli: pack.quantity_milli,
              unit: pack.unit
            })
          )
          .join('; '),
        prescriberName: prescriber.name,
        prescriberAddress,
        prescriberRegistration: prescriberRegistration(prescriber),
        patientName,
        patientAddress,
        patientAddressIsDelivery: home.success ? 0 : 1,
        prescriptionDate: snapshot.prescription.issuedAt ?? null,
        prescriptionDateNote: snapshot.prescription.issuedAt ? null : NO_PRESCRIPTION_DATE,
        prescriptionReference: snapshot.prescription.id,
        ...recorded
      })
      this.recordCdSupplies(linePacks, {
        requestId,
        lineId: item.lineId,
        at: handover.at,
        entryDate: supplyDate,
        patientName,
        patientAddress,
        prescriberName: prescriber.name,
        prescriberAddress,
        prescriberRegistration: prescriberRegistration(prescriber),
        ...(home.success ? {} : { note: DELIVERY_ADDRESS_NOTE }),
        handoverMethod: handover.method,
        collectedBy: handoverWords(handover),
        idAsked: handover.method === 'collect' ? handover.collectedBy.idAsked : null,
        idSeen: handover.method === 'collect' ? handover.collectedBy.idSeen : null,
        recordedBy: actor
      })
    }
  }

  /** One CD entry per Schedule 2 product (VMP) among a line's packs. */
  private recordCdSupplies(
    linePacks: BagPack[],
    supply: Omit<Parameters<CdRegister['append']>[1], 'kind' | 'changeMilli' | 'productDetail'>
  ): void {
    const byVmp = new Map<number, BagPack[]>()
    for (const pack of linePacks) {
      const product = this.deps.cd.productOf(pack.ampp_id)
      if (!product || product.schedule !== CD_REGISTER_SCHEDULE) continue
      const sectionId = this.deps.cd.sectionFor(product, supply.at)
      byVmp.set(sectionId, [...(byVmp.get(sectionId) ?? []), pack])
    }
    for (const [sectionId, sectionPacks] of byVmp) {
      this.deps.cd.append(sectionId, {
        ...supply,
        kind: 'supply',
        changeMilli: -sectionPacks.reduce((sum, pack) => sum + pack.quantity_milli, 0),
        productDetail: sectionPacks
          .map((pack) =>
            packWords({
              name: pack.name,
              batchNo: pack.batch_no,
              expiry: pack.expiry,
              quantityMilli: pack.quantity_milli,
              unit: pack.unit
            })
          )
          .join('; ')
      })
    }
  }
}
