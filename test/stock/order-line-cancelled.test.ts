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
import { settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { ManualClock } from '../helpers/temp-core'
import { startLiteralPhensys, type Json, type LiteralPhensys } from '../sync/literal-phensys'
import { DMD, ownerSession, packCode, scan, setUpWholesaler, stockedPack } from '../stock/helpers'

let lit: LiteralPhensys
let l: Linked
let core: Core
let dispenser: string
let pharmacist: string
const clock = new ManualClock()
let pack: { amppId: string; gtin: string; packSize: number }

beforeAll(async () => {
  lit = await startLiteralPhensys()
  l = await startLinked({
    coreToken: lit.token,
    through: async () => lit.url,
    core: { clock, syncTuning: { retryBaseMs: 1, retryMaxMs: 2_000, pollWaitSeconds: 0 } }
  })
  core = l.core
  dispenser = await staffSession(core, ['dispenser'])
  pharmacist = await staffSession(core, ['pharmacist'])
  await setUpWholesaler(core, await ownerSession(core))
  pack = await stockedPack(core, dispenser, DMD.finasteride)
}, 60_000)
afterAll(async () => {
  await l?.stop()
  await lit?.close()
})

function ok<T>(answer: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!answer.ok) throw new Error(`${what}: ${JSON.stringify(answer.error)}`)
  return answer.value
}

function snapshotOf(id: string, quantity: number): Json {
  return {
    id,
    tenant: { id: 'lovemylife', name: 'LoveMyLife' },
    route: 'form_consultation',
    prescription: {
      id: `rx ${id}`,
      kind: 'consultation',
      issuedAt: '2026-11-25',
      prescriber: {
        name: 'Dr A Khan',
        profession: 'doctor',
        registrationBody: 'GMC',
        registrationNumber: '7012345',
        address: '12 Harley St, London W1G 9PF'
      },
      hardCopy: { required: false },
      items: [
        {
          lineId: 'l1',
          product: {
            dmdCode: DMD.finasteride,
            name: 'Finasteride 1mg tablets',
            strength: '1mg',
            form: 'tablet',
            controlledDrugSchedule: null
          },
          quantity,
          unit: 'tablet',
          directions: 'Take ONE tablet daily',
          cautionaryLabels: []
        }
      ]
    },
    patient: { id: `pt ${id}`, name: { given: 'Ann', family: `Patient ${id}` }, dateOfBirth: '1980-01-01' },
    delivery: {
      recipientName: `Ann Patient ${id}`,
      address: { line1: '1 High St', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB' },
      service: 'royal_mail_tracked_24'
    },
    payment: { status: 'paid', payer: 'patient', reference: `pay ${id}` }
  }
}

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
