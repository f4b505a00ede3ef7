/**
 * The patient's medication record, read from the requests and the POM register: every request of
 * theirs here (open and closed) and every supply (medicine, quantity, batch, date, prescriber,
 * route). Patients are the same across requests by Phensys's patient id, and by ids a person
 * confirmed belong to one person. Each query reads one patient's rows through an index
 * (`requests_patient`, `pom_register_supply_once`), so a year of other patients costs nothing.
 */
import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm'
import type { SnapshotItem } from '../../shared/phensys/snapshot'
import {
  type CounterDb,
  jsonArrayValues,
  placeholders,
  patientIdentityDecisions,
  pomRegisterEntries,
  OPEN_REQUEST,
  requests,
  products
} from '../db'

/** A request of the patient: its row, and its items as JSON (the rest of the snapshot is not read). */
export type PatientRequest = Pick<
  typeof requests.$inferSelect,
  'id' | 'patientId' | 'stage' | 'hardCopyRequired' | 'receivedAt' | 'stageSince' | 'route'
> & { items: string }

/** An open request of the patient, with what its safety flags are computed from besides its items. */
type OpenPatientRequest = PatientRequest & Pick<typeof requests.$inferSelect, 'version' | 'patientDob'>

export interface SupplyLine {
  requestId: string
  lineId: string
  suppliedAt: string
  supplyDate: string
  dmdId: string
  /** The product's VMP where the catalogue knows it (an AMP names its VMP), else null. */
  vmpId: string | null
  cdSchedule: number | null
  medicineName: string
  quantity: number
  unit: string
  packsSupplied: string
  prescriberName: string
  route: string
}

export interface IdentityDecision {
  patientId: string
  otherPatientId: string
  samePerson: boolean
  reason: string
  byId: string
  byName: string
  at: string
}

export class PatientsRepo {
  private readonly requestsOfIds
  private readonly openOfIds
  private readonly suppliesOfIds
  private readonly suppliesWithDirections
  private readonly decisionsOf
  private readonly decisionsOfIds
  private readonly matchesOf
  private readonly insertDecision
  private readonly productOf

  constructor(db: CounterDb) {
    const r = requests
    const ids = jsonArrayValues('ids')
    // A closed request's snapshot may be kept deflated: counter_snapshot gives its JSON. Text is
    // read as it is, not handed to JavaScript and back (the feed asks this of every new request's patient).
    const snapshotJson = sql`CASE WHEN typeof(${r.snapshot}) = 'text' THEN ${r.snapshot} ELSE counter_snapshot(${r.snapshot}) END`
    const requestColumns = {
      id: r.id,
      patientId: r.patientId,
      stage: r.stage,
      hardCopyRequired: r.hardCopyRequired,
      receivedAt: r.receivedAt,
      stageSince: r.stageSince,
      route: r.route,
      items: sql<string>`json_extract(${snapshotJson}, '$.prescription.items')`
    }
    this.requestsOfIds = db
      .select(requestColumns)
      .from(r)
      .where(inArray(r.patientId, ids))
      .orderBy(desc(r.receivedAt))
      .prepare()
    this.openOfIds = db
      .select({ ...requestColumns, version: r.version, patientDob: r.patientDob })
      .from(r)
      // OPEN_REQUEST is a literal: a bound list of stages would be planned afresh at every run.
      .where(and(inArray(r.patientId, ids), OPEN_REQUEST))
      .prepare()
    const p = pomRegisterEntries
    const supplyColumns = {
      requestId: p.requestId,
      lineId: p.lineId,
      suppliedAt: p.suppliedAt,
      supplyDate: p.supplyDate,
      dmdId: p.dmdId,
      vmpId: sql<
        string | null
      >`COALESCE(${products.vmpId}, CASE WHEN ${products.level} = 'VMP' THEN ${products.dmdId} END)`,
      cdSchedule: products.cdSchedule,
      medicineName: p.medicineName,
      quantity: p.quantity,
      unit: p.unit,
      packsSupplied: p.packsSupplied,
      prescriberName: p.prescriberName,
      route: r.route
    }
    const supplied = and(eq(p.requestId, r.id), sql`${p.kind} = 'supply'`)
    const newestSupply = [desc(p.suppliedAt), asc(p.lineId)] as const
    this.suppliesOfIds = db
      .select(supplyColumns)
      .from(r)
      .innerJoin(p, supplied)
      .leftJoin(products, eq(products.dmdId, p.dmdId))
      .where(inArray(r.patientId, ids))
      .orderBy(...newestSupply)
      .prepare()
    // The rules also read each supplied line's directions (the course length) from its snapshot.
    // Read for a whole page of the feed at once and shared out by patient: each row says whose it
    // is, and the order is total (the register's row last), so each patient's rows keep one order.
    this.suppliesWithDirections = db
      .select({
        ...supplyColumns,
        patientId: r.patientId,
        directions: sql<
          string | null
        >`(SELECT json_extract(line.value, '$.directions') FROM json_each(${snapshotJson}, '$.prescription.items') AS line WHERE json_extract(line.value, '$.lineId') = ${p.lineId})`
      })
      .from(r)
      .innerJoin(p, supplied)
      .leftJoin(products, eq(products.dmdId, p.dmdId))
      .where(inArray(r.patientId, ids))
      .orderBy(...newestSupply, asc(p.id))
      .prepare()
    const d = patientIdentityDecisions
    const patientId = sql.placeholder('patientId')
    this.decisionsOf = db
      .select()
      .from(d)
      .where(or(eq(d.patientId, patientId), eq(d.otherPatientId, patientId)))
      .orderBy(asc(d.id))
      .prepare()
    this.decisionsOfIds = db
      .select()
      .from(d)
      .where(or(inArray(d.patientId, ids), inArray(d.otherPatientId, ids)))
      .orderBy(asc(d.id))
      .prepare()
    // Other ids whose requests share a name, date of birth and postcode with this patient's.
    const keys = db.selectDistinct({ key: r.patientMatchKey }).from(r).where(eq(r.patientId, patientId))
    this.matchesOf = db
      .select({ patientId: r.patientId, name: sql<string>`MAX(${r.patientName})`, requests: sql<number>`COUNT(*)` })
      .from(r)
      .where(and(inArray(r.patientMatchKey, keys), ne(r.patientId, patientId)))
      .groupBy(r.patientId)
      .prepare()
    this.insertDecision = db
      .insert(d)
      .values(placeholders(['patientId', 'otherPatientId', 'samePerson', 'reason', 'byId', 'byName', 'at']))
      .prepare()
    this.productOf = db
      .select({ vmpId: products.vmpId, level: products.level, cdSchedule: products.cdSchedule })
      .from(products)
      .where(eq(products.dmdId, sql.placeholder('dmdId')))
      .prepare()
  }

