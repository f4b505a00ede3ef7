import type { BatchRecord, StockEnv } from '../stock'
import type { CdRegister } from './cd-register'
import { packWords } from './register-text'

/** What a pharmacist did to a batch's stock by their own command, and why. */
export interface CdStockChange {
  batch: BatchRecord
  /** What left (negative) or was found (positive), in milli-units. */
  changeMilli: number
  note: string
}

/**
 * Schedule 2 stock that leaves or is found by a pharmacist's own command (waste, destruction, an
 * adjustment) is a dated entry of its section in the same transaction, with the quantity and the
 * reason, so the running balance stays the stock held rather than a difference found later.
 */
export class CdStockChanges {
  constructor(private readonly cd: CdRegister) {}

  /** Whether the batch is of a drug the register keeps as Schedule 2: its changes are register entries. */
  isScheduleTwo(batch: BatchRecord): boolean {
    const product = this.cd.productOf(batch.amppId)
    return product !== null && this.cd.keeps(product)
  }

  readonly record = (change: CdStockChange, env: StockEnv): void => {
    const product = this.cd.productOf(change.batch.amppId)
    if (!product || !this.cd.keeps(product)) return
    this.cd.append(this.cd.sectionFor(product, env.at), {
      kind: 'correction',
      at: env.at,
      entryDate: env.today,
      changeMilli: change.changeMilli,
      productDetail: packWords({
        name: product.drug,
        batchNo: change.batch.batchNo,
        expiry: change.batch.expiry,
        quantityMilli: Math.abs(change.changeMilli),
        unit: product.unit
      }),
      note: change.note,
      recordedBy: { id: env.actor.id ?? 'system', name: env.actor.name }
    })
  }
}
