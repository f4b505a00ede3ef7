import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { dispensingLabelPayload } from '../../src/shared/scan/own-labels'
import { staffedWorld, usePrinter, type StaffedWorld } from '../helpers/dispensed-world'
import { requestBody, settle, staffSession } from '../helpers/linked'
import { startListener, type Listener } from '../helpers/tcp-listeners'
import { until } from '../helpers/until'
import { DMD, bookIn, item, packCode, stockedPack, withItems } from '../stock/helpers'

/** A dispensing label of a request labelled once: its labels are of the first generation. */
function labelOf(id: string, packId: number | undefined): string {
  if (packId === undefined) throw new Error(`${id} has no pack to label`)
  return dispensingLabelPayload(id, packId, 1)
}

/**
 * The steps the counter takes by itself (src/main/next-steps.ts) and the accuracy check's re-scans
 * judged one at a time, against the real sandbox and a printer on loopback.
 */

let world: (StaffedWorld & { printer: Listener }) | undefined
afterEach(async () => {
  await world?.printer.close()
  await world?.l.stop()
  world = undefined
})

interface Packs {
  sertraline: { gtin: string; packSize: number }
  finasteride: { gtin: string; packSize: number }
}

async function start(): Promise<StaffedWorld & { printer: Listener; packs: Packs }> {
  const w = await staffedWorld()
  const printer = await startListener({ kind: 'printer' })
  world = { ...w, printer }
  await usePrinter(w.core, w.admin, printer.port)
  await bookIn(w.core, w.assembler, DMD.sertraline, 3, 'LOT1', '280630')
  await bookIn(w.core, w.assembler, DMD.finasteride, 1, 'FIN1', '280630')
  const packs = {
    sertraline: await stockedPack(w.core, w.assembler, DMD.sertraline),
    finasteride: await stockedPack(w.core, w.assembler, DMD.finasteride)
  }
  return { ...w, printer, packs }
}

const stageOf = (core: Core, id: string) => core.internals.requests.get(id)?.row.stage

async function arrive(w: StaffedWorld, id: string, items: Array<Record<string, unknown>>): Promise<void> {
  await w.l.phensys.post('/sandbox/requests', withItems(requestBody(id), items))
  await settle(w.core)
}

const commandsOf = (core: Core, id: string) =>
  core.internals.audit
    .list({ entityId: id, limit: 100 })
    .map((entry) => [entry.command, entry.actorName])
    .reverse()

async function rescan(core: Core, session: string, id: string, raw: string) {
  const answer = await core.call(session, 'dispensing.rescan', { id, raw })
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value
}

async function clinicallyChecked(w: StaffedWorld, id: string): Promise<void> {
  expect(await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
    ok: true
  })
}

async function standingCheckBy(w: StaffedWorld, id: string): Promise<string | null> {
  const view = await w.core.call(w.pharmacist, 'clinical.view', { id })
  if (!view.ok) throw new Error(view.error.message)
  return view.value.standing?.by ?? null
}

async function packIds(core: Core, session: string, id: string): Promise<number[]> {
  const view = await core.call(session, 'dispensing.view', { id })
  if (!view.ok) throw new Error(view.error.message)
  return view.value.lines.flatMap((line) => line.packs.map((pack) => pack.id))
}

