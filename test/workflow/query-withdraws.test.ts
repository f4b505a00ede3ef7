/**
 * A query raised mid-dispensing takes the packs back (unlabelled ones to the shelf) and, in the same
 * transaction, withdraws the labels still waiting for the printer: they never print when the
 * printer comes back (a label for packs back on the shelf could be stuck on any pack at hand).
 */
import { afterEach, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import type { PrintJobView } from '../../src/shared/contract/device-views'
import { requestBody, settle, type Linked } from '../helpers/linked'
import { staffedWorld, usePrinter, type StaffedWorld } from '../helpers/dispensed-world'
import { closedPort, startListener, type Listener } from '../helpers/tcp-listeners'
import { until } from '../helpers/until'
import { DMD, bookIn, item, packCode, stockedPack, withItems } from '../stock/helpers'

let linked: Linked | undefined
let printer: Listener | undefined
afterEach(async () => {
  await printer?.close()
  await linked?.stop()
  linked = undefined
})

async function jobsOf(core: Core, session: string, id: string): Promise<PrintJobView[]> {
  const answer = await core.call(session, 'print.jobs', { requestId: id })
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value
}

it('labels queued for an offline printer are withdrawn when a pharmacist raises a query, and never print', async () => {
  const w: StaffedWorld = await staffedWorld()
  linked = w.l
  const { core } = w
  await bookIn(core, w.assembler, DMD.sertraline, 1, 'LOT1', '280630')
  const port = await closedPort()
  await usePrinter(core, w.admin, port)
  const id = 'fr_RF_QUERY_LABELS'
  const pack = await stockedPack(core, w.assembler, DMD.sertraline)
  await w.l.phensys.post(
    '/sandbox/requests',
    withItems(requestBody(id), [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', pack.packSize)])
  )
  await settle(core)
  expect((await core.call(w.assembler, 'requests.accept', { id })).ok).toBe(true)
  expect((await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).ok).toBe(true)
  expect((await core.call(w.assembler, 'requests.startDispensing', { id })).ok).toBe(true)
  const raw = packCode(pack.gtin, 'LOT1', '280630')
  expect((await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })).ok).toBe(true)
  await until(async () => (await jobsOf(core, w.assembler, id))[0]?.state === 'retrying', 'the offline printer')

  const queried = await core.call(w.pharmacist, 'requests.raiseQuery', {
    id,
    reason: 'clinical',
    message: 'Is the dose meant to be doubled?'
  })
  expect(queried.ok, JSON.stringify(queried)).toBe(true)
  expect(core.internals.requests.get(id)?.row.stage).toBe('query_raised')
  expect((await jobsOf(core, w.assembler, id))[0]).toMatchObject({
    state: 'cancelled',
    notice: 'Not printed: query raised (clinical).'
  })

  printer = await startListener({ kind: 'printer' }, port)
  w.clock.advance(10 * 60_000)
  core.internals.devices.queue.wake()
  await core.internals.devices.queue.sendDue()
  expect(printer.jobs).toHaveLength(0)
})
