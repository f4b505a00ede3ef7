/**
 * The contract allows any request id of up to 64 characters. Labels must print for every one of
 * them, with every particular, and their barcodes must scan back to the request: at the accuracy
 * check, at packing and at the worklist. Against the real sandbox and a label printer on loopback.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerRequest } from '../helpers/dispensed-world'
import { settle } from '../helpers/linked'
import { trackingNumberFor } from '../helpers/supply'
import { until } from '../helpers/until'
import { parseZplJob, type ZplLabel } from '../helpers/zpl-decode'
import { DMD, scan } from '../stock/helpers'
import { dispatchWorld, type DispatchWorld } from '../dispatch/world'
import { RequestsRepo } from '../../src/main/fulfilment/requests-repo'
import { bagLabelPayload, dispensingLabelPayload, labelRefOf } from '../../src/shared/scan/own-labels'

/** 64 ASCII characters, most of which a barcode must escape: / space % : ? # and friends. */
const ASCII_WORST = `fr${'/ %:?#&+'.repeat(8)}`.slice(0, 62) + 'z9'
/** 64 Polish letters: each two bytes of UTF-8, six characters once percent-encoded. */
const POLISH = 'ŁąęśżźćńóŃ'.repeat(7).slice(0, 64)
const SHORT = 'fr_LONGID_CONTROL'
/** Another long id, of a request this pharmacy does not hold. */
const NOT_HERE = `fr${'/ %:?#&+'.repeat(8)}`.slice(0, 62) + 'z8'

let w: DispatchWorld
beforeAll(async () => {
  w = await dispatchWorld()
})
afterAll(async () => {
  await w.stop()
})

const stageOf = (id: string) => w.core.internals.requests.get(id)?.row.stage

function ok<T>(answer: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value
}

/** Arrived at the sandbox, accepted, clinically checked and its pack scanned: the labels it printed. */
let requests = 0
async function labelled(id: string): Promise<ZplLabel[]> {
  requests += 1
  await scan(w.core, w.assembler, w.sertraline.code('SER1'))
  const body = registerRequest(id, [
    { lineId: 'l1', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: w.sertraline.packSize }
  ])
  body.patient = { ...(body.patient as object), id: `pt_long_ids_${requests}` }
  body.prescription = { ...(body.prescription as object), id: `rx_long_ids_${requests}` }
  expect((await w.l.phensys.post('/sandbox/requests', body)).status).toBeLessThan(300)
  await settle(w.core)
  ok(await w.core.call(w.assembler, 'requests.accept', { id }))
  ok(await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }))
  const jobs = w.printer.jobs.length
  ok(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: w.sertraline.code('SER1') }))
  await until(() => stageOf(id) === 'labelled' && w.printer.jobs.length > jobs, `${id} labelled`).catch(
    async (error: Error) => {
      // Say why: the preview is laid out as the labels are.
      const preview = await w.core.call(w.checker, 'labels.preview', { requestId: id })
      throw new Error(`${error.message}: ${preview.ok ? 'the preview draws' : preview.error.message}`)
    }
  )
  return parseZplJob(w.printer.jobs.at(-1)!.toString('utf8'))
}

const barcodeOf = (label: ZplLabel) => label.fields.find((field) => field.barcode)?.text ?? ''
const textsOf = (label: ZplLabel) => label.fields.filter((field) => !field.barcode && field.text).map((f) => f.text)
/** What a label says apart from its reference line. */
const particulars = (label: ZplLabel) => textsOf(label).filter((text) => !text.includes('Ref '))

/** The reference printed: the whole id, or its first and last characters either side of an ellipsis. */
function expectReadableReference(label: ZplLabel, id: string, suffix: string): void {
  const references = textsOf(label).filter((text) => text.includes('Ref '))
  expect(references).toHaveLength(1)
  const shown = references[0]!.slice(references[0]!.indexOf('Ref ') + 4)
  if (shown === `${id}${suffix}`) return
  const [head = '', tail = '', ...more] = shown.split('…')
  expect(more, `reference ${shown}`).toEqual([])
  expect(head.length, `reference ${shown}`).toBeGreaterThanOrEqual(4)
  expect(tail.length - suffix.length, `reference ${shown}`).toBeGreaterThanOrEqual(4)
  expect(id.startsWith(head), `reference ${shown}`).toBe(true)
  expect(`${id}${suffix}`.endsWith(tail), `reference ${shown}`).toBe(true)
}