  /**
   * The Phensys ids that are this patient: theirs, and those a person confirmed are the same
   * person (the latest decision on a pair stands), followed across confirmed pairs.
   */
  idsOf(patientId: string): string[] {
    return sameAs(patientId, (id) => this.latestDecisions(id))
  }

  /**
   * `idsOf` each of these patients, the decisions on all of them read at once (a page of the feed
   * asks for hundreds); an id reached through them that is not among these is read on its own.
   */
  idsOfEach(patientIds: readonly string[]): string[][] {
    const decisions = new Map<string, DecisionRow[]>(patientIds.map((id) => [id, []]))
    for (const row of this.decisionsOfIds.all({ ids: JSON.stringify(patientIds) }))
      for (const id of new Set([row.patientId, row.otherPatientId])) decisions.get(id)?.push(row)
    const latest = (id: string): Map<string, boolean> => {
      const rows = decisions.get(id)
      return rows ? latestOf(id, rows) : this.latestDecisions(id)
    }
    return patientIds.map((patientId) => sameAs(patientId, latest))
  }

  /** The latest decision on each pair this id is in: the other id, and whether it is the same person. */
  latestDecisions(patientId: string): Map<string, boolean> {
    return latestOf(patientId, this.decisionsOf.all({ patientId }))
  }

  possibleMatches(patientId: string): Array<{ patientId: string; name: string; requests: number }> {
    return this.matchesOf.all({ patientId })
  }

  requestsOf(ids: readonly string[]): PatientRequest[] {
    return this.requestsOfIds.all({ ids: JSON.stringify(ids) })
  }

  openRequestsOf(ids: readonly string[]): OpenPatientRequest[] {
    return this.openOfIds.all({ ids: JSON.stringify(ids) })
  }

  suppliesOf(ids: readonly string[]): SupplyLine[] {
    return this.suppliesOfIds.all({ ids: JSON.stringify(ids) })
  }

  /** The same, each with the supplied line's directions (they give the course length), or null, and its patient's id. */
  suppliesWithDirectionsOf(
    ids: readonly string[]
  ): Array<SupplyLine & { directions: string | null; patientId: string }> {
    return this.suppliesWithDirections.all({ ids: JSON.stringify(ids) })
  }

  decide(decision: IdentityDecision): void {
    this.insertDecision.run({ ...decision })
  }

  /** A prescribed product as the catalogue knows it: its VMP and Controlled Drug schedule. */
  product(dmdId: string): { vmpId: string | null; cdSchedule: number | null } | null {
    const row = this.productOf.get({ dmdId })
    if (!row) return null
    return { vmpId: row.level === 'VMP' ? dmdId : row.vmpId, cdSchedule: row.cdSchedule }
  }
}

type DecisionRow = typeof patientIdentityDecisions.$inferSelect

/** The ids this patient's are, followed across confirmed pairs (the latest decision on a pair stands). */
function sameAs(patientId: string, decided: (id: string) => Map<string, boolean>): string[] {
  const same = new Set([patientId])
  for (let grew = true; grew;) {
    grew = false
    for (const id of [...same])
      for (const [other, isSame] of decided(id))
        if (isSame && !same.has(other)) {
          same.add(other)
          grew = true
        }
  }
  return [...same]
}

/** The latest of these decisions (in the order made) on each pair this id is in. */
function latestOf(patientId: string, decisions: readonly DecisionRow[]): Map<string, boolean> {
  const latest = new Map<string, boolean>()
  for (const row of decisions)
    latest.set(row.patientId === patientId ? row.otherPatientId : row.patientId, row.samePerson)
  return latest
}

export function itemsOf(row: Pick<PatientRequest, 'items'>): SnapshotItem[] {
  return JSON.parse(row.items) as SnapshotItem[]
}