describe('the next step taken by the counter, through the table', () => {
  it('accepting runs the stock check; the clinical check made before, the first pack scanned starts dispensing and the last prints the labels; each audited under its own step and the person who caused it', async () => {
    const w = await start()
    const id = 'fr_NS_ONE'
    await arrive(w, id, [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', w.packs.sertraline.packSize)])
    expect(await w.core.call(w.assembler, 'requests.accept', { id })).toMatchObject({
      ok: true,
      value: { row: { stage: 'ready_to_dispense' } }
    })
    await clinicallyChecked(w, id)
    expect(stageOf(w.core, id)).toBe('ready_to_dispense')
    const raw = packCode(w.packs.sertraline.gtin, 'LOT1', '280630')
    expect(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })).toMatchObject({
      ok: true,
      value: { complete: true, checks: { labelsRequestedBy: 'Staff dispenser accuracy_checker' } }
    })
    await until(() => stageOf(w.core, id) === 'labelled', 'labelled by the printer')
    expect(w.printer.jobs).toHaveLength(1)
    // Starting dispensing by the scan begins a new round of dispensing checks: the clinical check,
    // a record of its own, still stands.
    expect(await standingCheckBy(w, id)).toBe('Staff pharmacist')
    const who = 'Staff dispenser accuracy_checker'
    expect(commandsOf(w.core, id).filter(([command]) => command !== 'sync.ingest')).toEqual(
      expect.arrayContaining([
        ['requests.accept', who],
        ['requests.checkStock', who],
        ['requests.clinicalCheck', 'Staff pharmacist'],
        ['requests.startDispensing', who],
        ['dispensing.scanPack', who],
        ['requests.printLabels', who],
        ['workflow.labelsPrinted', who]
      ])
    )
  })

  it('labels wait for the clinical check; the check, made last, releases them in the name of who assembled the packs, so the pharmacist may still make the accuracy check', async () => {
    const w = await start()
    const id = 'fr_NS_CHECK_LAST'
    await arrive(w, id, [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', w.packs.sertraline.packSize)])
    await w.core.call(w.assembler, 'requests.accept', { id })
    const raw = packCode(w.packs.sertraline.gtin, 'LOT1', '280630')
    expect(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })).toMatchObject({
      ok: true,
      value: { complete: true, checks: { labelsJobId: null } }
    })
    // No clinical check: the table's guard holds the labels back, and the scan stands.
    expect(stageOf(w.core, id)).toBe('dispensing')
    expect(commandsOf(w.core, id).map(([command]) => command)).not.toContain('requests.printLabels')
    expect(await w.core.call(w.assembler, 'requests.printLabels', { id })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('clinical check') }
    })

    await clinicallyChecked(w, id)
    await until(() => stageOf(w.core, id) === 'labelled', 'labelled by the printer')
    expect(w.printer.jobs).toHaveLength(1)
    expect(await w.core.call(w.checker, 'dispensing.view', { id })).toMatchObject({
      ok: true,
      value: { checks: { labelsRequestedBy: 'Staff dispenser accuracy_checker' } }
    })
    // The step is audited under the pharmacist whose check released the labels.
    expect(commandsOf(w.core, id).filter(([command]) => command === 'requests.printLabels')).toEqual([
      ['requests.printLabels', 'Staff pharmacist']
    ])
    const [packId] = await packIds(w.core, w.checker, id)
    expect(await rescan(w.core, w.pharmacist, id, labelOf(id, packId))).toMatchObject({
      outcome: 'accepted',
      recorded: true,
      selfCheck: false
    })
  })

  it("at two benches: the scan that starts dispensing claims the request for its bench; a clinical check made at another bench releases the labels there, for the claim's holder, who keeps it", async () => {
    const w = await start()
    const id = 'fr_NS_BENCHES'
    const bench2 = await staffSession(w.core, ['dispenser'], { id: 'bench-2', name: 'Bench 2' })
    await arrive(w, id, [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', w.packs.sertraline.packSize)])
    const revision = () => w.core.internals.requests.get(id)!.row.revision
    // The person's revision is checked for their own step only: the stock check it leads to still runs.
    expect(await w.core.call(w.assembler, 'requests.accept', { id, basedOnRevision: revision() })).toMatchObject({
      ok: true,
      value: { row: { stage: 'ready_to_dispense' } }
    })
    const raw = packCode(w.packs.sertraline.gtin, 'LOT1', '280630')
    expect(
      await w.core.call(bench2, 'dispensing.scanPack', { id, lineId: 'l1', raw, basedOnRevision: revision() })
    ).toMatchObject({ ok: true, value: { complete: true, checks: { labelsJobId: null } } })
    const claim = () => w.core.internals.requests.get(id)!.row.claim
    expect(claim()).toMatchObject({ userName: 'Staff dispenser', benchId: 'bench-2', stage: 'dispensing' })
    // The host's screen is another bench: its labels step is refused, naming who holds the request.
    expect(await w.core.call(w.assembler, 'requests.printLabels', { id })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('Dispensing at Bench 2 by Staff dispenser') }
    })

    // The pharmacist's check, made beside the claim from the host, releases the labels at Bench 2.
    expect(await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
      ok: true,
      value: { row: { claim: { userName: 'Staff dispenser', benchId: 'bench-2' } } }
    })
    const printed = w.core.internals.audit
      .list({ entityId: id, limit: 50 })
      .find((entry) => entry.command === 'requests.printLabels')
    expect(printed).toMatchObject({ actorName: 'Staff pharmacist', summary: { after: 'dispensing' } })
    expect(printed?.summary).not.toHaveProperty('claimPassedFrom')
    await until(() => stageOf(w.core, id) === 'labelled', 'labelled by the printer')
    expect(claim()).toBeNull()
  })

  it('a clinical check voided by new items holds the labels back until the pharmacist checks again', async () => {
    const w = await start()
    const id = 'fr_NS_VOIDED'
    const { packSize } = w.packs.sertraline
    await arrive(w, id, [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 2 * packSize)])
    await w.core.call(w.assembler, 'requests.accept', { id })
    await clinicallyChecked(w, id)
    expect(
      await w.core.call(w.pharmacist, 'requests.raiseQuery', { id, reason: 'clinical', message: 'One pack or two?' })
    ).toMatchObject({ ok: true })
    await settle(w.core)
    // Phensys answers with other items: the check was of the old ones.
    await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {
      changes: { prescription: { items: [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', packSize)] } }
    })
    await settle(w.core)
    expect(await standingCheckBy(w, id)).toBeNull()
    expect(await w.core.call(w.assembler, 'requests.checkStock', { id })).toMatchObject({
      ok: true,
      value: { row: { stage: 'ready_to_dispense' } }
    })
    const raw = packCode(w.packs.sertraline.gtin, 'LOT1', '280630')
    expect(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })).toMatchObject({
      ok: true,
      value: { complete: true, checks: { labelsJobId: null } }
    })
    expect(stageOf(w.core, id)).toBe('dispensing')
    await clinicallyChecked(w, id)
    await until(() => stageOf(w.core, id) === 'labelled', 'labelled by the printer')
    expect(w.printer.jobs).toHaveLength(1)
  })

  it('with the setting off, labels wait for the L key; a wrong first scan is refused and starts nothing, what it saw kept in the audit', async () => {
    const w = await start()
    expect(await w.core.call(w.admin, 'dispensing.setAutoLabels', { enabled: false })).toMatchObject({ ok: true })
    const id = 'fr_NS_MANUAL'
    await arrive(w, id, [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', w.packs.sertraline.packSize)])
    await w.core.call(w.assembler, 'requests.accept', { id })
    await clinicallyChecked(w, id)
    const wrong = await w.core.call(w.assembler, 'dispensing.scanPack', {
      id,
      lineId: 'l1',
      raw: packCode(w.packs.finasteride.gtin, 'FIN1', '280630')
    })
    expect(wrong).toMatchObject({ ok: false, error: { details: { reason: 'wrong_product' } } })
    expect(stageOf(w.core, id)).toBe('ready_to_dispense')
    const afterRefusal = commandsOf(w.core, id).map(([command]) => command)
    expect(afterRefusal.at(-1)).toBe('dispensing.scanRefused')
    expect(afterRefusal).not.toContain('requests.startDispensing')
    const raw = packCode(w.packs.sertraline.gtin, 'LOT1', '280630')
    expect(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })).toMatchObject({
      ok: true,
      value: { complete: true, checks: { labelsJobId: null } }
    })
    expect(stageOf(w.core, id)).toBe('dispensing')
    expect(
      commandsOf(w.core, id)
        .map(([command]) => command)
        .slice(-2)
    ).toEqual(['requests.startDispensing', 'dispensing.scanPack'])
    expect(await w.core.call(w.pharmacist, 'requests.printLabels', { id })).toMatchObject({ ok: true })
    await until(() => stageOf(w.core, id) === 'labelled', 'labelled by the printer')
  })
})

