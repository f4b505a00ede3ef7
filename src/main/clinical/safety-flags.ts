/**
 * The safety flags of requests, computed at the counter: from the request, the patient's record
 * (every id a person confirmed is theirs) and the safety checks' file, by the rules of
 * safety-rules.ts. Raised when a version of the request arrives, again for the patient's other
 * open requests when one arrives or is supplied, and once more in the clinical check's own
 * transaction, so a check is never made on stale flags. A page of the feed computes them once per
 * patient at its end, still in its transaction, from what the whole page stored. A flag whose cause is unchanged keeps its
 * acknowledgement; one whose cause is gone no longer applies (kept). Never dismissed silently: a
 * pharmacist acknowledges a flag with the reason (`flags.acknowledge`), recorded with who and when.
 *
 * They are flags of the one mechanism every part of the counter shares (`request_flags`, src/main/
 * flags), of source `safety`: intake leaves them alone on a new version, and this part raises and
 * closes them. One that must be acknowledged holds back the clinical check and the supply after it
 * (labels, pack, dispatch, hand-over; the table's `noBlockingFlag` guard on those rows): one raised
 * once the check is made (a nitrate request arriving for a patient whose sildenafil is approved)
 * is settled by a pharmacist before the medicine leaves. The others block nothing and are shown.
 */
import type { SafetyFlagView } from '../../shared/contract'
import { FLAG_KINDS, type FlaggableStep } from '../../shared/flags/kinds'
import type { Snapshot, SnapshotItem } from '../../shared/phensys/snapshot'
import { effectiveSchedule } from '../../shared/workflow/cd-schedule'
import type { Stage } from '../../shared/workflow/stages'
import type { RequestFlags } from '../flags'
import { itemsOf, type PatientsRepo } from '../patients'
import type { SafetyFile } from './safety-file'
import { safetyFindings, type Medicine, type PriorSupply, type RequestLine, type SafetyFinding } from './safety-rules'

export interface SafetyFlagsDeps {
  flags: RequestFlags
  patients: PatientsRepo
  requests: { get(id: string): { row: { stage: Stage }; version: number; snapshot: Snapshot } | undefined }
  file: SafetyFile
  /** The pharmacy's date at an instant. */
  today: (now: Date) => string
  /** The course assumed when directions give no daily dose (a setting). */
  windowDays: () => number
}

type FlagRow = ReturnType<RequestFlags['repo']['live']>[number]
const HOLDS_BACK: readonly FlaggableStep[] = ['clinicalCheck', 'printLabels', 'pack', 'dispatch', 'collect']

export class SafetyFlags {
  /** While a page of the feed is stored: the patients whose flags are computed once, at its end. */
  private pending: Set<string> | null = null
  /** While a page is stored: the requests it stored for the first time (they have no safety flags yet). */
  private firstSeen: Set<string> | null = null
  /** While a page is stored: the catalogue's answer for each product, read once (nothing in a page changes it). */
  private known: Map<string, ReturnType<PatientsRepo['product']>> | null = null
  /** While a page is stored: its day and the early-supply window, asked once (a setting is read and checked each time). */
  private pageFacts: { today: string; windowDays: number } | null = null

  constructor(private readonly deps: SafetyFlagsDeps) {}

  /**
   * Recomputes the flags of every open request of the patient this request is for, from one
   * reading of their record. Inside the caller's transaction.
   */
  refreshPatientOf(requestId: string, now: Date): void {
    const stored = this.deps.requests.get(requestId)
    if (stored) this.refreshPatient(stored.snapshot.patient.id, now)
  }

  /**
   * The same, for the patient of this id; inside `batch`, once at its end however often asked.
   * `newRequest`: the request that made the change was stored for the first time.
   */
  refreshPatient(patientId: string, now: Date, newRequest?: string): void {
    if (!this.pending) return this.refreshPatients([patientId], now)
    this.pending.add(patientId)
    if (newRequest) this.firstSeen?.add(newRequest)
  }

