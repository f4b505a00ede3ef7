import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { startListener, type Listener } from '../helpers/tcp-listeners'
import { requestBody, settle, staffSession, type Linked } from '../helpers/linked'
import { staffedWorld, usePrinter, type StaffedWorld } from '../helpers/dispensed-world'
import { DMD, bookIn, item, packCode, recordedEvents, stockedPack, withItems } from '../stock/helpers'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { rescansWithLabels } from '../helpers/rescans'
import { dispensingLabelPayload, requestLabelPayload } from '../../src/shared/scan/own-labels'
import { parseZplJob } from '../helpers/zpl-decode'

let linked: Linked | undefined
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
  await linked?.stop()
  linked = undefined
})

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Each pack's code followed by the dispensing label on it, as the checker re-scans them. */
async function withLabels(core: Core, session: string, id: string, codes: string[]): Promise<string[]> {
  const view = await core.call(session, 'dispensing.view', { id })
  if (!view.ok) throw new Error(view.error.message)
  return rescansWithLabels(view.value, codes)
}

function stageOf(core: Core, id: string): string | undefined {
  return core.internals.requests.get(id)?.row.stage
}

interface World extends StaffedWorld {
  sertraline: { gtin: string; packSize: number }
  finasteride: { gtin: string }
}

/**
 * A live core on the sandbox, with sertraline in stock and four people; no printer until a test
 * sets one up. Labels wait for the L key here (the setting off), so each step is seen alone; the
 * steps the counter takes by itself are tested in next-steps.test.ts.
 */
async function world(): Promise<World> {
  const w = await staffedWorld()
  linked = w.l
  expect(await w.core.call(w.admin, 'dispensing.setAutoLabels', { enabled: false })).toMatchObject({ ok: true })
  await bookIn(w.core, w.assembler, DMD.sertraline, 3, 'LOT1', '280630')
  await bookIn(w.core, w.assembler, DMD.finasteride, 1, 'FIN1', '280630')
  const sertraline = await stockedPack(w.core, w.assembler, DMD.sertraline)
  const finasteride = await stockedPack(w.core, w.assembler, DMD.finasteride)
  return { ...w, sertraline, finasteride }
}

/**
 * From arrival in the sandbox to `dispensing`, one line of one pack of sertraline; the pharmacist's
 * clinical check made after the stock check unless `check` is false.
 */
async function dispensingRequest(w: World, id: string, check = true): Promise<void> {
  await w.l.phensys.post(
    '/sandbox/requests',
    withItems(requestBody(id), [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', w.sertraline.packSize)])
  )
  await settle(w.l.core)
  // Accepting runs the stock check.
  expect(await w.l.core.call(w.assembler, 'requests.accept', { id })).toMatchObject({
    ok: true,
    value: { row: { stage: 'ready_to_dispense' } }
  })
  if (check)
    expect(await w.l.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
      ok: true,
      value: { row: { stage: 'ready_to_dispense' } }
    })
  expect(await w.l.core.call(w.assembler, 'requests.startDispensing', { id })).toMatchObject({
    ok: true,
    value: { row: { stage: 'dispensing' } }
  })
}

async function printer(w: World): Promise<Listener> {
  const listener = await startListener({ kind: 'printer' })
  cleanups.push(() => listener.close())
  await usePrinter(w.l.core, w.admin, listener.port)
  return listener
}

/** One pack of sertraline scanned into `id` and its labels printed: the request is labelled. Answers the pack's code. */
async function labelledRequest(w: World, id: string): Promise<string> {
  const { core } = w.l
  await dispensingRequest(w, id)
  const raw = packCode(w.sertraline.gtin, 'LOT1', '280630')
  expect(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })).toMatchObject({ ok: true })
  await printer(w)
  await core.call(w.assembler, 'requests.printLabels', { id })
  await until(() => stageOf(core, id) === 'labelled', 'labelled')
  return raw
}

