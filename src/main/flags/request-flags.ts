/**
 * The flags of requests, composed: raised from each new version at intake (in the transaction that
 * stores it), asked by the workflow's guard whether a step is held back, settled by people through
 * the contract (flag-handlers.ts), and read by the labels for what a person decided.
 */
import {
  FLAG_KINDS,
  WORKLIST_KINDS,
  type FlagKind,
  type FlaggableStep,
  type ResolutionMethod
} from '../../shared/flags/kinds'
import type { SnapshotFinding } from '../../shared/phensys/read-snapshot'
import type { Snapshot } from '../../shared/phensys/snapshot'
import type { CounterDb } from '../db'
import { bundledCautionaryLabels } from '../labels'
import { FlagsRepo, blocksOf, isUnsettled, type FlagPerson, type FlagRow, type RaisedFlag } from './flags-repo'
import { labelDecisions, type LabelDecisions } from './label-decisions'
import { toFlagView } from './flag-view'
import type { FlagView } from '../../shared/contract/flag-views'
import { intakeFlags, type PharmacyKnowledge } from './intake-flags'

/** What a new version changed among the request's flags, for the audit entry of the snapshot. */
export interface FlagChanges {
  raised: Array<{ kind: string; path: string }>
  noLongerApply: Array<{ kind: string; path: string }>
}

export class RequestFlags {
  readonly repo: FlagsRepo
  /** While a page of the feed is stored: what the pharmacy knows, each answer read once. */
  private remembered: PharmacyKnowledge | null = null

  constructor(
    db: CounterDb,
    private readonly knowledge: PharmacyKnowledge
  ) {
    this.repo = new FlagsRepo(db)
  }

  /**
   * Runs `work` (a page of the feed, inside its transaction) asking the catalogue, the labels and
   * the carriers each question once: nothing in a page changes what the pharmacy knows, and the
   * same products, labels and services come again and again.
   */
  batch<T>(work: () => T): T {
    if (this.remembered) return work()
    this.remembered = remembering(this.knowledge)
    try {
      return work()
    } finally {
      this.remembered = null
    }
  }

  /**
   * A new version arrived: its flags are raised, a flag whose raw value is unchanged keeps its state
   * and its resolution, and a flag whose cause is gone or changed no longer applies (a changed one
   * is raised again, new). Flags other sources raised are not touched. Runs inside the ingest's
   * transaction.
   */
  onVersion(
    requestId: string,
    version: number,
    raw: unknown,
    snapshot: Snapshot,
    findings: readonly SnapshotFinding[],
    at: string,
    /** The request was not held before this version: it has no flags yet, and none are read. */
    firstSeen = false
  ): FlagChanges {
    const computed = intakeFlags(raw, snapshot, findings, this.remembered ?? this.knowledge)
    const live = new Map(
      (firstSeen ? [] : this.repo.live(requestId)).filter((row) => row.source === 'intake').map((row) => [row.key, row])
    )
    const changes: FlagChanges = { raised: [], noLongerApply: [] }
    for (const flag of computed) {
      const existing = live.get(flag.key)
      live.delete(flag.key)
      if (existing && existing.raw === rawJson(flag)) continue
      if (existing) this.close(existing, version, at, changes)
      this.repo.insert(requestId, flag, version, at)
      changes.raised.push({ kind: flag.kind, path: flag.path })
    }
    for (const gone of live.values()) this.close(gone, version, at, changes)
    return changes
  }

  /**
   * The request has a flag still applying that intake raised from what Phensys sent (settled or
   * not): a new version must then be read whole, so that a cause now gone is closed.
   */
  fromPhensys(requestId: string): boolean {
    return this.repo.live(requestId).some((row) => row.source === 'intake')
  }

  /**
   * Raises a flag another part found (not intake's), in that part's transaction; false when a flag
   * of the same key still applies to the request, so that it is raised once.
   */
  raise(requestId: string, flag: RaisedFlag, version: number, at: string): boolean {
    if (this.repo.live(requestId).some((row) => row.key === flag.key)) return false
    this.repo.insert(requestId, flag, version, at)
    return true
  }

