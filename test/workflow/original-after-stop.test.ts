/**
 * The original paper prescription arrives after the request was stopped (cancelled at Phensys, or
 * rejected by the pharmacist). The pharmacy still records the paper it received: the receipt is
 * kept as any other (who, when, form, serial, the check) and shown with the request, audited; the
 * request stays stopped, and Phensys hears nothing (the contract takes `hard_copy.received` only in
 * `in_fulfilment` and `awaiting_patient_decision`). Review orig29 found the receipt refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { settle, staffSession } from '../helpers/linked'
import { cancelledAtPhensys, linkedToLiteral, ok, snapshotOf, type LiteralLink } from '../helpers/literal-world'
import type { Json } from '../sync/literal-phensys'

let w: LiteralLink
let core: Core
let dispenser: string
let pharmacist: string
let checker: string

beforeAll(async () => {
  w = await linkedToLiteral()
  core = w.core
  dispenser = await staffSession(core, ['dispenser'])
  pharmacist = await staffSession(core, ['pharmacist'])
  checker = await staffSession(core, ['accuracy_checker'])
}, 60_000)
afterAll(async () => w?.stop())

const stageOf = (id: string) => core.internals.requests.get(id)?.row.stage

/** An upload-route paper prescription, accepted to wait for its original. */
async function awaitingOriginal(id: string): Promise<void> {
  const snapshot = snapshotOf(id, { route: 'upload' })
  Object.assign(snapshot.prescription as Json, {
    kind: 'private_paper',
    hardCopy: { required: true, reason: 'paper_prescription' }
  })
  w.lit.create(snapshot)
  await settle(core)
  ok(await core.call(dispenser, 'requests.accept', { id }), 'accept')
  await settle(core)
  expect(stageOf(id)).toBe('awaiting_hard_copy')
}

const original = (id: string, quantityOnForm = 28) => ({
  id,
  formType: 'private_paper' as const,
  serial: 'PP 0042',
  patientMatches: true,
  prescriberMatches: true,
  dateMatches: true,
  lines: [{ lineId: 'l1', matches: true, quantityOnForm }]
})

async function expectRecordedAndStopped(id: string, stopped: string, phensysHeard: string[]): Promise<void> {
  expect(stageOf(id)).toBe(stopped)
  const receipts = ok(await core.call(checker, 'hardCopies.forRequest', { id }), 'receipts')
  expect(receipts).toMatchObject([{ formType: 'private_paper', serial: 'PP 0042', receivedBy: expect.any(String) }])
  const entry = core.internals.audit
    .list({ entityId: id, limit: 50 })
    .find((e) => e.command === 'requests.receiveHardCopy')
  expect(entry?.summary).toMatchObject({ before: stopped, after: stopped })
  await settle(core)
  expect(core.internals.outbox.forRequest(id).map((event) => event.type)).toEqual(phensysHeard)
  expect(w.lit.accepted(id).map((event) => event.type)).toEqual(phensysHeard)
  expect(w.lit.conflicts.filter((conflict) => conflict.requestId === id)).toEqual([])
  expect(w.lit.violations).toEqual([])
}

describe('an original received for a stopped request', () => {
  it('is recorded for a request cancelled at Phensys, which stays cancelled and tells Phensys nothing', async () => {
    const id = 'fr_ORIG_AFTER_CANCEL'
    await awaitingOriginal(id)
    const awaited = async () =>
      ok(await core.call(checker, 'hardCopies.outstanding', {}), 'originals awaited (F4)').map((row) => row.requestId)
    expect(await awaited()).toContain(id)
    cancelledAtPhensys(w, id)
    await settle(core)
    expect(stageOf(id)).toBe('cancelled')
    // No longer chased: F4 lists it no more, and it is never overdue.
    expect(await awaited()).not.toContain(id)
    const refused = await core.call(checker, 'requests.receiveHardCopy', original(id))
    expect(refused, 'recorded by a role that may not receive originals').toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    ok(await core.call(dispenser, 'requests.receiveHardCopy', original(id)), 'original after cancellation')
    await expectRecordedAndStopped(id, 'cancelled', ['accepted', 'hard_copy.awaiting', 'cancellation.acknowledged'])
  })

  it('is recorded for a request the pharmacist rejected, even one not matching: no query to Phensys', async () => {
    const id = 'fr_ORIG_AFTER_REJECT'
    await awaitingOriginal(id)
    ok(await core.call(pharmacist, 'requests.reject', { id, reason: 'other', message: 'Patient moved away' }), 'reject')
    await settle(core)
    ok(await core.call(dispenser, 'requests.receiveHardCopy', original(id, 56)), 'original after rejection')
    await expectRecordedAndStopped(id, 'rejected', ['accepted', 'hard_copy.awaiting', 'rejected'])
  })
})
