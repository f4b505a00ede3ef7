import { test, expect, type Page } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { DevicesPage } from './pages/devices-page'
import type { RequestPage } from './pages/request-page'
import { encodeGs1, GS, packFields } from '../src/shared/gs1'
import { bagLabelPayload, requestLabelPayload } from '../src/shared/scan/own-labels'
import { formatDate } from '../src/shared/time/london'
import { requestBody } from '../test/helpers/request-body'
import { openRequest } from './support/counter'
import { contractSession, stockedPack } from './support/contract'
import { LIVE_STAFF } from './support/live-staff'
import { checkedOnePackRequest } from './support/schedule-two'
import { staffedCounter, type StaffedCounter } from './support/staffed-counter'
import { freshTrackingNumber } from './support/tracking'
import { wedgeScan } from './support/wedge'

/**
 * Parcels and labels by hand, on the screen of a live workstation linked to the sandbox (as a
 * separate process): a parcel of an earlier dispatch delivered after all (V, the dispatch named),
 * while the request is packed again and while it is dispatched again; this pharmacy's own labels
 * scanned at goods-in (said whose, nothing booked); and a request cancelled at Phensys once its
 * bag label printed (the stopped banner, and the print queue's "Void … take it off the bag").
 * Everything before is set up over browser mode's HTTP protocol by the people who would do it.
 */

const TOKEN = 'e2e-parcels-by-hand-token'
const SERTRALINE = '39732311000001104'
const STAFF = LIVE_STAFF

let world: StaffedCounter
let gtin = ''
let packSize = 0
let serial = 0

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  world = await staffedCounter(TOKEN)
  const admin = await contractSession(world.counter.app.openUrl, 'owner', '864209')
  const { settings } = await admin<{ settings: { wedge: object } }>('devices.status', {})
  // Playwright's keys are not a scanner's: allow pauses up to 100 ms within a scan (wedge.ts says why).
  await admin('devices.setSettings', { ...settings, wedge: { ...settings.wedge, maxGapMs: 100 } })
  ;({ gtin, packSize } = await stockedPack(world.as.dispenser, SERTRALINE))
})

test.afterAll(async () => {
  await world?.printer.close()
  await world?.counter.stop()
  await world?.sandbox.stop()
})

