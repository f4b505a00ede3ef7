import { test, expect, startBrowserMode, startSandboxProcess, type Page } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { requestLabelPayload } from '../src/shared/scan/own-labels'
import { startFakePrinter, type FakePrinter } from './support/fake-printer'
import { freshTrackingNumber } from './support/tracking'
import { wedgeScan } from './support/wedge'
import { openRequest } from './support/counter'
import { openContractSession, type ContractCall, signedInSessions, stockedPack } from './support/contract'
import { requestBody } from '../test/helpers/request-body'
import { LIVE_STAFF } from './support/live-staff'
import type { DispensingView } from '../src/shared/contract/dispensing-views'
import { rescansWithLabels } from '../test/helpers/rescans'
import { londonDate } from '../src/shared/time/london'
import { RegistersPage } from './pages/registers-page'
import { checkedOnePackRequest, MORPHINE, morphineItem } from './support/schedule-two'

/**
 * Packing and dispatch through the UI, on a live workstation linked to the sandbox (as a separate
 * process, like `npm run sandbox`). Everything before packing is set up over browser mode's HTTP
 * protocol (README) by the people who would do it; packing, dispatch and the handover are done on
 * the screen, by keyboard and scanner.
 */

const TOKEN = 'e2e-dispatch-token'
const SERTRALINE = '39732311000001104'
const STAFF = LIVE_STAFF

interface SandboxEvent {
  type: string
  stateAfter: string
  event: { data: Record<string, unknown> }
}

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>
let counter: Awaited<ReturnType<typeof startBrowserMode>>
let printer: FakePrinter
const as: Record<keyof typeof STAFF, ContractCall> = {} as never
let gtin = ''
let packSize = 0

async function phensys<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: object): Promise<T> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {})
  })
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true)
  return (await response.json()) as T
}

const sandboxEvents = async (id: string): Promise<SandboxEvent[]> =>
  (await phensys<{ events: SandboxEvent[] }>('GET', `/sandbox/requests/${id}/events`)).events

/** Today's prescription for one pack of sertraline, going by `service`. */
function prescription(id: string, service: string): Record<string, unknown> {
  const base = requestBody(id)
  return {
    ...base,
    prescription: { ...(base.prescription as object), issuedAt: new Date().toISOString().slice(0, 10) },
    delivery: { ...(base.delivery as object), service }
  }
}

async function stageOf(id: string): Promise<string | null> {
  try {
    return (await as.checker<{ row: { stage: string } }>('requests.get', { id })).row.stage
  } catch {
    return null
  }
}

/** From Phensys to accuracy-checked, by the people who would do each step, over HTTP. */
async function checkedRequest(id: string, service: string): Promise<void> {
  await phensys('POST', '/sandbox/requests', prescription(id, service))
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('new')
  const code = encodeGs1(packFields({ gtin, expiry: '351231', batch: 'DSP1', serial: `DSP${id}` }))
  await as.dispenser('stock.receiveScan', { raw: code, deliveryId: null })
  // Accepting runs the stock check; after the clinical check, the pack scanned starts dispensing and,
  // the last one, prints the labels.
  await as.dispenser('requests.accept', { id })
  await as.pharmacist('requests.clinicalCheck', { id, outcome: 'approved' })
  await as.dispenser('dispensing.scanPack', { id, lineId: 'l1', raw: code })
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('labelled')
  const view = await as.checker<DispensingView>('dispensing.view', { id })
  await as.checker('requests.accuracyCheck', { id, rescans: rescansWithLabels(view, [code]) })
}