it.each([
  ['64 ASCII characters of the worst shape', ASCII_WORST],
  ['64 Polish letters', POLISH]
])(
  'a request id of %s: labels print with every particular, and scan back to the request at the check, packing and the worklist',
  async (_, id) => {
    expect([...id]).toHaveLength(64)
    const controlId = `${SHORT}_${id === POLISH ? 'PL' : 'AS'}`
    const control = await labelled(controlId)
    const labels = await labelled(id)
    expect(labels).toHaveLength(control.length)
    // An id that fits is printed whole, and its barcode is as it always was.
    expect(textsOf(control[0]!)).toContainEqual(expect.stringMatching(new RegExp(`· Ref ${controlId}/l1$`)))
    expect(barcodeOf(control[0]!)).toMatch(new RegExp(`^PC-REQ:${controlId}:\\d+:1$`))
    labels.forEach((label, n) => {
      expect(particulars(label)).toEqual(particulars(control[n]!))
      expect(particulars(label).join(' ')).toContain('Take ONE tablet daily')
      expectReadableReference(label, id, '/l1')
    })

    // The short form is kept with the request when it is stored; a short id needs none.
    const labelRef = (of: string) =>
      w.core.internals.store.sqlite.prepare('SELECT label_ref AS ref FROM requests WHERE id = ?').get(of) as {
        ref: string | null
      }
    expect(labelRef(id).ref).toBe(labelRefOf(id))
    expect(labelRef(id).ref).not.toBeNull()
    expect(labelRef(controlId).ref).toBeNull()

    // The label alone is the re-scan (one pack): at the worklist it opens the request, at the check it passes.
    const printed = barcodeOf(labels[0]!)
    const packId = Number(printed.split(':')[2])
    // A label in short form that no request here carries is refused at the check: said to be not
    // known here, with what was read (the short form is named as no request).
    const stranger = dispensingLabelPayload(NOT_HERE, packId, 1)
    const atCheck = ok(await w.core.call(w.checker, 'dispensing.rescan', { id, raw: stranger }))
    expect(atCheck).toMatchObject({ outcome: 'refused', recorded: false })
    expect(atCheck.message).toMatch(/not known here/)
    expect(atCheck.message).toContain(stranger)
    const atWorklist = ok(await w.core.call(w.checker, 'scan.submit', { raw: printed, source: 'wedge' }))
    expect(atWorklist.requestId).toBe(id)
    expect(ok(await w.core.call(w.checker, 'dispensing.rescan', { id, raw: printed }))).toMatchObject({
      outcome: 'accepted'
    })
    // The one pack's label completes the bag: the check is recorded.
    expect(stageOf(id)).toBe('accuracy_checked')

    // Packing scans the label on the bag: one no request here carries is refused as not known here,
    // with what was read; another request's, found by its short form, is that request's.
    const strangerBag = bagLabelPayload(NOT_HERE, 1)
    const unknownBag = await w.core.call(w.checker, 'requests.pack', { id, bagScan: strangerBag, parcels: 1 })
    expect(unknownBag).toMatchObject({
      ok: false,
      error: { details: { reason: 'unknown_label', scanned: strangerBag } }
    })
    expect(!unknownBag.ok && unknownBag.error.message).toMatch(/not known here.*PC-BAG:%%/)
    if (id === POLISH) {
      // The request of 64 ASCII characters went before: its bag label is another request's.
      expect(
        await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagLabelPayload(ASCII_WORST, 1), parcels: 1 })
      ).toMatchObject({
        ok: false,
        error: {
          message: `Wrong bag: that label is ${ASCII_WORST}'s, this is ${id}.`,
          details: { reason: 'wrong_bag' }
        }
      })
    }
    // The bag label printed then opens the request too.
    const jobs = w.printer.jobs.length
    ok(await w.core.call(w.checker, 'requests.pack', { id, bagScan: printed, parcels: 1 }))
    await until(() => w.printer.jobs.length > jobs, `${id}: bag label printed`)
    const bag = parseZplJob(w.printer.jobs.at(-1)!.toString('utf8'))
    const bagLabel = bag.find((label) => barcodeOf(label).startsWith('PC-BAG:'))
    expect(bagLabel, 'a bag label').toBeDefined()
    expect(textsOf(bagLabel!).join(' ')).toContain('LS1 6BU')
    expectReadableReference(bagLabel!, id, '')
    const bagScan = ok(await w.core.call(w.checker, 'scan.submit', { raw: barcodeOf(bagLabel!), source: 'wedge' }))
    expect(bagScan.requestId).toBe(id)
    ok(await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id, 1)] }))
    expect(stageOf(id)).toBe('dispatched')
  }
)

it('a short form finds a request stored before migration 0048 (looked up then), and names none when no request here carries it', async () => {
  const id = ASCII_WORST
  expect(stageOf(id)).toBe('dispatched')
  w.core.internals.store.sqlite.prepare('UPDATE requests SET label_ref = NULL WHERE id = ?').run(id)
  // A repository as a core opened on such a store has it.
  expect(new RequestsRepo(w.core.internals.store.db).idOfLabelRef(labelRefOf(id)!)).toBe(id)
  const stranger = ok(
    await w.core.call(w.checker, 'scan.submit', { raw: bagLabelPayload(NOT_HERE, 1), source: 'wedge' })
  )
  expect(stranger).toMatchObject({ requestId: null, classification: { kind: 'bag-label', requestId: null } })
})
