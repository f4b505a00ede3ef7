import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signedInAs, startTempCore } from '../helpers/temp-core'
import { DMD, packCode, stockedPack } from './helpers'

type Started = Awaited<ReturnType<typeof startTempCore>>
let started: Started
beforeEach(async () => {
  started = await startTempCore({ autoSync: false })
})
afterEach(async () => started.stop())

describe('stock through the contract, in training mode', () => {
  it('opens with the catalogue, the sample wholesalers and opening stock; the import is audited', async () => {
    const { core } = started
    const dispenser = await signedInAs(core, 'ajones', '2222')
    const levels = await core.call(dispenser, 'stock.levels', { search: 'sertraline 50mg', filter: 'in_stock' })
    expect(levels).toMatchObject({
      ok: true,
      value: { rows: [{ productName: 'Sertraline 50mg tablets', reserved: 0 }], more: false }
    })
    expect(levels.ok && levels.value.rows[0]!.onHand).toBeGreaterThan(0)

    const wholesalers = await core.call(dispenser, 'stock.wholesalers', {})
    expect(wholesalers.ok && wholesalers.value.map((w) => [w.id, w.nextEta?.words])).toEqual([
      ['aah', 'Thursday 26 Nov, afternoon delivery'],
      ['alliance', 'Thursday 26 Nov, afternoon delivery'],
      ['phoenix', 'Friday 27 Nov, morning delivery']
    ])
    const short = await core.call(dispenser, 'stock.shortExpiry', { days: 60 })
    expect(short).toMatchObject({
      ok: true,
      value: [{ packName: expect.stringContaining('Amoxicillin 500mg'), daysLeft: 25, expired: false }]
    })
    const low = await core.call(dispenser, 'stock.lowStock', {})
    expect(low.ok && low.value.length).toBeGreaterThan(0)
    expect(low.ok && low.value.every((row) => row.low && row.available < row.reorderLevel)).toBe(true)
    const issues = await core.call(dispenser, 'stock.supplyIssues', { activeOnly: true })
    expect(issues).toMatchObject({ ok: true, value: [{ dmdId: DMD.zolmitriptan, source: 'msn' }] })

    const admin = await signedInAs(core, 'admin', '9999')
    const audit = await core.call(admin, 'audit.verify', {})
    expect(audit).toMatchObject({ ok: true, value: { intact: true } })
    const imported = core.internals.audit
      .list({ limit: 500 })
      .find((entry) => entry.command === 'stock.catalogueImported')
    expect(imported).toMatchObject({ summary: { accepted: { products: 859, packs: 638, gtins: 729 }, rejected: [] } })
  })

  it('lets only pharmacists adjust and count, only administrators set wholesalers, and audits each change', async () => {
    const { core } = started
    const dispenser = await signedInAs(core, 'ajones', '2222')
    const pharmacist = await signedInAs(core, 'spatel', '1111')
    const admin = await signedInAs(core, 'admin', '9999')
    const { amppId } = await stockedPack(core, dispenser, DMD.finasteride)
    const detail = await core.call(dispenser, 'stock.pack', { amppId })
    if (!detail.ok) throw new Error(detail.error.message)
    const [first, second] = detail.value.batches
    if (!first || !second) throw new Error('training stock has two batches of finasteride')

    expect(
      await core.call(dispenser, 'stock.adjust', { batchId: first.id, delta: -1, reason: 'miscount' })
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await core.call(admin, 'stock.receiveScan', { raw: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    expect(await core.dispatch(dispenser, 'stock.saveWholesaler', { wholesaler: {} })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })

    const adjusted = await core.call(pharmacist, 'stock.adjust', {
      batchId: first.id,
      delta: -3,
      reason: 'found damaged blister'
    })
    expect(adjusted).toMatchObject({ ok: true, value: { onHand: first.onHand - 3 } })
    const tooMuch = await core.call(pharmacist, 'stock.writeOff', {
      batchId: second.id,
      quantity: second.onHand + 1,
      kind: 'waste',
      reason: 'dropped'
    })
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'precondition_failed' } })
    const quarantined = await core.call(pharmacist, 'stock.writeOff', {
      batchId: second.id,
      quantity: 28,
      kind: 'quarantine',
      reason: 'packaging damaged'
    })
    expect(quarantined).toMatchObject({ ok: true, value: { onHand: second.onHand - 28 } })

    const take = await core.call(pharmacist, 'stock.stockTake', {
      amppId,
      counts: [
        { batchId: first.id, counted: first.onHand - 3 },
        { batchNo: 'FOUND1', expiry: '2027-05-31', counted: 10 }
      ],
      note: 'weekly count'
    })
    expect(take).toMatchObject({
      ok: true,
      value: {
        lines: [
          { batchId: first.id, difference: 0 },
          { batchNo: 'FOUND1', expected: 0, counted: 10, difference: 10 },
          { batchId: second.id, counted: 0 }
        ]
      }
    })
    const after = await core.call(dispenser, 'stock.pack', { amppId })
    expect(after).toMatchObject({ ok: true, value: { onHand: first.onHand - 3 + 10 } })
    expect(after.ok && after.value.movements.slice(0, 3).map((m) => m.kind)).toEqual([
      'adjustment',
      'adjustment',
      'quarantine'
    ])
    const commands = core.internals.audit.list({ limit: 50 }).map((entry) => entry.command)
    expect(commands).toEqual(expect.arrayContaining(['stock.adjust', 'stock.writeOff', 'stock.stockTake']))
  })

  it('compares a scanned pack with the prescribed product: GTIN → pack → AMP → VMP', async () => {
    const { core } = started
    const checker = await signedInAs(core, 'pshah', '3333')
    const sigma = packCode('05000000100002', 'B1', '280131')
    const omeprazoleVmp = '41000011000001103'
    const brownAndBurkAmp = '42000021000001108'
    expect(await core.call(checker, 'stock.identify', { code: sigma, prescribedDmdId: omeprazoleVmp })).toMatchObject({
      ok: true,
      value: {
        match: 'same_product',
        gtin: '05000000100002',
        batchNo: 'B1',
        expiry: '2028-01-31',
        pack: { amppId: '43000011000001105', product: { vmpId: omeprazoleVmp } }
      }
    })
    expect(await core.call(checker, 'stock.identify', { code: sigma, prescribedDmdId: brownAndBurkAmp })).toMatchObject(
      { ok: true, value: { match: 'equivalent_generic' } }
    )
    expect(await core.call(checker, 'stock.identify', { code: sigma, prescribedDmdId: DMD.sertraline })).toMatchObject({
      ok: true,
      value: { match: 'different_product', message: expect.stringContaining('Wrong product') }
    })
    expect(
      await core.call(checker, 'stock.identify', { code: packCode('05012345678900', 'X', '280131') })
    ).toMatchObject({ ok: true, value: { match: 'unknown_pack' } })
  })

  it('places a manual order at a chosen wholesaler, shows it open, and cancels what will not come', async () => {
    const { core } = started
    const dispenser = await signedInAs(core, 'ajones', '2222')
    const { amppId } = await stockedPack(core, dispenser, DMD.sertraline)
    const order = await core.call(dispenser, 'stock.placeOrder', {
      lines: [{ amppId, packs: 3 }],
      wholesalerId: 'phoenix'
    })
    expect(order).toMatchObject({
      ok: true,
      value: {
        wholesalerName: 'Phoenix Healthcare Distribution',
        eta: { words: 'Friday 27 Nov, morning delivery' },
        lines: [{ status: 'placed', outstanding: 3 }],
        open: true
      }
    })
    if (!order.ok) return
    const { gtin } = await stockedPack(core, dispenser, DMD.sertraline)
    const received = await core.call(dispenser, 'stock.receiveScan', { raw: packCode(gtin, 'PHX1', '280430') })
    expect(received).toMatchObject({ ok: true, value: { line: { booked: true, orderId: order.value.id } } })
    const cancelled = await core.call(dispenser, 'stock.cancelOrderLine', {
      id: order.value.lines[0]!.id,
      reason: 'wholesaler short; reordered elsewhere'
    })
    expect(cancelled).toMatchObject({
      ok: true,
      value: { open: false, lines: [{ packsReceived: 1, outstanding: 0, cancelled: true }] }
    })
    expect(await core.call(dispenser, 'stock.orders', { openOnly: true })).toMatchObject({ ok: true, value: [] })
  })
})