async function signInAsChecker(page: Page): Promise<void> {
  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(STAFF.checker.username, STAFF.checker.secret)
  await new WorklistPage(page).expectLoaded()
}

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  sandbox = await startSandboxProcess(TOKEN)
  counter = await startBrowserMode({ url: sandbox.url, token: TOKEN })
  printer = await startFakePrinter()
  const admin = await openContractSession(counter.app.openUrl)
  await admin('auth.createFirstAdmin', { username: 'owner', displayName: 'Olu Owner', secret: '864209' })
  for (const person of Object.values(STAFF)) await admin('users.create', person)
  const { settings } = await admin<{ settings: { wedge: object } }>('devices.status', {})
  // Playwright's keys are not a scanner's: allow pauses up to 100 ms within a scan (wedge.ts says why).
  await admin('devices.setSettings', {
    ...settings,
    wedge: { ...settings.wedge, maxGapMs: 100 },
    labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: printer.port }
  })
  Object.assign(as, await signedInSessions(counter.app.openUrl, STAFF))
  // Phil Pharmacist is Responsible Pharmacist: nothing leaves the pharmacy without one.
  await as.pharmacist('rp.signIn', {})
  ;({ gtin, packSize } = await stockedPack(as.dispenser, SERTRALINE))
})

test.afterAll(async () => {
  await printer?.close()
  await counter?.stop()
  await sandbox?.stop()
})

test("two parcels by Royal Mail Tracked 24: the bag is scanned (a neighbour's refused), two parcels printed, both carrier labels scanned (a misread refused); Phensys records packed and dispatched with both numbers; the manifest lists both", async ({
  page
}) => {
  test.setTimeout(180_000)
  const id = 'fr_DSP_TWO'
  await checkedRequest(id, 'royal_mail_tracked_24')
  await checkedRequest('fr_DSP_NEXT', 'royal_mail_tracked_48')
  await signInAsChecker(page)
  const request = await openRequest(page, id)
  const jobsBefore = printer.jobs.length

  // Pack: the neighbouring request's bag is refused with what was scanned.
  await request.run('Pack', 'p')
  const pack = request.dialog('Pack')
  await expect(pack).toContainText('Goes by Royal Mail Tracked 24')
  // The parcels first: a bag label's scan packs at once, as its Enter would.
  await pack.getByLabel('Number of parcels').fill('2')
  await pack.getByLabel('Number of parcels').blur()
  await wedgeScan(page, requestLabelPayload('fr_DSP_NEXT'))
  await expect(pack.getByLabel(/Bag label/)).toHaveValue(requestLabelPayload('fr_DSP_NEXT'))
  await expect(pack.getByRole('alert')).toContainText("Wrong bag: that label is fr_DSP_NEXT's, this is fr_DSP_TWO.")
  await request.expectOpen()
  await wedgeScan(page, requestLabelPayload(id))
  await request.expectStage('Packed')
  // Two bag labels ("1 of 2", "2 of 2") and the dispatch note went to the printer.
  await expect.poll(() => printer.jobs.length, { timeout: 30_000 }).toBeGreaterThan(jobsBefore)
  const printed = printer.jobs.slice(jobsBefore).join('')
  expect(printed).toContain('Parcel 1 of 2')
  expect(printed).toContain('Parcel 2 of 2')
  expect(printed).toContain('Dispatch note')

  // Dispatch: a mistyped number is refused by its check digit; the two carrier labels are scanned.
  const first = freshTrackingNumber('Royal Mail')
  const second = freshTrackingNumber('Royal Mail')
  await request.run('Dispatch', 'x')
  const dispatch = request.dialog('Dispatch')
  const misread = `${first.slice(0, 10)}${(Number(first[10]) + 1) % 10}GB`
  await dispatch.getByLabel(/Parcel 1 of 2/).fill(misread)
  await dispatch.getByLabel(/Parcel 2 of 2/).fill(second)
  await dispatch.getByLabel(/Parcel 2 of 2/).press('Enter')
  await expect(dispatch.getByRole('alert')).toContainText('check digit')
  await dispatch.getByLabel(/Parcel 1 of 2/).fill('')
  await dispatch.getByLabel(/Parcel 2 of 2/).fill('')
  await dispatch.getByLabel(/Parcel 1 of 2/).blur()
  await wedgeScan(page, first)
  await expect(dispatch.getByLabel(/Parcel 1 of 2/)).toHaveValue(first)
  // The scan that fills the last parcel dispatches, as its Enter would.
  await wedgeScan(page, second)
  await request.expectStage('Dispatched')
  await expect(page.getByRole('definition').filter({ hasText: first })).toBeVisible()

  await expect
    .poll(async () => (await phensys<{ state: string }>('GET', `/v1/provider/requests/${id}`)).state, {
      timeout: 60_000
    })
    .toBe('dispatched')
  const events = await sandboxEvents(id)
  expect(events.filter((e) => e.type === 'packed').map((e) => e.event.data)).toEqual([{ parcels: 2 }])
  const dispatched = events.filter((e) => e.type === 'dispatched')
  expect(dispatched).toHaveLength(1)
  expect(dispatched[0]!.event.data).toMatchObject({
    carrier: 'Royal Mail',
    service: 'royal_mail_tracked_24',
    trackingNumbers: [first, second]
  })

  const today = londonDate(new Date())
  const manifest = await as.checker<{
    carriers: Array<{ carrier: string; parcels: Array<{ requestId: string; trackingNumber: string }> }>
  }>('dispatch.manifest', { date: today })
  expect(
    manifest.carriers
      .find((c) => c.carrier === 'Royal Mail')
      ?.parcels.filter((p) => p.requestId === id)
      .map((p) => p.trackingNumber)
  ).toEqual([first, second])
})

