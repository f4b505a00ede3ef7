import type Database from 'better-sqlite3'
import { CLOSED_STAGES, STAGES, STAGE_LABELS, isStage, type Stage } from '../../shared/workflow/stages'
import { patientDisplayName, type Snapshot } from '../../shared/phensys/snapshot'
import type { WorklistGroup, WorklistRow, WorklistView } from '../../shared/contract'

interface RequestRow {
  id: string
  version: number
  phensys_state: string
  stage: string
  stage_since: string
  route: string
  patient_name: string
  item_count: number
  has_controlled_drug: number
  hard_copy_required: number
  delivery_service: string
  received_at: string
  updated_at: string
  snapshot: string
}

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
export function requiresHardCopy(snapshot: Snapshot): boolean {
  return (
    snapshot.prescription.hardCopy.required ||
    hasHardCopyControlledDrug(snapshot) ||
    (snapshot.route === 'upload' && snapshot.prescription.kind === 'private_paper')
  )
}

const STAGE_ORDER = new Map<string, number>(STAGES.map((stage, index) => [stage, index]))

/** The local copy of fulfilment requests: Phensys's snapshot plus the counter's stage. */
export class RequestsRepo {
  private readonly selectOne: Database.Statement<[string], RequestRow>
  private readonly selectVersion: Database.Statement<[string], { version: number }>
  private readonly insertRow: Database.Statement<RequestRow>
  private readonly updateSnapshot: Database.Statement<Omit<RequestRow, 'stage' | 'stage_since' | 'received_at'>>
  private readonly updateStage: Database.Statement<{ id: string; stage: string; stage_since: string }>
  private readonly openRows: Database.Statement<[], RequestRow>
  private readonly allRows: Database.Statement<[], RequestRow>

  constructor(sqlite: Database.Database) {
    this.selectOne = sqlite.prepare('SELECT * FROM requests WHERE id = ?')
    this.selectVersion = sqlite.prepare('SELECT version FROM requests WHERE id = ?')
    this.insertRow = sqlite.prepare(
      `INSERT INTO requests (id, version, phensys_state, stage, stage_since, route, patient_name, item_count,
         has_controlled_drug, hard_copy_required, delivery_service, received_at, updated_at, snapshot)
       VALUES (@id, @version, @phensys_state, @stage, @stage_since, @route, @patient_name, @item_count,
         @has_controlled_drug, @hard_copy_required, @delivery_service, @received_at, @updated_at, @snapshot)`
    )
    this.updateSnapshot = sqlite.prepare(
      `UPDATE requests SET version = @version, phensys_state = @phensys_state, route = @route,
         patient_name = @patient_name, item_count = @item_count, has_controlled_drug = @has_controlled_drug,
         hard_copy_required = @hard_copy_required, delivery_service = @delivery_service,
         updated_at = @updated_at, snapshot = @snapshot
       WHERE id = @id`
    )
    this.updateStage = sqlite.prepare('UPDATE requests SET stage = @stage, stage_since = @stage_since WHERE id = @id')
    const closedList = CLOSED_STAGES.map((stage) => `'${stage}'`).join(',')
    this.openRows = sqlite.prepare(`SELECT * FROM requests WHERE stage NOT IN (${closedList}) ORDER BY stage_since`)
    this.allRows = sqlite.prepare('SELECT * FROM requests ORDER BY stage_since')
  }

  /**
   * Stores a snapshot if it is newer than what we hold; a version at or below the stored one is
   * ignored (the feed is at-least-once and may reorder). Must run inside the caller's transaction.
   */
  ingest(
    snapshot: Snapshot,
    receivedAt: string,
    /** The version held, when the caller has just read it (null: not held). */
    held: number | null = this.selectVersion.get(snapshot.id)?.version ?? null
  ): IngestOutcome {
    const stored = held === null ? undefined : { version: held }
    if (stored && snapshot.version <= stored.version) return 'ignored'
    const columns = {
      id: snapshot.id,
      version: snapshot.version,
      phensys_state: snapshot.state,
      route: snapshot.route,
      patient_name: patientDisplayName(snapshot),
      item_count: snapshot.prescription.items.length,
      has_controlled_drug: snapshot.prescription.items.some((item) => item.product.controlledDrugSchedule != null)
        ? 1
        : 0,
      hard_copy_required: requiresHardCopy(snapshot) ? 1 : 0,
      delivery_service: snapshot.delivery.service,
      updated_at: receivedAt,
      snapshot: JSON.stringify(snapshot)
    }
    if (stored) {
      this.updateSnapshot.run(columns)
      return 'updated'
    }
    this.insertRow.run({ ...columns, stage: 'new', stage_since: receivedAt, received_at: receivedAt })
    return 'created'
  }

  /** The version of the snapshot held, without reading the snapshot. */
  versionOf(id: string): number | undefined {
    return this.selectVersion.get(id)?.version
  }

  setStage(id: string, stage: Stage, since: string): void {
    this.updateStage.run({ id, stage, stage_since: since })
  }

  get(id: string): StoredRequest | undefined {
    const row = this.selectOne.get(id)
    if (!row) return undefined
    return { row: toWorklistRow(row), version: row.version, snapshot: JSON.parse(row.snapshot) as Snapshot }
  }

  worklist(includeClosed: boolean): WorklistView {
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
    stage: isStage(row.stage) ? row.stage : 'new',
    phensysState: row.phensys_state,
    route: row.route,
    patientName: row.patient_name,
    itemCount: row.item_count,
    hasControlledDrug: row.has_controlled_drug === 1,
    hardCopyRequired: row.hard_copy_required === 1,
    deliveryService: row.delivery_service,
    receivedAt: row.received_at,
    stageSince: row.stage_since
  }
}
