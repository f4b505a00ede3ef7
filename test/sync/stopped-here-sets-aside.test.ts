/**
 * A request the counter stops itself (a pharmacist's rejection, or the rejection of a version it
 * cannot read: the table's `unreadableVersion`) sets aside, in the same transaction, its events
 * that were waiting for a person's decision, as Phensys's cancellation does: they wait for no one
 * any more, the step's audit entry lists them beside what else it withdrew, and the rejection goes
 * to Phensys with no one acting instead of waiting behind them.
 */
import { describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { ok, readyToDispense, stageOf, worldForFile } from '../helpers/literal-world'
import type { Json } from './literal-phensys'

const w = worldForFile()

/** Request `id` ready to dispense; its `dispensing.started` refused (400) and waiting for a person. */
async function eventWaitingForAPerson(id: string): Promise<number> {
  const code = await readyToDispense(w, id)
  await settle(w.core)
  w.lit.intercept(1, {
    status: 400,
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'validation_failed', message: 'refused', details: [] } })
  })
  ok(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code }), 'scan')
  await settle(w.core)
  const started = w.core.internals.outbox.forRequest(id).find((row) => row.type === 'dispensing.started')!
  expect(started).toMatchObject({ status: 'failed' })
  return started.id
}

async function setAsideAndRejected(id: string, waiting: number, command: string): Promise<void> {
  await settle(w.core)
  await settle(w.core)
  expect(stageOf(w, id)).toBe('rejected')
  expect(w.core.internals.outbox.byId(waiting)).toMatchObject({
    status: 'superseded',
    lastError: expect.stringMatching(/^Set aside: .* rejected the request \(version \d+\)\.$/)
  })
  expect(w.lit.accepted(id).map((event) => event.type)).toContain('rejected')
  expect(
    w.core.internals.outbox.forRequest(id).filter((row) => row.status === 'failed' || row.status === 'conflict')
  ).toEqual([])
  const detail = ok(await w.core.call(w.pharmacist, 'requests.get', { id }), 'request')
  const step = detail.timeline.find((entry) => entry.command === command)
  expect(step?.summary).toMatchObject({
    note: { withdrawn: { refusedEvents: [{ id: waiting, type: 'dispensing.started' }] } }
  })
  expect(w.lit.violations).toEqual([])
}

describe('events waiting for a person, when the counter stops the request', () => {
  it("a pharmacist's rejection sets them aside in its transaction and the rejection reaches Phensys", async () => {
    const id = 'fr_STOP_HERE_REJECT'
    const waiting = await eventWaitingForAPerson(id)
    const rejected = await w.core.call(w.pharmacist, 'requests.reject', {
      id,
      reason: 'clinical',
      message: 'Not appropriate for this patient'
    })
    expect(rejected).toMatchObject({ ok: true, value: { row: { stage: 'rejected' } } })
    // In the step's own transaction: set aside before any push ran.
    expect(w.core.internals.outbox.byId(waiting)).toMatchObject({ status: 'superseded' })
    await setAsideAndRejected(id, waiting, 'requests.reject')
  })

  it('the rejection of a version the counter cannot read sets them aside as it stops the request', async () => {
    const id = 'fr_STOP_HERE_UNREADABLE'
    const waiting = await eventWaitingForAPerson(id)
    w.lit.change(
      id,
      (s) => {
        delete (s.prescription as Json).items
      },
      'request.updated'
    )
    await setAsideAndRejected(id, waiting, 'workflow.unreadableVersion')
  })
})