test('collection: packed, handed over at the counter with who collected and ID seen; Phensys records dispatched then delivered', async ({
  page
}) => {
  test.setTimeout(120_000)
  const id = 'fr_DSP_COLLECT'
  await checkedRequest(id, 'collect')
  await signInAsChecker(page)
  const request = await openRequest(page, id)
  expect(await request.pack(1)).toContain('collection')
  // A collection is not dispatched by carrier: only the handover is offered.
  await expect(page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: /^Dispatch/ })).toHaveCount(0)
  await request.handOver("Zoë O'Brien-Łukasik")
  await expect(page.getByRole('definition').filter({ hasText: 'ID asked for and seen' })).toBeVisible()

  await expect
    .poll(async () => (await phensys<{ state: string }>('GET', `/v1/provider/requests/${id}`)).state, {
      timeout: 60_000
    })
    .toBe('delivered')
  expect((await sandboxEvents(id)).map((e) => e.type).slice(-3)).toEqual(['packed', 'dispatched', 'delivered'])
})

/** A Schedule 2 request to be collected, from Phensys to accuracy-checked over HTTP (the original received). */
async function checkedScheduleTwoRequest(id: string): Promise<void> {
  const pack = await stockedPack(as.dispenser, MORPHINE)
  const base = prescription(id, 'collect')
  const rx = base.prescription as { items: Array<Record<string, unknown>> }
  const item = morphineItem(rx.items[0], pack.packSize)
  await phensys('POST', '/sandbox/requests', { ...base, prescription: { ...rx, items: [item] } })
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('new')
  const code = encodeGs1(packFields({ gtin: pack.gtin, expiry: '351231', batch: 'CDC28', serial: `CDC${id}` }))
  await checkedOnePackRequest(as, id, code, pack.packSize)
}

