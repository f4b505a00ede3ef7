import { expect } from '@playwright/test'
import type { ContractCall } from './contract'
import { matchingHardCopy } from '../../test/helpers/request-body'
import type { DispensingView } from '../../src/shared/contract/dispensing-views'
import { rescansWithLabels } from '../../test/helpers/rescans'

/** MST Continus 10mg tablets, given by Phensys as Schedule 2. */
export const MORPHINE = '36128311000001109'

/** A prescription item for one pack of morphine 10mg MR (Schedule 2), on the other particulars of `item`. */
export function morphineItem(item: Record<string, unknown> | undefined, packSize: number): Record<string, unknown> {
  return {
    ...item,
    product: {
      dmdCode: MORPHINE,
      name: 'Morphine sulfate 10mg modified-release tablets',
      strength: '10mg',
      form: 'modified-release tablet',
      controlledDrugSchedule: 2
    },
    quantity: packSize,
    directions: 'Take ONE tablet TWICE a day, every 12 hours',
    cautionaryLabels: [2, 10, 25]
  }
}

/**
 * A new one-line request of one pack, to accuracy-checked over HTTP by the people who would do it:
 * the pack `code` received into stock, the request accepted (its original received where it waits
 * for one), the flags that must be acknowledged acknowledged, approved, the pack scanned and checked.
 */
export async function checkedOnePackRequest(
  as: Record<'dispenser' | 'pharmacist' | 'checker', ContractCall>,
  id: string,
  code: string,
  packSize: number
): Promise<void> {
  await as.dispenser('stock.receiveScan', { raw: code, deliveryId: null })
  const accepted = await as.dispenser<{ row: { stage: string } }>('requests.accept', { id })
  if (accepted.row.stage === 'awaiting_hard_copy')
    await as.pharmacist('requests.receiveHardCopy', matchingHardCopy(id, [{ lineId: 'l1', quantityOnForm: packSize }]))
  const clinical = await as.pharmacist<{
    flags: Array<{ id: number; mustAcknowledge: boolean; acknowledged: boolean }>
  }>('clinical.view', { id })
  for (const flag of clinical.flags.filter((f) => f.mustAcknowledge && !f.acknowledged))
    await as.pharmacist('flags.acknowledge', { id: flag.id, reason: 'Checked: appropriate' })
  await as.pharmacist('requests.clinicalCheck', { id, outcome: 'approved' })
  await as.dispenser('dispensing.scanPack', { id, lineId: 'l1', raw: code })
  const stage = async (): Promise<string | null> =>
    (await as.checker<{ row: { stage: string } }>('requests.get', { id }).catch(() => null))?.row.stage ?? null
  await expect.poll(stage, { timeout: 30_000 }).toBe('labelled')
  const view = await as.checker<DispensingView>('dispensing.view', { id })
  await as.checker('requests.accuracyCheck', { id, rescans: rescansWithLabels(view, [code]) })
}
