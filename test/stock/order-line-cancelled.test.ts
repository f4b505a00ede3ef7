/**
 * A request waits for the rest of its stock (the patient chose to wait): one pack reserved, the
 * second on order. The wholesaler says the line will not come and a dispenser cancels it
 * (`stock.cancelOrderLine`): the request does not go on waiting for stock nothing brings. The
 * table's `orderLineCancelled` sends it back to the stock check in the cancellation's transaction,
 * audited for the person who cancelled the line with the reason, and S orders what is now missing
 * (the patient not asked again while the new order comes no later than the ETA relayed). Review
 * rf29b found it left *awaiting stock* with nothing on order.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { settle, staffSession } from '../helpers/linked'
import { ManualClock } from '../helpers/temp-core'
import { linkedToLiteral, ok, tabletsSnapshotOf, type LiteralLink } from '../helpers/literal-world'
import type { LiteralPhensys } from '../sync/literal-phensys'
import { DMD, ownerSession, packCode, scan, setUpWholesaler, stockedPack } from '../stock/helpers'

let lit: LiteralPhensys
let link: LiteralLink
let core: Core
let dispenser: string
let pharmacist: string
const clock = new ManualClock()
let pack: { amppId: string; gtin: string; packSize: number }

beforeAll(async () => {
  link = await linkedToLiteral({ clock })
  lit = link.lit
  core = link.core
  dispenser = await staffSession(core, ['dispenser'])
  pharmacist = await staffSession(core, ['pharmacist'])
  await setUpWholesaler(core, await ownerSession(core))
  pack = await stockedPack(core, dispenser, DMD.finasteride)
}, 60_000)
afterAll(async () => link?.stop())

const snapshotOf = (id: string, quantity: number) => tabletsSnapshotOf(id, 'finasteride', quantity)
const stage = (id: string) => core.internals.requests.get(id)?.row.stage

it('an order line a waiting request relies on, cancelled: the request goes back to the stock check, which orders it again', async () => {
  const id = 'fr_ORDER_CANCELLED'
  await scan(core, dispenser, packCode(pack.gtin, 'OC1', '280630'))
  lit.create(snapshotOf(id, 2 * pack.packSize))
  await settle(core)
  ok(await core.call(dispenser, 'requests.accept', { id }), 'accept')
  await settle(core)
  expect(lit.accepted(id).map((event) => event.type)).toEqual(['accepted', 'stock.ordered'])
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

  const orders = ok(await core.call(pharmacist, 'stock.orders', { openOnly: true }), 'orders')
  const line = orders.filter((order) => order.requestId === id).flatMap((order) => order.lines)[0]!
  ok(
    await core.call(dispenser, 'stock.cancelOrderLine', { id: line.id, reason: 'Wholesaler: cannot deliver' }),
    'cancel the line'
  )
  expect(stage(id), 'left waiting for stock nothing brings').toBe('stock_check')
  // Before the cut-off the wholesaler is told, and takes it: nothing is left for a person.
  const cancelled = ok(await core.call(pharmacist, 'stock.orders', { openOnly: false }), 'orders')
    .flatMap((order) => order.lines)
    .find((one) => one.id === line.id)
  expect(cancelled).toMatchObject({ cancelled: true, attention: null })
  const lineTrail = ok(
    await core.call(pharmacist, 'audit.list', { entityId: String(line.orderId), limit: 10 }),
    'trail'
  )
  expect(lineTrail.find((entry) => entry.command === 'stock.cancelOrderLine')?.summary).toMatchObject({
    wholesaler: 'cancelled'
  })
  const trail = ok(await core.call(pharmacist, 'audit.list', { entityId: id, limit: 100 }), 'trail')
  expect(JSON.stringify(trail)).toContain('Wholesaler: cannot deliver')

  ok(await core.call(dispenser, 'requests.checkStock', { id }), 'stock check')
  await settle(core)
  expect(stage(id)).toBe('awaiting_stock')
  expect(lit.accepted(id).map((event) => event.type)).toEqual(['accepted', 'stock.ordered'])
  const again = ok(await core.call(pharmacist, 'stock.orders', { openOnly: true }), 'orders')
  const outstanding = again
    .filter((order) => order.requestId === id)
    .flatMap((order) => order.lines)
    .reduce((sum, l) => sum + l.outstanding, 0)
  expect(outstanding, 'the cancelled pack ordered again').toBe(1)
  expect(lit.violations).toEqual([])
})

it("a line cancelled after its order's cut-off: the wholesaler, told, cannot take it back; cancelled here at the person's word, the wholesaler's answer kept on the line for a person", async () => {
  const id = 'fr_ORDER_CANCELLED_LATE'
  lit.create(snapshotOf(id, 2 * pack.packSize))
  await settle(core)
  ok(await core.call(dispenser, 'requests.accept', { id }), 'accept')
  await settle(core)
  const order = ok(await core.call(pharmacist, 'stock.orders', { openOnly: true }), 'orders').find(
    (one) => one.requestId === id
  )!
  const line = order.lines[0]!
  // Past the cut-off: the goods are picked and on their way.
  clock.advance(2 * 24 * 60 * 60 * 1000)
  // Two days on, the screens have locked: the two sign in again.
  dispenser = await staffSession(core, ['dispenser'])
  pharmacist = await staffSession(core, ['pharmacist'])
  ok(
    await core.call(dispenser, 'stock.cancelOrderLine', { id: line.id, reason: 'Patient no longer needs it' }),
    'cancel the line'
  )
  const after = ok(await core.call(pharmacist, 'stock.orders', { openOnly: false }), 'orders')
    .flatMap((one) => one.lines)
    .find((one) => one.id === line.id)
  expect(after).toMatchObject({
    cancelled: true,
    attention: expect.stringMatching(
      /could not cancel .*on its way.*return the packs when they come, or keep them as stock/
    )
  })
  const trail = ok(await core.call(pharmacist, 'audit.list', { entityId: String(order.id), limit: 10 }), 'trail')
  expect(trail.find((entry) => entry.command === 'stock.cancelOrderLine')?.summary).toMatchObject({
    wholesaler: expect.stringContaining('could not cancel')
  })
})
