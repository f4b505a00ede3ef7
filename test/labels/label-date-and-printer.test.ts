/**
 * A request's dispensing labels as a pharmacist and an inspector read them, through the core: the
 * clock at 23:30 UTC on 28 March 2027, which is 00:30 BST on 29 March, the day after the clocks went
 * forward. Two packs, long directions and three BNF warnings on the default 70 × 35 mm stock, so
 * several labels: every one of them carries every particular on its own (patient, medicine with
 * strength and form, quantity, date of dispensing as London reads it, pharmacy name and address,
 * "Keep out of the reach and sight of children"), each set carries the whole directions and every
 * warning, and the preview shows exactly the text, at the places and sizes, that the printer gets.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { requestBody, settle } from '../helpers/linked'
import { staffedWorld, usePrinter, type StaffedWorld } from '../helpers/dispensed-world'
import { ManualClock } from '../helpers/temp-core'
import { startListener, type Listener } from '../helpers/tcp-listeners'
import { until } from '../helpers/until'
import { parseZplJob } from '../helpers/zpl-decode'
import { DMD, bookIn, item, packCode, stockedPack, withItems } from '../stock/helpers'
import { bundledCautionaryLabels, cautionaryWording } from '../../src/main/labels/cautionary-labels'

const DIRECTIONS =
  'Take ONE tablet each morning with a glass of water. If you miss a dose, take it as soon as you remember that day, but do not take two doses together to make up for a missed one. Tell your doctor if you feel more anxious or agitated in the first weeks.'
const WARNINGS = [2, 10, 21]

let w: StaffedWorld
let printer: Listener
beforeAll(async () => {
  w = await staffedWorld({ clock: new ManualClock(Date.parse('2027-03-28T23:30:00Z')) })
  printer = await startListener({ kind: 'printer' })
  await usePrinter(w.core, w.admin, printer.port)
  expect(await w.core.call(w.admin, 'dispensing.setAutoLabels', { enabled: false })).toMatchObject({ ok: true })
  await bookIn(w.core, w.assembler, DMD.sertraline, 2, 'LOTD', '290630')
}, 60_000)
afterAll(async () => {
  await printer?.close()
  await w?.l.stop()
})

const squash = (text: string) => text.replace(/\s+/g, ' ').trim()
const decodeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&')

/** The text runs of a preview, each with where it stands and its size; and the glyph pictures' text. */
function svgRuns(svg: string): { runs: string[]; pictures: string[] } {
  const runs = [...svg.matchAll(/<text x="(\d+)" y="(\d+)" font-size="(\d+)"[^>]*>([^<]*)<\/text>/g)].map(
    (m) => `${m[1]},${m[2]},${m[3]}:${decodeXml(m[4] ?? '')}`
  )
  const pictures = [...svg.matchAll(/<path d="[^"]*" data-role="[^"]*" data-text="([^"]*)"\/>/g)].map((m) =>
    decodeXml(m[1] ?? '')
  )
  return { runs, pictures }
}

it('prints the London date on every label of every set, each complete, and the preview is what prints', async () => {
  const id = 'fr_R33_DATE'
  const { gtin, packSize } = await stockedPack(w.core, w.assembler, DMD.sertraline)
  const body = withItems(requestBody(id, {}), [
    {
      ...item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 2 * packSize, 'tablet', DIRECTIONS),
      product: {
        dmdCode: DMD.sertraline,
        name: 'Sertraline',
        strength: '50mg',
        form: 'tablets',
        controlledDrugSchedule: null
      },
      cautionaryLabels: WARNINGS
    }
  ])
  ;(body.prescription as Record<string, unknown>).issuedAt = '2027-03-27'
  await w.l.phensys.post('/sandbox/requests', body)
  await settle(w.core)
  expect(await w.core.call(w.assembler, 'requests.accept', { id })).toMatchObject({ ok: true })
  expect(await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })).toMatchObject({
    ok: true
  })
  expect(await w.core.call(w.assembler, 'requests.startDispensing', { id })).toMatchObject({ ok: true })
  for (let n = 0; n < 2; n++)
    expect(
      await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: packCode(gtin, 'LOTD', '290630') })
    ).toMatchObject({ ok: true })

  const preview = await w.core.call(w.assembler, 'labels.preview', { requestId: id })
  if (!preview.ok) throw new Error(preview.error.message)
  const labels = preview.value.dispensing
  expect(preview.value.sets).toBe(2)
  expect(labels.length, 'several labels a set on 70 × 35 mm').toBeGreaterThan(2)

  await w.core.call(w.assembler, 'requests.printLabels', { id })
  await until(() => printer.jobs.length > 0, 'the labels printed')
  const job = parseZplJob(printer.jobs[0]!.toString('utf8'))
  expect(job).toHaveLength(labels.length)

  const pharmacy = w.core.internals.settings.get('pharmacy')
  const setsText = new Map<string, string>()
  labels.forEach((label, i) => {
    const printed = job[i]!.fields.filter((field) => field.font !== null)
    const text = squash(printed.map((field) => field.text).join(' '))
    // Every particular on every label, each label complete on its own.
    expect(text, `label ${i + 1}: date of dispensing, London`).toContain('29 Mar 2027')
    expect(text).not.toContain('28 Mar 2027')
    expect(text, `label ${i + 1}: patient`).toMatch(/Zo. O'Brien-/)
    expect(text, `label ${i + 1}: medicine`).toContain('Sertraline 50mg tablets')
    expect(text, `label ${i + 1}: quantity`).toMatch(
      new RegExp(`Pack [12] of 2: ${packSize} tablets · ${2 * packSize} tablets in all`)
    )
    expect(text, `label ${i + 1}: pharmacy`).toContain(pharmacy.name)
    for (const part of [...pharmacy.addressLines, pharmacy.postcode])
      expect(text, `label ${i + 1}: pharmacy address`).toContain(part)
    expect(text, `label ${i + 1}: warning`).toContain('Keep out of the reach and sight of children')
    const flow = printed.filter((field) => field.section === 'flow').map((field) => field.text)
    setsText.set(label.set, squash(`${setsText.get(label.set) ?? ''} ${flow.join(' ')}`))

    // The preview is the printed label: the same runs of text, at the same places and sizes.
    const { runs, pictures } = svgRuns(label.svg)
    expect(runs).toEqual(printed.map((field) => `${field.x},${field.y},${field.font!.height}:${field.text}`))
    expect(pictures.length).toBe(job[i]!.fields.filter((field) => field.graphic !== null).length)
  })
  // Each set (one per pack) carries the whole directions and every warning, unmodified.
  expect([...setsText.keys()]).toEqual([
    'Sertraline 50mg tablets · pack 1 of 2',
    'Sertraline 50mg tablets · pack 2 of 2'
  ])
  for (const flow of setsText.values()) {
    expect(flow).toContain(DIRECTIONS)
    for (const number of WARNINGS) expect(flow).toContain(cautionaryWording(bundledCautionaryLabels(), number))
  }
})
