import { and, asc, count, desc, eq, gte, inArray, lt, min, or, sql } from 'drizzle-orm'
import { CLOSED_STAGES, STAGES, STAGE_LABELS, storedStage, type Stage } from '../../shared/workflow/stages'
import { patientDisplayName, type Snapshot } from '../../shared/phensys/snapshot'
import type {
  ClaimView,
  ClosedWorklistView,
  ClosedWorklistViewName,
  WorklistGroup,
  WorklistRow,
  WorklistView
} from '../../shared/contract'
import { normalisePostcode, patientMatchKey } from '../../shared/clinical/identity'
import { type CatalogueSchedule, hasScheduled, itemSchedules } from '../../shared/workflow/cd-schedule'
import {
  type CounterDb,
  directInsert,
  directUpdate,
  jsonArrayValues,
  setPlaceholders,
  OPEN_REQUEST,
  requests,
  requestClaims
} from '../db'
import { catalogueSchedules } from './catalogue-schedules'
import { labelRefOf } from '../../shared/scan/own-labels'

type RequestRow = typeof requests.$inferSelect
type ClaimRow = typeof requestClaims.$inferSelect

/** What the worklist shows of a request: never the snapshot (the bulk of each row). */
const LIST_COLUMNS = {
  id: requests.id,
  stage: requests.stage,
  phensysState: requests.phensysState,
  route: requests.route,
  patientName: requests.patientName,
  itemCount: requests.itemCount,
  hasControlledDrug: requests.hasControlledDrug,
  hardCopyRequired: requests.hardCopyRequired,
  deliveryService: requests.deliveryService,
  receivedAt: requests.receivedAt,
  stageSince: requests.stageSince,
  revision: requests.revision
}

type ListRow = Pick<RequestRow, keyof typeof LIST_COLUMNS>

/** Where a page of the worklist starts: after this row, in the list's order (oldest in its stage first). */
export interface WorklistCursor {
  stageSince: string
  id: string
}

/** The columns a newer snapshot rewrites; the stage and when it was received are the counter's own. */
const SNAPSHOT_COLUMNS = [
  'version',
  'phensysState',
  'route',
  'patientName',
  'patientId',
  'patientDob',
  'patientPostcode',
  'patientMatchKey',
  'itemCount',
  'hasControlledDrug',
  'hardCopyRequired',
  'deliveryService',
  'updatedAt',
  'snapshot'
] as const satisfies ReadonlyArray<keyof RequestRow>

export type StoredRequest = { row: WorklistRow; version: number; snapshot: Snapshot; asksCdChecks: boolean }

export type IngestOutcome = 'created' | 'updated' | 'ignored'

/** Schedule 2 or 3: a private prescription for these is only ever on paper (FP10PCD), so the original must be in hand. */
function hasHardCopyControlledDrug(snapshot: Snapshot, catalogue: CatalogueSchedule): boolean {
  return hasScheduled(snapshot, catalogue, [2, 3])
}

/**
 * Whether the counter must hold the request until the original arrives: when Phensys says so,
 * when any item is Schedule 2 or 3, or when it is a paper prescription from an upload, whatever
 * Phensys's flag says.
 */
function requiresHardCopy(snapshot: Snapshot, catalogue: CatalogueSchedule): boolean {
  return (
    snapshot.prescription.hardCopy.required ||
    hasHardCopyControlledDrug(snapshot, catalogue) ||
    (snapshot.route === 'upload' && snapshot.prescription.kind === 'private_paper')
  )
}

/** Rows per page of the worklist's "All". */
const CLOSED_PAGE = 200

const STAGE_ORDER = new Map<string, number>(STAGES.map((stage, index) => [stage, index]))

/** The local copy of fulfilment requests: Phensys's snapshot plus the counter's stage. */
export class RequestsRepo {
  private readonly selectOne
  private readonly selectVersion
  private readonly selectStage
  private readonly insertRow
  private readonly updateSnapshot
  private readonly updateEcho
  private readonly openRows
  private readonly allRows
  private readonly openPageRows
  private readonly openGroupRows
  private readonly openRowsOfIds
  private readonly closedSince
  private readonly newestFirst
  private readonly newestAfter
  private readonly claimOne
  private readonly allClaims
  private readonly byLabelRef
  private readonly withoutLabelRef
  private readonly setLabelRef
  private labelRefsFilled = false

