/**
 * A request's labels printed, then the request held (a pharmacist's query; a further consultation,
 * an original now required or more stock needed take the packs back the same way): its labelled
 * packs went to quarantine. A reprint of those labels is refused in words, as for a cancelled
 * request: they name packs no longer in a bag, for items the answer may change; nothing reaches the
 * printer. Review rf29b found the reprint queued and printed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import type { PrintJobView } from '../../src/shared/contract/device-views'
import { dispensedWorld, type DispensedWorld } from '../helpers/dispensed-world'
import { until } from '../helpers/until'
import { printJobsOf, sertralineScanned } from '../helpers/waiting-labels'
import { DMD, bookIn } from '../stock/helpers'

let w: DispensedWorld
let core: Core

beforeAll(async () => {
  w = await dispensedWorld()
  core = w.core
  await bookIn(core, w.assembler, DMD.sertraline, 2, 'LOT1', '280630')
}, 60_000)
afterAll(async () => w?.stop())

async function labelled(id: string): Promise<PrintJobView> {
  await sertralineScanned(w, id)
  await until(() => core.internals.requests.get(id)?.row.stage === 'labelled', `${id} labelled`)
  const [job] = await printJobsOf(core, w.assembler, id)
  expect(job).toMatchObject({ state: 'delivered' })
  return job!
}

it('labels of a request held by a query are not printed again: its packs are in quarantine', async () => {
  const id = 'fr_HELD_REPRINT'
  const job = await labelled(id)
  expect(
    await core.call(w.pharmacist, 'requests.raiseQuery', { id, reason: 'clinical', message: 'Dose to confirm' })
  ).toMatchObject({ ok: true, value: { row: { stage: 'query_raised' } } })
  const printed = w.printer.jobs.length
  const reprint = await core.call(w.assembler, 'print.reprint', { id: job.id, reason: 'damaged' })
  expect(reprint).toMatchObject({
    ok: false,
    error: { code: 'conflict', message: expect.stringContaining('query raised') }
  })
  expect(await printJobsOf(core, w.assembler, id)).toHaveLength(1)
  core.internals.devices.queue.wake()
  await core.internals.devices.queue.sendDue()
  expect(w.printer.jobs).toHaveLength(printed)
})