  /**
   * Runs `work` (a page of the feed, inside its transaction), then computes the flags of each
   * patient it asked for once, still inside the transaction: the flags a page raises are there
   * when it commits, computed from every request of the page, and a patient with several requests
   * in the page is read once, not once per request.
   */
  batch<T>(work: () => T, now: Date): T {
    if (this.pending) return work()
    this.pending = new Set()
    this.firstSeen = new Set()
    this.known = new Map()
    this.pageFacts = null
    try {
      const result = work()
      const patients = [...this.pending]
      this.pending = null
      this.refreshPatients(patients, now)
      return result
    } finally {
      this.pending = null
      this.firstSeen = null
      this.known = null
      this.pageFacts = null
    }
  }

  /**
   * The patients' open requests, their supplies and their requests' safety flags are read once for
   * all of them (a page of the feed asks for hundreds), then each patient's share is taken in the
   * order its own reading would give: the reads change nothing, and what a patient's flags write
   * no other patient's reads (a request is refreshed once, with the first patient it belongs to).
   */
  private refreshPatients(patientIds: readonly string[], now: Date): void {
    const idsOfPatient = this.deps.patients.idsOfEach(patientIds)
    const everyId = [...new Set(idsOfPatient.flat())]
    const openOf = inQueryOrder(this.deps.patients.openRequestsOf(everyId))
    const suppliedOf = inQueryOrder(this.deps.patients.suppliesWithDirectionsOf(everyId))
    // A request this page stored for the first time has none yet: they are only computed here.
    const held = [...openOf.values()].flat().flatMap(({ row }) => (this.firstSeen?.has(row.id) ? [] : [row.id]))
    const live = groupBy(
      held.length === 0 ? [] : this.deps.flags.repo.liveOf(held).filter((flag) => flag.source === 'safety'),
      (flag) => flag.requestId
    )
    const refreshed = new Set<string>()
    for (const ids of idsOfPatient) {
      const rows = ofPatient(openOf, ids).filter((row) => !refreshed.has(row.id))
      if (rows.length === 0) continue
      const open = rows.map((row) => {
        const items = itemsOf(row)
        return { row, items, requestId: row.id, lines: items.map((item) => this.medicine(item.product)) }
      })
      const supplies = ofPatient(suppliedOf, ids).map(toPriorSupply)
      for (const request of open) {
        refreshed.add(request.requestId)
        this.refresh(request, live.get(request.requestId) ?? [], { supplies, open }, now)
      }
    }
  }

  /** Recomputes one open request's flags from the patient's supplies and open requests. */
  private refresh(
    request: { row: { id: string; version: number; patientDob: string }; items: SnapshotItem[]; lines: Medicine[] },
    ours: readonly FlagRow[],
    history: { supplies: readonly PriorSupply[]; open: ReadonlyArray<{ requestId: string; lines: Medicine[] }> },
    now: Date
  ): void {
    const { id: requestId, version } = request.row
    const facts = this.facts(now)
    const findings = safetyFindings(
      {
        requestId,
        today: facts.today,
        dateOfBirth: request.row.patientDob,
        // Each line's medicine as read above for the patient's open requests, named field by field:
        // spreading it cost more than the rules themselves, hundreds of times a page.
        lines: request.items.map((item, index): RequestLine => {
          const { dmdCode, vmpCode, name, cdSchedule } = request.lines[index]!
          return {
            dmdCode,
            vmpCode,
            name,
            cdSchedule,
            lineId: item.lineId,
            quantity: item.quantity,
            unit: item.unit,
            directions: item.directions
          }
        }),
        supplies: history.supplies,
        openRequests: history.open.filter((other) => other.requestId !== requestId),
        windowDays: facts.windowDays
      },
      this.deps.file
    )
    const repo = this.deps.flags.repo
    const at = now.toISOString()
    const live = new Map(ours.map((row) => [row.key, row]))
    for (const finding of findings) {
      const existing = live.get(finding.key)
      live.delete(finding.key)
      // The same cause (its value, not its words: "16 days ago" reads differently tomorrow) stays as it was;
      // one kept from when a flag held back fewer steps holds back today's, keeping its acknowledgement.
      if (
        existing &&
        existing.raw === JSON.stringify(finding.raw) &&
        existing.blocks.includes('clinicalCheck') === finding.mustAcknowledge
      ) {
        if (existing.blocks !== JSON.stringify(blocks(finding))) repo.setBlocks(existing.id, blocks(finding))
        continue
      }
      if (existing) repo.noLongerApplies(existing.id, version, at)
      repo.insert(
        requestId,
        {
          kind: finding.kind,
          source: 'safety',
          key: finding.key,
          path: finding.lineId ? `prescription.items[${finding.lineId}]` : 'patient',
          lineId: finding.lineId,
          raw: finding.raw,
          words: finding.words,
          blocks: blocks(finding)
        },
        version,
        at
      )
    }
    for (const gone of live.values()) repo.noLongerApplies(gone.id, version, at)
  }

