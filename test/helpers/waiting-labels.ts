/**
 * One pack of sertraline dispensed into a request up to its labels, on a test/helpers/dispensed-world.ts
 * world: the workflow's and devices' tests then stop, hold or cancel the request while the labels
 * wait for an offline printer or have printed.
 */
import { expect } from 'vitest'
import type { Core } from '../../src/main/core'
import type { PrintJobView } from '../../src/shared/contract/device-views'
import { requestBody, settle } from './linked'
import { staffedWorld, usePrinter, type StaffedWorld } from './dispensed-world'
import { closedPort, startListener, type Listener } from './tcp-listeners'
import { until } from './until'
import { DMD, bookIn, item, packCode, stockedPack, withItems } from '../stock/helpers'

export async function printJobsOf(core: Core, session: string, id: string): Promise<PrintJobView[]> {
  const answer = await core.call(session, 'print.jobs', { requestId: id })
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value
}

/** Phensys sends a request for one pack of sertraline; the pack as stocked (in stock or not). */
export async function sertralinePackArrives(w: StaffedWorld, id: string): Promise<{ gtin: string }> {
  const pack = await stockedPack(w.core, w.assembler, DMD.sertraline)
  await w.l.phensys.post(
    '/sandbox/requests',
    withItems(requestBody(id), [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', pack.packSize)])
  )
  await settle(w.core)
  return pack
}

/** The request for one pack arrives, is accepted and clinically checked, and a pack of LOT1 is scanned: its labels are asked for. */
export async function sertralineScanned(w: StaffedWorld, id: string): Promise<void> {
  const { core } = w
  const pack = await sertralinePackArrives(w, id)
  expect(await core.call(w.assembler, 'requests.accept', { id })).toMatchObject({ ok: true })
  expect(await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
    ok: true
  })
  const raw = packCode(pack.gtin, 'LOT1', '280630')
  const scanned = await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })
  expect(scanned).toMatchObject({ ok: true, value: { checks: { labelsJobId: expect.any(Number) } } })
}

/** A new world whose label printer is offline, with `id` scanned and its labels waiting for that printer. */
export async function labelsWaiting(id: string): Promise<{ w: StaffedWorld; port: number }> {
  const w = await staffedWorld()
  const { core } = w
  await bookIn(core, w.assembler, DMD.sertraline, 1, 'LOT1', '280630')
  const port = await closedPort()
  await usePrinter(core, w.admin, port)
  await sertralineScanned(w, id)
  await untilPrinterRetried(w, id)
  return { w, port }
}

export async function untilPrinterRetried(w: StaffedWorld, id: string): Promise<void> {
  await until(async () => (await printJobsOf(w.core, w.assembler, id))[0]?.state === 'retrying', 'the offline printer')
}

/** The printer comes back at `port` and the queue, its retry due, sends what it still holds; the caller closes it. */
export async function printerBack(w: StaffedWorld, port: number): Promise<Listener> {
  const printer = await startListener({ kind: 'printer' }, port)
  w.clock.advance(10 * 60_000)
  w.core.internals.devices.queue.wake()
  await w.core.internals.devices.queue.sendDue()
  return printer
}
