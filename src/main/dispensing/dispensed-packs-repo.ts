import type Database from 'better-sqlite3'
import { and, eq, getTableColumns, gte, not, sql } from 'drizzle-orm'
import {
  counterDb,
  placeholders,
  setPlaceholders,
  dispensedPacks,
  dispensingChecks,
  type DispensedPackState
} from '../db'
import { packNotBack } from '../registers'

/** When and why a pack left the bag are the repository's own: callers see the pack and its state. */
const { stateAt: _stateAt, stateReason: _stateReason, ...PACK_COLUMNS } = getTableColumns(dispensedPacks)

export type DispensedPack = Omit<typeof dispensedPacks.$inferSelect, 'stateAt' | 'stateReason'>

export type NewDispensedPack = Omit<DispensedPack, 'id' | 'rescannedById' | 'rescannedByName' | 'rescannedAt' | 'state'>

export type DispensingChecks = typeof dispensingChecks.$inferSelect

export interface Person {
  id: string
  name: string
}

const NO_CHECKS = {
  labelsJobId: null,
  labelsRequestedById: null,
  labelsRequestedByName: null,
  labelledAt: null,
  accuracyCheckById: null,
  accuracyCheckByName: null,
  accuracyCheckAt: null,
  selfCheck: false
} satisfies Omit<DispensingChecks, 'requestId' | 'labelGeneration'>

/** The packs scanned into requests and the checks made on them. Runs inside the caller's transaction. */
export class DispensedPacksRepo {
  private readonly insertPack
  private readonly packsOf
  private readonly inBagsOfBatch
  private readonly inHandOf
  private readonly leftSince
  private readonly serialHolder
  private readonly setRescan
  private readonly setState
  private readonly checksOf
  private readonly resetChecks
  private readonly byJob
  private readonly setLabelsRequested
  private readonly setLabelled
  private readonly setAccuracyCheck
  private readonly voidChecks

  /** Given the raw connection by the dispensing service; queries run through drizzle on it. */
  constructor(sqlite: Database.Database) {
    const db = counterDb(sqlite)
    const d = dispensedPacks
    const c = dispensingChecks
    const byId = eq(d.id, sql.placeholder('id'))
    const ofRequest = eq(c.requestId, sql.placeholder('requestId'))
    this.insertPack = db
      .insert(d)
      .values({
        ...placeholders([
          'requestId',
          'lineId',
          'raw',
          'gtin',
          'amppId',
          'batchId',
          'batchNo',
          'expiry',
          'serial',
          'quantityMilli',
          'assembledById',
          'assembledByName',
          'assembledAt'
        ]),
        state: 'assembled'
      })
      .prepare()
    this.packsOf = db
      .select(PACK_COLUMNS)
      .from(d)
      .where(eq(d.requestId, sql.placeholder('requestId')))
      .orderBy(d.id)
      .prepare()
    this.inHandOf = db
      .select(PACK_COLUMNS)
      .from(d)
      .where(and(eq(d.requestId, sql.placeholder('requestId')), eq(d.state, 'assembled'), not(packNotBack(db, d.id))))
      .orderBy(d.id)
      .prepare()
    this.inBagsOfBatch = db
      .select(PACK_COLUMNS)
      .from(d)
      .where(and(eq(d.batchId, sql.placeholder('batchId')), eq(d.state, 'assembled')))
      .orderBy(d.requestId, d.id)
      .prepare()
    this.leftSince = db
      .select(PACK_COLUMNS)
      .from(d)
      .where(
        and(
          eq(d.requestId, sql.placeholder('requestId')),
          sql`${d.state} <> 'assembled'`,
          gte(d.stateAt, sql.placeholder('since'))
        )
      )
      .orderBy(d.id)
      .prepare()
    // The literal `state <> 'returned'` lets the planner use the partial index `dispensed_packs_serial`.
    this.serialHolder = db
      .select(PACK_COLUMNS)
      .from(d)
      .where(
        and(eq(d.gtin, sql.placeholder('gtin')), eq(d.serial, sql.placeholder('serial')), sql`${d.state} <> 'returned'`)
      )
      .limit(1)
      .prepare()
    this.setRescan = db
      .update(d)
      .set(setPlaceholders(['rescannedById', 'rescannedByName', 'rescannedAt']))
      .where(byId)
      .prepare()
    this.setState = db
      .update(d)
      .set(setPlaceholders(['state', 'stateAt', 'stateReason']))
      .where(byId)
      .prepare()
    this.checksOf = db.select().from(c).where(ofRequest).prepare()
    this.resetChecks = db
      .insert(c)
      .values({ ...placeholders(['requestId']), selfCheck: false })
      // A new round: the labels printed in the one before are of packs and items no longer in the bag.
      .onConflictDoUpdate({
        target: c.requestId,
        set: { ...NO_CHECKS, labelGeneration: sql`${c.labelGeneration} + 1` }
      })
      .prepare()
    this.byJob = db
      .select()
      .from(c)
      .where(eq(c.labelsJobId, sql.placeholder('jobId')))
      .prepare()
    // `labelledAt` stays while new labels are asked for: labels printed once may be on the packs
    // (a request stopped meanwhile sends them to quarantine, not back to stock).
    this.setLabelsRequested = db
      .update(c)
      .set(setPlaceholders(['labelsJobId', 'labelsRequestedById', 'labelsRequestedByName']))
      .where(ofRequest)
      .prepare()
    this.setLabelled = db
      .update(c)
      .set(setPlaceholders(['labelledAt']))
      .where(ofRequest)
      .prepare()
    this.setAccuracyCheck = db
      .update(c)
      .set(setPlaceholders(['accuracyCheckById', 'accuracyCheckByName', 'accuracyCheckAt', 'selfCheck']))
      .where(ofRequest)
      .prepare()
    this.voidChecks = db
      .update(c)
      .set({
        labelsJobId: null,
        accuracyCheckById: null,
        accuracyCheckByName: null,
        accuracyCheckAt: null,
        selfCheck: false,
        labelGeneration: sql`${c.labelGeneration} + 1`
      })
      .where(ofRequest)
      .prepare()
  }

