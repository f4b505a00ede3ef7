import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import type { Core } from '../../src/main/core'
import type { ScanReceiptView } from '../../src/shared/contract'
import { encodeGs1, packFields } from '../../src/shared/gs1'
import { wholesalersFileSchema } from '../../src/shared/stock/wholesaler'
import { requestBody, settle, type Linked } from '../helpers/linked'
import { resourcePath } from '../../src/main/resources'

export const DMD = {
  sertraline: '39732311000001104',
  finasteride: '39732811000001109',
  zolmitriptan: '39733311000001106',
  hydrocortisone: '39733111000001109',
  tirzepatide: '41002051000001100'
} as const

/** The owner (first administrator) that `staffSession` creates on a live core. */
export async function ownerSession(core: Core): Promise<string> {
  const session = core.openSession()
  const answer = await core.call(session, 'auth.signIn', { username: 'owner', secret: '864209' })
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.renewedSessionId ?? session
}

/** A live core orders from nothing until an administrator sets a wholesaler up. */
export async function setUpWholesaler(core: Core, admin: string, id = 'aah'): Promise<void> {
  const file = wholesalersFileSchema.parse(JSON.parse(readFileSync(resourcePath('wholesalers.json'), 'utf8')))
  const wholesaler = file.wholesalers.find((w) => w.id === id)
  if (!wholesaler) throw new Error(`no sample wholesaler ${id}`)
  const saved = await core.call(admin, 'stock.saveWholesaler', { wholesaler, active: true })
  expect(saved.ok, JSON.stringify(saved)).toBe(true)
}

/** The stocked pack of a product and a current GTIN of it, found through the contract. */
export async function stockedPack(
  core: Core,
  session: string,
  dmdId: string
): Promise<{ amppId: string; gtin: string; packSize: number }> {
  const levels = await core.call(session, 'stock.levels', { search: dmdId, limit: 50 })
  if (!levels.ok) throw new Error(levels.error.message)
  const row = levels.value.rows.find((r) => r.reorderLevel > 0) ?? levels.value.rows[0]
  if (!row) throw new Error(`no pack of ${dmdId}`)
  const detail = await core.call(session, 'stock.pack', { amppId: row.amppId })
  if (!detail.ok) throw new Error(detail.error.message)
  const gtin = detail.value.gtins.find((g) => !g.historic)?.gtin
  if (!gtin) throw new Error(`pack ${row.amppId} has no current GTIN`)
  return { amppId: row.amppId, gtin, packSize: row.packSize }
}

let serial = 0

/** What a scanner sends for a pack's GS1 DataMatrix (expiry as YYMMDD). */
export function packCode(
  gtin: string,
  batch: string,
  expiry: string,
  options: { serial?: string | null; separator?: 'gs' | 'none' } = {}
): string {
  const serialNo = options.serial === null ? undefined : (options.serial ?? `SN${String(++serial).padStart(8, '0')}`)
  return `]d2${encodeGs1(packFields({ gtin, expiry, batch, ...(serialNo === undefined ? {} : { serial: serialNo }) }), { separator: options.separator ?? 'gs', referenceYear: 2026 })}\r`
}

export async function scan(
  core: Core,
  session: string,
  raw: string,
  deliveryId: number | null = null
): Promise<ScanReceiptView> {
  const answer = await core.call(session, 'stock.receiveScan', { raw, deliveryId })
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value
}

/** Books `packs` packs of a product in as stock (no order expects them: an over-delivery). */
export async function bookIn(
  core: Core,
  session: string,
  dmdId: string,
  packs: number,
  batch = 'LOT1',
  expiry = '280630'
): Promise<void> {
  const { gtin } = await stockedPack(core, session, dmdId)
  let delivery: number | null = null
  for (let i = 0; i < packs; i++)
    delivery = (await scan(core, session, packCode(gtin, batch, expiry), delivery)).deliveryId
}

export function item(
  lineId: string,
  dmdCode: string,
  name: string,
  quantity: number,
  unit = 'tablet',
  directions = 'Take ONE tablet daily'
): Record<string, unknown> {
  return {
    lineId,
    product: { dmdCode, name, strength: null, form: null, controlledDrugSchedule: null },
    quantity,
    unit,
    directions,
    cautionaryLabels: []
  }
}

export function withItems(
  body: Record<string, unknown>,
  items: Array<Record<string, unknown>>
): Record<string, unknown> {
  return { ...body, prescription: { ...(body.prescription as Record<string, unknown>), items } }
}

export async function recordedEvents(
  l: Linked,
  id: string
): Promise<Array<{ type: string; data: Record<string, unknown>; stateAfter: string }>> {
  const body = (await l.phensys.get(`/sandbox/requests/${id}/events`)).body as {
    events: Array<{ type: string; stateAfter: string; event: { data: Record<string, unknown> } }>
  }
  return body.events.map((e) => ({ type: e.type, data: e.event.data, stateAfter: e.stateAfter }))
}

/** A request from the sandbox, accepted (which runs its stock check), everything settled. */
export async function checkedRequest(
  l: Linked,
  staff: string,
  id: string,
  items: Array<Record<string, unknown>>
): Promise<void> {
  await l.phensys.post('/sandbox/requests', withItems(requestBody(id), items))
  await settle(l.core)
  const checked = await l.core.call(staff, 'requests.accept', { id })
  expect(checked.ok, JSON.stringify(checked)).toBe(true)
  await settle(l.core)
}
