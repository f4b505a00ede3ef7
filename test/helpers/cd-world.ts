/**
 * The dispensed world (a live core on the sandbox, a clock the test moves, a
 * label printer, four people, an RP signed in) with packs of a Schedule 2 drug on the shelf, and a
 * request of one morphine line as Phensys sends it.
 */
import { expect } from 'vitest'
import type { z } from 'zod'
import type { hardCopyReceiptSchema } from '../../src/shared/workflow/hard-copy'
import type { CdSectionSummary } from '../../src/shared/contract/register-views'
import { cdSectionOf } from './cd-section'
import { dispensedWorld, packMaker, registerRequest, type DispensedWorld } from './dispensed-world'
import { scan } from '../stock/helpers'

/** Schedule 2 in the counter's own catalogue (resources/catalogue/products.csv). */
export const MORPHINE = { dmdId: '36128311000001109', name: 'Morphine sulfate 10mg modified-release tablets' }

export interface CdWorld extends DispensedWorld {
  morphine: Awaited<ReturnType<typeof packMaker>>
}

/** The world with `packs` packs of morphine booked in (batch MR1). */
export async function cdWorld(packs = 4): Promise<CdWorld> {
  return withMorphine(await dispensedWorld(), packs, 'MR1')
}

/** `w` with `packs` packs of morphine of `batch` booked in, in one delivery. */
export async function withMorphine<W extends DispensedWorld>(
  w: W,
  packs: number,
  batch: string
): Promise<W & Pick<CdWorld, 'morphine'>> {
  const morphine = await packMaker(w, MORPHINE.dmdId)
  let delivery: number | null = null
  for (let i = 0; i < packs; i++)
    delivery = (await scan(w.core, w.assembler, morphine.code(batch), delivery)).deliveryId
  return Object.assign(w, { morphine })
}

/** The morphine section of the CD register, as the pharmacist sees it. */
export function morphineSection(w: DispensedWorld): Promise<CdSectionSummary> {
  return morphineRegister(w).section()
}

/** The morphine register's entries for request `id`, each as [kind, supply number, change]. */
export async function morphineEntriesOf(w: DispensedWorld, id: string): Promise<unknown[][]> {
  const entries = await morphineRegister(w).entries()
  return entries.filter((e) => e.requestId === id).map((e) => [e.kind, e.supplyNo, e.change])
}

function morphineRegister(w: DispensedWorld) {
  return cdSectionOf(w.core, w.pharmacist, (section) => section.vmpId === MORPHINE.dmdId)
}

/** One morphine line of `quantity`, with the schedule Phensys gives (2, or none at all). */
export function morphineRequest(
  id: string,
  quantity: number,
  schedule: number | null,
  overrides: Record<string, unknown> = {}
): Record<string, unknown> {
  return registerRequest(
    id,
    [{ lineId: 'l1', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity, schedule }],
    overrides
  )
}

export function ok<T>(answer: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!answer.ok) throw new Error(`${what}: ${JSON.stringify(answer.error)}`)
  return answer.value
}

export function stageOf(w: DispensedWorld, id: string): string | undefined {
  return w.core.internals.requests.get(id)?.row.stage
}

/** What `requests.receiveHardCopy` takes. */
export type HardCopyReceiptInput = z.input<typeof hardCopyReceiptSchema>

/** An FP10PCD for the request's one line, read at the counter as matching it in full. */
export function matchingFp10pcd(id: string, quantityOnForm: number): HardCopyReceiptInput {
  return {
    id,
    formType: 'FP10PCD',
    serial: `S${id.slice(-8)}`,
    patientMatches: true,
    prescriberMatches: true,
    dateMatches: true,
    lines: [{ lineId: 'l1', matches: true, quantityOnForm }]
  }
}

export function expectRefused(answer: { ok: boolean }, what: string): void {
  expect(answer.ok, `${what}: ${JSON.stringify(answer)}`).toBe(false)
}
