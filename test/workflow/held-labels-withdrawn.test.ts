/**
 * A request held or stopped while its dispensing labels wait for an offline printer: a pharmacist
 * raises a query or rejects it, or the patient chooses a further consultation (the stock having
 * come in before Phensys heard of it). The scanned packs go back to the shelf (they have no label
 * yet), and the labels job is withdrawn in the step's transaction, as a cancellation withdraws it:
 * the printer, back, prints nothing for packs no longer in a bag (a label for packs back on the
 * shelf could be stuck on any pack at hand; no label for a rejected request reaches a pack). Review
 * rf29b found the job kept and printed once the printer came back; review29c found the same when
 * a later version of Phensys's requires the original prescription (the table's `originalRequired`).
 */
import { afterEach, expect, it } from 'vitest'
import { settle, type Linked } from '../helpers/linked'
import { staffedWorld, usePrinter } from '../helpers/dispensed-world'
import { closedPort, type Listener } from '../helpers/tcp-listeners'
import {
  labelsWaiting,
  printJobsOf,
  printerBack,
  sertralinePackArrives,
  untilPrinterRetried
} from '../helpers/waiting-labels'
import { DMD, bookIn, packCode, setUpWholesaler } from '../stock/helpers'

let linked: Linked | undefined
let printer: Listener | undefined
afterEach(async () => {
  await printer?.close()
  printer = undefined
  await linked?.stop()
  linked = undefined
})

it.each([
  {
    when: 'a pharmacist raises a query',
    step: 'requests.raiseQuery',
    id: 'fr_HQ_LABELS',
    message: 'Dose to confirm with the prescriber',
    stage: 'query_raised',
    notice: 'Not printed: query raised (clinical).'
  },
  {
    when: 'a pharmacist rejects the request',
    step: 'requests.reject',
    id: 'fr_HR_LABELS',
    message: 'Interacts with a medicine the patient takes',
    stage: 'rejected',
    notice: 'Not printed: rejected by the pharmacy (clinical).'
  }
] as const)(
  'labels queued for an offline printer are withdrawn when $when, and never print when it is back',
  async ({ step, id, message, stage, notice }) => {
    const { w, port } = await labelsWaiting(id)
    linked = w.l
    const stopped = await w.core.call(w.pharmacist, step, { id, reason: 'clinical', message })
    expect(stopped, JSON.stringify(stopped)).toMatchObject({ ok: true, value: { row: { stage } } })
    expect(w.core.internals.requests.get(id)?.row.stage).toBe(stage)
    expect((await printJobsOf(w.core, w.assembler, id))[0]).toMatchObject({ state: 'cancelled', notice })
    printer = await printerBack(w, port)
    expect(printer.jobs).toHaveLength(0)
  }
)

it('a further consultation chosen while the labels wait for the printer withdraws them: nothing prints when it is back', async () => {
  const id = 'fr_HF_LABELS'
  const w = await staffedWorld()
  linked = w.l
  const { core } = w
  await setUpWholesaler(core, w.admin)
  const port = await closedPort()
  await usePrinter(core, w.admin, port)
  const pack = await sertralinePackArrives(w, id)
  // Out of stock: ordered, and Phensys asks the patient.
  expect(await core.call(w.assembler, 'requests.accept', { id })).toMatchObject({ ok: true })
  await settle(core)
  expect(core.internals.requests.get(id)?.row.stage).toBe('awaiting_patient_decision')
  // The stock comes in before Phensys hears of it (stock.available still to send), and is dispensed.
  await bookIn(core, w.assembler, DMD.sertraline, 1, 'LOT2', '280630')
  expect(core.internals.requests.get(id)?.row.stage).toBe('ready_to_dispense')
  expect(await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
    ok: true
  })
  const raw = packCode(pack.gtin, 'LOT2', '280630')
  const scanned = await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })
  expect(scanned).toMatchObject({ ok: true, value: { checks: { labelsJobId: expect.any(Number) } } })
  await untilPrinterRetried(w, id)
  // Meanwhile the patient chose a further consultation (a later version may change the items).
  await w.l.phensys.post(`/sandbox/requests/${id}/decision`, { choice: 'further_consultation' })
  await settle(core)
  expect(core.internals.requests.get(id)?.row.stage).toBe('further_consultation')
  const [job] = await printJobsOf(core, w.assembler, id)
  expect(job).toMatchObject({ state: 'cancelled', notice: expect.stringMatching(/^Not printed: /) })
  printer = await printerBack(w, port)
  expect(printer.jobs).toHaveLength(0)
})

it('an original Phensys now requires while the labels wait for the printer withdraws them: nothing prints when it is back', async () => {
  const id = 'fr_HO_LABELS'
  const { w, port } = await labelsWaiting(id)
  linked = w.l
  const updated = await w.l.phensys.post(`/sandbox/requests/${id}/update`, {
    changes: { prescription: { kind: 'private_paper', hardCopy: { required: true, reason: 'paper_prescription' } } }
  })
  expect(updated.status).toBe(200)
  await settle(w.core)
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('awaiting_hard_copy')
  const [job] = await printJobsOf(w.core, w.assembler, id)
  expect(job).toMatchObject({ state: 'cancelled', notice: expect.stringMatching(/^Not printed: /) })
  printer = await printerBack(w, port)
  expect(printer.jobs).toHaveLength(0)
})
