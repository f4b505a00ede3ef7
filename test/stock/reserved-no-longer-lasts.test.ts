/**
 * A batch reserved days ago that no longer lasts the course as counted today (its expiry before
 * the course's last day, counted from the day of the new check): the stock check (S) releases it,
 * reserves again from a batch that lasts or orders what it held, and says so in its words for the
 * line. Before, a re-check kept any reservation that still fitted the quantity, so the picking view
 * warned and the scan refused a pack the check had left reserved.
 * Clock: 26/11/2026 09:00 (ManualClock), moved on 3 days before the re-check. ONE tablet a day.
 */
import { expect, it } from 'vitest'
import { addDays } from '../../src/shared/time/calendar'
import { settle, staffSession } from '../helpers/linked'
import { lineChangedAtPhensys, ok, tabletsSnapshotOf } from '../helpers/literal-world'
import { orderingWorldForFile } from '../helpers/ordering-world'
import { DMD, packCode, scan } from './helpers'

const w = orderingWorldForFile(DMD.sertraline)

const today = () => w.clock.now().toISOString().slice(0, 10)
const enGb = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
const yymmdd = (iso: string) => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10)
const stage = (id: string) => w.core.internals.requests.get(id)?.row.stage

async function daysLater(days: number): Promise<void> {
  w.clock.advance(days * 24 * 3600_000)
  w.dispenser = await staffSession(w.core, ['dispenser'])
  w.pharmacist = await staffSession(w.core, ['pharmacist'])
}

async function picksOf(id: string) {
  return ok(await w.core.call(w.dispenser, 'stock.request', { id }), 'stock view').lines[0]!
}

/**
 * A request for one pack, reserved today from a batch that expires `days` (30 unless told) on (it lasts the
 * 28-day course today); then, 3 days later, Phensys doubles the quantity and the dose (the course
 * the same 28 days), so the request goes back to the stock check holding that batch.
 */
async function reservedThenBackAtTheStockCheck(id: string, shortBatch: string, days = 30): Promise<string> {
  const expiry = addDays(today(), days)
  await scan(w.core, w.dispenser, packCode(w.pack.gtin, shortBatch, yymmdd(expiry)))
  w.lit.create(tabletsSnapshotOf(id, 'sertraline', w.pack.packSize))
  await settle(w.core)
  ok(await w.core.call(w.dispenser, 'requests.accept', { id }), 'accept')
  await settle(w.core)
  expect(stage(id)).toBe('ready_to_dispense')
  expect((await picksOf(id)).picks.map((pick) => pick.batchNo)).toEqual([shortBatch])

  await daysLater(3)
  lineChangedAtPhensys(w.lit, id, { quantity: 2 * w.pack.packSize, directions: 'Take TWO tablets each morning' })
  await settle(w.core)
  await settle(w.core)
  expect(stage(id)).toBe('stock_check')
  return expiry
}

it('S releases the batch that no longer lasts the course counted today, reserves again from one that does, and says so for the line', async () => {
  const id = 'fr_R34_RESERVED_SHORT'
  await scan(w.core, w.dispenser, packCode(w.pack.gtin, 'LASTS34', '280630'))
  await scan(w.core, w.dispenser, packCode(w.pack.gtin, 'LASTS34', '280630'))
  const expiry = await reservedThenBackAtTheStockCheck(id, 'SHORT34')

  ok(await w.core.call(w.dispenser, 'requests.checkStock', { id }), 'stock check')
  expect(stage(id)).toBe('ready_to_dispense')
  const line = await picksOf(id)
  expect(line.picks.map((pick) => pick.batchNo)).toEqual(['LASTS34'])
  expect(line.warnings).toEqual([])
  expect(line.reason).toContain(`Batch SHORT34`)
  expect(line.reason).toContain(`expires on ${enGb(expiry)}`)
  expect(line.reason).toContain(`before the course ends (about 28 days, to ${enGb(addDays(today(), 28))})`)
  expect(line.reason).toContain('reserved again from a batch that lasts the course')
})

it('S orders what such a batch held when nothing else on the shelf lasts the course, and says so for the line', async () => {
  const id = 'fr_R34_RESERVED_SHORT_ORDER'
  const expiry = await reservedThenBackAtTheStockCheck(id, 'SHORT34B')

  ok(await w.core.call(w.dispenser, 'requests.checkStock', { id }), 'stock check')
  const line = await picksOf(id)
  expect(line.picks.map((pick) => pick.batchNo)).not.toContain('SHORT34B')
  expect(line.outcome).toBe('ordered')
  expect(line.reason).toContain(`Batch SHORT34B`)
  expect(line.reason).toContain(`expires on ${enGb(expiry)}`)
  expect(line.reason).toContain('ordered')
})

it("S keeps a batch that lasts to the very day the course ends counted today (the scan's one rule, not a stricter copy)", async () => {
  const id = 'fr_R35_RESERVED_TO_THE_DAY'
  // Expiring 31 days on: 3 days later the 28-day course ends on its expiry day, which it lasts.
  const expiry = await reservedThenBackAtTheStockCheck(id, 'EDGE35', 31)
  expect(addDays(today(), 28)).toBe(expiry)

  ok(await w.core.call(w.dispenser, 'requests.checkStock', { id }), 'stock check')
  const line = await picksOf(id)
  expect(line.picks.map((pick) => pick.batchNo)).toContain('EDGE35')
  expect(line.reason ?? '').not.toContain('reserved at an earlier check')
})