describe('dispensing, from ready to dispense to delivered, against the real sandbox', () => {
  it('scans every pack, prints, checks with two people, packs, dispatches and delivers', async () => {
    const w = await world()
    const { core } = w.l
    const id = 'fr_D_FLOW'
    await dispensingRequest(w, id, false)

    const wrong = await core.call(w.assembler, 'dispensing.scanPack', {
      id,
      lineId: 'l1',
      raw: packCode(w.finasteride.gtin, 'FIN1', '280630')
    })
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', details: { reason: 'wrong_product' } }
    })
    if (!wrong.ok) expect(wrong.error.message).toMatch(/Finasteride.*Sertraline/i)

    const expired = await core.call(w.assembler, 'dispensing.scanPack', {
      id,
      lineId: 'l1',
      raw: packCode(w.sertraline.gtin, 'OLD1', '251031')
    })
    expect(expired).toMatchObject({ ok: false, error: { code: 'precondition_failed', details: { reason: 'expired' } } })
    if (!expired.ok) expect(expired.error.message).toContain('expired on 31/10/2025')

    // No labels before the pharmacist's clinical check; a dispenser cannot make it; then, not before every pack.
    expect(await core.call(w.assembler, 'requests.printLabels', { id })).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', message: expect.stringContaining('clinical check is not recorded') }
    })
    expect(await core.call(w.assembler, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    expect(await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
      ok: true,
      value: { row: { stage: 'dispensing' } }
    })
    expect(await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('already made') }
    })
    const tooEarly = await core.call(w.assembler, 'requests.printLabels', { id })
    expect(tooEarly).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', message: expect.stringContaining('still to scan') }
    })

    const packRaw = packCode(w.sertraline.gtin, 'LOT1', '280630')
    const scanned = await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: packRaw })
    expect(scanned).toMatchObject({
      ok: true,
      value: {
        complete: true,
        lines: [
          {
            lineId: 'l1',
            complete: true,
            counted: w.sertraline.packSize,
            packs: [{ batchNo: 'LOT1', expiry: '2028-06-30', assembledBy: 'Staff dispenser accuracy_checker' }]
          }
        ]
      }
    })
    const again = await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: packRaw })
    expect(again).toMatchObject({ ok: false, error: { details: { reason: 'serial_already_scanned' } } })
    const otherPackRaw = packCode(w.sertraline.gtin, 'LOT1', '280630')
    const over = await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: otherPackRaw })
    expect(over).toMatchObject({
      ok: false,
      error: { details: { reason: 'line_complete' }, message: expect.stringMatching(/^Over:/) }
    })
    // Refused scans are kept as near misses in the audit.
    expect(
      core.internals.audit.list({ entityId: id, limit: 50 }).filter((e) => e.command === 'dispensing.scanRefused')
    ).toHaveLength(4)

    // The reservation was consumed: the pack left the shelf, nothing is still held for the request.
    const stockView = await core.call(w.assembler, 'stock.request', { id })
    expect(stockView).toMatchObject({ ok: true, value: { lines: [{ reserved: 0 }] } })

    // Labels: queued with no printer, so the request stays in dispensing until the printer has them.
    expect(await core.call(w.assembler, 'requests.printLabels', { id })).toMatchObject({
      ok: true,
      value: { row: { stage: 'dispensing' } }
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(stageOf(core, id)).toBe('dispensing')
    const labelPrinter = await printer(w)
    await until(() => stageOf(core, id) === 'labelled', 'labelled after printing')
    expect(labelPrinter.jobs).toHaveLength(1)
    expect(labelPrinter.jobs[0]!.toString('latin1')).toContain('^XA')

    const selfCheck = await core.call(w.assembler, 'requests.accuracyCheck', { id, rescans: [packRaw] })
    expect(selfCheck).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', message: expect.stringContaining('someone other than who assembled') }
    })
    const notDispensed = await core.call(w.checker, 'requests.accuracyCheck', { id, rescans: [otherPackRaw] })
    expect(notDispensed).toMatchObject({
      ok: false,
      error: {
        details: { reason: 'not_dispensed' },
        message: expect.stringContaining('was not dispensed for this request')
      }
    })
    // The label on the pack is re-scanned with it: a pack without its label, or with a label that names no pack, is refused.
    expect(await core.call(w.checker, 'requests.accuracyCheck', { id, rescans: [packRaw] })).toMatchObject({
      ok: false,
      error: { details: { reason: 'label_not_scanned' }, message: expect.stringContaining('label on line l1') }
    })
    expect(
      await core.call(w.checker, 'requests.accuracyCheck', { id, rescans: [packRaw, requestLabelPayload(id)] })
    ).toMatchObject({ ok: false, error: { details: { reason: 'label_on_wrong_pack' } } })
    const checked = await core.call(w.checker, 'requests.accuracyCheck', {
      id,
      rescans: await withLabels(core, w.checker, id, [packRaw])
    })
    expect(checked).toMatchObject({ ok: true, value: { row: { stage: 'accuracy_checked' } } })
    expect(await core.call(w.checker, 'dispensing.view', { id })).toMatchObject({
      ok: true,
      value: {
        checks: { accuracyCheckBy: 'Staff accuracy_checker', selfCheck: false },
        lines: [{ packs: [{ rescannedBy: 'Staff accuracy_checker' }] }]
      }
    })

    expect(await core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })).toMatchObject({
      ok: true,
      value: { row: { stage: 'packed' } }
    })
    expect(
      await core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
    ).toMatchObject({ ok: true, value: { row: { stage: 'dispatched' } } })
    await settle(core)
    expect(await core.call(w.checker, 'requests.markDelivered', { id })).toMatchObject({
      ok: true,
      value: { row: { stage: 'delivered' } }
    })
    await settle(core)

    const events = await recordedEvents(w.l, id)
    expect(events.map((e) => e.type)).toEqual([
      'accepted',
      'stock.available',
      'dispensing.started',
      'dispensing.labelled',
      'dispensing.checked',
      'packed',
      'dispatched',
      'delivered'
    ])
    expect(events.find((e) => e.type === 'dispensing.checked')?.data).toEqual({
      clinicalCheckBy: 'Staff pharmacist',
      accuracyCheckBy: 'Staff accuracy_checker'
    })
    expect(events.find((e) => e.type === 'dispensing.labelled')?.data).toEqual({ labels: 1 })
  })

  it('two people at one bench hand over mid-dispensing: the second carries on, the claim passes to whoever acts, the audit names them', async () => {
    const w = await world()
    const { core } = w.l
    const id = 'fr_D_HANDOVER'
    const colleague = await staffSession(core, ['dispenser'])
    // Labels wait for the L key here, so the first person can carry on by the table's own step.
    expect(await core.call(w.admin, 'dispensing.setAutoLabels', { enabled: false })).toMatchObject({ ok: true })
    await w.l.phensys.post(
      '/sandbox/requests',
      withItems(requestBody(id), [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 2 * w.sertraline.packSize)])
    )
    await settle(core)
    for (const [session, command] of [
      [w.assembler, 'requests.accept'],
      [w.assembler, 'requests.startDispensing']
    ] as const)
      expect(await core.call(session, command, { id })).toMatchObject({ ok: true })
    expect(await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
      ok: true
    })
    const holder = () => core.internals.requests.get(id)?.row.claim?.userName
    expect(holder()).toBe('Staff dispenser accuracy_checker')
    const pack = () => packCode(w.sertraline.gtin, 'LOT1', '280630')
    expect(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: pack() })).toMatchObject({
      ok: true
    })

    // A colleague takes over the counter by badge, at the same bench: no pharmacist's take-over needed.
    expect(await core.call(colleague, 'dispensing.scanPack', { id, lineId: 'l1', raw: pack() })).toMatchObject({
      ok: true,
      value: { complete: true }
    })
    expect(holder()).toBe('Staff dispenser')
    expect(core.internals.requests.get(id)?.row.claim).toMatchObject({ benchId: 'host', stage: 'dispensing' })

    // The first person carries on again (the table's step this time): the claim follows, and the entry says from whom.
    const listener = await printer(w)
    expect(await core.call(w.assembler, 'requests.printLabels', { id })).toMatchObject({
      ok: true,
      value: { row: { stage: 'dispensing', claim: { userName: 'Staff dispenser accuracy_checker' } } }
    })
    const printed = core.internals.audit
      .list({ entityId: id, limit: 50 })
      .find((e) => e.command === 'requests.printLabels')
    expect(printed).toMatchObject({
      actorName: 'Staff dispenser accuracy_checker',
      summary: { claimPassedFrom: { userName: 'Staff dispenser', benchId: 'host' } }
    })
    await until(() => stageOf(core, id) === 'labelled', 'labelled')
    expect(listener.jobs.length).toBeGreaterThan(0)
    // Finishing ends the claim.
    expect(holder()).toBeUndefined()
  })

  it('prints one complete label set per pack, and the accuracy check matches each label to its pack', async () => {
    const w = await world()
    const { core } = w.l
    const id = 'fr_D_PACKS'
    await bookIn(w.core, w.assembler, DMD.sertraline, 2, 'LOT2', '280630')
    await w.l.phensys.post(
      '/sandbox/requests',
      withItems(requestBody(id), [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 2 * w.sertraline.packSize)])
    )
    await settle(core)
    await core.call(w.assembler, 'requests.accept', { id })
    await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })
    expect(await core.call(w.assembler, 'requests.startDispensing', { id })).toMatchObject({ ok: true })
    const codes = [packCode(w.sertraline.gtin, 'LOT1', '280630'), packCode(w.sertraline.gtin, 'LOT2', '280630')]
    for (const raw of codes)
      expect(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })).toMatchObject({ ok: true })

    const preview = await core.call(w.assembler, 'labels.preview', { requestId: id })
    expect(preview).toMatchObject({ ok: true, value: { sets: 2 } })
    if (preview.ok)
      expect([...new Set(preview.value.dispensing.map((p) => p.set))]).toEqual([
        'Sertraline 50mg tablets · pack 1 of 2',
        'Sertraline 50mg tablets · pack 2 of 2'
      ])
    const labelPrinter = await printer(w)
    await core.call(w.assembler, 'requests.printLabels', { id })
    await until(() => stageOf(core, id) === 'labelled', 'labelled')
    const job = parseZplJob(labelPrinter.jobs[0]!.toString('utf8'))
    const headers = job.map((label) =>
      label.fields
        .filter((field) => field.section === 'header')
        .map((field) => field.text)
        .join(' ')
    )
    const total = 2 * w.sertraline.packSize
    expect(headers).toEqual([
      `Sertraline 50mg tablets Pack 1 of 2: ${w.sertraline.packSize} tablets · ${total} tablets in all`,
      `Sertraline 50mg tablets Pack 2 of 2: ${w.sertraline.packSize} tablets · ${total} tablets in all`
    ])
    const view = await core.call(w.checker, 'dispensing.view', { id })
    if (!view.ok) throw new Error(view.error.message)
    const [first, second] = view.value.lines[0]!.packs
    expect(job.map((label) => label.fields.find((field) => field.barcode)?.text)).toEqual([
      dispensingLabelPayload(id, first!.id, view.value.labelGeneration),
      dispensingLabelPayload(id, second!.id, view.value.labelGeneration)
    ])

    // Labels swapped between the two packs: refused, naming the pack and whose label it carries.
    const swapped = await core.call(w.checker, 'requests.accuracyCheck', {
      id,
      rescans: [
        codes[0]!,
        dispensingLabelPayload(id, second!.id, view.value.labelGeneration),
        codes[1]!,
        dispensingLabelPayload(id, first!.id, view.value.labelGeneration)
      ]
    })
    expect(swapped).toMatchObject({ ok: false, error: { details: { reason: 'label_on_wrong_pack' } } })
    if (!swapped.ok) expect(swapped.error.message).toMatch(/batch LOT1 .*carries the label of line l1 batch LOT2/)
    expect(
      await core.call(w.checker, 'requests.accuracyCheck', {
        id,
        rescans: await withLabels(core, w.checker, id, codes)
      })
    ).toMatchObject({ ok: true, value: { row: { stage: 'accuracy_checked' } } })
  })

  it('lets the assembler check their own work only when an administrator allows it, and records it as a self-check', async () => {
    const w = await world()
    const { core } = w.l
    const id = 'fr_D_SELF'
    const raw = await labelledRequest(w, id)
    expect(await core.call(w.assembler, 'dispensing.setAllowSelfCheck', { allowed: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    expect(await core.call(w.admin, 'dispensing.setAllowSelfCheck', { allowed: true })).toMatchObject({
      ok: true,
      value: { allowSelfCheck: true }
    })
    expect(
      await core.call(w.assembler, 'requests.accuracyCheck', {
        id,
        rescans: await withLabels(core, w.assembler, id, [raw])
      })
    ).toMatchObject({
      ok: true,
      value: { row: { stage: 'accuracy_checked' } }
    })
    expect(await core.call(w.assembler, 'dispensing.view', { id })).toMatchObject({
      ok: true,
      value: { checks: { selfCheck: true } }
    })
    const entry = core.internals.audit
      .list({ entityId: id, limit: 50 })
      .find((e) => e.command === 'requests.accuracyCheck')
    expect(entry?.summary).toMatchObject({ note: { selfCheck: true } })
  })

  it('a cancellation after labelling quarantines the labelled packs and acknowledges stockReturned: false', async () => {
    const w = await world()
    const { core } = w.l
    const id = 'fr_D_CANCEL'
    await labelledRequest(w, id)
    await settle(core)

    await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
    await settle(core)
    expect(stageOf(core, id)).toBe('cancelled')
    expect(await core.call(w.assembler, 'dispensing.view', { id })).toMatchObject({
      ok: true,
      value: { lines: [{ packs: [{ state: 'quarantined' }] }] }
    })
    const events = await recordedEvents(w.l, id)
    expect(events.at(-1)).toMatchObject({ type: 'cancellation.acknowledged', data: { stockReturned: false } })
    expect(
      core.internals.audit.list({ entityId: id, limit: 50 }).some((e) => e.command === 'dispensing.packsQuarantined')
    ).toBe(true)
  })

  it('a cancellation before labelling puts the scanned packs back on the shelf and acknowledges stockReturned: true', async () => {
    const w = await world()
    const { core } = w.l
    const id = 'fr_D_BACK'
    await dispensingRequest(w, id)
    await core.call(w.assembler, 'dispensing.scanPack', {
      id,
      lineId: 'l1',
      raw: packCode(w.sertraline.gtin, 'LOT1', '280630')
    })
    await settle(core)
    await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
    await settle(core)
    expect(await core.call(w.assembler, 'dispensing.view', { id })).toMatchObject({
      ok: true,
      value: { lines: [{ packs: [{ state: 'returned' }] }] }
    })
    expect((await recordedEvents(w.l, id)).at(-1)).toMatchObject({
      type: 'cancellation.acknowledged',
      data: { stockReturned: true }
    })
  })

  it('dispenses a scanned batch other than the reserved one: the reservation is released, the scanned batch leaves the shelf', async () => {
    const w = await world()
    const { core } = w.l
    await bookIn(core, w.assembler, DMD.sertraline, 1, 'LATE2', '290131')
    const id = 'fr_D_OTHER'
    await dispensingRequest(w, id)
    const scanned = await core.call(w.assembler, 'dispensing.scanPack', {
      id,
      lineId: 'l1',
      raw: packCode(w.sertraline.gtin, 'LATE2', '290131')
    })
    expect(scanned).toMatchObject({ ok: true, value: { complete: true, lines: [{ packs: [{ batchNo: 'LATE2' }] }] } })
    expect(await core.call(w.assembler, 'stock.request', { id })).toMatchObject({
      ok: true,
      value: { lines: [{ reserved: 0 }] }
    })
  })

  it('a dispatch Phensys refuses with 409 because the request was cancelled meanwhile is shown to a person with both sides', async () => {
    const w = await world()
    const { core } = w.l
    const id = 'fr_D_409'
    const raw = await labelledRequest(w, id)
    await core.call(w.checker, 'requests.accuracyCheck', { id, rescans: await withLabels(core, w.checker, id, [raw]) })
    await core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    await settle(core)

    // The patient cancels at Phensys while the parcel is on its way out of the door.
    await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
    expect(
      await core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
    ).toMatchObject({ ok: true })
    await core.internals.sync.pushOnce()

    const problems = await core.call(w.pharmacist, 'sync.problems', {})
    expect(problems).toMatchObject({
      ok: true,
      value: {
        events: [
          {
            requestId: id,
            type: 'dispatched',
            status: 'conflict',
            body: { data: { trackingNumbers: [trackingNumberFor(id)] } },
            phensysSnapshot: { state: 'cancelled' }
          }
        ]
      }
    })
    expect(core.internals.sync.health().eventsNeedingAPerson).toBe(1)
    // The refusal's snapshot was taken: the counter knows it was cancelled. The pack left with the
    // carrier, so it is neither back on the shelf nor in quarantine.
    expect(stageOf(core, id)).toBe('cancelled')
    expect(
      core.internals.outbox
        .forRequest(id)
        .map((row) => [row.type, row.status])
        .slice(-2)
    ).toEqual([
      ['dispatched', 'conflict'],
      ['cancellation.acknowledged', 'pending']
    ])
    expect(JSON.parse(core.internals.outbox.forRequest(id).at(-1)!.body)).toMatchObject({
      data: { stockReturned: false }
    })
    expect(await core.call(w.checker, 'dispensing.view', { id })).toMatchObject({
      ok: true,
      value: { lines: [{ packs: [{ state: 'assembled' }] }] }
    })
  })

  it('a query raised mid-dispensing takes the scanned packs back to the shelf; after it is resolved the request is checked again', async () => {
    const w = await world()
    const { core } = w.l
    const id = 'fr_D_QUERY'
    await dispensingRequest(w, id)
    const onHand = async (): Promise<number> => {
      const levels = await core.call(w.assembler, 'stock.levels', { search: DMD.sertraline, limit: 50 })
      if (!levels.ok) throw new Error(levels.error.message)
      return levels.value.rows.reduce((sum, row) => sum + row.onHand, 0)
    }
    const before = await onHand()
    const raw = packCode(w.sertraline.gtin, 'LOT1', '280630')
    expect(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })).toMatchObject({ ok: true })
    // The assembler holds the request at this bench: the pharmacist there stops it without taking it over.
    expect(
      await core.call(w.pharmacist, 'requests.raiseQuery', {
        id,
        reason: 'clinical',
        message: 'Please confirm the dose.'
      })
    ).toMatchObject({ ok: true, value: { row: { stage: 'query_raised' } } })
    expect(await core.call(w.assembler, 'dispensing.view', { id })).toMatchObject({
      ok: true,
      value: { lines: [{ packs: [{ batchNo: 'LOT1', state: 'returned' }] }] }
    })
    expect(await onHand()).toBe(before)
    await settle(core)
    await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, { changes: {} })
    await settle(core)
    expect(stageOf(core, id)).toBe('stock_check')
  })
})
