/**
 * A batch recall recorded by a pharmacist (`stock.recallBatch`), through the core on the sandbox:
 * free stock of the batch to quarantine, a bag holding a pack of it held until the pack is replaced
 * and a pharmacist acknowledges, a reservation of it released (and the request back to the stock
 * check where no other stock is free), every later scan of it refused in the recall's words, and a
 * second recall of the batch changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import type { DispensedWorld } from '../helpers/dispensed-world'
import { rescansWithLabels } from '../helpers/rescans'
import { bagScanFor, supplyByCarrier } from '../helpers/supply'
import { SERTRALINE, baggedSertralinePack, sertralineWorld, type PackMaker } from '../helpers/sertraline-world'
import { until } from '../helpers/until'
import { checkedRequest as acceptedRequest, item, scan } from './helpers'
import { answerValue as value } from '../helpers/answer'

const ALERT = { reference: 'MHRA drug alert EL(26)A/12', alertClass: 2 }

let w: DispensedWorld
let sertraline: PackMaker
const words = () =>
  `Batch RC1 of ${packName} is recalled (MHRA drug alert EL(26)A/12, class 2): put the pack in quarantine`
let packName = ''

const stage = (id: string) => w.core.internals.requests.get(id)?.row.stage
const movements = () =>
  (w.core.internals.store.sqlite.prepare('SELECT count(*) AS n FROM stock_movements').get() as { n: number }).n
const batchLevel = async (batchNo: string) => {
  const pack = await value(w.core.call(w.pharmacist, 'stock.pack', { amppId: sertraline.amppId }))
  return pack.batches.find((b) => b.batchNo === batchNo)
}
const recallFlags = async (id: string) =>
  (await value(w.core.call(w.pharmacist, 'requests.flags', { id }))).filter((f) => f.kind === 'batch_recalled')

beforeAll(async () => {
  ;({ w, sertraline } = await sertralineWorld())
  packName = (await value(w.core.call(w.pharmacist, 'stock.pack', { amppId: sertraline.amppId }))).pack.name
  // RC1 (first expiry, so first out): five packs; RC2 and RC3 (later): one each.
  for (const [batch, expiry] of [
    ['RC1', '280630'],
    ['RC1', '280630'],
    ['RC1', '280630'],
    ['RC1', '280630'],
    ['RC1', '280630'],
    ['RC1', '280630'],
    ['RC2', '290131'],
    ['RC3', '300131']
  ] as const)
    await scan(w.core, w.assembler, sertraline.code(batch, expiry))
  const bagged = (id: string) => baggedSertralinePack(w, sertraline, id, 'RC1')
  // D: one pack of RC1 handed to the carrier (with the patient: what the recall search lists).
  await bagged('fr_RB_D')
  await supplyByCarrier(w.core, w.checker, 'fr_RB_D')
  // E: the same, its parcel back from the carrier (returned to sender).
  await bagged('fr_RB_E')
  await supplyByCarrier(w.core, w.checker, 'fr_RB_E')
  await value(w.core.call(w.checker, 'requests.markReturned', { id: 'fr_RB_E', note: 'addressee gone away' }))
  // A: one pack of RC1 in its bag, labelled and checked; C: the same, packed.
  await bagged('fr_RB_A')
  await bagged('fr_RB_C')
  await value(w.core.call(w.checker, 'requests.pack', { id: 'fr_RB_C', bagScan: bagScanFor('fr_RB_C'), parcels: 1 }))
  // B: one pack of RC1 reserved, ready to dispense.
  await acceptedRequest(w.l, w.assembler, 'fr_RB_B', [
    item('l1', SERTRALINE.dmdId, SERTRALINE.name, sertraline.packSize)
  ])
  await settle(w.core)
}, 90_000)
afterAll(async () => w?.stop())

describe('stock.recallBatch', () => {
  it('is a pharmacist’s: a dispenser is refused and nothing changes', async () => {
    expect(stage('fr_RB_A')).toBe('accuracy_checked')
    expect(stage('fr_RB_B')).toBe('ready_to_dispense')
    expect(stage('fr_RB_C')).toBe('packed')
    expect(stage('fr_RB_D')).toBe('dispatched')
    expect(stage('fr_RB_E')).toBe('returned_to_sender')
    const before = movements()
    const refused = await w.core.call(w.assembler, 'stock.recallBatch', {
      gtin: sertraline.gtin,
      batchNo: 'RC1',
      ...ALERT
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(movements()).toBe(before)
    expect(await recallFlags('fr_RB_A')).toEqual([])
  })

  it('quarantines the free stock, takes the pack out of a bag and releases a reservation, each request flagged', async () => {
    const recalled = await value(
      w.core.call(w.pharmacist, 'stock.recallBatch', {
        gtin: sertraline.gtin,
        batchNo: 'RC1',
        ...ALERT,
        note: 'Out-of-specification dissolution'
      })
    )
    expect(recalled.alreadyRecorded).toBe(false)
    expect(recalled.recall).toMatchObject({ batchNo: 'RC1', reference: ALERT.reference, alertClass: 2, words: words() })
    // The free pack and B's released one: two packs to quarantine.
    expect(recalled.quarantined).toBe(2 * sertraline.packSize)
    expect(await batchLevel('RC1')).toMatchObject({ onHand: 0, reserved: 0, available: 0 })
    // A's and C's packs out of their bags (to quarantine), each bag back to dispensing with a
    // replacement reserved, first expiry first (RC2, then RC3). B lost its reservation and no other
    // stock is free: back to the stock check. D is with the patient: untouched, listed by the search.
    expect(recalled.requests).toEqual([
      { requestId: 'fr_RB_A', stage: 'dispensing', packsTakenOut: 1, released: 0, backToStockCheck: false },
      { requestId: 'fr_RB_C', stage: 'dispensing', packsTakenOut: 1, released: 0, backToStockCheck: false },
      { requestId: 'fr_RB_E', stage: 'returned_to_sender', packsTakenOut: 1, released: 0, backToStockCheck: false },
      {
        requestId: 'fr_RB_B',
        stage: 'stock_check',
        packsTakenOut: 0,
        released: sertraline.packSize,
        backToStockCheck: true
      }
    ])
    expect(await batchLevel('RC2')).toMatchObject({ onHand: sertraline.packSize, reserved: sertraline.packSize })
    expect(await batchLevel('RC3')).toMatchObject({ onHand: sertraline.packSize, reserved: sertraline.packSize })
    expect(stage('fr_RB_D')).toBe('dispatched')
    expect(await recallFlags('fr_RB_D')).toEqual([])
    // E's bag came back: it stays for the address answer, its accuracy check void, so it cannot go again as it is.
    expect((await recallFlags('fr_RB_E'))[0]!.words).toContain('a pharmacist raises a query (or rejects it)')
    const returnedBag = await value(w.core.call(w.pharmacist, 'dispensing.view', { id: 'fr_RB_E' }))
    expect(returnedBag.checks).toMatchObject({ accuracyCheckBy: null, accuracyCheckAt: null })
    const view = await value(w.core.call(w.pharmacist, 'dispensing.view', { id: 'fr_RB_A' }))
    expect(view.lines[0]!.packs.map((p) => [p.batchNo, p.state])).toEqual([['RC1', 'quarantined']])
    for (const id of ['fr_RB_A', 'fr_RB_B', 'fr_RB_C', 'fr_RB_E']) {
      const [flag, ...more] = await recallFlags(id)
      expect(more).toEqual([])
      expect(flag).toMatchObject({ status: 'open', short: 'batch recalled', source: 'recall' })
      expect(flag!.words).toContain(words())
      expect(flag!.blocks).toEqual(['printLabels', 'accuracyCheck', 'pack', 'dispatch', 'collect'])
    }
  })

  it('refuses a pack of the batch at dispensing, at goods-in and at the accuracy check, in the recall’s words', async () => {
    const dispensed = await w.core.call(w.assembler, 'dispensing.scanPack', {
      id: 'fr_RB_A',
      lineId: 'l1',
      raw: sertraline.code('RC1')
    })
    expect(dispensed).toMatchObject({ ok: false, error: { details: { reason: 'recalled' } } })
    if (dispensed.ok) return
    expect(dispensed.error.message).toBe(`${words()}.`)
    const received = await scan(w.core, w.assembler, sertraline.code('RC1'))
    expect(received.line.booked).toBe(false)
    expect(received.line.flags).toEqual([{ code: 'recalled', message: `${words()}; it is not booked in` }])
    expect(await batchLevel('RC1')).toMatchObject({ onHand: 0 })
  })

  it('holds the bag until the pack is replaced and a pharmacist acknowledges; then it is labelled and checked again', async () => {
    const replacement = sertraline.code('RC2', '290131')
    await value(w.core.call(w.assembler, 'dispensing.scanPack', { id: 'fr_RB_A', lineId: 'l1', raw: replacement }))
    // The replacement completes the bag, but the labels wait for the flag.
    await settle(w.core)
    expect(stage('fr_RB_A')).toBe('dispensing')
    const held = await w.core.call(w.assembler, 'requests.printLabels', { id: 'fr_RB_A' })
    expect(held).toMatchObject({ ok: false, error: { code: 'precondition_failed' } })
    if (held.ok) return
    expect(held.error.message).toContain(words())
    const [flag] = await recallFlags('fr_RB_A')
    const byDispenser = await w.core.call(w.assembler, 'flags.acknowledge', {
      id: flag!.id,
      reason: 'Pack out, in quarantine'
    })
    expect(byDispenser).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    await value(w.core.call(w.pharmacist, 'flags.acknowledge', { id: flag!.id, reason: 'Pack out, in quarantine' }))
    await value(w.core.call(w.assembler, 'requests.printLabels', { id: 'fr_RB_A' }))
    await until(() => stage('fr_RB_A') === 'labelled', 'fr_RB_A labelled again')
    const view = await value(w.core.call(w.checker, 'dispensing.view', { id: 'fr_RB_A' }))
    // The old pack's code at the re-scan is refused in the recall's words.
    const rescanned = await value(
      w.core.call(w.checker, 'dispensing.rescan', { id: 'fr_RB_A', raw: sertraline.code('RC1') })
    )
    expect(rescanned).toMatchObject({ outcome: 'refused', message: `${words()}.` })
    await value(
      w.core.call(w.checker, 'requests.accuracyCheck', {
        id: 'fr_RB_A',
        rescans: rescansWithLabels(view, [replacement])
      })
    )
    expect(stage('fr_RB_A')).toBe('accuracy_checked')
  })

  it('sends a packed bag out again only once its replacement is labelled, checked and packed', async () => {
    const replacement = sertraline.code('RC3', '300131')
    await value(w.core.call(w.assembler, 'dispensing.scanPack', { id: 'fr_RB_C', lineId: 'l1', raw: replacement }))
    await settle(w.core)
    expect(stage('fr_RB_C')).toBe('dispensing')
    const [flag] = await recallFlags('fr_RB_C')
    await value(w.core.call(w.pharmacist, 'flags.acknowledge', { id: flag!.id, reason: 'Pack out, in quarantine' }))
    await value(w.core.call(w.assembler, 'requests.printLabels', { id: 'fr_RB_C' }))
    await until(() => stage('fr_RB_C') === 'labelled', 'fr_RB_C labelled again')
    const view = await value(w.core.call(w.checker, 'dispensing.view', { id: 'fr_RB_C' }))
    await value(
      w.core.call(w.checker, 'requests.accuracyCheck', {
        id: 'fr_RB_C',
        rescans: rescansWithLabels(view, [replacement])
      })
    )
    await supplyByCarrier(w.core, w.checker, 'fr_RB_C')
    expect(stage('fr_RB_C')).toBe('dispatched')
    const found = await value(
      w.core.call(w.checker, 'registers.recall.search', { product: sertraline.amppId, batchNo: 'RC1' })
    )
    // The patients who had RC1: D only; C's supply went out with RC3.
    expect(found.hits.map((hit) => [hit.requestId, hit.status])).toEqual([['fr_RB_D', 'supplied']])
  })

  it('is recorded once: a second call says so and changes nothing', async () => {
    const before = movements()
    const flagsBefore = await recallFlags('fr_RB_B')
    const again = await value(
      w.core.call(w.pharmacist, 'stock.recallBatch', { amppId: sertraline.amppId, batchNo: 'RC1', ...ALERT })
    )
    expect(again.alreadyRecorded).toBe(true)
    expect(again.message).toMatch(/was recalled already .* nothing was changed\.$/)
    expect(again.requests).toEqual([])
    expect(movements()).toBe(before)
    expect(await recallFlags('fr_RB_B')).toEqual(flagsBefore)
    const count = w.core.internals.store.sqlite.prepare('SELECT count(*) AS n FROM batch_recalls').get() as {
      n: number
    }
    expect(count.n).toBe(1)
    // The record stands as made: no edit, no deletion.
    const sqlite = w.core.internals.store.sqlite
    expect(() => sqlite.prepare("UPDATE batch_recalls SET reference = 'changed'").run()).toThrow(/append-only/)
    expect(() => sqlite.prepare('DELETE FROM batch_recalls').run()).toThrow(/append-only/)
  })

  it('shows the recall at the top of the recall search', async () => {
    const found = await value(
      w.core.call(w.checker, 'registers.recall.search', { product: sertraline.amppId, batchNo: 'RC1' })
    )
    expect(found.recalls).toMatchObject([{ batchNo: 'RC1', reference: ALERT.reference, alertClass: 2 }])
    const other = await value(
      w.core.call(w.checker, 'registers.recall.search', { product: sertraline.amppId, batchNo: 'RC2' })
    )
    expect(other.recalls).toEqual([])
  })
})
