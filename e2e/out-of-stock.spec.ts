import { readFileSync } from 'node:fs'
import { test, expect, startBrowserMode, startSandboxProcess } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { wholesalersFileSchema } from '../src/shared/stock/wholesaler'
import { startFakePrinter } from './support/fake-printer'
import type { DispensingView } from '../src/shared/contract/dispensing-views'
import { rescansWithLabels } from '../test/helpers/rescans'
import { wedgeScan } from './support/wedge'
import { openRequest, signOutAndIn } from './support/counter'
import { ensureResponsiblePharmacist, openContractSession, type ContractCall } from './support/contract'
import { requestBody } from '../test/helpers/request-body'
import { LIVE_STAFF } from './support/live-staff'
import { resourcePath } from '../src/main/resources'

/** One line of sertraline 28 tablets, prescribed today. */
function todaysRequest(id: string): Record<string, unknown> {
  const base = requestBody(id)
  return {
    ...base,
    prescription: { ...(base.prescription as object), issuedAt: new Date().toISOString().slice(0, 10) }
  }
}

const TOKEN = 'e2e-phensys-token'
const REQUEST_ID = 'fr_OOSWAIT1'
const STAFF = LIVE_STAFF

type Call = ContractCall

/** Browser mode's documented HTTP protocol (README): one session per person, signed in as `signIn` does. */
function protocol(openUrl: string): { session(signIn: (call: Call) => Promise<void>): Promise<Call> } {
  return {
    async session(signIn) {
      const call = await openContractSession(openUrl)
      await signIn(call)
      return call
    }
  }
}

/** Plays Phensys and the patient through the sandbox's control calls. */
function phensysControl(base: string): {
  post(path: string, body: object): Promise<Response>
  get<T>(path: string): Promise<T>
} {
  const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }
  return {
    post: (path, body) => fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
    async get<T>(path: string): Promise<T> {
      const response = await fetch(`${base}${path}`, { headers })
      expect(response.status, `GET ${path}`).toBe(200)
      return (await response.json()) as T
    }
  }
}

interface OrderLine {
  amppId: string
  suppliedAmppId: string | null
  packsPlaced: number
  status: string
}
interface Order {
  requestId: string | null
  wholesalerName: string
  lines: OrderLine[]
}
interface SandboxEvent {
  type: string
  stateAfter: string
}

