/**
 * A relabel leaves the old labels on the packs until someone takes them off, and they carry a
 * barcode of the same pack. Each dispensing label's barcode names the print generation of the
 * request's labels (`PC-REQ:<request>:<pack>:<generation>`), so at the accuracy check an old label,
 * which may give the old directions or quantity, is refused in words; the new one and a reprint of
 * it pass. Against the real sandbox and a label printer on loopback.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import type { RescanFeedback } from '../../src/shared/contract/dispensing-views'
import { dispensingLabelPayload } from '../../src/shared/scan/own-labels'
import { checkedRequest, registerRequest } from '../helpers/dispensed-world'
import { settle } from '../helpers/linked'
import { until } from '../helpers/until'
import { parseZplJob } from '../helpers/zpl-decode'
import { DMD, scan } from '../stock/helpers'
import { dispatchWorld, type DispatchWorld } from '../dispatch/world'

const OLD_LABEL =
  "Old label: from an earlier printing of this request's labels, voided since — remove it, put on the new label and check the other packs for old labels."

let world: DispatchWorld | undefined
afterEach(async () => {
  await world?.stop()
  world = undefined
})

/** Two whole packs of sertraline on one line: both labels read the same, so each label alone is its re-scan. */
async function twoPacks(w: DispatchWorld, id: string): Promise<{ body: Record<string, unknown>; codes: string[] }> {
  const codes = [w.sertraline.code('SER1'), w.sertraline.code('SER1')]
  for (const code of codes) await scan(w.core, w.assembler, code)
  const body = registerRequest(id, [
    { lineId: 'l1', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: 2 * w.sertraline.packSize }
  ])
  return { body, codes }
}

/** Arrived, accepted, clinically checked, the packs scanned and the labels printed: awaiting its accuracy check. */
async function labelled(w: DispatchWorld, id: string, body: Record<string, unknown>, codes: string[]): Promise<void> {
  await w.l.phensys.post('/sandbox/requests', body)
  await settle(w.core)
  expect(await w.core.call(w.assembler, 'requests.accept', { id })).toMatchObject({ ok: true })
  expect(await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
    ok: true
  })
  await scanAndLabel(w, id, codes)
}

async function scanAndLabel(w: DispatchWorld, id: string, codes: string[]): Promise<void> {
  for (const raw of codes)
    expect(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })).toMatchObject({ ok: true })
  await until(() => w.core.internals.requests.get(id)?.row.stage === 'labelled', 'labelled')
}

/** The barcodes of the labels printed in the printer's job `index`, one per label. */
function printedBarcodes(w: DispatchWorld, index: number): string[] {
  return parseZplJob(w.printer.jobs[index]!.toString('utf8')).map(
    (label) => label.fields.find((field) => field.barcode)?.text ?? ''
  )
}

/** The barcodes the request screen's label preview draws. */
async function previewBarcodes(core: Core, session: string, requestId: string): Promise<string[]> {
  const preview = await core.call(session, 'labels.preview', { requestId })
  if (!preview.ok) throw new Error(preview.error.message)
  return preview.value.dispensing.map((label) => /data-payload="([^"]*)"/.exec(label.svg)?.[1] ?? '')
}

async function rescan(core: Core, session: string, id: string, raw: string): Promise<RescanFeedback> {
  const answer = await core.call(session, 'dispensing.rescan', { id, raw })
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value
}

async function packIds(core: Core, session: string, id: string): Promise<number[]> {
  const view = await core.call(session, 'dispensing.view', { id })
  if (!view.ok) throw new Error(view.error.message)
  return view.value.lines.flatMap((line) => line.packs).map((pack) => pack.id)
}