describe('the accuracy check, one re-scan at a time', () => {
  it('one pack: its label alone is the whole check; a refused scan is said at once and not kept', async () => {
    const w = await start()
    const id = 'fr_NS_CHECK'
    await arrive(w, id, [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', w.packs.sertraline.packSize)])
    await w.core.call(w.assembler, 'requests.accept', { id })
    await clinicallyChecked(w, id)
    const raw = packCode(w.packs.sertraline.gtin, 'LOT1', '280630')
    await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw })
    await until(() => stageOf(w.core, id) === 'labelled', 'labelled')
    const [packId] = await packIds(w.core, w.checker, id)

    const foreign = await rescan(w.core, w.checker, id, labelOf('fr_SOMEONE_ELSE', 7))
    expect(foreign).toMatchObject({ outcome: 'refused', matched: [], total: 1, recorded: false })
    expect(foreign.message).toContain('a label of fr_SOMEONE_ELSE')
    const notDispensed = await rescan(w.core, w.checker, id, packCode(w.packs.sertraline.gtin, 'LOT9', '280630'))
    expect(notDispensed).toMatchObject({ outcome: 'refused', matched: [] })
    expect(stageOf(w.core, id)).toBe('labelled')

    const checked = await rescan(w.core, w.checker, id, labelOf(id, packId))
    expect(checked).toMatchObject({
      outcome: 'accepted',
      recorded: true,
      selfCheck: false,
      pack: { id: packId, batchNo: 'LOT1', expiry: '2028-06-30', packName: expect.any(String) }
    })
    expect(stageOf(w.core, id)).toBe('accuracy_checked')
    expect(await w.core.call(w.checker, 'dispensing.view', { id })).toMatchObject({
      ok: true,
      value: { checks: { accuracyCheckBy: 'Staff accuracy_checker', selfCheck: false } }
    })
  })

  it('packs whose labels differ: the pack first, then its label; a label alone or on the wrong pack is refused', async () => {
    const w = await start()
    const id = 'fr_NS_TWO'
    await arrive(w, id, [
      item('l1', DMD.sertraline, 'Sertraline 50mg tablets', w.packs.sertraline.packSize),
      item('l2', DMD.finasteride, 'Finasteride 1mg tablets', w.packs.finasteride.packSize)
    ])
    await w.core.call(w.assembler, 'requests.accept', { id })
    await clinicallyChecked(w, id)
    const sertraline = packCode(w.packs.sertraline.gtin, 'LOT1', '280630')
    const finasteride = packCode(w.packs.finasteride.gtin, 'FIN1', '280630')
    await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: sertraline })
    await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l2', raw: finasteride })
    await until(() => stageOf(w.core, id) === 'labelled', 'labelled')
    const [first, second] = await packIds(w.core, w.checker, id)

    expect(await rescan(w.core, w.checker, id, labelOf(id, first))).toMatchObject({
      outcome: 'refused',
      message: expect.stringContaining('scan the pack first')
    })
    expect(await rescan(w.core, w.checker, id, sertraline)).toMatchObject({
      outcome: 'accepted',
      awaitingLabelFor: { id: first }
    })
    expect(await rescan(w.core, w.checker, id, labelOf(id, second))).toMatchObject({
      outcome: 'refused',
      message: expect.stringContaining('carries the label of'),
      awaitingLabelFor: { id: first }
    })
    expect(await rescan(w.core, w.checker, id, labelOf(id, first))).toMatchObject({
      outcome: 'accepted',
      matched: [{ id: first }],
      recorded: false
    })
    await rescan(w.core, w.checker, id, finasteride)
    expect(await rescan(w.core, w.checker, id, labelOf(id, second))).toMatchObject({
      outcome: 'accepted',
      recorded: true
    })
    expect(stageOf(w.core, id)).toBe('accuracy_checked')
  })

  it('the labeller cannot accuracy-check it unless self-checking is allowed, and then it is marked', async () => {
    const w = await start()
    expect(await w.core.call(w.admin, 'dispensing.setAutoLabels', { enabled: false })).toMatchObject({ ok: true })
    const id = 'fr_NS_LABELLER'
    await arrive(w, id, [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', w.packs.sertraline.packSize)])
    await w.core.call(w.assembler, 'requests.accept', { id })
    await clinicallyChecked(w, id)
    await w.core.call(w.assembler, 'dispensing.scanPack', {
      id,
      lineId: 'l1',
      raw: packCode(w.packs.sertraline.gtin, 'LOT1', '280630')
    })
    // The pharmacist prints the labels: labelling is assembling.
    expect(await w.core.call(w.pharmacist, 'requests.printLabels', { id })).toMatchObject({ ok: true })
    await until(() => stageOf(w.core, id) === 'labelled', 'labelled')
    const [packId] = await packIds(w.core, w.checker, id)
    const label = labelOf(id, packId)

    const refused = await w.core.call(w.pharmacist, 'dispensing.rescan', { id, raw: label })
    expect(refused).toMatchObject({ ok: false, error: { details: { reason: 'assembler' } } })
    expect(await w.core.call(w.pharmacist, 'requests.accuracyCheck', { id, rescans: [label] })).toMatchObject({
      ok: false,
      error: { details: { reason: 'assembler' } }
    })

    expect(await w.core.call(w.admin, 'dispensing.setAllowSelfCheck', { allowed: true })).toMatchObject({ ok: true })
    expect(await rescan(w.core, w.pharmacist, id, label)).toMatchObject({ recorded: true, selfCheck: true })
    expect(await w.core.call(w.checker, 'dispensing.view', { id })).toMatchObject({
      ok: true,
      value: { checks: { accuracyCheckBy: 'Staff pharmacist', selfCheck: true } }
    })
  })
})

