/**
 * A live core on the sandbox with a label printer and four people, and the steps that take a
 * request from arrival to checked and bagged (the registers' and recall's tests supply from there
 * with test/helpers/supply.ts).
 */
import { expect } from 'vitest'
import type { Core, CoreConfig } from '../../src/main/core'
import { startListener, type Listener } from './tcp-listeners'
import { ManualClock } from './temp-core'
import { requestBody, settle, staffSession, startLinked, type Linked } from './linked'
import { matchingHardCopy } from './request-body'
import { rescansWithLabels } from './rescans'
import { until } from './until'
import { item, ownerSession, packCode, stockedPack, withItems } from '../stock/helpers'

/** A live core on the sandbox (a clock the test moves) and its four people; no printer yet. */
export interface StaffedWorld {
  l: Linked
  core: Core
  clock: ManualClock
  admin: string
  /** Dispenser and accuracy checker: assembles. */
  assembler: string
  pharmacist: string
  /** Accuracy checker only: checks what the assembler made. */
  checker: string
}

export interface DispensedWorld extends StaffedWorld {
  printer: Listener
  stop(): Promise<void>
}

export async function staffedWorld(config: Partial<CoreConfig> = {}): Promise<StaffedWorld> {
  const clock = new ManualClock()
  const l = await startLinked({ core: { clock, printRetry: { baseMs: 20, maxMs: 50 }, ...config } })
  const core = l.core
  const assembler = await staffSession(core, ['dispenser', 'accuracy_checker'])
  const pharmacist = await staffSession(core, ['pharmacist'])
  const checker = await staffSession(core, ['accuracy_checker'])
  const admin = await ownerSession(core)
  // Nothing leaves the pharmacy without a Responsible Pharmacist signed in.
  const rp = await core.call(pharmacist, 'rp.signIn', {})
  if (!rp.ok) throw new Error(rp.error.message)
  return { l, core, clock, admin, assembler, pharmacist, checker }
}

/** An administrator points the core at a network label printer on loopback. */
export async function usePrinter(core: Core, admin: string, port: number): Promise<void> {
  const current = await core.call(admin, 'devices.status', {})
  if (!current.ok) throw new Error(current.error.message)
  const saved = await core.call(admin, 'devices.setSettings', {
    ...current.value.settings,
    labelPrinter: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 500, writeTimeoutMs: 800 }
  })
  if (!saved.ok) throw new Error(saved.error.message)
}

export async function dispensedWorld(): Promise<DispensedWorld> {
  const world = await staffedWorld()
  const printer = await startListener({ kind: 'printer' })
  await usePrinter(world.core, world.admin, printer.port)
  return {
    ...world,
    printer,
    stop: async () => {
      await printer.close()
      await world.l.stop()
    }
  }
}

export interface Line {
  lineId: string
  dmdId: string
  name: string
  quantity: number
  schedule?: number | null
}

/** A request of these lines as Phensys sends it (a Schedule 2 line makes it a paper FP10PCD upload). */
export function registerRequest(
  id: string,
  lines: Line[],
  overrides: Record<string, unknown> = {}
): Record<string, unknown> {
  const items = lines.map((line) => {
    const base = item(line.lineId, line.dmdId, line.name, line.quantity)
    return { ...base, product: { ...(base.product as object), controlledDrugSchedule: line.schedule ?? null } }
  })
  return withItems(requestBody(id, overrides), items)
}

function ok<T>(answer: { ok: true; value: T } | { ok: false; error: unknown }, what: string): { value: T } {
  if (!answer.ok) throw new Error(`${what}: ${JSON.stringify(answer.error)}`)
  return answer
}

/**
 * From arrival to accuracy-checked: accept, the original when required (as a matching FP10PCD),
 * stock check, the clinical check (its safety flags acknowledged), scan `packs` (raw codes per
 * line), labels, the accuracy check.
 */
export async function checkedRequest(
  w: DispensedWorld,
  id: string,
  body: Record<string, unknown>,
  packs: Record<string, string[]>,
  /** How Phensys sends it: the sandbox, unless the core talks to another Phensys. */
  arrive: (body: Record<string, unknown>) => unknown = (body) => w.l.phensys.post('/sandbox/requests', body),
  /** What the pharmacist also reads from the original, such as the prescriber's CD number. */
  original: Record<string, unknown> = {}
): Promise<void> {
  const { core } = w
  await arrive(body)
  await settle(core)
  const accepted = ok(await core.call(w.assembler, 'requests.accept', { id }), `accept ${id}`)
  if (accepted.value.row.stage === 'awaiting_hard_copy') {
    const lines = Object.keys(packs).map((lineId) => ({ lineId, quantityOnForm: quantityOf(body, lineId) }))
    ok(
      await core.call(w.pharmacist, 'requests.receiveHardCopy', { ...matchingHardCopy(id, lines), ...original }),
      `original of ${id}`
    )
  }
  // Accepting (or the original received) ran the stock check; the first pack scanned starts dispensing.
  const checked = ok(await core.call(w.assembler, 'requests.get', { id }), `stock check ${id}`)
  expect(checked.value.row.stage, `stock check of ${id}`).toBe('ready_to_dispense')
  // The pharmacist acknowledges the safety flags that hold approval back (a Controlled Drug's), then approves.
  const clinical = ok(await core.call(w.pharmacist, 'clinical.view', { id }), `clinical view ${id}`).value
  for (const flag of clinical.flags.filter((f) => f.mustAcknowledge && !f.acknowledged))
    ok(
      await core.call(w.pharmacist, 'flags.acknowledge', { id: flag.id, reason: 'Checked: appropriate' }),
      `acknowledge ${flag.short} on ${id}`
    )
  ok(await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), `clinical check ${id}`)
  for (const [lineId, raws] of Object.entries(packs)) {
    for (const raw of raws)
      ok(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId, raw }), `scan into ${id} ${lineId}`)
  }
  // The last pack matched printed the labels.
  await until(() => core.internals.requests.get(id)?.row.stage === 'labelled', `${id} labelled`)
  const view = ok(await core.call(w.checker, 'dispensing.view', { id }), `packs of ${id}`).value
  ok(
    await core.call(w.checker, 'requests.accuracyCheck', {
      id,
      rescans: rescansWithLabels(view, Object.values(packs).flat())
    }),
    `accuracy check ${id}`
  )
}

function quantityOf(body: Record<string, unknown>, lineId: string): number {
  const items = (body.prescription as { items: Array<{ lineId: string; quantity: number }> }).items
  return items.find((i) => i.lineId === lineId)?.quantity ?? 1
}

/** The stocked pack of a product, with a fresh pack code of a batch each call (a new serial each). */
export async function packMaker(
  w: DispensedWorld,
  dmdId: string
): Promise<{ amppId: string; gtin: string; packSize: number; code(batch: string, expiry?: string): string }> {
  const pack = await stockedPack(w.core, w.assembler, dmdId)
  return { ...pack, code: (batch, expiry = '280630') => packCode(pack.gtin, batch, expiry) }
}

/** The state of each pack scanned into request `id`, line by line, as the checker sees them. */
export async function packStatesOf(w: StaffedWorld, id: string): Promise<string[]> {
  const view = ok(await w.core.call(w.checker, 'dispensing.view', { id }), `packs of ${id}`).value
  return view.lines.flatMap((line) => line.packs.map((pack) => pack.state))
}
