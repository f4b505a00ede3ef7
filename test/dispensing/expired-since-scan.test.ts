/**
 * A pack that lasted the course when it was scanned, and no longer does when the bag is checked,
 * packed or sent: the accuracy check, packing, dispatch (and the hand-over of a collection) read every pack in the
 * bag against today (Europe/London) with the scan's own rule (`packExpiryProblem`): expired, or
 * expiring before the course ends as counted from today. Refused in words naming the medicine, the
 * pack's expiry and the course end, and what to do; nothing is written.
 * Clock: 26/11/2026 09:00 (ManualClock), moved on 3 days after the scan. 28 tablets, ONE daily.
 */
import { expect, it } from 'vitest'
import { addDays } from '../../src/shared/time/calendar'
import { checkedRequest, dispensedWorld } from '../helpers/dispensed-world'
import { settle } from '../helpers/linked'
import {
  daysLater as laterBy,
  londonToday as today,
  packedThenLater as packedLater,
  packLastingTwoDaysBeyond as lastingTwoDaysBeyond,
  written as writtenFor
} from '../helpers/out-of-date-bag'
import { rescansWithLabels } from '../helpers/rescans'
import { startedForFile } from '../helpers/started-for-file'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { until } from '../helpers/until'

const w = startedForFile(dispensedWorld)

const londonToday = () => today(w)
const enGb = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
const daysLater = (days: number) => laterBy(w, days)
const packLastingTwoDaysBeyond = (id: string, batch: string) => lastingTwoDaysBeyond(w, id, batch)
const written = (id: string) => writtenFor(w, id)

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

/** One pack lasting the course by two days, scanned and labelled today, then `days` later. */
async function labelledThenLater(id: string, batch: string, days: number): Promise<{ code: string; expiry: string }> {
  const { code, body, expiry } = await packLastingTwoDaysBeyond(id, batch)
  await w.l.phensys.post('/sandbox/requests', body)
  await settle(w.core)
  expect((await w.core.call(w.assembler, 'requests.accept', { id })).ok).toBe(true)
  expect((await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).ok).toBe(true)
  const scanned = await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code })
  expect(scanned.ok ? 'scanned' : scanned.error.message).toBe('scanned')
  await until(() => w.core.internals.requests.get(id)?.row.stage === 'labelled', `${id} labelled`)
  await daysLater(days)
  return { code, expiry }
}

it('the accuracy check refuses a pack that no longer lasts the course counted from today, and writes nothing', async () => {
  const id = 'fr_R34_CHECK_EXPIRY'
  const { code, expiry } = await labelledThenLater(id, 'EXP34A', 3)
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

it("the accuracy check's re-scan of a pack out of date today refuses that pack at once, in the same words, and keeps nothing", async () => {
  const id = 'fr_R35_RESCAN_EXPIRY'
  const { code, expiry } = await labelledThenLater(id, 'EXP35R', 3)
  const rescanned = await w.core.call(w.checker, 'dispensing.rescan', { id, raw: code })
  if (!rescanned.ok) throw new Error(rescanned.error.message)
  expect(rescanned.value.outcome).toBe('refused')
  expect(rescanned.value.recorded).toBe(false)
  expect(rescanned.value.matched).toEqual([])
  // The words the check refuses the bag in, said for the pack as it is re-scanned.
  expectRefusedForExpiry(
    { ok: false, error: { code: 'precondition_failed', message: rescanned.value.message } },
    expiry
  )
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('labelled')
})

const packedThenLater = (id: string, body: Record<string, unknown>, code: string, days: number) =>
  packedLater(w, id, body, code, days)

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

it('packing (P) refuses a checked bag whose pack no longer lasts the course counted from today, writes nothing, and U is offered there', async () => {
  const id = 'fr_R35_PACK_EXPIRY'
  const { code, body, expiry } = await packLastingTwoDaysBeyond(id, 'EXP35P')
  await checkedRequest(w, id, body, { l1: [code] })
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('accuracy_checked')
  await daysLater(3)
  const before = written(id)
  expectRefusedForExpiry(
    await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }),
    expiry
  )
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('accuracy_checked')
  expect(written(id)).toEqual(before)
  // The remedy is offered where P is refused: the view reads the pack out of date, and U takes it out.
  const view = await w.core.call(w.assembler, 'dispensing.view', { id })
  if (!view.ok) throw new Error(view.error.message)
  expect(view.value.outOfDate).toEqual([expect.stringContaining('Sertraline')])
  const taken = await w.core.call(w.assembler, 'requests.outOfDatePackTakenOut', { id })
  expect(taken.ok ? 'taken out' : taken.error.message).toBe('taken out')
  expect(['dispensing', 'stock_check']).toContain(w.core.internals.requests.get(id)?.row.stage)
})

it('a bag whose pack still lasts the course counted from today is checked and sent as before', async () => {
  const id = 'fr_R34_STILL_LASTS'
  const { code, body } = await packLastingTwoDaysBeyond(id, 'EXP34D')
  await packedThenLater(id, body, code, 2)
  const sent = await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
  expect(sent.ok ? 'dispatched' : sent.error.message).toBe('dispatched')
})
