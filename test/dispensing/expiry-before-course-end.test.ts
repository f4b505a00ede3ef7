/**
 * Scan-to-verify refuses, in words, a pack whose expiry (AI 17) falls before the course it is
 * dispensed for ends (course length read from the directions, as the picking view reads it): the
 * patient would be left taking an expired medicine. A pack that lasts the course is taken; where the
 * directions give no course length ("when required") only an expired pack is refused.
 * Clock: 26/11/2026 (ManualClock). 28 tablets, ONE daily: the course ends 24/12/2026.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { requestBody, settle } from '../helpers/linked'
import { staffedWorld, type StaffedWorld } from '../helpers/dispensed-world'
import { DMD, bookIn, item, packCode, stockedPack, withItems } from '../stock/helpers'

let w: StaffedWorld
let gtin = ''
let packSize = 0
beforeAll(async () => {
  w = await staffedWorld()
  expect(await w.core.call(w.admin, 'dispensing.setAutoLabels', { enabled: false })).toMatchObject({ ok: true })
  await bookIn(w.core, w.assembler, DMD.sertraline, 2, 'SHORT1', '261210')
  await bookIn(w.core, w.assembler, DMD.sertraline, 3, 'LONG1', '280630')
  ;({ gtin, packSize } = await stockedPack(w.core, w.assembler, DMD.sertraline))
}, 60_000)
afterAll(async () => w?.l.stop())

async function dispensing(id: string, directions: string): Promise<void> {
  await w.l.phensys.post(
    '/sandbox/requests',
    withItems(requestBody(id), [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', packSize, 'tablet', directions)])
  )
  await settle(w.core)
  expect(await w.core.call(w.assembler, 'requests.accept', { id })).toMatchObject({ ok: true })
  expect(await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
    ok: true
  })
  expect(await w.core.call(w.assembler, 'requests.startDispensing', { id })).toMatchObject({
    ok: true,
    value: { row: { stage: 'dispensing' } }
  })
}

const scanned = (id: string, raw: string) => w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })

it('refuses a pack that expires before the course ends, saying when each is, and takes one that lasts', async () => {
  expect(packSize).toBe(28)
  const id = 'fr_R33_COURSE'
  await dispensing(id, 'Take ONE tablet daily')
  const short = await scanned(id, packCode(gtin, 'SHORT1', '261210'))
  expect(short).toMatchObject({
    ok: false,
    error: { code: 'precondition_failed', details: { reason: 'expires_before_course_end' } }
  })
  if (!short.ok) {
    expect(short.error.message).toContain('batch SHORT1 expires on 10/12/2026')
    expect(short.error.message).toContain('before the course ends (about 28 days, to 24/12/2026)')
    expect(short.error.message).toContain('scan a pack of a batch that lasts the course')
  }
  const long = await scanned(id, packCode(gtin, 'LONG1', '280630'))
  expect(long).toMatchObject({ ok: true })
})

it('takes a pack in date today when the directions give no course length', async () => {
  const id = 'fr_R33_PRN'
  await dispensing(id, 'Take ONE tablet when required')
  const short = await scanned(id, packCode(gtin, 'SHORT1', '261210'))
  expect(short).toMatchObject({ ok: true })
})

it('the stock check reserves a batch that lasts the course before one that expires first, so the picks it lists can be scanned', async () => {
  const id = 'fr_R33_RESERVE'
  await dispensing(id, 'Take ONE tablet daily')
  const picking = await w.core.call(w.assembler, 'stock.request', { id })
  if (!picking.ok) throw new Error(picking.error.message)
  const picks = picking.value.lines[0]!.picks
  expect(picks.map((pick) => pick.batchNo)).toEqual(['LONG1'])
  expect(picking.value.lines[0]!.warnings).toEqual([])
})

it('reads a pack code with FNC1 separators at odd places (leading, doubled, after fixed-length fields, trailing) and records its batch, expiry and serial', async () => {
  const id = 'fr_R33_GS1'
  await dispensing(id, 'Take ONE tablet daily')
  const GS = '\u001d'
  const raw = `]d2${GS}01${gtin}${GS}${GS}17280600${GS}21R33SER1${GS}10LONG1${GS}\r`
  const read = await scanned(id, raw)
  if (!read.ok) throw new Error(read.error.message)
  expect(
    read.value.lines[0]!.packs.map(({ gtin, batchNo, expiry, serial }) => ({ gtin, batchNo, expiry, serial }))
  ).toEqual([{ gtin, batchNo: 'LONG1', expiry: '2028-06-30', serial: 'R33SER1' }])
})

it('the stock check does not reserve a batch that expires before the course ends: with nothing else on the shelf the line is short and ordered, not left to a pick the scan refuses', async () => {
  await bookIn(w.core, w.assembler, DMD.finasteride, 2, 'SHORTFIN', '261210')
  const id = 'fr_R33_ONLY_SHORT'
  await w.l.phensys.post(
    '/sandbox/requests',
    withItems(requestBody(id), [
      item('l1', DMD.finasteride, 'Finasteride 5mg tablets', 28, 'tablet', 'Take ONE tablet daily')
    ])
  )
  await settle(w.core)
  expect(await w.core.call(w.assembler, 'requests.accept', { id })).toMatchObject({ ok: true })
  const reservedShort = w.core.internals.store.sqlite
    .prepare(
      `SELECT count(*) AS n FROM stock_movements m JOIN batches b ON b.id = m.batch_id
       WHERE m.request_id = ? AND m.kind = 'reservation' AND b.batch_no = 'SHORTFIN'`
    )
    .get(id) as { n: number }
  expect(reservedShort.n).toBe(0)
  expect(w.core.internals.requests.get(id)?.row.stage).not.toBe('ready_to_dispense')
})
