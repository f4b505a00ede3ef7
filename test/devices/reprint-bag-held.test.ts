/**
 * A bag label is printed again only while the request's bag may still go out as packed: a request
 * held since it was packed (a pharmacist's query, an original Phensys now requires) or held back by
 * a flag (a hidden character in the patient's name) has its reprint refused in words, the same
 * way and in the same words as its dispensing labels', and nothing reaches the printer.
 */
import { afterEach, expect, it } from 'vitest'
import type { PrintJobView } from '../../src/shared/contract/device-views'
import { settle } from '../helpers/linked'
import { until } from '../helpers/until'
import { bagScanFor } from '../helpers/supply'
import { printJobsOf } from '../helpers/waiting-labels'
import { dispatchWorld, packedAndPrinted, type DispatchWorld } from '../dispatch/world'

let world: DispatchWorld | undefined
afterEach(async () => {
  await world?.stop()
  world = undefined
})

/** Both reprints are refused, in the same words, and nothing more is queued or printed. */
async function bothRefused(
  w: DispatchWorld,
  id: string,
  jobs: { labels: PrintJobView; bag: PrintJobView },
  words: string | RegExp
): Promise<void> {
  const queued = (await printJobsOf(w.core, w.checker, id)).length
  const printed = w.printer.jobs.length
  const bag = await w.core.call(w.checker, 'print.reprint', { id: jobs.bag.id, reason: 'damaged' })
  const labels = await w.core.call(w.checker, 'print.reprint', { id: jobs.labels.id, reason: 'damaged' })
  expect(bag).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(words) } })
  expect(labels).toMatchObject({ ok: false, error: { code: 'conflict' } })
  expect(!bag.ok && !labels.ok && bag.error.message).toBe(!labels.ok && labels.error.message)
  expect(await printJobsOf(w.core, w.checker, id)).toHaveLength(queued)
  w.core.internals.devices.queue.wake()
  await w.core.internals.devices.queue.sendDue()
  expect(w.printer.jobs).toHaveLength(printed)
}

it("a packed request's bag label is not printed again once a query holds it: its packs are in quarantine", async () => {
  const w = (world = await dispatchWorld())
  const id = 'fr_BAG_REPRINT_QUERY'
  const jobs = await packedAndPrinted(w, id)
  const query = await w.core.call(w.pharmacist, 'requests.raiseQuery', { id, reason: 'clinical', message: 'Dose?' })
  expect(query).toMatchObject({ ok: true, value: { row: { stage: 'query_raised' } } })
  await bothRefused(w, id, jobs, /is query raised: its packs are no longer in a bag/)
})

it("a packed request's bag label is not printed again once Phensys requires the original: held for it", async () => {
  const w = (world = await dispatchWorld())
  const id = 'fr_BAG_REPRINT_ORIGINAL'
  const jobs = await packedAndPrinted(w, id)
  const updated = await w.l.phensys.post(`/sandbox/requests/${id}/update`, {
    changes: { prescription: { hardCopy: { required: true, reason: 'paper_prescription' } } }
  })
  expect(updated.status).toBe(200)
  await settle(w.core)
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('awaiting_hard_copy')
  await bothRefused(w, id, jobs, /is awaiting hard copy: its packs are no longer in a bag/)
})

it("a packed request's bag label is not printed again while a flag holds the request back, until it is settled", async () => {
  const w = (world = await dispatchWorld())
  const id = 'fr_BAG_REPRINT_FLAG'
  const jobs = await packedAndPrinted(w, id)
  const family = w.core.internals.requests.get(id)!.snapshot.patient.name.family
  const updated = await w.l.phensys.post(`/sandbox/requests/${id}/update`, {
    changes: { patient: { name: { family: `${family}\u0000` } } }
  })
  expect(updated.status).toBe(200)
  await settle(w.core)
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('packed')
  await bothRefused(w, id, jobs, /flag.*hidden control character/)
  const flags = await w.core.call(w.checker, 'requests.flags', { id })
  const flag = flags.ok ? flags.value.find((f) => f.kind === 'control_characters') : undefined
  expect(await w.core.call(w.checker, 'flags.confirmCleanedText', { id: flag!.id, text: family })).toMatchObject({
    ok: true
  })
  expect(await w.core.call(w.checker, 'print.reprint', { id: jobs.bag.id, reason: 'damaged' })).toMatchObject({
    ok: true
  })
})

it('a bag label for a delivery Phensys has since changed is not printed again: only the current packing’s, while packed', async () => {
  const w = (world = await dispatchWorld())
  const id = 'fr_BAG_REPRINT_READDRESSED'
  const jobs = await packedAndPrinted(w, id)
  const updated = await w.l.phensys.post(`/sandbox/requests/${id}/update`, {
    changes: { delivery: { address: { line1: '2 New Road' } } }
  })
  expect(updated.status).toBe(200)
  await settle(w.core)
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('accuracy_checked')
  const old = () => w.core.call(w.checker, 'print.reprint', { id: jobs.bag.id, reason: 'damaged' })
  expect(await old()).toMatchObject({
    ok: false,
    error: { code: 'conflict', message: expect.stringContaining('no longer stand') }
  })
  // Packed again for the new address: its own bag label may be printed again, never the old one.
  const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  expect(packed).toMatchObject({ ok: true, value: { row: { stage: 'packed' } } })
  await until(
    async () => (await printJobsOf(w.core, w.checker, id)).every((job) => job.state === 'delivered'),
    'the new bag label printed'
  )
  expect(await old()).toMatchObject({ ok: false, error: { code: 'conflict' } })
  const bags = (await printJobsOf(w.core, w.checker, id)).filter((job) => job.kind === 'bag')
  const current = bags.reduce((newest, job) => (job.id > newest.id ? job : newest))
  expect(current.id).not.toBe(jobs.bag.id)
  expect(await w.core.call(w.checker, 'print.reprint', { id: current.id, reason: 'damaged' })).toMatchObject({
    ok: true
  })
})
