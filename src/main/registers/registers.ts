import type { AuditTrail } from '../audit'
import type { CounterDb } from '../db'
import type { RequestsRepo } from '../fulfilment'
import { CdReceipts } from './cd-receipts'
import { CdRegister } from './cd-register'
import { CdStockChanges } from './cd-stock-changes'
import { PomRegister } from './pom-register'
import { Recall } from './recall'
import { type PrescriberCdNumbers, SupplyRecords } from './supply-records'

const TRAINING_RECORDER = { id: 'system', name: 'Pharmetra Counter (training)' }

/** The registers on one store: the supply recorder for dispatch and collect, the goods-in hook, and the readers. */
export class Registers {
  readonly cd: CdRegister
  readonly pom: PomRegister
  readonly recall: Recall
  readonly supplies: SupplyRecords
  readonly cdReceipts: CdReceipts
  readonly cdStockChanges: CdStockChanges

  constructor(db: CounterDb, requests: RequestsRepo, originals: PrescriberCdNumbers) {
    this.cd = new CdRegister(db)
    this.pom = new PomRegister(db)
    this.recall = new Recall(db)
    this.supplies = new SupplyRecords(db, { requests, cd: this.cd, pom: this.pom, originals })
    this.cdReceipts = new CdReceipts(db, this.cd)
    this.cdStockChanges = new CdStockChanges(this.cd)
  }

  /**
   * Training only: a training store starts with stock the register never received, so every
   * Schedule 2 drug in stock gets its section with that balance brought forward, once, before any
   * other entry. Runs in the caller's transaction, with its audit entry.
   */
  openTrainingBalances(audit: AuditTrail, at: Date, today: string): void {
    if (this.cd.sections().length > 0) return
    const opened = this.cd.stockedWithoutSection()
    for (const vmpId of opened) {
      this.cd.openSection(vmpId, {
        balanceMilli: this.cd.physicalMilli(vmpId),
        note: "Balance brought forward: the training store's opening stock",
        at: at.toISOString(),
        entryDate: today,
        recordedBy: TRAINING_RECORDER
      })
    }
    if (opened.length === 0) return
    audit.append({
      at: at.toISOString(),
      actorId: null,
      actorName: TRAINING_RECORDER.name,
      command: 'registers.trainingBalances',
      entityType: 'cd_register',
      entityId: null,
      summary: { opened }
    })
  }
}
