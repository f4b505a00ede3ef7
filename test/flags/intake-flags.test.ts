import { afterEach, describe, expect, it } from 'vitest'
import { requestLabelPayload } from '../../src/shared/scan/own-labels'
import { rescansWithLabels } from '../helpers/rescans'
import { until } from '../helpers/until'
import { settle } from '../helpers/linked'
import { checkedForDispatch, dispatchWorld, type DispatchWorld } from '../dispatch/world'
import { DMD, scan } from '../stock/helpers'
import {
  arrives,
  firstItem,
  flagsOf,
  heard,
  ok,
  printLabels,
  printed,
  readyForLabels,
  sertralineRequest
} from './world'

let world: DispatchWorld | undefined
afterEach(async () => {
  await world?.stop()
  world = undefined
})

describe('what Phensys sends that the counter does not know arrives as a stored request with a flag', () => {
  it('cautionary label 99: stored, flagged on its line with the raw value, labels held until a pharmacist chooses the wording', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_FLAG_L99'
    await arrives(
      w,
      sertralineRequest(w, id, (body) => {
        firstItem(body).cautionaryLabels = [2, 99]
      })
    )

    const stored = ok(await w.core.call(w.assembler, 'requests.get', { id }), 'the request')
    expect(stored.snapshot.prescription.items[0]?.cautionaryLabels).toEqual([2, 99])
    const [flag, ...others] = await flagsOf(w, id)
    expect(others).toEqual([])
    expect(flag).toMatchObject({
      kind: 'unknown_cautionary_label',
      lineId: 'l1',
      short: 'unknown label',
      words: expect.stringContaining(
        'Cautionary label 99 on line l1 (Sertraline 50mg tablets) is not one this pharmacy knows'
      ),
      path: 'prescription.items[0].cautionaryLabels[1]',
      raw: '99',
      blocks: ['printLabels', 'pack', 'dispatch', 'collect'],
      blocksWords: 'Print labels, Pack, Dispatch, Hand over (collection)',
      status: 'open',
      raisedVersion: 1,
      resolutions: ['wording_chosen', 'acknowledged']
    })
    // Nothing was said to Phensys: no rejection, no event at all, until a person acts.
    expect(await heard(w, id)).toEqual([])
    const worklist = ok(await w.core.call(w.assembler, 'worklist.get', {}), 'worklist')
    expect(worklist.rows.find((row) => row.id === id)?.notes).toEqual(['unknown label'])
    // A row patched in carries its notes too (they are read for the rows answered).
    expect(ok(await w.core.call(w.assembler, 'worklist.rows', { ids: [id] }), 'rows')[0]?.notes).toEqual([
      'unknown label'
    ])

    await readyForLabels(w, id)
    const held = await w.core.call(w.assembler, 'requests.printLabels', { id })
    expect(held).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', message: expect.stringContaining('Cautionary label 99') }
    })
    expect(w.printer.jobs).toHaveLength(0)

    // Only a pharmacist chooses the wording.
    const byDispenser = await w.core.call(w.assembler, 'flags.chooseWording', {
      id: flag!.id,
      wording: 'Do not take indigestion remedies at the same time of day as this medicine'
    })
    expect(byDispenser).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const chosen = await w.core.call(w.pharmacist, 'flags.chooseWording', {
      id: flag!.id,
      wording: 'Do not take indigestion remedies at the same time of day as this medicine',
      bnfNumber: 5
    })
    expect(chosen).toMatchObject({
      ok: true,
      value: { status: 'resolved', resolution: { method: 'wording_chosen', by: 'Staff pharmacist' } }
    })
    const audit = ok(await w.core.call(w.pharmacist, 'audit.list', { entityId: id }), 'audit')
    expect(audit.find((entry) => entry.command === 'flags.chooseWording')).toMatchObject({
      actorName: 'Staff pharmacist',
      summary: { flag: flag!.id, raw: '99' }
    })
    expect(
      ok(await w.core.call(w.assembler, 'worklist.get', {}), 'worklist').rows.find((row) => row.id === id)?.notes
    ).toEqual([])

    const text = await printLabels(w, id)
    expect(text).toContain('Do not take indigestion remedies at the same time of day as this medicine')
    expect(text).toContain('Warning: This medicine may make you')
    expect(await heard(w, id)).toEqual(['accepted', 'stock.available', 'dispensing.started', 'dispensing.labelled'])
  })

  it('a newer version with the same raw value keeps the resolution; one without it closes the flag as no longer applying', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_FLAG_VER'
    const body = sertralineRequest(w, id, (b) => {
      firstItem(b).cautionaryLabels = [99]
    })
    await arrives(w, body)
    const [flag] = await flagsOf(w, id)
    ok(
      await w.core.call(w.pharmacist, 'flags.acknowledge', {
        id: flag!.id,
        reason: 'Prescriber confirmed by phone: no label needed'
      }),
      'acknowledge'
    )

    // Phensys changes something else: version 2 still carries 99, the flag stays settled.
    expect(
      (
        await w.l.phensys.post(`/sandbox/requests/${id}/update`, {
          changes: { delivery: { instructions: 'Ring twice' } }
        })
      ).status
    ).toBe(200)
    await heard(w, id)
    expect(await flagsOf(w, id)).toMatchObject([{ id: flag!.id, status: 'resolved', raisedVersion: 1 }])

    // Version 3 drops label 99: the flag no longer applies, and nothing new is raised.
    const items = [{ ...firstItem(body), cautionaryLabels: [2] }]
    await w.l.phensys.post(`/sandbox/requests/${id}/update`, { changes: { prescription: { items } } })
    await heard(w, id)
    expect(await flagsOf(w, id)).toMatchObject([
      { id: flag!.id, status: 'no_longer_applies', closed: { version: 3 }, resolution: { method: 'acknowledged' } }
    ])
  })

  it("a Controlled Drug schedule that is not the catalogue's: shown to a pharmacist, the stricter applied, nothing held", async () => {
    const w = (world = await dispatchWorld())
    // Sertraline sent as Schedule 4 (the catalogue: none); morphine sent with none (the catalogue: Schedule 2).
    await arrives(
      w,
      sertralineRequest(w, 'fr_FLAG_CD4', (body) => {
        ;(firstItem(body).product as Record<string, unknown>).controlledDrugSchedule = 4
      })
    )
    await arrives(
      w,
      sertralineRequest(w, 'fr_FLAG_CD_NONE', (body) => {
        firstItem(body).product = {
          dmdCode: '36128311000001109',
          name: 'Morphine sulfate 10mg modified-release tablets',
          strength: '10mg',
          form: 'modified-release tablet',
          controlledDrugSchedule: null
        }
      })
    )
    expect(await flagsOf(w, 'fr_FLAG_CD4')).toMatchObject([
      {
        kind: 'cd_schedule_differs',
        lineId: 'l1',
        short: 'CD schedule differs',
        path: 'prescription.items[0].product.controlledDrugSchedule',
        raw: '4',
        blocks: [],
        words: expect.stringContaining(
          "as Schedule 4; this pharmacy's catalogue has it as not a controlled drug. The counter treats it as Schedule 4"
        )
      }
    ])
    // (Beside the safety rules' flags of a Schedule 2 opioid, which read the same effective schedule.)
    const morphineFlags = (await flagsOf(w, 'fr_FLAG_CD_NONE')).filter((flag) => flag.kind !== 'high_risk')
    expect(morphineFlags).toMatchObject([
      {
        kind: 'cd_schedule_differs',
        words: expect.stringContaining(
          "as not a controlled drug; this pharmacy's catalogue has it as Schedule 2. The counter treats it as Schedule 2"
        )
      }
    ])
    // Sent as the catalogue has it: no flag.
    await arrives(w, sertralineRequest(w, 'fr_FLAG_CD_SAME'))
    expect(await flagsOf(w, 'fr_FLAG_CD_SAME')).toEqual([])
  })

  it('an unknown delivery service: packing is held until a person chooses a configured service', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_FLAG_SVC'
    await checkedForDispatch(w, id, {
      delivery: {
        recipientName: "Zoë O'Brien-Łukasik",
        address: { line1: 'Flat 2', line2: '14 Kirkgate', city: 'Leeds', postcode: 'LS1 6BU', country: 'GB' },
        service: 'drone_drop',
        instructions: null
      }
    })
    const [flag] = await flagsOf(w, id)
    expect(flag).toMatchObject({
      kind: 'unknown_delivery_service',
      raw: '"drone_drop"',
      blocks: ['pack'],
      status: 'open'
    })
    const held = await w.core.call(w.checker, 'requests.pack', { id, bagScan: requestLabelPayload(id), parcels: 1 })
    expect(held).toMatchObject({ ok: false, error: { message: expect.stringContaining('"drone_drop"') } })

    ok(
      await w.core.call(w.checker, 'requests.chooseService', {
        id,
        code: 'royal_mail_tracked_48',
        reason: 'Phensys confirmed drone_drop means a 48-hour service'
      }),
      'choose the service'
    )
    expect(await flagsOf(w, id)).toMatchObject([
      {
        status: 'resolved',
        resolution: { method: 'service_chosen', words: expect.stringContaining('Royal Mail Tracked 48') }
      }
    ])
    const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: requestLabelPayload(id), parcels: 1 })
    expect(packed).toMatchObject({ ok: true, value: { row: { stage: 'packed' } } })
  })

  it('cancelled at Phensys with the unknown delivery service still unsettled: the closed views list no hold of a step that will not come', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_FLAG_SVC_CANCELLED'
    await checkedForDispatch(w, id, {
      delivery: {
        recipientName: 'Ada Brown',
        address: { line1: '14 Kirkgate', line2: null, city: 'Leeds', postcode: 'LS1 6BU', country: 'GB' },
        service: 'drone_drop',
        instructions: null
      }
    })
    const [open] = ok(await w.core.call(w.checker, 'worklist.rows', { ids: [id] }), 'the open row')
    expect(open!.notes).toEqual(['unknown service'])
    expect((await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })).status).toBe(200)
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('cancelled')
    const closed = ok(await w.core.call(w.checker, 'worklist.closed', { view: 'completed_today' }), 'the closed rows')
    expect(closed.rows.find((row) => row.id === id)?.notes).toEqual([])
  })

  it('an unknown dm+d code: held as "needs product match", never a supply issue; matched by a dispenser, confirmed by a pharmacist, remembered for the next request', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_FLAG_DMD'
    const unknownCode = '99999911000001101'
    const withUnknownProduct = (b: Record<string, unknown>) => {
      firstItem(b).product = {
        dmdCode: unknownCode,
        name: 'Sertraline 50mg tablets (Lustral)',
        strength: '50mg',
        form: 'tablet',
        controlledDrugSchedule: null
      }
    }
    await arrives(w, sertralineRequest(w, id, withUnknownProduct))
    const [flag] = await flagsOf(w, id)
    expect(flag).toMatchObject({
      kind: 'unknown_product',
      short: 'needs match',
      path: 'prescription.items[0].product',
      blocks: ['checkStock'],
      words: expect.stringContaining(`dm+d ${unknownCode}`)
    })
    expect(JSON.parse(flag!.raw ?? 'null')).toMatchObject({ dmdCode: unknownCode })
    ok(await w.core.call(w.assembler, 'requests.accept', { id }), 'accept')
    await scan(w.core, w.assembler, w.sertraline.code('SER1'))
    const held = await w.core.call(w.assembler, 'requests.checkStock', { id })
    expect(held).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', message: expect.stringContaining('needs a product match') }
    })
    expect(await heard(w, id)).toEqual(['accepted'])

    // A dispenser proposes the match (this VMP); only a pharmacist confirms it.
    const proposed = await w.core.call(w.assembler, 'flags.proposeMatch', { id: flag!.id, dmdId: DMD.sertraline })
    expect(proposed).toMatchObject({ ok: true, value: { status: 'proposed', proposal: { dmdId: DMD.sertraline } } })
    expect(await w.core.call(w.assembler, 'requests.checkStock', { id })).toMatchObject({ ok: false })
    expect(await w.core.call(w.assembler, 'flags.decideMatch', { id: flag!.id, confirm: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    expect(await w.core.call(w.pharmacist, 'flags.decideMatch', { id: flag!.id, confirm: true })).toMatchObject({
      ok: true,
      value: { status: 'resolved', resolution: { method: 'product_matched' } }
    })

    expect(await w.core.call(w.assembler, 'requests.checkStock', { id })).toMatchObject({
      ok: true,
      value: { row: { stage: 'ready_to_dispense' } }
    })
    const stock = ok(await w.core.call(w.assembler, 'stock.request', { id }), 'stock view')
    expect(stock.lines[0]).toMatchObject({ outcome: 'in_stock', matchedTo: expect.stringContaining(DMD.sertraline) })
    // Dispensed against the matched product: the sertraline pack scans as right.
    ok(await w.core.call(w.assembler, 'requests.startDispensing', { id }), 'start')
    expect(
      await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: w.sertraline.code('SER1') })
    ).toMatchObject({ ok: true, value: { complete: true } })
    expect(await heard(w, id)).toEqual(['accepted', 'stock.available', 'dispensing.started'])

    // The next request prescribing the same code needs no match: it is remembered.
    const next = 'fr_FLAG_DMD2'
    await arrives(w, sertralineRequest(w, next, withUnknownProduct))
    expect(await flagsOf(w, next)).toEqual([])
    await scan(w.core, w.assembler, w.sertraline.code('SER2'))
    // Accepting runs the stock check: nothing holds it back now.
    expect(await w.core.call(w.assembler, 'requests.accept', { id: next })).toMatchObject({
      ok: true,
      value: { row: { stage: 'ready_to_dispense' } }
    })
    const audit = ok(await w.core.call(w.pharmacist, 'audit.list', { entityId: id }), 'audit')
    expect(audit.map((entry) => entry.command)).toEqual(
      expect.arrayContaining(['flags.proposeMatch', 'flags.decideMatch'])
    )
  })

  it('unknown enum values and extra fields: stored and shown; the unknown route and kind hold acceptance until a pharmacist acknowledges them', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_FLAG_ENUM'
    await arrives(
      w,
      sertralineRequest(w, id, (body) => {
        body.route = 'drive_through'
        ;(body.prescription as Record<string, unknown>).kind = 'private_fax'
        body.payment = { status: 'pending_review', payer: 'patient', reference: 'pay_1' }
        ;(body.delivery as Record<string, unknown>).what3words = 'filled.count.soap'
        firstItem(body).colour = 'blue'
        body['loyalty points'] = 12
      })
    )
    const flags = await flagsOf(w, id)
    const byPath = Object.fromEntries(flags.map((flag) => [flag.path, flag]))
    expect(byPath.route).toMatchObject({ kind: 'unknown_value', raw: '"drive_through"', blocks: ['accept'] })
    expect(byPath['prescription.kind']).toMatchObject({
      kind: 'unknown_value',
      raw: '"private_fax"',
      blocks: ['accept']
    })
    expect(byPath['payment.status']).toMatchObject({ kind: 'unknown_value', raw: '"pending_review"', blocks: [] })
    expect(byPath['delivery.what3words']).toMatchObject({ kind: 'extra_field', raw: '"filled.count.soap"', blocks: [] })
    expect(byPath['prescription.items[0].colour']).toMatchObject({ kind: 'extra_field', lineId: 'l1', raw: '"blue"' })
    expect(byPath['["loyalty points"]']).toMatchObject({ kind: 'extra_field', raw: '12' })
    const stored = ok(await w.core.call(w.assembler, 'requests.get', { id }), 'the request')
    expect(stored.snapshot).toMatchObject({ route: 'drive_through', 'loyalty points': 12 })
    expect(await heard(w, id)).toEqual([])

    expect(await w.core.call(w.assembler, 'requests.accept', { id })).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', message: expect.stringContaining('drive_through') }
    })
    for (const path of ['route', 'prescription.kind']) {
      ok(
        await w.core.call(w.pharmacist, 'flags.acknowledge', {
          id: byPath[path]!.id,
          reason: 'A new Phensys route; the prescription was checked by hand'
        }),
        `acknowledge ${path}`
      )
    }
    // The flags that block nothing do not hold acceptance back.
    expect(await w.core.call(w.assembler, 'requests.accept', { id })).toMatchObject({ ok: true })
    // Accepting ran the stock check (nothing of this on the shelf).
    expect(await heard(w, id)).toEqual(['accepted', 'stock.supply_issue'])
  })

  it('control characters in names: flagged with the raw value shown; labels print the cleaned text only once a person confirms it', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_FLAG_CTRL'
    await arrives(
      w,
      sertralineRequest(w, id, (body) => {
        ;(body.patient as { name: Record<string, unknown> }).name.family = "O'Brien\u0000-Łukasik"
        ;(body.delivery as Record<string, unknown>).recipientName = "Zoë \u202eO'Brien"
      })
    )
    const flags = await flagsOf(w, id)
    const family = flags.find((flag) => flag.path === 'patient.name.family')
    const recipient = flags.find((flag) => flag.path === 'delivery.recipientName')
    expect(family).toMatchObject({
      kind: 'control_characters',
      raw: JSON.stringify("O'Brien\u0000-Łukasik"),
      rawShown: `"O'Brien\u2400-Łukasik"`,
      cleanedText: "O'Brien-Łukasik",
      blocks: ['printLabels', 'pack', 'dispatch', 'collect'],
      words: expect.stringContaining('NUL, U+0000')
    })
    expect(recipient).toMatchObject({
      kind: 'control_characters',
      cleanedText: "Zoë O'Brien",
      blocks: ['pack'],
      words: expect.stringContaining('right-to-left override')
    })
    expect(await heard(w, id)).toEqual([])

    const pack = await readyForLabels(w, id)
    expect(await w.core.call(w.assembler, 'requests.printLabels', { id })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('family name holds a hidden control character') }
    })
    expect(w.printer.jobs).toHaveLength(0)
    // The text confirmed must be the text shown.
    expect(
      await w.core.call(w.assembler, 'flags.confirmCleanedText', { id: family!.id, text: "O'Brien Łukasik" })
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict' }
    })
    ok(
      await w.core.call(w.assembler, 'flags.confirmCleanedText', { id: family!.id, text: "O'Brien-Łukasik" }),
      'confirm'
    )
    const text = await printLabels(w, id)
    expect(text).toContain("Ms Zoë O'Brien-Łukasik")
    expect(unprintable(text)).toEqual([])

    const view = ok(await w.core.call(w.checker, 'dispensing.view', { id }), 'the packs')
    ok(
      await w.core.call(w.checker, 'requests.accuracyCheck', { id, rescans: rescansWithLabels(view, [pack]) }),
      'accuracy check'
    )
    const bag = { id, bagScan: requestLabelPayload(id), parcels: 1 }
    expect(await w.core.call(w.checker, 'requests.pack', bag)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('right-to-left override') }
    })
    ok(await w.core.call(w.checker, 'flags.confirmCleanedText', { id: recipient!.id, text: "Zoë O'Brien" }), 'confirm')
    const jobs = w.printer.jobs.length
    ok(await w.core.call(w.checker, 'requests.pack', bag), 'pack')
    await until(() => w.printer.jobs.length > jobs, 'the bag label at the printer')
    const bagText = printed(w.printer.jobs[jobs]!)
    expect(bagText).toContain("Zoë O'Brien")
    expect(unprintable(bagText)).toEqual([])
  })
})

/** Control characters, the right-to-left override and the replacement mark, wherever they are. */
function unprintable(text: string): string[] {
  return [...text].filter((ch) => {
    const code = ch.codePointAt(0) ?? 0
    return code < 0x20 || code === 0x202e || code === 0xfffd
  })
}