  /**
   * Words a part's unsettled flag of this key afresh, as what it counts changes (another parcel
   * back), in that part's transaction: the same flag, its key unchanged. Returns the flag as it
   * was, or null when no unsettled flag has the key or its words are these already.
   */
  reword(requestId: string, key: string, words: string, raw: unknown): FlagRow | null {
    const row = this.repo.live(requestId).find((flag) => flag.key === key && isUnsettled(flag))
    if (!row || row.words === words) return null
    this.repo.reword(row.id, words, raw)
    return row
  }

  /** The request's unsettled flags that hold back this step (the workflow's `noBlockingFlag` guard asks). */
  blocking(requestId: string, step: FlaggableStep): FlagRow[] {
    return this.repo.live(requestId).filter((row) => isUnsettled(row) && blocksOf(row).includes(step))
  }

  /**
   * Settles the request's unsettled flags of a kind by what a person did elsewhere (a delivery
   * service chosen at packing), in that call's transaction; only the one of this key, when given.
   * Returns what it settled.
   */
  settleKind(
    requestId: string,
    kind: FlagKind,
    method: ResolutionMethod,
    detail: unknown,
    by: FlagPerson,
    at: string,
    key?: string
  ): FlagRow[] {
    const rows = this.repo
      .live(requestId)
      .filter((row) => row.kind === kind && isUnsettled(row) && (key === undefined || row.key === key))
    for (const row of rows) this.repo.resolve(row.id, method, detail, by, at)
    return rows
  }

  /** Whether a person acknowledged the request's flag of this kind and key (and so took on what it asked). */
  acknowledged(requestId: string, kind: FlagKind, key: string): boolean {
    return this.repo
      .ofRequest(requestId)
      .some(
        (row) => row.kind === kind && row.key === key && row.status === 'resolved' && row.resolution === 'acknowledged'
      )
  }

  /** What the labels of this request must follow: the wording a pharmacist chose, the labels left off. */
  labels(snapshot: Snapshot): LabelDecisions {
    return labelDecisions(snapshot, this.repo.live(snapshot.id), bundledCautionaryLabels())
  }

  /** The request's flags a person still has to settle (open, or a match proposed), oldest first. */
  unsettled(requestId: string): FlagView[] {
    return this.repo.live(requestId).filter(isUnsettled).map(toFlagView)
  }

  /**
   * Of these requests, the short words of what holds each back, or what the patient is owed: the
   * worklist's flags ("needs match", "unknown label", "patient short"). `owedOnly` for closed
   * requests, whose steps are over: only what the patient is owed.
   */
  worklistNotes(requestIds: readonly string[], { owedOnly = false } = {}): Map<string, string[]> {
    const notes = new Map<string, string[]>()
    for (const row of this.repo.unsettledOnWorklist(requestIds)) {
      if (owedOnly && !WORKLIST_KINDS.includes(row.kind)) continue
      const words = FLAG_KINDS[row.kind].short
      const list = notes.get(row.requestId) ?? []
      if (!list.includes(words)) list.push(words)
      notes.set(row.requestId, list)
    }
    return notes
  }

  private close(row: FlagRow, version: number, at: string, changes: FlagChanges): void {
    this.repo.noLongerApplies(row.id, version, at)
    changes.noLongerApply.push({ kind: row.kind, path: row.path })
  }
}

/** The same knowledge, each question asked of the parts that know it once. */
function remembering(knowledge: PharmacyKnowledge): PharmacyKnowledge {
  const wordings = new Map<number, boolean>()
  const products = new Map<string, ReturnType<PharmacyKnowledge['productProblem']>>()
  const services = new Map<string, boolean>()
  const once = <K, V>(answers: Map<K, V>, key: K, ask: () => V): V => {
    if (!answers.has(key)) answers.set(key, ask())
    return answers.get(key) as V
  }
  return {
    hasCautionaryWording: (number) => once(wordings, number, () => knowledge.hasCautionaryWording(number)),
    cautionaryFigures: knowledge.cautionaryFigures,
    productProblem: (dmdId, unit) =>
      once(products, JSON.stringify([dmdId, unit]), () => knowledge.productProblem(dmdId, unit)),
    knowsDeliveryService: (code) => once(services, code, () => knowledge.knowsDeliveryService(code)),
    catalogueSchedule: knowledge.catalogueSchedule
  }
}

function rawJson(flag: RaisedFlag): string | null {
  return flag.raw === undefined ? null : JSON.stringify(flag.raw)
}