test("a Schedule 2 drug collected by a healthcare professional: refused in words without their address, handed over with it, and the CD register's entry names it", async ({
  page
}) => {
  test.setTimeout(120_000)
  const id = 'fr_DSP_CD_HCP'
  const nurse = { name: 'Nurse J Okafor', address: 'District Nursing Team, 3 Vicar Lane, Leeds LS1 7JH' }
  await checkedScheduleTwoRequest(id)
  await signInAsChecker(page)
  const request = await openRequest(page, id)
  expect(await request.pack(1)).toContain('collection')

  await request.run('Hand over (collection)', 'o')
  const dialog = request.dialog('Hand over (collection)')
  await expect(dialog.getByLabel('Collected by')).toBeFocused()
  await dialog.getByLabel('Collected by').fill(nurse.name)
  await dialog.getByLabel('Who they are').selectOption('healthcare_professional')
  await dialog.getByLabel('ID asked for').check()
  await dialog.getByLabel('ID seen').check()
  await dialog.getByLabel('Collected by').press('Enter')
  await expect(dialog.getByRole('alert')).toContainText('with their name and address')
  await request.expectStage('Packed')

  await dialog.getByLabel(/Their \(work\) address/).fill(nurse.address)
  await dialog.getByLabel('Collected by').press('Enter')
  await request.expectStage('Delivered')

  const sections = await as.checker<Array<{ id: number; drug: string }>>('registers.cd.sections', {})
  const section = sections.find((s) => s.drug === 'Morphine sulfate 10mg modified-release tablets')
  const registers = new RegistersPage(page)
  await registers.open()
  const cd = await registers.tab('2', 'CD register')
  await cd.getByLabel('Section').selectOption(String(section!.id))
  const entry = cd.locator('tbody tr', { hasText: id })
  await expect(entry).toHaveCount(1)
  await expect(entry).toContainText(`${nurse.name}`)
  await expect(entry).toContainText(nurse.address)
})