async function phensys<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
  const response = await fetch(`${world.sandbox.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {})
  })
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true)
  return (await response.json()) as T
}

async function stageOf(id: string): Promise<string | null> {
  try {
    return (await world.as.checker<{ row: { stage: string } }>('requests.get', { id })).row.stage
  } catch {
    return null
  }
}

/** A pack of sertraline no other scan has used. */
function freshPack(): string {
  serial += 1
  return encodeGs1(packFields({ gtin, expiry: '351231', batch: 'HND1', serial: `HND${Date.now()}${serial}` }))
}

/** Today's prescription for one pack of sertraline by Royal Mail, from Phensys to the counter's worklist. */
async function newRequest(id: string): Promise<void> {
  const base = requestBody(id)
  await phensys('POST', '/sandbox/requests', {
    ...base,
    prescription: { ...(base.prescription as object), issuedAt: new Date().toISOString().slice(0, 10) }
  })
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('new')
}

/** A new request dispensed, labelled and accuracy-checked over HTTP. */
async function checkedRequest(id: string): Promise<void> {
  await newRequest(id)
  await checkedOnePackRequest(world.as, id, freshPack(), packSize)
}

async function packed(id: string, parcels: number): Promise<void> {
  await world.as.checker('requests.pack', { id, bagScan: requestLabelPayload(id), parcels })
}

/**
 * Dispatched in `parcels` parcels (packing not saying which pack went in which), parcel 1 back on
 * the carrier's file, the address answered at Phensys, and packed again: the others of that first
 * dispatch are still out, parcels of an earlier dispatch now. Answers their tracking numbers.
 */
async function packedAgainWithAnEarlierParcelOut(id: string, parcels = 2): Promise<string[]> {
  await checkedRequest(id)
  const [first, ...out] = Array.from({ length: parcels }, () => freshTrackingNumber('Royal Mail'))
  await packed(id, parcels)
  await world.as.checker('requests.dispatch', { id, trackingNumbers: [first, ...out] })
  // A carrier's date has whole seconds: the return is dated after the second of the dispatch.
  await new Promise((resolve) => setTimeout(resolve, 1_100))
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
  await world.as.checker('dispatch.importOutcomes', {
    fileName: `rm ${id}.csv`,
    csv: `tracking,status,date\n${first},Returned to sender,${date}\n`
  })
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('returned_to_sender')
  // Phensys has the address query, then answers it: the checked bag goes again.
  await expect
    .poll(async () => (await phensys<{ state: string }>('GET', `/v1/provider/requests/${id}`)).state, {
      timeout: 30_000
    })
    .toBe('query_open')
  await phensys('POST', `/sandbox/requests/${id}/resolve-query`, {})
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('accuracy_checked')
  await packed(id, 1)
  return out
}

async function signInAs(page: Page, person: keyof typeof STAFF): Promise<void> {
  await page.goto(world.counter.app.openUrl)
  await new SignInPage(page).signInAs(STAFF[person].username, STAFF[person].secret)
  // The worklist's search (its open list may be empty: a test run alone has no other request open).
  await expect(page.getByLabel('Search requests')).toBeVisible()
}

function button(page: Page, name: string) {
  return page.getByRole('region', { name: 'Actions' }).getByRole('button', { name, exact: true })
}

const today = (): string => formatDate(new Date().toISOString())

test('a parcel of an earlier dispatch delivered after all, by hand: V opens the dialog naming that dispatch, Enter records it, and the screen says so in words; the stage stays', async ({
  page
}) => {
  test.setTimeout(90_000)
  const id = 'fr_HAND_V_PACKED'
  const [second] = await packedAgainWithAnEarlierParcelOut(id)
  await signInAs(page, 'checker')
  const request = await openRequest(page, id)
  await request.expectStage('Packed')

  await request.run('Parcel of an earlier dispatch delivered', 'v')
  const dialog = request.dialog('Parcel of an earlier dispatch delivered')
  await expect(dialog).toBeVisible()
  const named = `Parcel 2 of 2 of the earlier dispatch on ${today()}, tracking ${second}`
  await expect(dialog.getByLabel('Which parcel')).toHaveText(named)
  // Keyboard first: the note has the focus, Enter records. (Filled, not typed: Playwright's typing is
  // as fast as a scanner's burst, and the wedge would take it for one.)
  const note = dialog.getByLabel(/What the carrier says/)
  await expect(note).toBeFocused()
  await note.fill('phoned: left with a neighbour')
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)

  await expect(request.status(`${named}: recorded as delivered.`)).toBeVisible()
  await expect(request.status(/Phensys hears nothing\.$/)).toBeVisible()
  await request.expectStage('Packed')
  // Nothing earlier is out now: V is no longer offered for it.
  await expect(button(page, 'Parcel of an earlier dispatch delivered V')).toHaveCount(0)
  // Packing did not say what was in each parcel: the whole bag went again, and a pharmacist is told.
  await expect(page.getByText(/the patient may now have been sent the same packs twice/)).toBeVisible()
  const { parcelList } = await world.as.checker<{
    parcelList: Array<{ trackingNumber: string | null; outcome: string | null }>
  }>('dispatch.shipment', { id })
  expect(parcelList.find((parcel) => parcel.trackingNumber === second)?.outcome).toBe('delivered')
})

test('dispatched again with a parcel of an earlier dispatch still out: V asks which was delivered, the earlier parcel is chosen by keyboard and recorded, the stage stays; V again marks the request delivered', async ({
  page
}) => {
  test.setTimeout(90_000)
  const id = 'fr_HAND_V_DISPATCHED'
  // Three parcels: the first back, the second and third still out when the bag goes again.
  const [second, third] = await packedAgainWithAnEarlierParcelOut(id, 3)
  const again = freshTrackingNumber('Royal Mail')
  await world.as.checker('requests.dispatch', { id, trackingNumbers: [again] })
  await signInAs(page, 'checker')
  // The list of parcels answers slowly: V pressed before it has arrived waits for it and asks,
  // never marking the request delivered by default.
  await page.route('**/api/call/dispatch.shipment', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    await route.continue()
  })
  const request = await openRequest(page, id)
  await request.expectStage('Dispatched')

  await request.run('Mark delivered', 'v')
  const dialog = request.dialog('Mark delivered')
  await expect(dialog).toBeVisible()
  await page.unroute('**/api/call/dispatch.shipment')
  await request.expectStage('Dispatched')
  const which = dialog.getByLabel('Which parcel was delivered')
  await expect(which).toBeFocused()
  const earlier = (n: number, tracking: string) =>
    `Parcel ${n} of 3 of the earlier dispatch on ${today()}, tracking ${tracking}`
  const last = `The last dispatch on ${today()}, tracking ${again}: the request delivered`
  await expect(which.getByRole('option')).toHaveText([last, earlier(2, second!), earlier(3, third!)])
  // The earlier parcel 2 chosen by keyboard, what the carrier said, Enter.
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Tab')
  const note = dialog.getByLabel(/What the carrier says/)
  await expect(note).toBeFocused()
  await note.fill('phoned: left in the porch')
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(request.status(`${earlier(2, second!)}: recorded as delivered.`)).toBeVisible()
  await request.expectStage('Dispatched')

  // V again: parcel 3 is still out, so it asks again; Enter takes the last dispatch, the table's step.
  await request.run('Mark delivered', 'v')
  await expect(which).toBeFocused()
  await expect(which.getByRole('option')).toHaveText([last, earlier(3, third!)])
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await request.expectStage('Delivered')
  await expect(request.status('Marked delivered.')).toBeVisible()
  const { parcelList } = await world.as.checker<{
    parcelList: Array<{ trackingNumber: string | null; outcome: string | null }>
  }>('dispatch.shipment', { id })
  expect(parcelList.map((parcel) => [parcel.trackingNumber, parcel.outcome])).toEqual([
    [expect.any(String), 'returned'],
    [second, 'delivered'],
    [third, null],
    [again, 'delivered']
  ])
})

test("this pharmacy's own labels scanned at goods-in: a bag label and a request's label are said to be that request's, one not known here says what was read; nothing is booked", async ({
  page
}) => {
  test.setTimeout(90_000)
  const id = 'fr_HAND_GOODS_IN'
  await newRequest(id)
  await signInAs(page, 'dispenser')
  await page.keyboard.press('F6')
  await expect(page.getByLabel('Search stock')).toBeFocused()
  await page.keyboard.press('Escape')
  await page.keyboard.press('2')
  await expect(page.getByLabel(/Scan a pack/)).toBeFocused()
  // A wholesaler's pack first (no order expects it: booked, flagged as an over-delivery): one line.
  // Typed into the field as goods-in allows (␝ as <GS>): a burst's separators are the wedge tests' to prove.
  const field = page.getByLabel(/Scan a pack/)
  await field.fill(freshPack().replaceAll(GS, '<GS>'))
  await field.press('Enter')
  await expect(page.locator('.last-scan')).toContainText('Booked, flagged: Sertraline 50mg tablets')
  const heading = page.getByRole('heading', { name: /^Delivery \d+, started / })
  await expect(heading).toContainText(': 1 booked in, 1 flagged')
  const lines = page.locator('table.receipts tbody tr')
  await expect(lines).toHaveCount(1)
  const said = page.getByRole('alert')

  // The bag label of a parcel back, scanned where packs are booked in.
  await wedgeScan(page, bagLabelPayload(id, 1))
  await expect(said).toHaveText(
    `That is the bag label of request ${id} (parcel 1), not a pack from a wholesaler: nothing is booked in. Open the request to record what became of its parcel.`
  )
  await expect(lines).toHaveCount(1)
  await expect(heading).toContainText(': 1 booked in, 1 flagged')

  // One no request here carries: what was read is said.
  const elsewhere = bagLabelPayload('fr_ANOTHER_PHARMACY', 2)
  await wedgeScan(page, elsewhere)
  await expect(said).toHaveText(
    `That is a bag label, not a pack, and it is not known here: no request on this workstation carries it (read: ${elsewhere}); it may be from another pharmacy. Nothing is booked in.`
  )
  await expect(lines).toHaveCount(1)

  // The request's own label, typed into the field as read (a scan of it opens its request).
  await field.fill(requestLabelPayload(id))
  await field.press('Enter')
  await expect(said).toHaveText(`That is a label of request ${id}, not a pack from a wholesaler: nothing is booked in.`)
  await expect(lines).toHaveCount(1)
  await expect(heading).toContainText(': 1 booked in, 1 flagged')
})

test('cancelled at Phensys once its bag label printed: the stopped banner says so in words, and the print queue says the bag label is void, to take it off the bag', async ({
  page
}) => {
  test.setTimeout(90_000)
  const id = 'fr_HAND_VOID'
  await checkedRequest(id)
  await packed(id, 1)
  const jobs = async () =>
    (
      await world.as.checker<Array<{ id: number; kind: string; requestId: string | null; state: string }>>(
        'print.jobs',
        { requestId: id }
      )
    ).filter((job) => job.requestId === id && job.kind === 'bag')
  await expect.poll(async () => (await jobs()).map((job) => job.state), { timeout: 30_000 }).toEqual(['delivered'])
  const [bag] = await jobs()

  // The pharmacist: the print queue (F8) is a pharmacist's or an administrator's.
  await signInAs(page, 'pharmacist')
  const request: RequestPage = await openRequest(page, id)
  await request.expectStage('Packed')
  await phensys('POST', `/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
  await request.expectStage('Cancelled', 30_000)
  await expect(
    page.getByRole('alert').filter({ hasText: 'Cancelled at Phensys: stop work on this request.' })
  ).toContainText('bag labels already printed are void (the print queue says so)')

  await page.keyboard.press('Escape')
  const devices = new DevicesPage(page)
  await devices.openWithF8()
  await expect(devices.jobState(bag!.id)).toContainText(
    'Void: request cancelled at Phensys. Do not use this bag label: take it off the bag.'
  )
})
