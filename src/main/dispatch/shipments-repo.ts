import { and, asc, eq, isNotNull, isNull, not, sql } from 'drizzle-orm'
import type { ShipmentParcelView } from '../../shared/contract'
import { formatDate } from '../../shared/time/london'
import {
  type CounterDb,
  dispensedPacks,
  excluded,
  packs,
  parcelPacks,
  placeholders,
  requests,
  setPlaceholders,
  parcels,
  shipments,
  type ParcelOutcome
} from '../db'
import { packNotBack, packsOfParcels, packWords } from '../registers'

export type Shipment = typeof shipments.$inferSelect
export type Parcel = typeof parcels.$inferSelect

export interface Person {
  id: string
  name: string
}

export interface Packing {
  method: 'carrier' | 'collect'
  serviceCode: string
  carrier: string
  service: string
  parcels: number
  /** Dispensed pack ids per parcel, when packing said which went in which. */
  parcelContents: number[][] | null
  bagScan: string
  labelsJobId: number
  at: string
  by: Person
}

/** Shipments and parcels, prepared once; run inside the calling command's transaction. */
export class ShipmentsRepo {
  private readonly selectShipment
  private readonly selectParcels
  private readonly selectCurrentParcels
  private readonly upsertChosen
  private readonly upsertPacked
  private readonly setDispatched
  private readonly insertParcel
  private readonly selectAwaitingDispatch
  private readonly selectByTracking
  private readonly selectTrackingInUse
  private readonly updateOutcome
  private readonly selectManifest
  private readonly selectPacksInHand
  private readonly selectBag
  private readonly insertParcelPack
  private readonly selectPacksOfParcel

  constructor(private readonly db: CounterDb) {
    const s = shipments
    const p = parcels
    this.selectShipment = db
      .select()
      .from(s)
      .where(eq(s.requestId, sql.placeholder('requestId')))
      .prepare()
    this.selectParcels = db
      .select()
      .from(p)
      .where(eq(p.requestId, sql.placeholder('requestId')))
      .orderBy(p.dispatchedAt, p.parcelNo)
      .prepare()
    this.selectCurrentParcels = db
      .select({ parcel: p })
      .from(p)
      .innerJoin(s, and(eq(s.requestId, p.requestId), eq(s.dispatchedAt, p.dispatchedAt)))
      .where(eq(p.requestId, sql.placeholder('requestId')))
      .orderBy(p.parcelNo)
      .prepare()
    const chosen = ['chosenServiceCode', 'chosenById', 'chosenByName', 'chosenReason'] as const
    this.upsertChosen = db
      .insert(s)
      .values(placeholders(['requestId', ...chosen]))
      .onConflictDoUpdate({
        target: s.requestId,
        set: Object.fromEntries(chosen.map((key) => [key, excluded(s[key])]))
      })
      .prepare()
    const packing = [
      'method',
      'serviceCode',
      'carrier',
      'service',
      'parcels',
      'parcelContents',
      'bagScan',
      'labelsJobId',
      'packedAt',
      'packedById',
      'packedByName'
    ] as const
    this.upsertPacked = db
      .insert(s)
      .values(placeholders(['requestId', ...packing]))
      .onConflictDoUpdate({
        target: s.requestId,
        set: {
          ...Object.fromEntries(packing.map((key) => [key, excluded(s[key])])),
          // Packed again after a return to sender: the earlier dispatch is history (its parcels stay).
          dispatchedAt: null,
          dispatchedById: null,
          dispatchedByName: null,
          collectedByName: null,
          collectedRelation: null,
          idAsked: null,
          idSeen: null
        }
      })
      .prepare()
    this.setDispatched = db
      .update(s)
      .set(setPlaceholders(['dispatchedAt', 'dispatchedById', 'dispatchedByName']))
      .where(eq(s.requestId, sql.placeholder('requestId')))
      .prepare()
    this.insertParcel = db
      .insert(p)
      .values(
        placeholders(['requestId', 'parcelNo', 'carrier', 'service', 'trackingNumber', 'dispatchedAt', 'manifestDate'])
      )
      .prepare()
    this.selectAwaitingDispatch = db
      .select()
      .from(s)
      // Still packed: a bag unpacked since (the request stopped, or sent back to be checked or
      // packed again) waits on no service.
      .where(
        and(
          eq(s.method, 'carrier'),
          isNotNull(s.packedAt),
          isNull(s.dispatchedAt),
          sql`EXISTS (SELECT 1 FROM ${requests} WHERE ${requests.id} = ${s.requestId} AND ${requests.stage} = 'packed')`
        )
      )
      .prepare()
    this.selectByTracking = db
      .select()
      .from(p)
      .where(eq(p.trackingNumber, sql.placeholder('trackingNumber')))
      .prepare()
    this.selectTrackingInUse = db
      .select()
      .from(p)
      .where(and(eq(p.carrier, sql.placeholder('carrier')), eq(p.trackingNumber, sql.placeholder('trackingNumber'))))
      .prepare()
    this.updateOutcome = db
      .update(p)
      .set(setPlaceholders(['outcome', 'outcomeAt', 'outcomeNote', 'outcomeSource']))
      .where(and(eq(p.id, sql.placeholder('id')), isNull(p.outcome)))
      .prepare()
    this.selectManifest = db
      .select()
      .from(p)
      .where(eq(p.manifestDate, sql.placeholder('manifestDate')))
      .orderBy(asc(p.carrier), p.dispatchedAt, p.requestId, p.parcelNo)
      .prepare()
    const d = dispensedPacks
    this.selectPacksInHand = db
      .select({ id: d.id })
      .from(d)
      .where(and(eq(d.requestId, sql.placeholder('requestId')), eq(d.state, 'assembled'), not(packNotBack(db, d.id))))
      .orderBy(d.lineId, d.id)
      .prepare()
    this.selectBag = db
      .select({
        lineId: d.lineId,
        quantityMilli: d.quantityMilli,
        unit: packs.unit,
        gone: sql<number>`${packNotBack(db, d.id)}`
      })
      .from(d)
      .innerJoin(packs, eq(packs.amppId, d.amppId))
      .where(and(eq(d.requestId, sql.placeholder('requestId')), eq(d.state, 'assembled')))
      .orderBy(d.lineId, d.id)
      .prepare()
    this.insertParcelPack = db
      .insert(parcelPacks)
      .values(placeholders(['parcelId', 'dispensedPackId']))
      .prepare()
    this.selectPacksOfParcel = db
      .select({ id: parcelPacks.dispensedPackId })
      .from(parcelPacks)
      .where(eq(parcelPacks.parcelId, sql.placeholder('parcelId')))
      .prepare()
  }