test('out of stock → the patient waits → goods-in → dispatched: ordered from the wholesaler, resumed by the delivery by itself, Phensys records dispatched', async ({
  page
}) => {
  test.setTimeout(240_000)
  const sandbox = await startSandboxProcess(TOKEN)
  const phensys = phensysControl(sandbox.url)
  const counter = await startBrowserMode({ url: sandbox.url, token: TOKEN })
  const printer = await startFakePrinter()
  try {
    // A live workstation's setup by its administrator: staff, a wholesaler, the label printer and the scanner's pauses.
    const http = protocol(counter.app.openUrl)
    const admin = await http.session(async (call) => {
      await call('auth.createFirstAdmin', { username: 'owner', displayName: 'Olu Owner', secret: '864209' })
    })
    for (const person of Object.values(STAFF)) await admin('users.create', person)
    const sample = wholesalersFileSchema.parse(JSON.parse(readFileSync(resourcePath('wholesalers.json'), 'utf8')))
    await admin('stock.saveWholesaler', { wholesaler: sample.wholesalers.find((w) => w.id === 'aah'), active: true })
    const { settings } = await admin<{ settings: { wedge: object } }>('devices.status', {})
    // Playwright's keys are not a scanner's: allow pauses up to 100 ms within a scan (as wedge.ts explains).
    await admin('devices.setSettings', {
      ...settings,
      wedge: { ...settings.wedge, maxGapMs: 100 },
      labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: printer.port }
    })
    // To look, never to act.
    const look = await http.session(async (call) => {
      await call('auth.signIn', { username: STAFF.pharmacist.username, secret: STAFF.pharmacist.secret })
    })

    // Phensys sends the request: one line of a product this workstation has none of.
    const created = await phensys.post('/sandbox/requests', todaysRequest(REQUEST_ID))
    expect(created.status).toBe(201)

    await page.goto(counter.app.openUrl)
    await new SignInPage(page).signInAs(STAFF.dispenser.username, STAFF.dispenser.secret)
    await new WorklistPage(page).expectLoaded()
    await expect(page.getByTestId('sync-connection')).toHaveText('Connected')

    // Accepted and checked: nothing on the shelf, so it is ordered and Phensys asks the patient.
    const request = await openRequest(page, REQUEST_ID)
    await request.run('Accept', 'a')
    await request.expectStage('Awaiting patient decision')
    await expect
      .poll(async () => (await phensys.get<{ state: string }>(`/v1/provider/requests/${REQUEST_ID}`)).state, {
        timeout: 30_000
      })
      .toBe('awaiting_patient_decision')
    const orders = (await look<Order[]>('stock.orders', { openOnly: true })).filter(
      (order) => order.requestId === REQUEST_ID
    )
    expect(orders).toHaveLength(1)
    const ordered = orders[0]!.lines.filter((line) => line.packsPlaced > 0)
    expect(ordered.length).toBeGreaterThan(0)

    // The patient chooses to wait.
    const decided = await phensys.post(`/sandbox/requests/${REQUEST_ID}/decision`, { choice: 'wait' })
    expect(decided.status).toBe(200)
    await request.expectStage('Awaiting stock', 30_000)

    // The delivery: every ordered pack booked in at goods-in (Stock F6, 2) by a wedge scan.
    const codes: string[] = []
    for (const line of ordered) {
      const amppId = line.suppliedAmppId ?? line.amppId
      const pack = await look<{ gtins: Array<{ gtin: string; historic: boolean }> }>('stock.pack', { amppId })
      const gtin = (pack.gtins.find((candidate) => !candidate.historic) ?? pack.gtins[0])!.gtin
      for (let n = 0; n < line.packsPlaced; n++)
        codes.push(encodeGs1(packFields({ gtin, expiry: '351231', batch: 'OOS1', serial: `OOS${Date.now()}${n}` })))
    }
    await page.keyboard.press('F6')
    await expect(page.getByLabel('Search stock')).toBeFocused()
    await page.keyboard.press('Escape')
    await page.keyboard.press('2')
    await expect(page.getByLabel(/Scan a pack/)).toBeFocused()
    const last = page.locator('.last-scan')
    for (const code of codes) {
      await wedgeScan(page, code)
      await expect(last).toContainText('✓ Booked: ')
      await expect(last).toContainText('Batch OOS1 · expiry 31/12/2035')
    }

    // Resumed by itself: ready to dispense, and Phensys heard stock.available.
    await page.getByRole('button', { name: '← Worklist (Esc)' }).click()
    await new WorklistPage(page).expectLoaded()
    await openRequest(page, REQUEST_ID)
    await request.expectStage('Ready to dispense', 30_000)
    await expect
      .poll(
        async () =>
          (await phensys.get<{ events: SandboxEvent[] }>(`/sandbox/requests/${REQUEST_ID}/events`)).events.map(
            (event) => event.type
          ),
        { timeout: 30_000 }
      )
      .toContain('stock.available')

    // While it waited, the pharmacist's clinical check; then dispensed from the packs that came
    // in, each scanned as it is picked (the first starts dispensing).
    await signOutAndIn(page, STAFF.pharmacist.username, STAFF.pharmacist.secret)
    await openRequest(page, REQUEST_ID)
    await request.clinicalCheck()
    await signOutAndIn(page, STAFF.dispenser.username, STAFF.dispenser.secret)
    await openRequest(page, REQUEST_ID)
    await expect(request.dispensing()).toBeVisible()
    for (const [index, code] of codes.entries()) {
      await wedgeScan(page, code)
      await expect(request.line('l1').locator('ul.packs li')).toHaveCount(index + 1)
    }
    await expect(request.dispensing()).toContainText('every line complete')

    // The last pack matched printed the labels.
    await request.expectStage('Labelled', 30_000)
    expect(printer.jobs.length).toBeGreaterThan(0)

    // An accuracy checker who assembled none of it re-scans every labelled pack, packs and dispatches.
    await signOutAndIn(page, STAFF.checker.username, STAFF.checker.secret)
    await openRequest(page, REQUEST_ID)
    // Each pack, then the dispensing label on it.
    await request.accuracyCheckWith(
      rescansWithLabels(await look<DispensingView>('dispensing.view', { id: REQUEST_ID }), codes)
    )

    await ensureResponsiblePharmacist(counter.app.openUrl, STAFF.pharmacist.username, STAFF.pharmacist.secret)
    expect(await request.packAndSend()).toBe('dispatched')

    // Phensys: ordered, the patient waited, stock came, … dispatched.
    await expect
      .poll(async () => (await phensys.get<{ state: string }>(`/v1/provider/requests/${REQUEST_ID}`)).state, {
        timeout: 60_000
      })
      .toBe('dispatched')
    const { events } = await phensys.get<{ events: SandboxEvent[] }>(`/sandbox/requests/${REQUEST_ID}/events`)
    const types = events.map((event) => event.type)
    expect(types.indexOf('stock.ordered')).toBeGreaterThanOrEqual(0)
    expect(types.indexOf('stock.available')).toBeGreaterThan(types.indexOf('stock.ordered'))
    expect(types.at(-1)).toBe('dispatched')
    expect(events.at(-1)!.stateAfter).toBe('dispatched')
    const fromAvailable = types.slice(types.indexOf('stock.available'))
    expect(fromAvailable[0]).toBe('stock.available')
    expect(fromAvailable.at(-1)).toBe('dispatched')
    await expect(request.phensysState()).toContainText('Dispatched', { timeout: 30_000 })
  } finally {
    await printer.close()
    await counter.stop()
    await sandbox.stop()
  }
})
