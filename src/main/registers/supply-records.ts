/**
 * The register entries of one supply, written in the dispatch or collect transaction from the
 * request's snapshot and the packs in its bag: the supply itself (recall reads it), a POM register
 * entry per supplied line, and a CD register entry per Schedule 2 product of a line.
 */
import { and, eq, sql } from 'drizzle-orm'
import { fromMilli } from '../../shared/stock/units'
import { addressSchema, patientDisplayName } from '../../shared/phensys/snapshot'
import { type CounterDb, placeholders, dispensedPacks, pomRegisterEntries, registerSupplies, packs } from '../db'
import { CounterError } from '../errors'
import type { RequestsRepo } from '../fulfilment'
import { londonDate } from '../../shared/time/london'
import { CD_REGISTER_SCHEDULE, CdRegister } from './cd-register'
import type { Handover, SupplyRecorder } from './handover'
import { handoverWords, packWords, postalAddress, prescriberRegistration } from './register-text'

/** A pack in the request's bag, with its pack's name and unit. */
type BagPack = Pick<typeof dispensedPacks.$inferSelect, 'lineId' | 'amppId' | 'batchNo' | 'expiry' | 'quantityMilli'> &
  Pick<typeof packs.$inferSelect, 'name' | 'unit'>

/** Private prescriptions carry the date they were written as `issuedAt`; say so when it is missing. */
const NO_PRESCRIPTION_DATE =
  'The request did not carry the date on the prescription: check the prescription and correct this entry'
const NO_PRESCRIBER_ADDRESS = 'Not given on the request: take it from the prescription and correct this entry'
const DELIVERY_ADDRESS_NOTE = "Patient's address: the delivery address (Phensys sends no home address)"

export class SupplyRecords implements SupplyRecorder {
  private readonly supplied
  private readonly bag
  private readonly insertPom

  constructor(
    private readonly db: CounterDb,
    private readonly deps: { requests: RequestsRepo; cd: CdRegister }
  ) {
    this.supplied = db
      .select({ requestId: registerSupplies.requestId })
      .from(registerSupplies)
      .where(eq(registerSupplies.requestId, sql.placeholder('requestId')))
      .prepare()
    const d = dispensedPacks
    this.bag = db
      .select({
        lineId: d.lineId,
        amppId: d.amppId,
        name: packs.name,
        unit: packs.unit,
        batchNo: d.batchNo,
        expiry: d.expiry,
        quantityMilli: d.quantityMilli
      })
      .from(d)
      .innerJoin(packs, eq(packs.amppId, d.amppId))
      .where(and(eq(d.requestId, sql.placeholder('requestId')), eq(d.state, 'assembled')))
      .orderBy(d.lineId, d.id)
      .prepare()
    this.insertPom = db
      .insert(pomRegisterEntries)
      .values({
        ...placeholders([
          'requestId',
          'lineId',
          'suppliedAt',
          'supplyDate',
          'dmdId',
          'medicineName',
          'strength',
          'form',
          'quantity',
          'unit',
          'packsSupplied',
          'prescriberName',
          'prescriberAddress',
          'prescriberRegistration',
          'patientName',
          'patientAddress',
          'patientAddressIsDelivery',
          'prescriptionDate',
          'prescriptionDateNote',
          'prescriptionReference',
          'recordedAt',
          'recordedById',
          'recordedByName'
        ]),
        kind: 'supply',
        emergencySupply: false
      })
      .prepare()
  }

  recordSupply(requestId: string, handover: Handover, actor: { id: string; name: string }, now: Date): void {
    if (this.supplied.get({ requestId })) return
    const stored = this.deps.requests.get(requestId)
    if (!stored) throw new CounterError('not_found', `There is no request ${requestId} to record a supply of.`)
    const packs = this.bag.all({ requestId })
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

    // Not prepared: id_asked and id_seen are nullable flags, which drizzle binds correctly only as values.
    this.db
      .insert(registerSupplies)
      .values({
        requestId,
        suppliedAt: handover.at,
        supplyDate,
        method: handover.method,
        carrier: handover.method === 'carrier' ? handover.carrier : null,
        service: handover.method === 'carrier' ? handover.service : null,
        trackingNumbers: handover.method === 'carrier' ? JSON.stringify(handover.trackingNumbers) : null,
        collectedByName: handover.method === 'collect' ? handover.collectedBy.name : null,
        collectedRelation: handover.method === 'collect' ? handover.collectedBy.relation : null,
        idAsked: handover.method === 'collect' ? handover.collectedBy.idAsked : null,
        idSeen: handover.method === 'collect' ? handover.collectedBy.idSeen : null,
        patientName,
        patientAddress,
        recordedById: actor.id,
        recordedByName: actor.name
      })
      .run()

    for (const item of snapshot.prescription.items) {
      const linePacks = packs.filter((pack) => pack.lineId === item.lineId)
      if (linePacks.length === 0) continue
      const suppliedMilli = linePacks.reduce((sum, pack) => sum + pack.quantityMilli, 0)
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
        packsSupplied: linePacks.map(packWords).join('; '),
        prescriberName: prescriber.name,
        prescriberAddress,
        prescriberRegistration: prescriberRegistration(prescriber),
        patientName,
        patientAddress,
        patientAddressIsDelivery: !home.success,
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
      const product = this.deps.cd.productOf(pack.amppId)
      if (!product || product.schedule !== CD_REGISTER_SCHEDULE) continue
      const sectionId = this.deps.cd.sectionFor(product, supply.at)
      byVmp.set(sectionId, [...(byVmp.get(sectionId) ?? []), pack])
    }
    for (const [sectionId, sectionPacks] of byVmp) {
      this.deps.cd.append(sectionId, {
        ...supply,
        kind: 'supply',
        changeMilli: -sectionPacks.reduce((sum, pack) => sum + pack.quantityMilli, 0),
        productDetail: sectionPacks.map(packWords).join('; ')
      })
    }
  }
}