  /**
   * The packs of the request's bag in the pharmacy: assembled, and not in a parcel that was
   * delivered or is still out (a pack whose parcel came back is here to be sent again).
   */
  packsInHand(requestId: string): number[] {
    return this.selectPacksInHand.all({ requestId }).map((row) => row.id)
  }

  /**
   * The packs of a bag sent again without those already delivered or still out (where packing said
   * which parcel each went in): what goes now. Null while the whole bag is here.
   */
  bagLeft(requestId: string): Array<{ lineId: string; quantityMilli: number; unit: string }> | null {
    const bag = this.selectBag.all({ requestId })
    return bag.some((pack) => pack.gone) ? bag.filter((pack) => !pack.gone) : null
  }

  /** Packing said which packs went in each of these parcels (each holds some). */
  contentsKnown(parcels: readonly Parcel[]): boolean {
    return parcels.length > 0 && parcels.every((parcel) => this.packsOfParcel(parcel.id).length > 0)
  }

  /** Which packs went in a parcel; empty where packing did not say. */
  packsOfParcel(parcelId: number): number[] {
    return this.selectPacksOfParcel.all({ parcelId }).map((row) => row.id)
  }

  /** The packs that went in a parcel, in the registers' words (name, batch, expiry, quantity), dated as a person reads them. */
  packWordsOfParcel(parcelId: number): string[] {
    return packsOfParcels(this.db, [parcelId]).map((pack) => packWords({ ...pack, expiry: formatDate(pack.expiry) }))
  }

  get(requestId: string): Shipment | undefined {
    return this.selectShipment.get({ requestId })
  }

  /** Every parcel ever sent for the request, a returned one's too (oldest first). */
  parcels(requestId: string): Parcel[] {
    return this.selectParcels.all({ requestId })
  }

  /** The parcels of the request's latest dispatch. */
  currentParcels(requestId: string): Parcel[] {
    return this.selectCurrentParcels.all({ requestId }).map((row) => row.parcel)
  }

