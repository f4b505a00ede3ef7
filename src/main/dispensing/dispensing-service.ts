/**
 * Dispensing, composed: the packs and checks store, the view of a request's lines, what happens
 * to its packs when it stops, and the print queue's hook that completes "labelled" once the
 * printer has the labels.
 */
import type Database from 'better-sqlite3'
import type { DispensingView } from '../../shared/contract'
import { formatQuantity, fromMilli } from '../../shared/stock/units'
import type { LabelDecisions } from '../flags'
import type { Snapshot } from '../../shared/phensys/snapshot'
import type { AuditTrail } from '../audit'
import type { Actor } from '../contract'
import type { PrintQueue } from '../devices'
import type { EventBus } from '../events'
import type { RequestsRepo } from '../fulfilment'
import { type SuppliedPack, labelSetup, layoutDispensingLabels, pharmacyDetails, type LabelSet } from '../labels'
import type { SettingsRepo } from '../settings'
import type { StockService } from '../stock'
import { toUserView, type UsersRepo } from '../users'
import type { RequestRecord, Workflow } from '../workflow'
import { DispensedPacksRepo, type DispensedPack } from './dispensed-packs-repo'
import { takeBackPack } from './stock-moves'

export interface DispensingDeps {
  sqlite: Database.Database
  requests: RequestsRepo
  audit: AuditTrail
  stock: StockService
  settings: SettingsRepo
  events: EventBus
  users: UsersRepo
  log: (message: string, error?: unknown) => void
  /** What people decided that the labels follow: a pharmacist's wording for a label the pharmacy lacks (src/main/flags). */
  labelDecisions: (snapshot: Snapshot) => LabelDecisions
  /** After a step completed outside a call committed (wakes the outbox pusher). */
  afterCommit?: () => void
}

const PHENSYS = { id: null, name: 'Phensys' }

export class DispensingService {
  readonly packs: DispensedPacksRepo

  constructor(readonly deps: DispensingDeps) {
    this.packs = new DispensedPacksRepo(deps.sqlite)
  }

  view(requestId: string): DispensingView {
    const stored = this.deps.requests.get(requestId)
    const packs = this.packs.all(requestId)
    const checkedLines = new Set(this.deps.stock.lines.of(requestId).map((line) => line.lineId))
    const items = stored?.snapshot.prescription.items ?? []
    const lines = items.map((item) => {
      const mine = packs.filter((pack) => pack.lineId === item.lineId)
      // From the item as prescribed now: Phensys may change the items of a request whose stock
      // was checked (a new version needs no query), and the bag must hold what is prescribed.
      const need = checkedLines.has(item.lineId) ? this.deps.stock.need(item) : null
      const neededMilli = need?.neededMilli ?? 0
      const countedMilli = mine
        .filter((pack) => pack.state === 'assembled')
        .reduce((sum, pack) => sum + pack.quantityMilli, 0)
      const unit = need?.unit ?? null
      const word = unit ?? item.unit
      const remainingMilli = Math.max(0, neededMilli - countedMilli)
      const complete = neededMilli > 0 && remainingMilli === 0
      return {
        lineId: item.lineId,
        productName: item.product.name,
        dmdId: item.product.dmdCode,
        prescribed: { quantity: item.quantity, unit: item.unit },
        needed: fromMilli(neededMilli),
        unit,
        packs: mine.map((pack) => this.packView(pack)),
        counted: fromMilli(countedMilli),
        remaining: fromMilli(remainingMilli),
        complete,
        summary: complete
          ? `complete: ${formatQuantity(fromMilli(countedMilli), word)} of ${formatQuantity(fromMilli(neededMilli), word)}`
          : `${formatQuantity(fromMilli(remainingMilli), word)} still to scan (${formatQuantity(fromMilli(countedMilli), word)} of ${formatQuantity(fromMilli(neededMilli), word)} counted)`
      }
    })
    const checks = this.packs.checks(requestId)
    return {
      requestId,
      stage: stored?.row.stage ?? 'unknown',
      lines,
      complete: lines.length > 0 && lines.every((line) => line.complete),
      assembledBy: [...new Set(packs.filter((pack) => pack.state === 'assembled').map((pack) => pack.assembledByName))],
      checks: {
        labelsJobId: checks.labelsJobId,
        labelsRequestedBy: checks.labelsRequestedByName,
        // Back in dispensing, labels printed before are void (the items changed at Phensys): kept
        // for what the packs may carry, not shown as this round's.
        labelledAt: stored?.row.stage === 'dispensing' ? null : checks.labelledAt,
        accuracyCheckBy: checks.accuracyCheckByName,
        accuracyCheckAt: checks.accuracyCheckAt,
        selfCheck: checks.selfCheck
      },
      allowSelfCheck: this.deps.settings.get('allowSelfCheck'),
      labelledById: checks.labelsRequestedById,
      labelGeneration: checks.labelGeneration,
      putAway: stored ? this.putAway(stored.row.stage, requestId, stored.row.stageSince) : []
    }
  }

  /**
   * What a person must put away by hand once the request stopped: the stock ledger took its packs
   * back when it stopped (or when a parcel of it came back), but they are on the bench or in a bag.
   */
  private putAway(stage: string, requestId: string, stoppedAt: string): DispensingView['putAway'] {
    if (stage !== 'cancelled' && stage !== 'rejected') return []
    return this.packs.leftTheBagSince(requestId, stoppedAt).map((pack) => ({
      pack: this.packView(pack),
      to: pack.state === 'quarantined' ? 'quarantine' : 'shelf'
    }))
  }

