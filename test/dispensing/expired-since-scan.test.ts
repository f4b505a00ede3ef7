/**
 * A pack that lasted the course when it was scanned, and no longer does when the bag is checked or
 * sent: the accuracy check and dispatch (and the hand-over of a collection) read every pack in the
 * bag against today (Europe/London) with the scan's own rule (`packExpiryProblem`): expired, or
 * expiring before the course ends as counted from today. Refused in words naming the medicine, the
 * pack's expiry and the course end, and what to do; nothing is written.
 * Clock: 26/11/2026 09:00 (ManualClock), moved on 3 days after the scan. 28 tablets, ONE daily.
 */
import { expect, it } from 'vitest'
import { addDays } from '../../src/shared/time/calendar'
import { countRows } from '../helpers/count-rows'
import { checkedRequest, dispensedWorld, registerRequest } from '../helpers/dispensed-world'
import { settle, staffSession } from '../helpers/linked'
import { rescansWithLabels } from '../helpers/rescans'
import { startedForFile } from '../helpers/started-for-file'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { until } from '../helpers/until'
import { DMD, packCode, scan, stockedPack } from '../stock/helpers'

const w = startedForFile(dispensedWorld)

/** Moves the clock on; sessions idle that long are locked, so everyone signs in again. */
async function daysLater(days: number): Promise<void> {
  w.clock.advance(days * 24 * 3600_000)
  w.assembler = await staffSession(w.core, ['dispenser', 'accuracy_checker'])
  w.pharmacist = await staffSession(w.core, ['pharmacist'])
  w.checker = await staffSession(w.core, ['accuracy_checker'])
}

const londonToday = () => w.clock.now().toISOString().slice(0, 10)
const enGb = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
const yymmdd = (iso: string) => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10)

/**
 * One sertraline pack booked in that expires 30 days from today (the course, 28 days, ends
 * before), and the body of a request for it; `expiry` is its last day.
 */
async function packLastingTwoDaysBeyond(
  id: string,
  batch: string
): Promise<{ code: string; body: Record<string, unknown>; expiry: string }> {
  const { gtin, packSize } = await stockedPack(w.core, w.assembler, DMD.sertraline)
  const expiry = addDays(londonToday(), 30)
  const code = packCode(gtin, batch, yymmdd(expiry))
  await scan(w.core, w.assembler, code, null)
  const body = registerRequest(id, [
    { lineId: 'l1', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: packSize }
  ])
  return { code, body, expiry }
}

/** What the request has written so far: its audit entries and its events for Phensys. */
function written(id: string): { audit: number; outbox: number } {
  const { sqlite } = w.core.internals.store
  return {
    audit: countRows(sqlite, 'SELECT count(*) AS n FROM audit_log WHERE entity_id = ?', id),
    outbox: countRows(sqlite, 'SELECT count(*) AS n FROM outbox WHERE request_id = ?', id)
  }
}

/** The refusal's words, with what each must name. */
function expectRefusedForExpiry(
  answer: { ok: true } | { ok: false; error: { code: string; message: string } },
  expiry: string
): void {
  expect(answer.ok, 'refused').toBe(false)
  if (answer.ok) return
  const courseEnd = addDays(londonToday(), 28)
  expect(answer.error.code).toBe('precondition_failed')
  expect(answer.error.message).toContain('Sertraline')
  expect(answer.error.message).toContain(`expires on ${enGb(expiry)}`)
  expect(answer.error.message).toContain(`before the course ends (about 28 days, to ${enGb(courseEnd)})`)
  expect(answer.error.message).toMatch(/take (it|the pack) out of the bag/i)
  expect(answer.error.message).toMatch(/scan a replacement/i)
}

it('the accuracy check refuses a pack that no longer lasts the course counted from today, and writes nothing', async () => {
  const id = 'fr_R34_CHECK_EXPIRY'
  const { code, body, expiry } = await packLastingTwoDaysBeyond(id, 'EXP34A')
  await w.l.phensys.post('/sandbox/requests', body)
  await settle(w.core)
  expect((await w.core.call(w.assembler, 'requests.accept', { id })).ok).toBe(true)
  expect((await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).ok).toBe(true)
  const scanned = await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code })
  expect(scanned.ok ? 'scanned' : scanned.error.message).toBe('scanned')
  await until(() => w.core.internals.requests.get(id)?.row.stage === 'labelled', `${id} labelled`)

  await daysLater(3)
  const view = await w.core.call(w.checker, 'dispensing.view', { id })
  if (!view.ok) throw new Error(view.error.message)
  const before = written(id)
  const checked = await w.core.call(w.checker, 'requests.accuracyCheck', {
    id,
    rescans: rescansWithLabels(view.value, [code])
  })
  expectRefusedForExpiry(checked, expiry)
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('labelled')
  expect(written(id)).toEqual(before)
})

/** Checked and packed today, then `days` later. */
async function packedThenLater(id: string, body: Record<string, unknown>, code: string, days: number): Promise<void> {
  await checkedRequest(w, id, body, { l1: [code] })
  const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  expect(packed.ok ? 'packed' : packed.error.message).toBe('packed')
  await daysLater(days)
}

/** The step refused for the pack's expiry, the request left packed, and nothing written. */
async function refusedLeftPacked(
  id: string,
  expiry: string,
  step: () => Promise<{ ok: true } | { ok: false; error: { code: string; message: string } }>
): Promise<void> {
  const before = written(id)
  expectRefusedForExpiry(await step(), expiry)
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('packed')
  expect(written(id)).toEqual(before)
}

it('dispatch refuses a checked, packed bag whose pack no longer lasts the course counted from today, and writes nothing', async () => {
  const id = 'fr_R34_DISPATCH_EXPIRY'
  const { code, body, expiry } = await packLastingTwoDaysBeyond(id, 'EXP34B')
  await packedThenLater(id, body, code, 3)
  await refusedLeftPacked(id, expiry, () =>
    w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
  )
})

it('the hand-over of a collection refuses it the same way, and writes nothing', async () => {
  const id = 'fr_R34_COLLECT_EXPIRY'
  const { code, body, expiry } = await packLastingTwoDaysBeyond(id, 'EXP34C')
  const forCollection = { ...body, delivery: { ...(body.delivery as Record<string, unknown>), service: 'collect' } }
  await packedThenLater(id, forCollection, code, 3)
  const collectedBy = { name: 'Zoë O’Brien-Łukasik', relation: 'patient', idAsked: true, idSeen: true } as const
  await refusedLeftPacked(id, expiry, () => w.core.call(w.checker, 'requests.collect', { id, collectedBy }))
})

it('a bag whose pack still lasts the course counted from today is checked and sent as before', async () => {
  const id = 'fr_R34_STILL_LASTS'
  const { code, body } = await packLastingTwoDaysBeyond(id, 'EXP34D')
  await packedThenLater(id, body, code, 2)
  const sent = await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
  expect(sent.ok ? 'dispatched' : sent.error.message).toBe('dispatched')
})
