import { asc, eq, notInArray, sql } from 'drizzle-orm'
import { CLOSED_STAGES, STAGES, STAGE_LABELS, storedStage, type Stage } from '../../shared/workflow/stages'
import { patientDisplayName, type Snapshot } from '../../shared/phensys/snapshot'
import type { WorklistGroup, WorklistRow, WorklistView } from '../../shared/contract'
import type { CounterDb } from '../db/open'
import { placeholders, setPlaceholders } from '../db/query-parts'
import { requests } from '../db/schema/requests'

type RequestRow = typeof requests.$inferSelect

/** The columns a newer snapshot rewrites; the stage and when it was received are the counter's own. */
const SNAPSHOT_COLUMNS = [
  'version',
  'phensysState',
  'route',
  'patientName',
  'itemCount',
  'hasControlledDrug',
  'hardCopyRequired',
  'deliveryService',
  'updatedAt',
  'snapshot'
] as const satisfies ReadonlyArray<keyof RequestRow>

export type StoredRequest = { row: WorklistRow; version: number; snapshot: Snapshot }

export type IngestOutcome = 'created' | 'updated' | 'ignored'

/** Schedule 2 or 3: a private prescription for these is only ever on paper (FP10PCD), so the original must be in hand. */
function hasHardCopyControlledDrug(snapshot: Snapshot): boolean {
  return snapshot.prescription.items.some((item) => {
    const schedule = Number(item.product.controlledDrugSchedule)
    return schedule === 2 || schedule === 3
  })
}

/**
 * Whether the counter must hold the request until the original arrives: when Phensys says so,
 * when any item is Schedule 2 or 3, or when it is a paper prescription from an upload, whatever
 * Phensys's flag says.
 */
function requiresHardCopy(snapshot: Snapshot): boolean {
  return (
    snapshot.prescription.hardCopy.required ||
    hasHardCopyControlledDrug(snapshot) ||
    (snapshot.route === 'upload' && snapshot.prescription.kind === 'private_paper')
  )
}

const STAGE_ORDER = new Map<string, number>(STAGES.map((stage, index) => [stage, index]))

/** The local copy of fulfilment requests: Phensys's snapshot plus the counter's stage. */
export class RequestsRepo {
  private readonly selectOne
  private readonly selectVersion
  private readonly insertRow
  private readonly updateSnapshot
  private readonly openRows
  private readonly allRows

  constructor(db: CounterDb) {
    const r = requests
    const byId = eq(r.id, sql.placeholder('id'))
    this.selectOne = db.select().from(r).where(byId).prepare()
    this.selectVersion = db.select({ version: r.version }).from(r).where(byId).prepare()
    this.insertRow = db
      .insert(r)
      .values(placeholders(['id', ...SNAPSHOT_COLUMNS, 'stage', 'stageSince', 'receivedAt']))
      .prepare()
    this.updateSnapshot = db.update(r).set(setPlaceholders(SNAPSHOT_COLUMNS)).where(byId).prepare()
    this.openRows = db
      .select()
      .from(r)
      .where(notInArray(r.stage, [...CLOSED_STAGES]))
      .orderBy(asc(r.stageSince))
      .prepare()
    this.allRows = db.select().from(r).orderBy(asc(r.stageSince)).prepare()
  }

  /**
   * Stores a snapshot if it is newer than what we hold; a version at or below the stored one is
   * ignored (the feed is at-least-once and may reorder). Must run inside the caller's transaction.
   */
  ingest(snapshot: Snapshot, receivedAt: string): IngestOutcome {
    const stored = this.selectVersion.get({ id: snapshot.id })
    if (stored && snapshot.version <= stored.version) return 'ignored'
    const columns = {
      id: snapshot.id,
      version: snapshot.version,
      phensysState: snapshot.state,
      route: snapshot.route,
      patientName: patientDisplayName(snapshot),
      itemCount: snapshot.prescription.items.length,
      hasControlledDrug: snapshot.prescription.items.some((item) => item.product.controlledDrugSchedule != null),
      hardCopyRequired: requiresHardCopy(snapshot),
      deliveryService: snapshot.delivery.service,
      updatedAt: receivedAt,
      snapshot: JSON.stringify(snapshot)
    } satisfies Pick<RequestRow, 'id' | (typeof SNAPSHOT_COLUMNS)[number]>
    if (stored) {
      this.updateSnapshot.run(columns)
      return 'updated'
    }
    this.insertRow.run({ ...columns, stage: 'new', stageSince: receivedAt, receivedAt })
    return 'created'
  }

  get(id: string): StoredRequest | undefined {
    const row = this.selectOne.get({ id })
    if (!row) return undefined
    return { row: toWorklistRow(row), version: row.version, snapshot: JSON.parse(row.snapshot) as Snapshot }
  }

  worklist(includeClosed: boolean): Omit<WorklistView, 'notes'> {
    const rows = (includeClosed ? this.allRows : this.openRows).all().map(toWorklistRow)
    const groups = new Map<Stage, WorklistGroup>()
    for (const row of rows) {
      const group = groups.get(row.stage) ?? {
        stage: row.stage,
        label: STAGE_LABELS[row.stage],
        count: 0,
        oldestSince: null
      }
      group.count += 1
      if (group.oldestSince === null || row.stageSince < group.oldestSince) group.oldestSince = row.stageSince
      groups.set(row.stage, group)
    }
    const ordered = [...groups.values()].sort(
      (a, b) => (STAGE_ORDER.get(a.stage) ?? 0) - (STAGE_ORDER.get(b.stage) ?? 0)
    )
    return { groups: ordered, rows }
  }
}

function toWorklistRow(row: RequestRow): WorklistRow {
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
    stageSince: row.stageSince
  }
}