  constructor(
    private readonly db: CounterDb,
    private readonly catalogue: CatalogueSchedule = catalogueSchedules(db)
  ) {
    const r = requests
    const byId = eq(r.id, sql.placeholder('id'))
    this.selectOne = db.select().from(r).where(byId).prepare()
    this.selectVersion = db.select({ version: r.version }).from(r).where(byId).prepare()
    this.selectStage = db.select({ stage: r.stage, hardCopyRequired: r.hardCopyRequired }).from(r).where(byId).prepare()
    // Written for every snapshot the feed brings: statements of the driver's own (query-parts.ts).
    this.insertRow = directInsert(db, r, ['id', ...SNAPSHOT_COLUMNS, 'stage', 'stageSince', 'receivedAt', 'labelRef'])
    this.byLabelRef = db
      .select({ id: r.id })
      .from(r)
      .where(and(sql`${r.labelRef} IS NOT NULL`, eq(r.labelRef, sql.placeholder('ref'))))
      .limit(2)
      .prepare()
    // Requests stored before label_ref (migration 0048) whose id may be too long for a barcode:
    // longer than any id carried as it is, or holding a character that is percent-encoded.
    this.withoutLabelRef = db
      .select({ id: r.id })
      .from(r)
      .where(and(sql`${r.labelRef} IS NULL`, sql`(length(${r.id}) > 24 OR ${r.id} GLOB '*[^A-Za-z0-9._-]*')`))
      .prepare()
    this.setLabelRef = db
      .update(r)
      .set({ labelRef: sql`${sql.placeholder('ref')}` })
      .where(byId)
      .prepare()
    // Not a new revision by itself: Phensys echoes every status the counter sends. What matters
    // (a cancellation, new items) moves the request through the workflow, which counts it.
    this.updateSnapshot = directUpdate(db, r, SNAPSHOT_COLUMNS, 'id')
    this.updateEcho = db
      .update(r)
      .set(setPlaceholders(['version', 'phensysState', 'updatedAt', 'snapshot']))
      .where(byId)
      .prepare()
    this.claimOne = db
      .select()
      .from(requestClaims)
      .where(eq(requestClaims.requestId, sql.placeholder('id')))
      .prepare()
    this.allClaims = db.select().from(requestClaims).prepare()
    // Every query of open requests carries OPEN_REQUEST as written, so that it reads the open-requests index.
    this.openRows = db.select(LIST_COLUMNS).from(r).where(OPEN_REQUEST).orderBy(asc(r.stageSince), asc(r.id)).prepare()
    this.allRows = db.select(LIST_COLUMNS).from(r).orderBy(asc(r.stageSince), asc(r.id)).prepare()
    this.openPageRows = db
      .select(LIST_COLUMNS)
      .from(r)
      .where(
        and(
          OPEN_REQUEST,
          sql`(${r.stageSince}, ${r.id}) > (${sql.placeholder('afterSince')}, ${sql.placeholder('afterId')})`
        )
      )
      .orderBy(asc(r.stageSince), asc(r.id))
      .limit(sql.placeholder('limit'))
      .prepare()
    this.openGroupRows = db
      .select({
        stage: r.stage,
        hardCopyRequired: r.hardCopyRequired,
        count: count(),
        oldestSince: min(r.stageSince)
      })
      .from(r)
      .where(OPEN_REQUEST)
      // Read from requests_open_stages (open requests only, already in this order): no sorting, and
      // never requests_stage, which holds every request ever stored.
      .groupBy(r.stage, r.hardCopyRequired)
      .prepare()
    // What was completed today: closed requests that entered their stage since the day began.
    this.closedSince = db
      .select(LIST_COLUMNS)
      .from(r)
      .where(and(inArray(r.stage, [...CLOSED_STAGES]), gte(r.stageSince, sql.placeholder('since'))))
      .orderBy(desc(r.stageSince))
      .prepare()
    // Every request, newest first, a page at a time (a year of requests is never read at once).
    this.newestFirst = db
      .select(LIST_COLUMNS)
      .from(r)
      .orderBy(desc(r.receivedAt), desc(r.id))
      .limit(CLOSED_PAGE + 1)
      .prepare()
    const receivedAt = sql.placeholder('receivedAt')
    this.newestAfter = db
      .select(LIST_COLUMNS)
      .from(r)
      .where(or(lt(r.receivedAt, receivedAt), and(eq(r.receivedAt, receivedAt), lt(r.id, sql.placeholder('id')))))
      .orderBy(desc(r.receivedAt), desc(r.id))
      .limit(CLOSED_PAGE + 1)
      .prepare()
    this.openRowsOfIds = db
      .select(LIST_COLUMNS)
      .from(r)
      .where(and(OPEN_REQUEST, inArray(r.id, jsonArrayValues('ids'))))
      .prepare()
  }

