/**
 * The safety flags of requests, computed at the counter: from the request, the patient's record
 * (every id a person confirmed is theirs) and the safety checks' file, by the rules of
 * safety-rules.ts. Raised when a version of the request arrives, again for the patient's other
 * open requests when one arrives or is supplied, and once more in the clinical check's own
 * transaction, so a check is never made on stale flags. A flag whose cause is unchanged keeps its
 * acknowledgement; one whose cause is gone no longer applies (kept). Never dismissed silently: a
 * pharmacist acknowledges a flag with the reason, recorded with who and when.
 */
import type { SafetyFlagView } from '../../shared/contract'
import { SAFETY_KINDS } from '../../shared/clinical/safety-kinds'
import type { Snapshot } from '../../shared/phensys/snapshot'
import { CLOSED_STAGES, type Stage } from '../../shared/workflow/stages'
import { CounterError } from '../errors'
import { itemsOf, type PatientsRepo } from '../patients'
import type { SafetyFile } from './safety-file'
import { SafetyFlagsRepo, type SafetyFlagRow } from './safety-flags-repo'
import { safetyFindings, type Medicine, type PriorSupply, type RequestLine } from './safety-rules'
import type { CounterDb } from '../db/open'

export interface SafetyFlagsDeps {
  db: CounterDb
  patients: PatientsRepo
  requests: { get(id: string): { row: { stage: Stage }; snapshot: Snapshot } | undefined }
  file: SafetyFile
  /** The pharmacy's date at an instant. */
  today: (now: Date) => string
  /** The course assumed when directions give no daily dose (a setting). */
  windowDays: () => number
}

export class SafetyFlags {
  readonly repo: SafetyFlagsRepo

  constructor(private readonly deps: SafetyFlagsDeps) {
    this.repo = new SafetyFlagsRepo(deps.db)
  }

  /**
   * Recomputes the flags of every open request of the patient this request is for, from one
   * reading of their record. Inside the caller's transaction.
   */
  refreshPatientOf(requestId: string, now: Date): void {
    const stored = this.deps.requests.get(requestId)
    if (!stored) return
    const ids = this.deps.patients.idsOf(stored.snapshot.patient.id)
    const open = this.deps.patients.openRequestsOf(ids).map((request) => ({
      requestId: request.id,
      lines: itemsOf(request).map((item) => this.medicine(item.product))
    }))
    const supplies = this.supplies(ids)
    for (const request of open) this.refresh(request.requestId, { supplies, open }, now)
  }

  /** Recomputes one open request's flags from the patient's supplies and open requests. */
  private refresh(
    requestId: string,
    history: { supplies: readonly PriorSupply[]; open: ReadonlyArray<{ requestId: string; lines: Medicine[] }> },
    now: Date
  ): void {
    const stored = this.deps.requests.get(requestId)
    if (!stored || CLOSED_STAGES.includes(stored.row.stage)) return
    const findings = safetyFindings(
      {
        requestId,
        today: this.deps.today(now),
        dateOfBirth: stored.snapshot.patient.dateOfBirth,
        lines: stored.snapshot.prescription.items.map((item): RequestLine => ({
          ...this.medicine(item.product),
          lineId: item.lineId,
          quantity: item.quantity,
          unit: item.unit,
          directions: item.directions
        })),
        supplies: history.supplies,
        openRequests: history.open.filter((other) => other.requestId !== requestId),
        windowDays: this.deps.windowDays()
      },
      this.deps.file
    )
    const at = now.toISOString()
    const live = new Map(this.repo.live(requestId).map((row) => [row.key, row]))
    for (const finding of findings) {
      const existing = live.get(finding.key)
      live.delete(finding.key)
      // The same cause (its value, not its words: "16 days ago" reads differently tomorrow) stays as it was.
      if (
        existing &&
        existing.raw === JSON.stringify(finding.raw) &&
        existing.mustAcknowledge === finding.mustAcknowledge
      )
        continue
      if (existing) this.repo.noLongerApplies(existing.id, at)
      this.repo.raise(requestId, finding, at)
    }
    for (const gone of live.values()) this.repo.noLongerApplies(gone.id, at)
  }

  /** The words of the flags that hold the clinical check back. */
  unacknowledged(requestId: string): string[] {
    return this.repo
      .live(requestId)
      .filter((row) => row.mustAcknowledge && row.status === 'open')
      .map((row) => row.words)
  }

  views(requestIds: readonly string[]): SafetyFlagView[] {
    return requestIds.length === 0 ? [] : this.repo.liveOf(requestIds).map(toView)
  }

  /** Per request, the short words of its flags still to acknowledge: the worklist's. */
  worklistWords(requestIds: readonly string[]): Record<string, string[]> {
    const words: Record<string, string[]> = {}
    if (requestIds.length === 0) return words
    for (const row of this.repo.liveOf(requestIds)) {
      if (row.status !== 'open' || !row.mustAcknowledge) continue
      const list = (words[row.requestId] ??= [])
      if (!list.includes(SAFETY_KINDS[row.kind])) list.push(SAFETY_KINDS[row.kind])
    }
    return words
  }

  acknowledge(id: number, reason: string, by: { id: string; name: string }, now: Date): SafetyFlagRow {
    const row = this.repo.get(id)
    if (!row) throw new CounterError('not_found', `There is no safety flag ${id}.`)
    if (row.status === 'no_longer_applies') throw new CounterError('conflict', 'This flag no longer applies.')
    if (row.status === 'acknowledged')
      throw new CounterError('conflict', `${row.acknowledgedByName} acknowledged this flag already.`)
    this.repo.acknowledge(id, reason, by, now.toISOString())
    return this.repo.get(id)!
  }

  private medicine(product: Snapshot['prescription']['items'][number]['product']): Medicine {
    const known = this.deps.patients.product(product.dmdCode)
    const schedule = Number(product.controlledDrugSchedule)
    return {
      dmdCode: product.dmdCode,
      vmpCode: known?.vmpId ?? product.dmdCode,
      name: product.name,
      cdSchedule: known?.cdSchedule ?? (Number.isInteger(schedule) && schedule > 0 ? schedule : null)
    }
  }

  private supplies(ids: readonly string[]): PriorSupply[] {
    return this.deps.patients.suppliesWithDirectionsOf(ids).map((supply) => {
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
    })
  }
}

export function toView(row: SafetyFlagRow): SafetyFlagView {
  return {
    id: row.id,
    requestId: row.requestId,
    lineId: row.lineId,
    kind: row.kind,
    short: SAFETY_KINDS[row.kind],
    words: row.words,
    raw: row.raw,
    mustAcknowledge: row.mustAcknowledge,
    raisedAt: row.raisedAt,
    acknowledged:
      row.status === 'acknowledged' && row.acknowledgedAt
        ? { by: row.acknowledgedByName ?? '', at: row.acknowledgedAt, reason: row.acknowledgedReason ?? '' }
        : null
  }
}
