/**
 * Phensys raises what a request needs after its stock was checked (a quantity, a line), as any new
 * version may while the request is in fulfilment: the shortfall goes back to the stock check, never
 * dispensed from stock that is not the request's. Driven against the contract-literal Phensys (the
 * sandbox changes items only by resolving a query).
 */
import { describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { lineChangedAtPhensys, ok, tabletsSnapshotOf } from '../helpers/literal-world'
import { orderingWorldForFile } from '../helpers/ordering-world'
import { DMD, packCode, scan } from './helpers'

const w = orderingWorldForFile(DMD.sertraline)

const snapshotOf = (id: string, quantity: number) => tabletsSnapshotOf(id, 'sertraline', quantity)

/** Phensys changes the line's quantity: a new version while the request is in fulfilment. */
function raise(id: string, quantity: number): void {
  lineChangedAtPhensys(w.lit, id, { quantity })
}

const sqlite = () => w.core.internals.store.sqlite
const stage = (id: string) => w.core.internals.requests.get(id)?.row.stage
const types = (id: string) => w.lit.accepted(id).map((event) => event.type)

/** What the request holds reserved, in tablets. */
function reserved(id: string): number {
  const row = sqlite()
    .prepare('SELECT COALESCE(SUM(reserved_delta_milli), 0) AS r FROM stock_movements WHERE request_id = ?')
    .get(id) as { r: number }
  return row.r / 1000
}

/** Free sertraline on the shelf (on hand, not reserved for anyone), in tablets. */
function free(): number {
  const row = sqlite()
    .prepare(
      `SELECT COALESCE(SUM(l.on_hand_milli - l.reserved_milli), 0) AS f
         FROM batch_levels l JOIN batches b ON b.id = l.batch_id WHERE b.ampp_id = ?`
    )
    .get(w.pack.amppId) as { f: number }
  return row.f / 1000
}

function audited(id: string, command: string): unknown[] {
  return w.core.internals.audit
    .list({ entityId: id, limit: 200 })
    .filter((entry) => entry.command === command)
    .map((entry) => entry.summary)
}

/** Accepts a request of `quantity` tablets; the stock check runs at once and reserves it. */
async function checked(id: string, quantity: number): Promise<void> {
  w.lit.create(snapshotOf(id, quantity))
  await settle(w.core)
  ok(await w.core.call(w.dispenser, 'requests.accept', { id }), 'accept')
  await settle(w.core)
  expect(stage(id)).toBe('ready_to_dispense')
  expect(reserved(id)).toBe(quantity)
}

/** Books packs in until nothing is free on the shelf but these many packs. */
async function shelfHolds(packCount: number, batch: string): Promise<string[]> {
  const codes: string[] = []
  for (let n = 0; free() < packCount * w.pack.packSize; n++) {
    const code = packCode(w.pack.gtin, `${batch}${n}`, '280630')
    await scan(w.core, w.dispenser, code)
    codes.push(code)
  }
  return codes
}

describe('Phensys raises what a request needs after its stock check', () => {
  it('ready to dispense, the extra held for another patient: back to the stock check, which orders it; that patient keeps theirs', async () => {
    const { core, pack: packs } = w
    await shelfHolds(2, 'RAISE1')
    const mine = 'fr raised/1'
    const theirs = 'fr other/1'
    await checked(mine, packs.packSize)
    await checked(theirs, packs.packSize)
    const freeBefore = free()
    raise(mine, 2 * packs.packSize)
    await settle(core)
    expect(stage(mine)).toBe('stock_check')
    const [moved] = audited(mine, 'workflow.itemsOutgrewStock')
    expect(moved).toMatchObject({ before: 'ready_to_dispense', after: 'stock_check' })
    expect(JSON.stringify(moved)).toContain('l1')
    // Dispensing is not offered until the stock check has run again.
    const refused = await core.call(w.dispenser, 'requests.startDispensing', { id: mine })
    expect(refused.ok).toBe(false)
    ok(await core.call(w.dispenser, 'requests.checkStock', { id: mine }), 'check stock')
    await settle(core)
    expect(reserved(theirs), 'the other patient keeps their stock').toBe(packs.packSize)
    expect(reserved(mine) + free()).toBe(packs.packSize + freeBefore)
    expect(types(mine)).toEqual(['accepted', 'stock.available', 'stock.ordered'])
    expect(w.lit.snapshot(mine).state).toBe('awaiting_patient_decision')
    expect(stage(mine)).toBe('awaiting_patient_decision')
    expect(w.lit.violations).toEqual([])
  })

  it('mid-dispensing, the extra on the shelf: the pack scanned goes back, and the stock check reserves all of it', async () => {
    const { core, pack: packs } = w
    const codes = await shelfHolds(3, 'RAISE2')
    const id = 'fr raised/2'
    await checked(id, packs.packSize)
    const held = sqlite()
      .prepare(
        `SELECT b.batch_no AS batch FROM stock_movements m JOIN batches b ON b.id = m.batch_id
          WHERE m.request_id = ? AND m.kind = 'reservation'`
      )
      .get(id) as { batch: string }
    const code = codes.find((c) => c.includes(held.batch)) ?? codes[0]!
    const view = ok(await core.call(w.dispenser, 'dispensing.scanPack', { id, lineId: 'l1', raw: code }), 'scan')
    expect(view.lines[0]).toMatchObject({ complete: true })
    expect(stage(id)).toBe('dispensing')
    raise(id, 2 * packs.packSize)
    await settle(core)
    expect(stage(id)).toBe('stock_check')
    expect(audited(id, 'dispensing.packsReturned')).toHaveLength(1)
    expect(ok(await core.call(w.dispenser, 'dispensing.view', { id }), 'view').lines[0]).toMatchObject({ counted: 0 })
    ok(await core.call(w.dispenser, 'requests.checkStock', { id }), 'check stock')
    await settle(core)
    expect(stage(id)).toBe('ready_to_dispense')
    expect(reserved(id)).toBe(2 * packs.packSize)
    expect(types(id)).toEqual(['accepted', 'stock.available', 'dispensing.started', 'stock.available'])
    expect(w.lit.violations).toEqual([])
  })

  it('a quantity lessened, or raised within what is held, stays where it is', async () => {
    const { core, pack: packs } = w
    await shelfHolds(1, 'RAISE3')
    const id = 'fr lessened/3'
    await checked(id, packs.packSize)
    raise(id, packs.packSize - 7)
    await settle(core)
    raise(id, packs.packSize)
    await settle(core)
    expect(stage(id)).toBe('ready_to_dispense')
    expect(audited(id, 'workflow.itemsOutgrewStock')).toEqual([])
  })
})