  private facts(now: Date): { today: string; windowDays: number } {
    const facts = this.pageFacts ?? { today: this.deps.today(now), windowDays: this.deps.windowDays() }
    // Kept only inside a page, whose requests share its time.
    if (this.known) this.pageFacts = facts
    return facts
  }

  /** The safety flags of these requests that still apply, acknowledged or not. */
  views(requestIds: readonly string[]): SafetyFlagView[] {
    return requestIds.flatMap((id) => this.ours(id).map(toView))
  }

  private ours(requestId: string): FlagRow[] {
    return this.deps.flags.repo.live(requestId).filter((row) => row.source === 'safety')
  }

  private medicine(product: SnapshotItem['product']): Medicine {
    const known = this.product(product.dmdCode)
    return {
      dmdCode: product.dmdCode,
      vmpCode: known?.vmpId ?? product.dmdCode,
      name: product.name,
      cdSchedule: effectiveSchedule(product, known?.cdSchedule ?? null)
    }
  }

  private product(dmdCode: string): ReturnType<PatientsRepo['product']> {
    if (!this.known) return this.deps.patients.product(dmdCode)
    if (!this.known.has(dmdCode)) this.known.set(dmdCode, this.deps.patients.product(dmdCode))
    return this.known.get(dmdCode) ?? null
  }
}

type Supplied = ReturnType<PatientsRepo['suppliesWithDirectionsOf']>[number]

function toPriorSupply(supply: Supplied): PriorSupply {
  return {
    requestId: supply.requestId,
    dmdCode: supply.dmdId,
    vmpCode: supply.vmpId ?? supply.dmdId,
    name: supply.medicineName,
    cdSchedule: supply.cdSchedule,
    suppliedOn: supply.supplyDate,
    quantity: supply.quantity,
    directions: supply.directions ?? ''
  }
}

/** Rows read for many patients at once, by patient id, each with its place in the reading. */
function inQueryOrder<T extends { patientId: string }>(rows: readonly T[]): Map<string, Array<{ at: number; row: T }>> {
  const byPatient = new Map<string, Array<{ at: number; row: T }>>()
  rows.forEach((row, at) => {
    const rowsOfPatient = byPatient.get(row.patientId)
    if (rowsOfPatient) rowsOfPatient.push({ at, row })
    else byPatient.set(row.patientId, [{ at, row }])
  })
  return byPatient
}

/**
 * One patient's rows (every id of theirs) in the order of the reading of all: the order a reading
 * of their ids alone gives, as each query reads its patients' ids in order and sorts totally.
 */
function ofPatient<T>(byPatient: Map<string, Array<{ at: number; row: T }>>, ids: readonly string[]): T[] {
  const placed = ids.flatMap((id) => byPatient.get(id) ?? [])
  if (ids.length > 1) placed.sort((a, b) => a.at - b.at)
  return placed.map(({ row }) => row)
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item])
  return groups
}

function blocks(finding: SafetyFinding): FlaggableStep[] {
  return finding.mustAcknowledge ? [...HOLDS_BACK] : []
}

function toView(row: FlagRow): SafetyFlagView {
  const detail = row.resolutionDetail ? (JSON.parse(row.resolutionDetail) as { reason?: string }) : {}
  return {
    id: row.id,
    requestId: row.requestId,
    lineId: row.lineId,
    kind: row.kind as SafetyFlagView['kind'],
    short: FLAG_KINDS[row.kind].short,
    words: row.words,
    raw: row.raw ?? 'null',
    mustAcknowledge: row.blocks.includes('clinicalCheck'),
    raisedAt: row.raisedAt,
    acknowledged:
      row.status === 'resolved' && row.resolvedAt
        ? { by: row.resolvedByName ?? '', at: row.resolvedAt, reason: detail.reason ?? '' }
        : null
  }
}
