/**
 * Phensys raises a quantity while the request waits for the wholesaler order its stock check placed
 * (the patient chose to wait). The order was for the old figure: what it does not bring is ordered,
 * the way the stock check orders a shortfall (back to the check through the table's
 * `itemsOutgrewStock`, a person's S), never ordered twice, and Phensys hears `stock.ordered` with
 * the line's latest ETA, the new order's when it comes later. A raise the order still covers (its
 * packs round up) changes nothing. Against the contract-literal Phensys, on a clock the test moves.
 */
import { expect, it } from 'vitest'
import { settle, staffSession } from '../helpers/linked'
import { lineChangedAtPhensys, ok, tabletsSnapshotOf } from '../helpers/literal-world'
import { patientWaitsForOrder, orderingWorldForFile } from '../helpers/ordering-world'
import { DMD } from './helpers'

// Finasteride: none on the shelf, so every stock check orders it.
const w = orderingWorldForFile(DMD.finasteride)

const stage = (id: string) => w.core.internals.requests.get(id)?.row.stage
const sent = (id: string) => w.lit.accepted(id)

/** The request's open order lines: packs placed and each order's ETA. */
function orderLines(id: string): Array<{ packs: number; eta: string }> {
  return w.core.internals.store.sqlite
    .prepare(
      `SELECT l.packs_placed AS packs, o.eta_date AS eta FROM wholesaler_order_lines l
         JOIN wholesaler_orders o ON o.id = l.order_id
        WHERE l.request_id = ? AND l.cancelled_at IS NULL ORDER BY l.id`
    )
    .all(id) as Array<{ packs: number; eta: string }>
}

const awaitingStock = (id: string, quantity: number) =>
  patientWaitsForOrder(w, tabletsSnapshotOf(id, 'finasteride', quantity))

function raise(id: string, quantity: number): void {
  lineChangedAtPhensys(w.lit, id, { quantity })
}

it('a quantity raised while the request waits for its order: the rest is ordered, and Phensys hears the new ETA', async () => {
  const id = 'fr_G28_RAISED_WAITING'
  await awaitingStock(id, w.pack.packSize)
  const [first] = orderLines(id)
  expect(first).toMatchObject({ packs: 1 })
  const firstEta = (sent(id)[1]!.body.data as { eta: string }).eta
  expect(firstEta).toBe(first!.eta)

  // Days later (the next order's delivery is later), Phensys raises the quantity to three packs.
  w.clock.advance(3 * 86_400_000)
  w.dispenser = await staffSession(w.core, ['dispenser'])
  raise(id, 3 * w.pack.packSize)
  await settle(w.core)
  expect(stage(id)).toBe('stock_check')
  ok(await w.core.call(w.dispenser, 'requests.checkStock', { id }), 'check stock')
  await settle(w.core)

  const lines = orderLines(id)
  expect(lines, 'the first order kept; only the two packs it does not bring ordered').toEqual([
    first,
    { packs: 2, eta: expect.any(String) }
  ])
  expect(lines[1]!.eta > firstEta).toBe(true)
  const events = sent(id)
  expect(events.map((event) => event.type)).toEqual(['accepted', 'stock.ordered', 'stock.ordered'])
  expect(events[2]!.body.data).toMatchObject({ eta: lines[1]!.eta, lines: ['l1'] })
  expect(w.lit.snapshot(id).state).toBe('awaiting_patient_decision')
  expect(stage(id)).toBe('awaiting_patient_decision')
  expect(w.lit.violations).toEqual([])
})

it('a quantity raised within what the order brings changes nothing', async () => {
  const id = 'fr_G28_RAISED_COVERED'
  await awaitingStock(id, w.pack.packSize - 5)
  raise(id, w.pack.packSize)
  await settle(w.core)
  expect(stage(id)).toBe('awaiting_stock')
  expect(orderLines(id)).toHaveLength(1)
  expect(sent(id).map((event) => event.type)).toEqual(['accepted', 'stock.ordered'])
})
