/**
 * The register entries of one supply, written in the dispatch or collect transaction from the
 * request's snapshot and the packs in its bag: the supply itself (recall reads it), a POM register
 * entry per supplied line, and a CD register entry per Schedule 2 product of a line. A request
 * handed over again after its parcel came back is its next supply (numbered per request), with
 * entries of its own; the one that came back keeps its entries, each with a dated note saying so.
 */
import { and, desc, eq, exists, max, not, sql } from 'drizzle-orm'
import { fromMilli } from '../../shared/stock/units'
import { addressSchema, patientDisplayName, type Snapshot, type SnapshotItem } from '../../shared/phensys/snapshot'
import { effectiveSchedule } from '../../shared/workflow/cd-schedule'
import {
  type CounterDb,
  equalToPlaceholders,
  placeholders,
  dispensedPacks,
  parcels,
  pomRegisterEntries,
  registerSupplies,
  packs
} from '../db'
import { CounterError } from '../errors'
import type { RequestsRepo } from '../fulfilment'
import { londonDate } from '../../shared/time/london'
import { CD_REGISTER_SCHEDULE, CdRegister } from './cd-register'
import type { Handover, SupplyRecorder } from './handover'
import type { PomRegister } from './pom-register'
import { BAG_PACK_COLUMNS, everyParcelBack, packNotBack, packsOfParcels, type BagPack } from './returned-bag'
import { handoverWords, packWords, postalAddress, prescriberRegistration } from './register-text'

/** Private prescriptions carry the date they were written as `issuedAt`; say so when it is missing. */
const NO_PRESCRIPTION_DATE =
  'The request did not carry the date on the prescription: check the prescription and correct this entry'
const NO_PRESCRIBER_ADDRESS = 'Not given on the request: take it from the prescription and correct this entry'
/** How a return note starts: the registers' own mark that a supply's return is written. */
const RETURNED_NOTE_START = 'Returned to sender:'
const DELIVERY_ADDRESS_NOTE = "Patient's address: the delivery address (Phensys sends no home address)"

/** The prescriber's CD number as read from the original in hand (hard-copies-repo.ts). */
export interface PrescriberCdNumbers {
  prescriberCdNumber(snapshot: Snapshot): string | null
}

export class SupplyRecords implements SupplyRecorder {
  private readonly lastSupply
  private readonly supplyOfDispatch
  private readonly returnOf
  private readonly returnNoted
  private readonly pomSupplyEntries
  private readonly bag
  private readonly insertPom

