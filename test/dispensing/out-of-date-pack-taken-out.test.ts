/**
 * The step out of a bag refused for a pack that no longer lasts the course counted from today
 * (`outOfDatePackTakenOut`, U, a dispenser or pharmacist): the pack out of the bag into quarantine
 * in the books, the labels and accuracy check void, back to dispensing with a replacement reserved
 * from another batch that lasts the course (or back to the stock check when none is free), in one
 * transaction; Phensys hears nothing. A bag whose packs all last the course is refused.
 * Clock: 26/11/2026 09:00 (ManualClock), moved on 3 days after packing. 28 tablets, ONE daily.
 */
import { expect, it } from 'vitest'
import { countRows } from '../helpers/count-rows'
import { dispensedWorld } from '../helpers/dispensed-world'
import { packedThenLater, packLastingTwoDaysBeyond, written } from '../helpers/out-of-date-bag'
import { rescansWithLabels } from '../helpers/rescans'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { startedForFile } from '../helpers/started-for-file'
import { until } from '../helpers/until'
import { DMD, packCode, scan, stockedPack } from '../stock/helpers'

const w = startedForFile(dispensedWorld)

const stage = (id: string) => w.core.internals.requests.get(id)?.row.stage
const quarantinedFor = (id: string) =>
  countRows(
    w.core.internals.store.sqlite,
    "SELECT count(*) AS n FROM stock_movements WHERE kind = 'quarantine' AND request_id = ?",
    id
  )
const takeOut = (session: string, id: string) => w.core.call(session, 'requests.outOfDatePackTakenOut', { id })

async function view(id: string) {
  const answer = await w.core.call(w.checker, 'dispensing.view', { id })
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value
}

/** A pack of sertraline booked in, of a batch lasting well beyond any course here. */
async function longLastingPack(batch: string): Promise<string> {
  const { gtin } = await stockedPack(w.core, w.assembler, DMD.sertraline)
  const code = packCode(gtin, batch, '300131')
  await scan(w.core, w.assembler, code, null)
  return code
}

it('takes the out-of-date pack out into quarantine, voids the labels and check, and a replacement goes out', async () => {
  const id = 'fr_T34_REPLACED'
  const { code, body, expiry } = await packLastingTwoDaysBeyond(w, id, 'OOD34A')
  await packedThenLater(w, id, body, code, 3)
  const replacement = await longLastingPack('OOD34R')
  const labelsBefore = (await view(id)).labelGeneration
  // The request screen offers the step (U) only while the view reads a pack out of date today.
  expect((await view(id)).outOfDate).toEqual([expect.stringContaining(`Sertraline`)])

  // Dispatch refuses, naming the step and its key.
  const refused = await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
  expect(refused.ok).toBe(false)
  if (!refused.ok) expect(refused.error.message).toContain('“Take the out-of-date pack out” (U)')

  const before = written(w, id)
  const taken = await takeOut(w.assembler, id)
  expect(taken.ok ? 'taken out' : taken.error.message).toBe('taken out')
  expect(stage(id)).toBe('dispensing')
  expect(quarantinedFor(id)).toBe(1)
  const after = await view(id)
  expect(after.lines[0]!.packs.map((p) => [p.batchNo, p.state])).toEqual([['OOD34A', 'quarantined']])
  expect(after.checks).toMatchObject({ accuracyCheckBy: null, accuracyCheckAt: null, labelsJobId: null })
  expect(after.labelGeneration).toBeGreaterThan(labelsBefore)
  expect(after.outOfDate).toEqual([])
  // One audit entry naming the pack, nothing for Phensys.
  expect(written(w, id)).toEqual({ audit: before.audit + 1, outbox: before.outbox })
  const [entry] = w.core.internals.audit.list({ entityId: id, limit: 1 })
  expect(entry?.command).toBe('requests.outOfDatePackTakenOut')
  expect(entry?.summary).toMatchObject({
    before: 'packed',
    after: 'dispensing',
    note: { packsTakenOut: [{ medicine: expect.stringContaining('Sertraline'), batch: 'OOD34A', expiry }] }
  })

  // The replacement, reserved from the batch that lasts: scanned, labelled, checked, packed, sent.
  const scanned = await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: replacement })
  expect(scanned.ok ? 'scanned' : scanned.error.message).toBe('scanned')
  await until(() => stage(id) === 'labelled', `${id} labelled again`)
  const checked = await w.core.call(w.checker, 'requests.accuracyCheck', {
    id,
    rescans: rescansWithLabels(await view(id), [replacement])
  })
  expect(checked.ok ? 'checked' : checked.error.message).toBe('checked')
  const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  expect(packed.ok ? 'packed' : packed.error.message).toBe('packed')
  const sent = await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
  expect(sent.ok ? 'dispatched' : sent.error.message).toBe('dispatched')
})

it('with no other stock of the pack free, takes it out and goes back to the stock check', async () => {
  const id = 'fr_T34_STOCK_CHECK'
  const { code, body } = await packLastingTwoDaysBeyond(w, id, 'OOD34B')
  await packedThenLater(w, id, body, code, 3)
  const taken = await takeOut(w.pharmacist, id)
  expect(taken.ok ? 'taken out' : taken.error.message).toBe('taken out')
  expect(stage(id)).toBe('stock_check')
  expect(quarantinedFor(id)).toBe(1)
  expect((await view(id)).lines[0]!.packs.map((p) => [p.batchNo, p.state])).toEqual([['OOD34B', 'quarantined']])
})

it('refuses a bag whose packs all last the course, and writes nothing', async () => {
  const id = 'fr_T34_STILL_LASTS'
  const { code, body } = await packLastingTwoDaysBeyond(w, id, 'OOD34C', 60)
  await packedThenLater(w, id, body, code, 3)
  const before = written(w, id)
  const refused = await takeOut(w.assembler, id)
  expect(refused.ok).toBe(false)
  if (!refused.ok) {
    expect(refused.error.code).toBe('precondition_failed')
    expect(refused.error.message).toMatch(/every pack in the bag (is in date and )?lasts the course/i)
  }
  expect(stage(id)).toBe('packed')
  expect(written(w, id)).toEqual(before)
  expect(quarantinedFor(id)).toBe(0)
})

it('refuses an accuracy checker who does not dispense, and writes nothing', async () => {
  const id = 'fr_T34_ROLE'
  const { code, body } = await packLastingTwoDaysBeyond(w, id, 'OOD34D')
  await packedThenLater(w, id, body, code, 3)
  const before = written(w, id)
  const refused = await takeOut(w.checker, id)
  expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  expect(stage(id)).toBe('packed')
  expect(written(w, id)).toEqual(before)
  expect(quarantinedFor(id)).toBe(0)
})