test('cancelled at Phensys between packing and dispatch: the dispatch made offline is refused (409) and shown in F9 with both sides', async ({
  page
}) => {
  test.setTimeout(180_000)
  const id = 'fr_DSP_CANCEL'
  await checkedRequest(id, 'royal_mail_tracked_48')
  await signInAsChecker(page)
  const request = await openRequest(page, id)
  await request.pack(1)
  await expect.poll(async () => (await sandboxEvents(id)).map((e) => e.type), { timeout: 60_000 }).toContain('packed')
  // Phensys cannot be reached while the parcel is handed to Royal Mail…
  await phensys('PUT', '/sandbox/faults', { errorRate: 1 })
  try {
    await request.dispatchWith([freshTrackingNumber('Royal Mail')])
    // …and meanwhile the patient cancels.
    await phensys('POST', `/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
  } finally {
    await phensys('PUT', '/sandbox/faults', {})
  }

  await page.keyboard.press('F9')
  const problem = page.locator('.problem').filter({ hasText: id }).filter({ hasText: 'Dispatched' })
  await expect(problem).toBeVisible({ timeout: 90_000 })
  await expect(problem).toContainText('conflict')
  await expect(problem).toContainText('State Cancelled')
  expect((await sandboxEvents(id)).some((e) => e.type === 'dispatched')).toBe(false)
})

test('cancelled at Phensys once dispatched: the parcel back is recorded (N) and the request stays cancelled, its bag to quarantine, Phensys told nothing; the manifest says not to hand it over', async ({
  page
}) => {
  test.setTimeout(180_000)
  const id = 'fr_DSP_BACK'
  await checkedRequest(id, 'royal_mail_tracked_48')
  await signInAsChecker(page)
  const request = await openRequest(page, id)
  await request.pack(1)
  await expect.poll(async () => (await sandboxEvents(id)).map((e) => e.type), { timeout: 60_000 }).toContain('packed')
  // Handed to Royal Mail while Phensys cannot be reached, and meanwhile the patient cancels.
  await phensys('PUT', '/sandbox/faults', { errorRate: 1 })
  try {
    await request.dispatchWith([freshTrackingNumber('Royal Mail')])
    await phensys('POST', `/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
  } finally {
    await phensys('PUT', '/sandbox/faults', {})
  }
  await request.expectStage('Cancelled', 90_000)

  // The parcel is pulled before the collection (or comes back): N records it.
  await request.run('Returned to sender', 'n')
  const dialog = request.dialog('Returned to sender')
  await dialog.getByLabel(/What the carrier says/).fill('pulled before the collection')
  await page.keyboard.press('Enter')
  await expect(request.status(/Recorded as back\. Phensys cancelled the request and hears nothing more/)).toBeVisible()
  await request.expectStage('Cancelled')
  await expect(page.getByRole('alert', { name: 'Put away' })).toContainText(
    'Put in quarantine (labelled for this patient: never back on the shelf): '
  )
  // Nothing more is offered: no parcel is out.
  await expect(page.getByRole('region', { name: 'Actions' }).getByRole('button')).toHaveCount(0)
  expect((await sandboxEvents(id)).map((e) => e.type)).not.toContain('query.raised')

  await page.keyboard.press('F3')
  await expect(page.locator(`tr[data-request-id="${id}"]`)).toContainText(
    'Cancelled: back in the pharmacy, not to hand over'
  )
})

/** Two packs of sertraline, accuracy-checked over HTTP: the ids of the bag's packs. */
async function checkedTwoPackRequest(id: string): Promise<number[]> {
  const body = prescription(id, 'royal_mail_tracked_24')
  const rx = body.prescription as { items: Array<Record<string, unknown>> }
  body.prescription = { ...rx, items: [{ ...rx.items[0], quantity: 2 * packSize }] }
  await phensys('POST', '/sandbox/requests', body)
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('new')
  const codes = [1, 2].map((n) =>
    encodeGs1(packFields({ gtin, expiry: '351231', batch: 'DSP2', serial: `DSP${id}${n}` }))
  )
  for (const code of codes) await as.dispenser('stock.receiveScan', { raw: code, deliveryId: null })
  await as.dispenser('requests.accept', { id })
  await as.pharmacist('requests.clinicalCheck', { id, outcome: 'approved' })
  for (const code of codes) await as.dispenser('dispensing.scanPack', { id, lineId: 'l1', raw: code })
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('labelled')
  const view = await as.checker<DispensingView>('dispensing.view', { id })
  await as.checker('requests.accuracyCheck', { id, rescans: rescansWithLabels(view, codes) })
  return view.lines.flatMap((line) => line.packs.map((pack) => pack.id))
}

/**
 * Two packs sent a pack a parcel; parcel 1 back (a carrier's file), Phensys confirms the address,
 * and the pack back goes again alone while parcel 2 is still out; the checker has the request open.
 */
async function sentAgainWithParcelTwoOut(
  page: Page,
  id: string
): Promise<{ request: Awaited<ReturnType<typeof openRequest>>; tracking: string[] }> {
  const [first, second] = await checkedTwoPackRequest(id)
  const tracking = [freshTrackingNumber('Royal Mail'), freshTrackingNumber('Royal Mail')]
  await as.checker('requests.pack', { id, bagScan: requestLabelPayload(id), parcels: 2, contents: [[first], [second]] })
  await as.checker('requests.dispatch', { id, trackingNumbers: tracking })
  // Parcel 1 comes back; Phensys confirms the address; the pack back goes again alone.
  const csv = `Tracking number,Status,Date\r\n${tracking[0]},Returned to sender,${new Date().toISOString()}\r\n`
  await as.checker('dispatch.importOutcomes', { fileName: 'rm.csv', csv })
  await expect
    .poll(async () => (await sandboxEvents(id)).map((e) => e.type), { timeout: 60_000 })
    .toContain('query.raised')
  await phensys('POST', `/sandbox/requests/${id}/resolve-query`, {})
  await expect.poll(() => stageOf(id), { timeout: 60_000 }).toBe('accuracy_checked')
  await signInAsChecker(page)
  const request = await openRequest(page, id)
  await as.checker('requests.pack', { id, bagScan: requestLabelPayload(id), parcels: 1 })
  await as.checker('requests.dispatch', { id, trackingNumbers: [freshTrackingNumber('Royal Mail')] })
  await expect
    .poll(async () => (await sandboxEvents(id)).filter((e) => e.type === 'dispatched').length, { timeout: 60_000 })
    .toBe(2)
  await request.expectStage('Dispatched', 30_000)
  return { request, tracking }
}

/** What the carrier said, typed into the focused note, and Enter: parcel 2 of the earlier dispatch is recorded back. */
async function recordedBackWith(
  page: Page,
  request: Awaited<ReturnType<typeof openRequest>>,
  dialog: ReturnType<Page['locator']>,
  words: string
): Promise<void> {
  const note = dialog.getByLabel(/What the carrier says/)
  await expect(note).toBeFocused()
  await page.keyboard.type(words)
  await expect(note).toHaveValue(words)
  await page.keyboard.press('Enter')
  await expect(request.status(/Parcel 2 of 2 of the earlier dispatch on .*: recorded as back\./)).toBeVisible()
}

test('a parcel of an earlier dispatch back (N): chosen by its tracking number and dispatch date, recorded as a carrier line would be, the request left dispatched and Phensys told nothing more', async ({
  page
}) => {
  test.setTimeout(180_000)
  const id = 'fr_DSP_EARLIER'
  const { request, tracking } = await sentAgainWithParcelTwoOut(page, id)
  const eventsBefore = (await sandboxEvents(id)).length
  // N: the last dispatch, or parcel 2 of the first, still out, named by its date and tracking number.
  await request.run('Returned to sender', 'n')
  const dialog = request.dialog('Returned to sender')
  const which = dialog.getByLabel('Which parcel came back')
  await expect(which.locator('option')).toHaveText([
    /^The last dispatch on \d\d\/\d\d\/\d{4}, tracking TT/,
    `Parcel 2 of 2 of the earlier dispatch on ${londonDate(new Date()).split('-').reverse().join('/')}, tracking ${tracking[1]}`
  ])
  await page.keyboard.press('Shift+Tab')
  await expect(which).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Tab')
  await recordedBackWith(page, request, dialog, 'carrier brought it back')
  await request.expectStage('Dispatched')
  const shipment = await as.checker<{ parcelList: Array<{ trackingNumber: string; outcome: string | null }> }>(
    'dispatch.shipment',
    { id }
  )
  expect(shipment.parcelList.map((p) => p.outcome)).toEqual(['returned', 'returned', null])
  const flags = await as.pharmacist<Array<{ short: string; status: string }>>('requests.flags', { id })
  expect(flags.filter((f) => f.short === 'patient short').map((f) => f.status)).toEqual(['open'])
  // Nothing is left to record of the earlier dispatch: N is the table's step again, the last dispatch's alone.
  await request.run('Returned to sender', 'n')
  await expect(request.dialog('Returned to sender').getByLabel('Which parcel came back')).toHaveCount(0)
  await page.keyboard.press('Escape')
  expect((await sandboxEvents(id)).length).toBe(eventsBefore)
})

test('delivered, with a parcel of an earlier dispatch still out: N offers that parcel alone, and records it back; the request stays delivered and Phensys is told nothing more', async ({
  page
}) => {
  test.setTimeout(180_000)
  const id = 'fr_DSP_ERL_DLV'
  const { request, tracking } = await sentAgainWithParcelTwoOut(page, id)
  await as.checker('requests.markDelivered', { id, lastDispatch: true })
  await request.expectStage('Delivered', 30_000)
  const eventsBefore = (await sandboxEvents(id)).length
  await request.run('Parcel of an earlier dispatch back', 'n')
  const dialog = request.dialog('Parcel of an earlier dispatch back')
  await expect(dialog.getByLabel('Which parcel').locator('option')).toHaveText([
    new RegExp(`^Parcel 2 of 2 of the earlier dispatch on \\d\\d/\\d\\d/\\d{4}, tracking ${tracking[1]}$`)
  ])
  await recordedBackWith(page, request, dialog, 'returned to the counter')
  await request.expectStage('Delivered')
  // Nothing more is out: the step is no longer offered.
  await expect(
    page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: /earlier dispatch/ })
  ).toHaveCount(0)
  const flags = await as.pharmacist<Array<{ short: string; status: string }>>('requests.flags', { id })
  expect(flags.filter((f) => f.short === 'patient short').map((f) => f.status)).toEqual(['open'])
  expect((await sandboxEvents(id)).length).toBe(eventsBefore)
})