  /** The packs in the request's bag, as their labels name them: the product in each (brand and all), its quantity and size. */
  suppliedPacks(requestId: string): SuppliedPack[] {
    return this.packs.inHand(requestId).map((pack) => {
      const view = this.deps.stock.catalogue.packView(pack.amppId)
      if (!view) throw new Error(`pack ${pack.amppId} of ${requestId} is not in the catalogue`)
      return {
        packId: pack.id,
        lineId: pack.lineId,
        product: { name: view.product.name, strength: view.product.strength, form: view.product.form },
        quantity: fromMilli(pack.quantityMilli),
        packSize: view.packSize,
        unit: view.unit
      }
    })
  }

  /**
   * The request's dispensing labels on the configured stock: one set per pack in the bag, each
   * barcode naming the current label generation (the preview and the printer both take these).
   */
  labelSets(stored: RequestRecord, now: Date): LabelSet[] {
    const { settings, stock } = this.deps
    const decided = this.deps.labelDecisions(stored.snapshot)
    return layoutDispensingLabels(
      decided.snapshot,
      this.suppliedPacks(stored.row.id),
      pharmacyDetails(settings.get('pharmacy')),
      stock.today(now),
      labelSetup(settings.get('devices').labelStock),
      this.packs.checks(stored.row.id).labelGeneration,
      decided.cautionaryFor
    )
  }

  /**
   * The request stopped (cancelled, rejected, held by a query), inside that transaction: packs not
   * yet labelled go back to stock, labelled ones to quarantine. Only packs in the pharmacy are
   * taken (one in a parcel delivered or still out is not here: it stays supplied), and with `only`
   * only those packs (a parcel's, come back). Says whether everything went back to stock.
   */
  onStopped(requestId: string, now: Date, why: string, only?: readonly number[]): { stockReturned: boolean } {
    const assembled = this.packs.inHand(requestId).filter((pack) => only === undefined || only.includes(pack.id))
    if (assembled.length === 0) return { stockReturned: true }
    const labelled = this.packs.checks(requestId).labelledAt !== null
    const env = this.deps.stock.env(PHENSYS, now)
    const moved = assembled.map((pack) => {
      const state = takeBackPack(this.deps.stock.ledger, pack, labelled, why, env)
      this.packs.markState(pack.id, state, env.at, why)
      return {
        packId: pack.id,
        lineId: pack.lineId,
        batchNo: pack.batchNo,
        serial: pack.serial,
        quantity: fromMilli(pack.quantityMilli),
        state
      }
    })
    this.deps.audit.append({
      at: env.at,
      actorId: null,
      actorName: PHENSYS.name,
      command: labelled ? 'dispensing.packsQuarantined' : 'dispensing.packsReturned',
      entityType: 'request',
      entityId: requestId,
      summary: { why, packs: moved }
    })
    return { stockReturned: !labelled }
  }

  /**
   * The printer has the labels: in the transaction that marks the job delivered, the request
   * becomes labelled (a step the counter takes by itself, for the person who asked for them).
   */
  registerLabelHook(queue: PrintQueue, workflow: Workflow): void {
    queue.onDelivered((job, now) => {
      if (job.kind !== 'dispensing' || !job.requestId) return
      // Only the request's current labels job labels it (a job of labels voided since is no longer
      // its job), and only while it is dispensing (so a job delivered twice labels it once).
      const checks = this.packs.checksForJob(job.id)
      if (!checks) return
      const requestId = job.requestId
      const stage = workflow.stageOf(requestId)
      if (stage === undefined || !workflow.allows('labelsPrinted', stage)) return
      // A savepoint: a failure here must not undo the job's delivery, only the step.
      try {
        this.deps.sqlite.transaction(() => {
          const person = checks.labelsRequestedById ? this.actorById(checks.labelsRequestedById) : null
          if (!person)
            throw new Error(
              `the person who asked for the labels (${checks.labelsRequestedById ?? 'nobody'}) is not known`
            )
          const broadcast = (requestIds: string[]) =>
            void setImmediate(() => this.deps.events.broadcast('worklist.changed', { requestIds }))
          workflow.bySystem('labelsPrinted', requestId, { person, now, broadcast }, () => {
            this.packs.labelled(requestId, now.toISOString())
            return {
              to: 'labelled',
              events: [{ type: 'dispensing.labelled', data: { labels: job.labels } }],
              note: { labels: job.labels, printed: true }
            }
          })
        })()
        if (this.deps.afterCommit) setImmediate(this.deps.afterCommit)
      } catch (error) {
        this.deps.log(`dispensing: labels job ${job.id} printed but ${requestId} could not be marked labelled`, error)
      }
    })
  }

  /** The person who asked for the labels, as they are now (a deactivated user completes nothing). */
  private actorById(id: string): Actor | null {
    const user = this.deps.users.byId(id)
    if (!user?.active) return null
    const view = toUserView(user)
    return { id: view.id, displayName: view.displayName, roles: view.roles, gphcNumber: view.gphcNumber }
  }

  private packView(pack: DispensedPack): DispensingView['lines'][number]['packs'][number] {
    return {
      id: pack.id,
      lineId: pack.lineId,
      read: pack.raw,
      gtin: pack.gtin,
      amppId: pack.amppId,
      packName: this.deps.stock.catalogue.packView(pack.amppId)?.name ?? pack.amppId,
      batchNo: pack.batchNo,
      expiry: pack.expiry,
      serial: pack.serial,
      quantity: fromMilli(pack.quantityMilli),
      assembledBy: pack.assembledByName,
      assembledAt: pack.assembledAt,
      rescannedBy: pack.rescannedByName,
      rescannedAt: pack.rescannedAt,
      state: pack.state
    }
  }
}