describe('an old label left on a pack after a relabel never passes the accuracy check', () => {
  it('new directions from Phensys: the old label is refused in words, the new one passes, and so does a reprint of it', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_OLD_LABEL_DIRECTIONS'
    const { body, codes } = await twoPacks(w, id)
    await checkedRequest(w, id, body, { l1: codes })
    const [first, second] = await packIds(w.core, w.checker, id)
    const oldLabels = printedBarcodes(w, w.printer.jobs.length - 1)
    expect(oldLabels).toEqual([dispensingLabelPayload(id, first!, 1), dispensingLabelPayload(id, second!, 1)])

    const snapshot = w.core.internals.requests.get(id)!.snapshot
    const items = snapshot.prescription.items.map((line) => ({ ...line, directions: 'Take HALF a tablet daily' }))
    expect(
      (await w.l.phensys.post(`/sandbox/requests/${id}/update`, { changes: { prescription: { items } } })).status
    ).toBe(200)
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('dispensing')
    const jobs = w.printer.jobs.length
    expect(await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
      ok: true
    })
    await until(() => w.core.internals.requests.get(id)?.row.stage === 'labelled', 'labelled again')

    // The new labels name the next generation, the same in the printed bytes and on the preview.
    const newLabels = printedBarcodes(w, jobs)
    expect(newLabels).toEqual([dispensingLabelPayload(id, first!, 2), dispensingLabelPayload(id, second!, 2)])
    expect(await previewBarcodes(w.core, w.checker, id)).toEqual(newLabels)

    // (a) The old label of the first pack, and one printed before barcodes named a generation: refused, not kept.
    for (const old of [oldLabels[0]!, `PC-REQ:${id}:${first}`]) {
      expect(await rescan(w.core, w.checker, id, old)).toMatchObject({
        outcome: 'refused',
        message: OLD_LABEL,
        matched: [],
        recorded: false
      })
    }
    expect(
      await w.core.call(w.checker, 'requests.accuracyCheck', { id, rescans: [newLabels[0]!, oldLabels[1]!] })
    ).toMatchObject({
      ok: false,
      error: { message: OLD_LABEL, details: { reason: 'old_label' } }
    })
    // (b) The new label of the first pack passes.
    expect(await rescan(w.core, w.checker, id, newLabels[0]!)).toMatchObject({
      outcome: 'accepted',
      matched: [{ id: first }],
      recorded: false
    })
    // (c) The second pack's new label was damaged: reprinted, it keeps the generation and passes.
    const view = await w.core.call(w.checker, 'dispensing.view', { id })
    if (!view.ok) throw new Error(view.error.message)
    expect(view.value.labelGeneration).toBe(2)
    const reprint = await w.core.call(w.assembler, 'print.reprint', {
      id: view.value.checks.labelsJobId!,
      labels: [2],
      reason: 'damaged'
    })
    expect(reprint).toMatchObject({ ok: true })
    await until(() => w.printer.jobs.length === jobs + 2, 'the reprint printed')
    const reprinted = printedBarcodes(w, jobs + 1)
    expect(reprinted).toEqual([newLabels[1]])
    expect(await rescan(w.core, w.checker, id, reprinted[0]!)).toMatchObject({
      outcome: 'accepted',
      recorded: true
    })
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('accuracy_checked')
  })

  it('labels printed before barcodes named a generation still pass on a request never relabelled', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_OLD_LABEL_NEVER_RELABELLED'
    const { body, codes } = await twoPacks(w, id)
    await labelled(w, id, body, codes)
    // (d) The labels on the packs were printed before the upgrade: no generation in their barcodes.
    const [first, second] = await packIds(w.core, w.checker, id)
    expect(await rescan(w.core, w.checker, id, `PC-REQ:${id}:${first}`)).toMatchObject({ outcome: 'accepted' })
    expect(await rescan(w.core, w.checker, id, `PC-REQ:${id}:${second}`)).toMatchObject({
      outcome: 'accepted',
      recorded: true
    })
  })

  it("a new round of dispensing (a query while labelled, answered): the first round's labels are refused as old", async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_OLD_LABEL_NEW_ROUND'
    const { body, codes } = await twoPacks(w, id)
    await labelled(w, id, body, codes)
    const oldLabels = printedBarcodes(w, w.printer.jobs.length - 1)
    expect(
      await w.core.call(w.pharmacist, 'requests.raiseQuery', {
        id,
        reason: 'other',
        message: 'Please confirm the dose.'
      })
    ).toMatchObject({ ok: true })
    await settle(w.core)
    expect((await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {})).status).toBe(200)
    await settle(w.core)
    // The labelled packs went to quarantine: two more are dispensed, and labelled a generation on.
    const again = [w.sertraline.code('SER2'), w.sertraline.code('SER2')]
    for (const code of again) await scan(w.core, w.assembler, code)
    expect(await w.core.call(w.assembler, 'requests.checkStock', { id })).toMatchObject({ ok: true })
    await scanAndLabel(w, id, again)
    const [first] = await packIds(w.core, w.checker, id).then((ids) => ids.slice(-2))
    expect(printedBarcodes(w, w.printer.jobs.length - 1)[0]).toBe(dispensingLabelPayload(id, first!, 2))
    expect(await rescan(w.core, w.checker, id, oldLabels[0]!)).toMatchObject({ outcome: 'refused', message: OLD_LABEL })
    expect(await rescan(w.core, w.checker, id, dispensingLabelPayload(id, first!, 2))).toMatchObject({
      outcome: 'accepted'
    })
  })
})
