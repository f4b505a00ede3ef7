import type Database from 'better-sqlite3'
import type { RequestsRepo } from '../fulfilment/requests-repo'
import { CdReceipts } from './cd-receipts'
import { CdRegister } from './cd-register'
import { PomRegister } from './pom-register'
import { Recall } from './recall'
import { SupplyRecords } from './supply-records'

export type { Handover, SupplyRecorder } from './handover'
export { registerHandlers } from './register-handlers'

/** The registers on one store: the supply recorder for dispatch and collect, the goods-in hook, and the readers. */
export class Registers {
  readonly cd: CdRegister
  readonly pom: PomRegister
  readonly recall: Recall
  readonly supplies: SupplyRecords
  readonly cdReceipts: CdReceipts

  constructor(sqlite: Database.Database, requests: RequestsRepo) {
    this.cd = new CdRegister(sqlite)
    this.pom = new PomRegister(sqlite)
    this.recall = new Recall(sqlite)
    this.supplies = new SupplyRecords(sqlite, { requests, cd: this.cd })
    this.cdReceipts = new CdReceipts(sqlite, this.cd)
  }
}
