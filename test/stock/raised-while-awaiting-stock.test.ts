/**
 * Phensys raises a quantity while the request waits for the wholesaler order its stock check placed
 * (the patient chose to wait). The order was for the old figure: what it does not bring is ordered,
 * the way the stock check orders a shortfall (back to the check through the table's
 * `itemsOutgrewStock`, a person's S), never ordered twice, and Phensys hears `stock.ordered` with
 * the line's latest ETA, the new order's when it comes later. A raise the order still covers (its
 * packs round up) changes nothing. Against the contract-literal Phensys, on a clock the test moves.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { ManualClock } from '../helpers/temp-core'
import { bareSnapshotOf, lineChangedAtPhensys, ok } from '../helpers/literal-world'
import { startLiteralPhensys, type Json, type LiteralPhensys } from '../sync/literal-phensys'
import { DMD, ownerSession, setUpWholesaler, stockedPack } from './helpers'

let lit: LiteralPhensys
let l: Linked
let core: Core
let dispenser: string
const clock = new ManualClock()
/** Finasteride: none on the shelf, so every stock check orders it. */
let packSize: number

beforeAll(async () => {
  lit = await startLiteralPhensys()
  l = await startLinked({
    coreToken: lit.token,
    through: async () => lit.url,
    core: { clock, syncTuning: { retryBaseMs: 1, retryMaxMs: 2_000, pollWaitSeconds: 0 } }
  })
  core = l.core
  dispenser = await staffSession(core, ['dispenser'])
  await setUpWholesaler(core, await ownerSession(core))
  packSize = (await stockedPack(core, dispenser, DMD.finasteride)).packSize
}, 60_000)
afterAll(async () => {
  await l?.stop()
  await lit?.close()
})

function snapshotOf(id: string, quantity: number): Json {
  return bareSnapshotOf(id, {
    product: {
      dmdCode: DMD.finasteride,
      name: 'Finasteride 1mg tablets',
      strength: '1mg',
      form: 'tablet',
      controlledDrugSchedule: null
    },
    quantity,
    directions: 'Take ONE tablet daily'
  })
}

const stage = (id: string) => core.internals.requests.get(id)?.row.stage
const sent = (id: string) => lit.accepted(id)

/** The request's open order lines: packs placed and each order's ETA. */
function orderLines(id: string): Array<{ packs: number; eta: string }> {
  return core.internals.store.sqlite
    .prepare(
      `SELECT l.packs_placed AS packs, o.eta_date AS eta FROM wholesaler_order_lines l
         JOIN wholesaler_orders o ON o.id = l.order_id
        WHERE l.request_id = ? AND l.cancelled_at IS NULL ORDER BY l.id`
    )
    .all(id) as Array<{ packs: number; eta: string }>
}

/** Accepted, its stock ordered, and the patient chose to wait for it. */
async function awaitingStock(id: string, quantity: number): Promise<void> {
  lit.create(snapshotOf(id, quantity))
  await settle(core)
  ok(await core.call(dispenser, 'requests.accept', { id }), 'accept')
  await settle(core)
  expect(sent(id).map((event) => event.type)).toEqual(['accepted', 'stock.ordered'])
  lit.change(
    id,
    (s) => {
      s.state = 'in_fulfilment'
      s.patientDecision = { choice: 'wait', decidedAt: clock.now().toISOString() }
      delete s.options
    },
    'patient.decided'
  )
  await settle(core)
  expect(stage(id)).toBe('awaiting_stock')
}

function raise(id: string, quantity: number): void {
  lineChangedAtPhensys(lit, id, { quantity })
}

it('a quantity raised while the request waits for its order: the rest is ordered, and Phensys hears the new ETA', async () => {
  const id = 'fr_G28_RAISED_WAITING'
  await awaitingStock(id, packSize)
  const [first] = orderLines(id)
  expect(first).toMatchObject({ packs: 1 })
  const firstEta = (sent(id)[1]!.body.data as { eta: string }).eta
  expect(firstEta).toBe(first!.eta)

  // Days later (the next order's delivery is later), Phensys raises the quantity to three packs.
  clock.advance(3 * 86_400_000)
  dispenser = await staffSession(core, ['dispenser'])
  raise(id, 3 * packSize)
  await settle(core)
  expect(stage(id)).toBe('stock_check')
  ok(await core.call(dispenser, 'requests.checkStock', { id }), 'check stock')
  await settle(core)

  const lines = orderLines(id)
  expect(lines, 'the first order kept; only the two packs it does not bring ordered').toEqual([
    first,
    { packs: 2, eta: expect.any(String) }
  ])
  expect(lines[1]!.eta > firstEta).toBe(true)
  const events = sent(id)
  expect(events.map((event) => event.type)).toEqual(['accepted', 'stock.ordered', 'stock.ordered'])
  expect(events[2]!.body.data).toMatchObject({ eta: lines[1]!.eta, lines: ['l1'] })
  expect(lit.snapshot(id).state).toBe('awaiting_patient_decision')
  expect(stage(id)).toBe('awaiting_patient_decision')
  expect(lit.violations).toEqual([])
})

it('a quantity raised within what the order brings changes nothing', async () => {
  const id = 'fr_G28_RAISED_COVERED'
  await awaitingStock(id, packSize - 5)
  raise(id, packSize)
  await settle(core)
  expect(stage(id)).toBe('awaiting_stock')
  expect(orderLines(id)).toHaveLength(1)
  expect(sent(id).map((event) => event.type)).toEqual(['accepted', 'stock.ordered'])
})