  chooseService(requestId: string, code: string, reason: string, by: Person): void {
    this.upsertChosen.run({
      requestId,
      chosenServiceCode: code,
      chosenById: by.id,
      chosenByName: by.name,
      chosenReason: reason
    })
  }

  packed(requestId: string, packing: Packing): void {
    const { by, at, parcelContents, ...columns } = packing
    this.upsertPacked.run({
      ...columns,
      parcelContents: parcelContents === null ? null : JSON.stringify(parcelContents),
      requestId,
      packedAt: at,
      packedById: by.id,
      packedByName: by.name
    })
  }

  dispatchedByCarrier(
    requestId: string,
    trackingNumbers: readonly (string | null)[],
    manifestDate: string,
    at: string,
    by: Person
  ): void {
    const shipment = this.get(requestId)
    if (!shipment?.carrier || !shipment.service) throw new Error(`${requestId} was not packed for a carrier`)
    const contents = this.contentsStillInHand(requestId, shipment, trackingNumbers.length)
    this.setDispatched.run({ dispatchedAt: at, dispatchedById: by.id, dispatchedByName: by.name, requestId })
    trackingNumbers.forEach((trackingNumber, index) => {
      const parcelId = Number(
        this.insertParcel.run({
          requestId,
          parcelNo: index + 1,
          carrier: shipment.carrier,
          service: shipment.service,
          trackingNumber,
          dispatchedAt: at,
          manifestDate
        }).lastInsertRowid
      )
      for (const dispensedPackId of contents?.[index] ?? []) this.insertParcelPack.run({ parcelId, dispensedPackId })
    })
  }

  /**
   * What packing said went in each parcel, if it still describes the bag: every pack in hand in
   * exactly one parcel. Otherwise nothing is recorded, and a parcel back is left to a pharmacist.
   */
  private contentsStillInHand(requestId: string, shipment: Shipment, parcelCount: number): number[][] | null {
    if (shipment.parcelContents === null) return null
    const contents = JSON.parse(shipment.parcelContents) as number[][]
    const inHand = this.packsInHand(requestId)
    const packed = contents.flat()
    const same =
      contents.length === parcelCount &&
      packed.length === inHand.length &&
      new Set(packed).size === packed.length &&
      packed.every((id) => inHand.includes(id))
    return same ? contents : null
  }

  collected(
    requestId: string,
    collectedBy: { name: string; relation: string; idAsked: boolean; idSeen: boolean },
    at: string,
    by: Person
  ): void {
    this.db
      .update(shipments)
      .set({
        dispatchedAt: at,
        dispatchedById: by.id,
        dispatchedByName: by.name,
        collectedByName: collectedBy.name,
        collectedRelation: collectedBy.relation,
        idAsked: collectedBy.idAsked,
        idSeen: collectedBy.idSeen
      })
      .where(eq(shipments.requestId, requestId))
      .run()
  }

  /** Packed for a carrier, still packed (the request in that stage), and not yet handed over. */
  packedAwaitingDispatch(): Shipment[] {
    return this.selectAwaitingDispatch.all()
  }

  /** The parcels a carrier number names (the same number may in principle exist at two carriers). */
  parcelsByTracking(trackingNumber: string): Parcel[] {
    return this.selectByTracking.all({ trackingNumber })
  }

  trackingInUse(carrier: string, trackingNumber: string): Parcel | undefined {
    return this.selectTrackingInUse.get({ carrier, trackingNumber })
  }

  /** Records a parcel's outcome once; false when it already had one. */
  setOutcome(
    parcelId: number,
    outcome: ParcelOutcome,
    at: string,
    note: string | null,
    source: 'hand' | 'carrier_csv'
  ): boolean {
    const result = this.updateOutcome.run({
      outcome,
      outcomeAt: at,
      outcomeNote: note,
      outcomeSource: source,
      id: parcelId
    })
    return result.changes === 1
  }

  /** Every parcel handed to carriers on a manifest day, by carrier then time. */
  manifest(manifestDate: string): Parcel[] {
    return this.selectManifest.all({ manifestDate })
  }
}

export function parcelView(row: Parcel, earlier: boolean): ShipmentParcelView {
  return {
    parcelNo: row.parcelNo,
    dispatchedAt: row.dispatchedAt,
    earlier,
    trackingNumber: row.trackingNumber,
    manifestDate: row.manifestDate,
    outcome: row.outcome,
    outcomeAt: row.outcomeAt,
    outcomeNote: row.outcomeNote
  }
}