  /**
   * Stores a snapshot if it is newer than what we hold; a version at or below the stored one is
   * ignored (the feed is at-least-once and may reorder). Must run inside the caller's transaction.
   */
  ingest(
    snapshot: Snapshot,
    receivedAt: string,
    /** The version held, when the caller has just read it (null: not held). */
    held: number | null = this.versionOf(snapshot.id) ?? null
  ): IngestOutcome {
    const stored = held === null ? undefined : { version: held }
    if (stored && snapshot.version <= stored.version) return 'ignored'
    const columns = {
      id: snapshot.id,
      version: snapshot.version,
      phensysState: snapshot.state,
      route: snapshot.route,
      patientName: patientDisplayName(snapshot),
      patientId: snapshot.patient.id,
      patientDob: snapshot.patient.dateOfBirth,
      patientPostcode: normalisePostcode(snapshot.delivery.address.postcode),
      patientMatchKey: patientMatchKey(
        snapshot.patient.name.given,
        snapshot.patient.name.family,
        snapshot.patient.dateOfBirth,
        snapshot.delivery.address.postcode
      ),
      itemCount: snapshot.prescription.items.length,
      hasControlledDrug:
        snapshot.prescription.items.some((item) => item.product.controlledDrugSchedule != null) ||
        itemSchedules(snapshot, this.catalogue).some((schedule) => schedule !== null),
      hardCopyRequired: requiresHardCopy(snapshot, this.catalogue),
      deliveryService: snapshot.delivery.service,
      updatedAt: receivedAt,
      snapshot: JSON.stringify(snapshot)
    } satisfies Pick<RequestRow, 'id' | (typeof SNAPSHOT_COLUMNS)[number]>
    if (stored) {
      this.updateSnapshot.run(columns)
      return 'updated'
    }
    this.insertRow.run({
      ...columns,
      stage: 'new',
      stageSince: receivedAt,
      receivedAt,
      labelRef: labelRefOf(snapshot.id)
    })
    return 'created'
  }

  /**
   * A newer snapshot that differs from the one held only in its version, state and time of change
   * (Phensys's answer to the counter's own event): only those columns are rewritten, every other one
   * is the same. Must run inside the caller's transaction.
   */
  recordEcho(snapshot: Snapshot, receivedAt: string): void {
    this.updateEcho.run({
      id: snapshot.id,
      version: snapshot.version,
      phensysState: snapshot.state,
      updatedAt: receivedAt,
      snapshot: JSON.stringify(snapshot)
    })
  }

  /** The request's stage as the worklist shows it, without reading the snapshot. */
  stageOf(id: string): Stage | undefined {
    const row = this.selectStage.get({ id })
    return row ? storedStage(row.stage, row.hardCopyRequired) : undefined
  }

  /** The version of the snapshot held, without reading the snapshot. */
  /**
   * The request a label's short form names (own-labels.ts), or null: none, or more than one (two
   * ids whose short forms agree, which 80 bits make all but impossible, open neither).
   */
  idOfLabelRef(ref: string): string | null {
    let found = this.byLabelRef.all({ ref })
    if (found.length === 0 && !this.labelRefsFilled) {
      this.fillLabelRefs()
      found = this.byLabelRef.all({ ref })
    }
    return found.length === 1 ? found[0]!.id : null
  }

  /** Gives the requests stored before migration 0048 their short form, once a process. */
  private fillLabelRefs(): void {
    // One transaction: one commit however many there are (better-sqlite3 nests it as a savepoint).
    this.db.$client.transaction(() => {
      for (const { id } of this.withoutLabelRef.all()) {
        const ref = labelRefOf(id)
        if (ref !== null) this.setLabelRef.run({ id, ref })
      }
    })()
    this.labelRefsFilled = true
  }

  versionOf(id: string): number | undefined {
    return this.selectVersion.get({ id })?.version
  }