  add(pack: NewDispensedPack): number {
    return Number(this.insertPack.run({ ...pack }).lastInsertRowid)
  }

  /** Every pack of the request, returned and quarantined ones included. */
  all(requestId: string): DispensedPack[] {
    return this.packsOf.all({ requestId })
  }

  /** The request's packs that left its bag (back to stock or to quarantine) at or after `since`. */
  leftTheBagSince(requestId: string, since: string): DispensedPack[] {
    return this.leftSince.all({ requestId, since })
  }

  /** The packs of this batch in a bag now, any request's (handed over or not), by request. */
  assembledOfBatch(batchId: number): DispensedPack[] {
    return this.inBagsOfBatch.all({ batchId })
  }

  /**
   * The packs of the request's bag in the pharmacy: assembled, less those in a parcel delivered or
   * still with the carrier (where packing said which parcel each went in).
   */
  inHand(requestId: string): DispensedPack[] {
    return this.inHandOf.all({ requestId })
  }

  /** The packs that are in the request's bag now. */
  assembled(requestId: string): DispensedPack[] {
    return this.all(requestId).filter((pack) => pack.state === 'assembled')
  }

  /** The pack with this serial already in someone's bag (or quarantined), if any. */
  holderOfSerial(gtin: string, serial: string): DispensedPack | null {
    return this.serialHolder.get({ gtin, serial }) ?? null
  }

  markRescanned(packId: number, by: Person, at: string): void {
    this.setRescan.run({ rescannedById: by.id, rescannedByName: by.name, rescannedAt: at, id: packId })
  }

  markState(packId: number, state: DispensedPackState, at: string, reason: string): void {
    this.setState.run({ state, stateAt: at, stateReason: reason, id: packId })
  }

  checks(requestId: string): DispensingChecks {
    return this.checksOf.get({ requestId }) ?? { requestId, ...NO_CHECKS, labelGeneration: 1 }
  }

  /** A new round of dispensing starts with no checks made, and its labels a generation on. */
  startChecks(requestId: string): void {
    this.resetChecks.run({ requestId })
  }

  checksForJob(jobId: number): DispensingChecks | null {
    return this.byJob.get({ jobId }) ?? null
  }

  labelsRequested(requestId: string, jobId: number, by: Person): void {
    this.resetIfMissing(requestId)
    this.setLabelsRequested.run({
      labelsJobId: jobId,
      labelsRequestedById: by.id,
      labelsRequestedByName: by.name,
      requestId
    })
  }

  labelled(requestId: string, at: string): void {
    this.resetIfMissing(requestId)
    this.setLabelled.run({ labelledAt: at, requestId })
  }

  accuracyChecked(requestId: string, by: Person, at: string, selfCheck: boolean): void {
    this.resetIfMissing(requestId)
    this.setAccuracyCheck.run({
      accuracyCheckById: by.id,
      accuracyCheckByName: by.name,
      accuracyCheckAt: at,
      selfCheck,
      requestId
    })
  }

  /**
   * The items changed at Phensys: the labels asked for and the accuracy check made were for the old
   * ones. The labels job is no longer this request's (a late delivery labels nothing), the check
   * is gone, and the labels printed next are a generation on (the old ones still on the packs no
   * longer pass the accuracy check); `labelledAt` stays, as the packs may carry the old labels.
   */
  voidLabelsAndCheck(requestId: string): void {
    this.voidChecks.run({ requestId })
  }

  private resetIfMissing(requestId: string): void {
    if (!this.checksOf.get({ requestId })) this.resetChecks.run({ requestId })
  }
}