  constructor(
    private readonly db: CounterDb,
    private readonly deps: {
      requests: RequestsRepo
      cd: CdRegister
      pom: PomRegister
      originals: PrescriberCdNumbers
    }
  ) {
    const r = registerSupplies
    // The last supply: whether any of its dispatch's parcels came back (it may be handed over again),
    // and whether all did (only then did the supply not reach the patient).
    const anyBack = db
      .select({ one: sql`1` })
      .from(parcels)
      .where(
        and(eq(parcels.requestId, r.requestId), eq(parcels.dispatchedAt, r.suppliedAt), eq(parcels.outcome, 'returned'))
      )
    // A request re-sent before supplies were numbered has a dispatch after its last supply: when
    // that dispatch comes back, the registered supply is not what came back.
    const lastDispatch = db
      .select({ at: max(parcels.dispatchedAt) })
      .from(parcels)
      .where(eq(parcels.requestId, r.requestId))
    this.lastSupply = db
      .select({
        supplyNo: r.supplyNo,
        method: r.method,
        suppliedAt: r.suppliedAt,
        anyBack: sql<number>`${exists(anyBack)}`,
        everyBack: sql<number>`${everyParcelBack(db, r.requestId, r.suppliedAt)}`,
        isLastDispatch: sql<number>`${r.suppliedAt} = (${lastDispatch})`
      })
      .from(r)
      .where(eq(r.requestId, sql.placeholder('requestId')))
      .orderBy(desc(r.supplyNo))
      .limit(1)
      .prepare()
    this.supplyOfDispatch = db
      .select({ supplyNo: r.supplyNo })
      .from(r)
      .where(equalToPlaceholders({ requestId: r.requestId, suppliedAt: r.suppliedAt }, eq(r.method, 'carrier')))
      .prepare()
    // Whether a supply's return is noted: a return note on any version of its POM entries (it is
    // written on the latest, which may be a pharmacist's correction). Read through the indexes on
    // the supply and on the entry corrected, not by a scan of the register.
    this.returnNoted = db.$client.prepare<{ requestId: string; supplyNo: number }, { noted: number }>(
      `WITH RECURSIVE versions(id) AS (
         SELECT id FROM pom_register_entries
          WHERE kind = 'supply' AND request_id = @requestId AND supply_no = @supplyNo
         UNION
         SELECT c.id FROM pom_register_entries c JOIN versions v ON c.corrects_entry_id = v.id
       )
       SELECT EXISTS (
         SELECT 1 FROM pom_register_entries e JOIN versions v ON e.id = v.id
          WHERE e.kind = 'correction' AND e.note GLOB '${RETURNED_NOTE_START}*'
       ) AS noted`
    )
    this.returnOf = db
      .select({ at: parcels.outcomeAt, note: parcels.outcomeNote })
      .from(parcels)
      .where(
        equalToPlaceholders(
          { requestId: parcels.requestId, dispatchedAt: parcels.dispatchedAt },
          eq(parcels.outcome, 'returned')
        )
      )
      .orderBy(desc(parcels.outcomeAt))
      .limit(1)
      .prepare()
    const p = pomRegisterEntries
    this.pomSupplyEntries = db
      .select({ id: p.id, lineId: p.lineId })
      .from(p)
      .where(
        and(
          eq(p.kind, 'supply'),
          eq(p.requestId, sql.placeholder('requestId')),
          eq(p.supplyNo, sql.placeholder('supplyNo'))
        )
      )
      .orderBy(p.id)
      .prepare()
    const d = dispensedPacks
    this.bag = db
      .select(BAG_PACK_COLUMNS)
      .from(d)
      .innerJoin(packs, eq(packs.amppId, d.amppId))
      .where(
        and(
          eq(d.requestId, sql.placeholder('requestId')),
          eq(d.state, 'assembled'),
          // A pack in a parcel delivered or still out from an earlier dispatch is not in this one.
          not(packNotBack(db, d.id, sql.placeholder('at')))
        )
      )
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
          'recordedByName',
          'supplyNo'
        ]),
        kind: 'supply',
        emergencySupply: false
      })
      .prepare()
  }

  recordSupply(requestId: string, handover: Handover, actor: { id: string; name: string }, now: Date): void {
    // Recorded already, unless a parcel of that supply came back and this is the request handed over again.
    const last = this.lastSupply.get({ requestId })
    if (last && !last.anyBack) return
    // A supply that came back before its return was noted (before supplies were numbered, the
    // return wrote nothing): its note and the packs back in the CD balance come first.
    if (last?.everyBack && !this.isReturnNoted(requestId, last.supplyNo)) {
      const back = this.returnOf.get({ requestId, dispatchedAt: last.suppliedAt })
      if (back?.at)
        this.noteReturn(requestId, last.supplyNo, { at: back.at, note: back.note ?? 'returned' }, actor, now)
    }
    const supplyNo = (last?.supplyNo ?? 0) + 1
    const stored = this.deps.requests.get(requestId)
    if (!stored) throw new CounterError('not_found', `There is no request ${requestId} to record a supply of.`)
    const packs = this.bag.all({ requestId, at: handover.at })
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
    const collectorAddressMissing =
      handover.method === 'collect' &&
      handover.collectedBy.relation === 'healthcare_professional' &&
      !handover.collectedBy.address?.trim()

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
        recordedByName: actor.name,
        supplyNo
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
        ...recorded,
        supplyNo
      })
      this.recordCdSupplies(
        item.product,
        linePacks,
        {
          requestId,
          lineId: item.lineId,
          supplyNo,
          at: handover.at,
          entryDate: supplyDate,
          patientName,
          patientAddress,
          prescriberName: prescriber.name,
          prescriberAddress,
          prescriberRegistration: prescriberRegistration(prescriber),
          prescriberCdNumber: this.deps.originals.prescriberCdNumber(snapshot),
          ...(home.success ? {} : { note: DELIVERY_ADDRESS_NOTE }),
          handoverMethod: handover.method,
          collectedBy: handoverWords(handover),
          idAsked: handover.method === 'collect' ? handover.collectedBy.idAsked : null,
          idSeen: handover.method === 'collect' ? handover.collectedBy.idSeen : null,
          recordedBy: actor
        },
        collectorAddressMissing
      )
    }
  }

  recordReturn(
    requestId: string,
    returned: { at: string; note: string },
    actor: { id: string; name: string },
    now: Date,
    cdBack = true
  ): void {
    // Only a supply whose every parcel came back did not reach the patient; which packs were in a
    // parcel is not recorded, so a partial return is left as written for a pharmacist to decide.
    const last = this.lastSupply.get({ requestId })
    if (!last || last.method !== 'carrier' || !last.isLastDispatch || !last.everyBack) return
    if (this.isReturnNoted(requestId, last.supplyNo)) return
    this.noteReturn(requestId, last.supplyNo, returned, actor, now, cdBack)
  }

  /**
   * Parcels of a dispatch came back (of the last one, or of one sent again since), and packing said
   * which packs were in them: the registers take back exactly those packs from that dispatch's
   * supply, in the transaction that records them. Each POM entry of a line with a pack in them gets
   * a dated note naming the packs, and each CD supply entry a correction putting their quantity
   * back in the running balance (they are in the pharmacy again); the packs of the other parcels
   * stay supplied.
   */
  recordParcelsBack(
    requestId: string,
    back: { dispatchedAt: string; parcelIds: number[]; parcelNos: number[]; of: number },
    returned: { at: string; note: string },
    actor: { id: string; name: string },
    now: Date
  ): void {
    // A dispatch's supply is recorded at its instant; one re-sent before supplies were numbered has none.
    const ofDispatch = this.supplyOfDispatch.get({ requestId, suppliedAt: back.dispatchedAt })
    if (!ofDispatch) return
    const returnedPacks = packsOfParcels(this.db, back.parcelIds)
    if (returnedPacks.length === 0) return
    const entryDate = londonDate(returned.at)
    const which =
      back.parcelNos.length === back.of
        ? `every parcel (${back.of})`
        : `parcel ${back.parcelNos.join(' and ')} of ${back.of}`
    const note = (linePacks: BagPack[]) =>
      `${RETURNED_NOTE_START} ${which} came back to the pharmacy on ${entryDate} (${returned.note}); these packs of this supply did not reach the patient: ${linePacks.map(packWords).join('; ')}.`
    for (const { id, lineId } of this.pomSupplyEntries.all({ requestId, supplyNo: ofDispatch.supplyNo })) {
      const linePacks = returnedPacks.filter((pack) => pack.lineId === lineId)
      if (linePacks.length > 0) this.deps.pom.correctLatest(id, note(linePacks), actor, now)
    }
    for (const supply of this.deps.cd.supplyEntries(requestId, ofDispatch.supplyNo)) {
      const sectionPacks = returnedPacks.filter(
        (pack) => pack.lineId === supply.lineId && this.deps.cd.sectionOfPack(pack.amppId) === supply.sectionId
      )
      if (sectionPacks.length === 0) continue
      this.deps.cd.append(supply.sectionId, {
        kind: 'correction',
        changeMilli: sectionPacks.reduce((sum, pack) => sum + pack.quantityMilli, 0),
        correctsEntryId: supply.id,
        note: `${note(sectionPacks)} Back in the balance.`,
        at: returned.at,
        entryDate,
        requestId,
        lineId: supply.lineId,
        supplyNo: ofDispatch.supplyNo,
        recordedBy: actor
      })
    }
  }

  private isReturnNoted(requestId: string, supplyNo: number): boolean {
    return this.returnNoted.get({ requestId, supplyNo })?.noted === 1
  }

  private noteReturn(
    requestId: string,
    supplyNo: number,
    returned: { at: string; note: string },
    actor: { id: string; name: string },
    now: Date,
    cdBack = true
  ): void {
    const entryDate = londonDate(returned.at)
    const note = `${RETURNED_NOTE_START} the parcel came back to the pharmacy on ${entryDate} (${returned.note}); this supply did not reach the patient.`
    for (const { id } of this.pomSupplyEntries.all({ requestId, supplyNo }))
      this.deps.pom.correctLatest(id, note, actor, now)
    if (!cdBack) return
    // The packs are back in the pharmacy: the running balance takes them back, naming the supply entry.
    for (const supply of this.deps.cd.supplyEntries(requestId, supplyNo))
      this.deps.cd.append(supply.sectionId, {
        kind: 'correction',
        changeMilli: -supply.changeMilli,
        correctsEntryId: supply.id,
        note: `${note} Back in the balance: ${supply.productDetail ?? 'the packs of this supply'}.`,
        at: returned.at,
        entryDate,
        requestId,
        lineId: supply.lineId,
        supplyNo,
        recordedBy: actor
      })
  }

  /**
   * One CD entry per Schedule 2 product (VMP) among a line's packs, by the one effective schedule
   * (what Phensys sent and the catalogue, the stricter holding), as the counter told the pharmacist.
   */
  private recordCdSupplies(
    prescribed: SnapshotItem['product'],
    linePacks: BagPack[],
    supply: Omit<Parameters<CdRegister['append']>[1], 'kind' | 'changeMilli' | 'productDetail'>,
    collectorAddressMissing: boolean
  ): void {
    const byVmp = new Map<number, BagPack[]>()
    /** Sections opened here for a drug only Phensys has as Schedule 2. */
    const opened = new Map<number, { vmpId: string; catalogue: number | null }>()
    for (const pack of linePacks) {
      const product = this.deps.cd.productOf(pack.amppId)
      if (!product || effectiveSchedule(prescribed, product.schedule) !== CD_REGISTER_SCHEDULE) continue
      const isNew = product.schedule !== CD_REGISTER_SCHEDULE && !this.deps.cd.hasSection(product.vmpId)
      const sectionId = this.deps.cd.sectionFor(product, supply.at)
      if (isNew) opened.set(sectionId, { vmpId: product.vmpId, catalogue: product.schedule })
      byVmp.set(sectionId, [...(byVmp.get(sectionId) ?? []), pack])
    }
    if (byVmp.size > 0 && collectorAddressMissing)
      throw new CounterError(
        'precondition_failed',
        'A Schedule 2 drug collected by a healthcare professional is entered with their name and address (Misuse of Drugs Regulations 2001, Sch. 6): give the address they work from.',
        { details: { reason: 'collector_address_missing', scanned: null, expected: "the professional's address" } }
      )
    for (const [sectionId, sectionPacks] of byVmp) {
      const suppliedMilli = sectionPacks.reduce((sum, pack) => sum + pack.quantityMilli, 0)
      const opening = opened.get(sectionId)
      // Its receipts were never entered (the catalogue has it as no Schedule 2 drug): the section
      // opens with what the stock ledger holds, this supply included (already out of the bags'
      // count), so the balance is the stock held; the note asks a pharmacist to count it.
      if (opening)
        this.deps.cd.append(sectionId, {
          kind: 'correction',
          changeMilli: this.deps.cd.physicalMilli(opening.vmpId) + suppliedMilli,
          note: `Section opened at the first supply of a drug Phensys sends as Schedule 2 (the catalogue has it as ${opening.catalogue ? `Schedule ${opening.catalogue}` : 'no controlled drug'}): balance brought forward from the stock ledger. A pharmacist counts the stock and records a dated correcting entry if it differs.`,
          at: supply.at,
          entryDate: supply.entryDate,
          recordedBy: supply.recordedBy
        })
      this.deps.cd.append(sectionId, {
        ...supply,
        kind: 'supply',
        changeMilli: -suppliedMilli,
        productDetail: sectionPacks.map(packWords).join('; ')
      })
    }
  }
}