  get(id: string): StoredRequest | undefined {
    const row = this.selectOne.get({ id })
    if (!row) return undefined
    const claim = this.claimOne.get({ id })
    const snapshot = JSON.parse(row.snapshot) as Snapshot
    return {
      row: toWorklistRow(row, claim ? toClaimView(claim) : null),
      version: row.version,
      snapshot,
      asksCdChecks: hasHardCopyControlledDrug(snapshot, this.catalogue)
    }
  }

  /** Every request (or every open one) with its list columns: for the counter's own loops and tests, not the screen. */
  worklist(includeClosed: boolean): WorklistView {
    const rows = this.withClaims((includeClosed ? this.allRows : this.openRows).all())
    return { groups: this.openGroups(), rows, next: null }
  }

  /**
   * A page of the open requests, in the list's order, after `after` (from the start when null),
   * with the stages' counts over all of them: what the worklist screen loads, page by page.
   */
  openPage(after: WorklistCursor | null, limit: number): WorklistView {
    const rows = this.withClaims(
      this.openPageRows.all({ afterSince: after?.stageSince ?? '', afterId: after?.id ?? '', limit })
    )
    const last = rows.at(-1)
    return {
      groups: this.openGroups(),
      rows,
      next: rows.length === limit && last ? { stageSince: last.stageSince, id: last.id } : null
    }
  }

  /** Of these requests, the ones still open, as the list shows them (a changed request the list patches in; one missing here has closed). */
  openRowsOf(ids: readonly string[]): WorklistRow[] {
    return this.withClaims(this.openRowsOfIds.all({ ids: JSON.stringify(ids) }))
  }

  /** What was completed since the start of the pharmacy's day (`todayStart`, an instant), or every request newest first, a page at a time. */
  closedView(
    view: ClosedWorklistViewName,
    options: { todayStart: string; after: { receivedAt: string; id: string } | null }
  ): ClosedWorklistView {
    if (view === 'completed_today')
      return { rows: this.withClaims(this.closedSince.all({ since: options.todayStart })), more: false }
    const rows = options.after ? this.newestAfter.all(options.after) : this.newestFirst.all()
    return { rows: this.withClaims(rows.slice(0, CLOSED_PAGE)), more: rows.length > CLOSED_PAGE }
  }

  /** The rows with who is working each. Claims are few (one per request being worked): read whole and matched here. */
  private withClaims(rows: ListRow[]): WorklistRow[] {
    if (rows.length === 0) return []
    const claims = new Map(this.allClaims.all().map((claim) => [claim.requestId, toClaimView(claim)]))
    return rows.map((row) => toWorklistRow(row, claims.get(row.id) ?? null))
  }

  private openGroups(): WorklistGroup[] {
    const groups = new Map<Stage, WorklistGroup>()
    for (const row of this.openGroupRows.all()) {
      // Read as the rows are (storedStage): a stage of an earlier version counts where it leads now.
      const stage = storedStage(row.stage, row.hardCopyRequired)
      const group = groups.get(stage) ?? { stage, label: STAGE_LABELS[stage], count: 0, oldestSince: null }
      group.count += row.count
      if (row.oldestSince !== null && (group.oldestSince === null || row.oldestSince < group.oldestSince))
        group.oldestSince = row.oldestSince
      groups.set(stage, group)
    }
    return [...groups.values()].sort((a, b) => (STAGE_ORDER.get(a.stage) ?? 0) - (STAGE_ORDER.get(b.stage) ?? 0))
  }
}

function toClaimView(claim: ClaimRow): ClaimView {
  return {
    userId: claim.userId,
    userName: claim.userName,
    benchId: claim.workstationId,
    benchName: claim.benchName,
    stage: storedStage(claim.stage, false),
    since: claim.since
  }
}

function toWorklistRow(row: ListRow, claim: ClaimView | null): WorklistRow {
  return {
    id: row.id,
    stage: storedStage(row.stage, row.hardCopyRequired),
    phensysState: row.phensysState,
    route: row.route,
    patientName: row.patientName,
    itemCount: row.itemCount,
    hasControlledDrug: row.hasControlledDrug,
    hardCopyRequired: row.hardCopyRequired,
    deliveryService: row.deliveryService,
    receivedAt: row.receivedAt,
    stageSince: row.stageSince,
    revision: row.revision,
    claim,
    notes: []
  }
}
