import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { STAFF_PIN, requestBody, settle, type Linked } from '../helpers/linked'
import { staffedWorld, usePrinter, type StaffedWorld } from '../helpers/dispensed-world'
import { startListener, type Listener } from '../helpers/tcp-listeners'
import { until } from '../helpers/until'
import { labelsWaiting, printJobsOf, printerBack, sertralineScanned } from '../helpers/waiting-labels'
import { DMD, bookIn, item, recordedEvents, setUpWholesaler, withItems } from '../stock/helpers'

let linked: Linked | undefined
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
  await linked?.stop()
  linked = undefined
})

async function world(): Promise<StaffedWorld> {
  const w = await staffedWorld()
  linked = w.l
  return w
}

async function listener(behaviour: Parameters<typeof startListener>[0], port = 0): Promise<Listener> {
  const started = await startListener(behaviour, port)
  cleanups.push(() => started.close())
  return started
}

function ok<T>(answer: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value
}

function timeline(core: Core, id: string) {
  return core.internals.audit.list({ entityId: id, limit: 100 })
}

describe('a cancellation at Phensys withdraws everything in flight, in the transaction that stops the request', () => {
  it('a label job queued while the printer is offline is withdrawn and never reaches the printer when it comes back', async () => {
    const id = 'fr_X_LABEL'
    const { w, port } = await labelsWaiting(id)
    linked = w.l
    const { core } = w

    await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
    await settle(core)
    expect(core.internals.requests.get(id)?.row.stage).toBe('cancelled')
    const [job] = await printJobsOf(core, w.assembler, id)
    expect(job).toMatchObject({ state: 'cancelled', notice: 'Not printed: cancelled at Phensys.' })
    // The cancel step of the transition table withdrew it, and its audit entry says so.
    expect(timeline(core, id).find((entry) => entry.command === 'workflow.cancelledByPhensys')?.summary).toMatchObject({
      before: 'dispensing',
      after: 'cancelled',
      note: { withdrawn: { printJobs: { cancelled: [job!.id], atPrinter: [] } } }
    })
    // The scanned pack had no label yet: back on the shelf, and Phensys hears so.
    expect((await recordedEvents(w.l, id)).at(-1)).toMatchObject({
      type: 'cancellation.acknowledged',
      data: { stockReturned: true }
    })

    // The printer is back, and the job's retry time long past: nothing prints.
    const printer = await printerBack(w, port)
    cleanups.push(() => printer.close())
    expect(printer.jobs).toHaveLength(0)
    expect(core.internals.devices.queue.jobs(id)[0]?.state).toBe('cancelled')
  })

  it('labels waiting to print for one patient are withdrawn when Phensys names another; the request waits for a check of this one', async () => {
    const id = 'fr_X_OTHER_PATIENT'
    const { w } = await labelsWaiting(id)
    linked = w.l
    const { core } = w

    const patient = {
      id: 'pt_X_OTHER',
      name: { title: null, given: 'Sam', family: 'Other' },
      dateOfBirth: '2014-05-01'
    }
    await w.l.phensys.post(`/sandbox/requests/${id}/update`, { changes: { patient } })
    await settle(core)
    expect(core.internals.requests.get(id)?.row.stage).toBe('dispensing')
    const [job] = await printJobsOf(core, w.assembler, id)
    expect(job).toMatchObject({ state: 'cancelled', notice: 'Not printed: Phensys changed the patient.' })
    expect(timeline(core, id).find((entry) => entry.command === 'workflow.clinicalCheckVoided')?.summary).toMatchObject(
      { note: { withdrawn: { printJobs: { cancelled: [job!.id], atPrinter: [] } } } }
    )
    expect(await core.call(w.pharmacist, 'clinical.view', { id })).toMatchObject({
      ok: true,
      value: { standing: null }
    })
  })

  it('a job already at the printer is marked: if it printed, the request and the print queue say to remove the label; if not, it is not sent again', async () => {
    const w = await world()
    const { core } = w
    await bookIn(core, w.assembler, DMD.sertraline, 2, 'LOT1', '280630')
    // A printer that takes the job and never says it is done: the send may have printed.
    const silent = await listener({ kind: 'no-ack' })
    await usePrinter(core, w.admin, silent.port)
    for (const id of ['fr_X_PRINTED', 'fr_X_NOTPRINTED']) {
      await sertralineScanned(w, id)
      await until(
        async () => (await printJobsOf(core, w.assembler, id))[0]?.state === 'unconfirmed',
        `${id} at the printer`
      )
      await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
    }
    await settle(core)
    const [printed] = await printJobsOf(core, w.assembler, 'fr_X_PRINTED')
    expect(printed?.notice).toMatch(/if it printed, remove the label/)

    const yes = await core.call(w.assembler, 'print.resolveUnconfirmed', { id: printed!.id, printed: true })
    expect(yes).toMatchObject({
      ok: true,
      value: { state: 'delivered', notice: 'Printed after cancellation — remove the label' }
    })
    expect(timeline(core, 'fr_X_PRINTED').find((entry) => entry.command === 'print.printedAfterStop')).toMatchObject({
      summary: { job: printed!.id, notice: 'Printed after cancellation — remove the label' }
    })
    // The request stays cancelled: a label printing late does not move it on, and is never printed again.
    expect(core.internals.requests.get('fr_X_PRINTED')?.row.stage).toBe('cancelled')
    expect(await core.call(w.assembler, 'print.reprint', { id: printed!.id, reason: 'damaged' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Request fr_X_PRINTED was cancelled: its labels are not printed again.' }
    })

    const [notPrinted] = await printJobsOf(core, w.assembler, 'fr_X_NOTPRINTED')
    const no = await core.call(w.assembler, 'print.resolveUnconfirmed', { id: notPrinted!.id, printed: false })
    expect(no).toMatchObject({ ok: true, value: { state: 'cancelled', notice: expect.stringMatching(/^Not printed/) } })
  })

  it("a cancelled request's wholesaler order line is cancelled with the wholesaler before its cut-off; after it, marked for a person", async () => {
    const w = await world()
    const { core } = w
    await setUpWholesaler(core, w.admin)
    // The staffed world's clock: Thursday 26 Nov 2026, 09:00, before AAH's noon cut-off.
    for (const id of ['fr_X_ORDER', 'fr_X_LATE']) {
      await w.l.phensys.post(
        '/sandbox/requests',
        withItems(requestBody(id), [item('l1', DMD.finasteride, 'Finasteride 1mg tablets', 28)])
      )
      await settle(core)
      // Accepting runs the stock check: finasteride is ordered, and the patient is asked.
      expect(await core.call(w.assembler, 'requests.accept', { id })).toMatchObject({
        ok: true,
        value: { row: { stage: 'awaiting_patient_decision' } }
      })
    }
    await settle(core)
    await w.l.phensys.post('/sandbox/requests/fr_X_ORDER/cancel', { reason: 'patient_request' })
    await settle(core)
    w.clock.advance(4 * 3_600_000) // 13:00: the order has left AAH
    await w.l.phensys.post('/sandbox/requests/fr_X_LATE/cancel', { reason: 'patient_request' })
    await settle(core)
    // Four idle hours locked the screen: the dispenser unlocks it (the session is renewed).
    const unlocked = await core.call(w.assembler, 'auth.unlock', { secret: STAFF_PIN })
    expect(unlocked).toMatchObject({ ok: true })
    const dispenser = (unlocked.ok && unlocked.renewedSessionId) || w.assembler

    const orders = await core.call(dispenser, 'stock.orders', { openOnly: false })
    if (!orders.ok) throw new Error(orders.error.message)
    const lineOf = (id: string) => orders.value.find((order) => order.requestId === id)?.lines[0]
    expect(lineOf('fr_X_ORDER')).toMatchObject({ cancelled: true, outstanding: 0, attention: null })
    expect(lineOf('fr_X_LATE')).toMatchObject({
      cancelled: false,
      outstanding: 1,
      attention: expect.stringMatching(/could not cancel .* cut-off .* return the packs when they come, or keep them/)
    })
    const open = await core.call(dispenser, 'stock.orders', { openOnly: true })
    expect(open.ok && open.value.map((order) => order.requestId)).toEqual(['fr_X_LATE'])
    expect(timeline(core, 'fr_X_ORDER').find((entry) => entry.command === 'stock.ordersWithdrawn')).toBeDefined()
    for (const id of ['fr_X_ORDER', 'fr_X_LATE'])
      expect((await recordedEvents(w.l, id)).at(-1)?.type).toBe('cancellation.acknowledged')
  })
  it("a cancelled request's order line whose pack has left the catalogue is not marked cancelled unsent: it stays open, for a person, in words; the other line is cancelled with the wholesaler", async () => {
    const w = await world()
    const { core } = w
    await setUpWholesaler(core, w.admin)
    const id = 'fr_X_GONE'
    await w.l.phensys.post(
      '/sandbox/requests',
      withItems(requestBody(id), [
        item('l1', DMD.finasteride, 'Finasteride 1mg tablets', 28),
        item('l2', DMD.zolmitriptan, 'Zolmitriptan 2.5mg tablets', 6)
      ])
    )
    await settle(core)
    ok(await core.call(w.assembler, 'requests.accept', { id }))
    const linesOf = async () =>
      ok(await core.call(w.assembler, 'stock.orders', { openOnly: false }))
        .filter((order) => order.requestId === id)
        .flatMap((order) => order.lines)
    const ordered = await linesOf()
    expect(ordered.map((line) => line.lineId).sort()).toEqual(['l1', 'l2'])
    const gone = ordered.find((line) => line.lineId === 'l1')!
    // The finasteride pack leaves the catalogue (a new extract without it) while the order is with the wholesaler.
    const sqlite = core.internals.store.sqlite
    sqlite.pragma('foreign_keys = OFF')
    sqlite.prepare('DELETE FROM pack_gtins WHERE ampp_id = ?').run(gone.amppId)
    sqlite.prepare('DELETE FROM packs WHERE ampp_id = ?').run(gone.amppId)
    sqlite.pragma('foreign_keys = ON')

    await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
    await settle(core)
    const after = await linesOf()
    expect(after.find((line) => line.lineId === 'l2')).toMatchObject({
      cancelled: true,
      outstanding: 0,
      attention: null
    })
    expect(after.find((line) => line.lineId === 'l1')).toMatchObject({
      id: gone.id,
      cancelled: false,
      outstanding: gone.outstanding,
      attention: expect.stringMatching(
        /no longer in this pharmacy's catalogue.*not sent to AAH Pharmaceuticals.*ask AAH Pharmaceuticals to cancel it.*return the packs when they come, or keep them as stock/
      )
    })
    const withdrawn = timeline(core, id).find((entry) => entry.command === 'stock.ordersWithdrawn')
    expect(withdrawn?.summary).toMatchObject({ linesForAPerson: [gone.id] })
  })
})