describe('reprinting from the request', () => {
  it('prints one set of a two-pack job again, with a reason from the list', async () => {
    const w = await start()
    const id = 'fr_NS_REPRINT'
    await arrive(w, id, [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 2 * w.packs.sertraline.packSize)])
    await w.core.call(w.assembler, 'requests.accept', { id })
    await clinicallyChecked(w, id)
    for (const batch of ['LOT1', 'LOT1'])
      await w.core.call(w.assembler, 'dispensing.scanPack', {
        id,
        lineId: 'l1',
        raw: packCode(w.packs.sertraline.gtin, batch, '280630')
      })
    await until(() => stageOf(w.core, id) === 'labelled', 'labelled')
    const jobs = await w.core.call(w.checker, 'print.jobs', { requestId: id })
    if (!jobs.ok) throw new Error(jobs.error.message)
    const job = jobs.value[0]!
    const labels = await w.core.call(w.checker, 'print.jobLabels', { id: job.id })
    if (!labels.ok) throw new Error(labels.error.message)
    expect(new Set(labels.value.map((label) => label.set))).toEqual(new Set([1, 2]))
    const secondSet = labels.value.filter((label) => label.set === 2).map((label) => label.position)

    const again = await w.core.call(w.checker, 'print.reprint', { id: job.id, labels: secondSet, reason: 'damaged' })
    expect(again).toMatchObject({ ok: true, value: { reprintOf: job.id, labels: secondSet.length } })
    await until(() => w.printer.jobs.length === 2, 'the reprint printed')
    expect(w.printer.jobs[1]!.toString('utf8')).toContain('Pack 2 of 2')
    expect(w.printer.jobs[1]!.toString('utf8')).not.toContain('Pack 1 of 2')
  })
})
