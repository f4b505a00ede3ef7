import { test, expect, startBrowserMode, startSandboxProcess } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { openRequest } from './support/counter'
import { openContractSession, type ContractCall, stockedPack } from './support/contract'
import { wedgeScan } from './support/wedge'
import { requestBody } from '../test/helpers/request-body'
import { LIVE_STAFF } from './support/live-staff'

/**
 * A dispenser who scans a pack the moment the request opens, before its lines have arrived on the
 * screen: the scan waits for them and goes to the line, as it would a second later, rather than
 * falling through to the scan list as if it were for no request. The lines are made to arrive late.
 */

const TOKEN = 'e2e-scan-while-loading'
const SERTRALINE = '39732311000001104'
const ID = 'fr_SCAN_EARLY'

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>
let counter: Awaited<ReturnType<typeof startBrowserMode>>
let dispenser: ContractCall
let codes: string[] = []

async function stageOf(id: string): Promise<string | null> {
  try {
    return (await dispenser<{ row: { stage: string } }>('requests.get', { id })).row.stage
  } catch {
    return null
  }
}

test.beforeAll(async () => {
  sandbox = await startSandboxProcess(TOKEN)
  counter = await startBrowserMode({ url: sandbox.url, token: TOKEN })
  const admin = await openContractSession(counter.app.openUrl)
  await admin('auth.createFirstAdmin', { username: 'owner', displayName: 'Olu Owner', secret: '864209' })
  for (const person of Object.values(LIVE_STAFF)) await admin('users.create', person)
  // Playwright's keys are not a scanner's: allow pauses up to 100 ms within a scan (wedge.ts says why).
  const { settings } = await admin<{ settings: { wedge: object } }>('devices.status', {})
  await admin('devices.setSettings', { ...settings, wedge: { ...settings.wedge, maxGapMs: 100 } })
  dispenser = await openContractSession(counter.app.openUrl)
  await dispenser('auth.signIn', { username: LIVE_STAFF.dispenser.username, secret: LIVE_STAFF.dispenser.secret })

  // Two packs in stock for a prescription of two packs' worth: one scan leaves it dispensing.
  const stocked = await stockedPack(dispenser, SERTRALINE)
  codes = ['EARLY1', 'EARLY2'].map((serial) =>
    encodeGs1(packFields({ gtin: stocked.gtin, expiry: '351231', batch: 'EARLY', serial }))
  )
  for (const raw of codes) await dispenser('stock.receiveScan', { raw, deliveryId: null })
  const base = requestBody(ID)
  const prescription = base.prescription as { items: Array<Record<string, unknown>> }
  await fetch(`${sandbox.url}/sandbox/requests`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      ...base,
      prescription: {
        ...prescription,
        issuedAt: new Date().toISOString().slice(0, 10),
        items: [{ ...prescription.items[0], quantity: 2 * stocked.packSize }]
      }
    })
  })
  await expect.poll(() => stageOf(ID), { timeout: 30_000 }).toBe('new')
  await dispenser('requests.accept', { id: ID })
  const pharmacist = await openContractSession(counter.app.openUrl)
  await pharmacist('auth.signIn', { username: LIVE_STAFF.pharmacist.username, secret: LIVE_STAFF.pharmacist.secret })
  await pharmacist('requests.clinicalCheck', { id: ID, outcome: 'approved' })
})

test.afterAll(async () => {
  await counter?.stop()
  await sandbox?.stop()
})

test('a pack scanned before the request’s lines have arrived goes to its line once they do', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(LIVE_STAFF.dispenser.username, LIVE_STAFF.dispenser.secret)
  await new WorklistPage(page).expectLoaded()
  // The request's lines answer two seconds late, so the scan below comes while they load.
  await page.route('**/api/call/dispensing.view', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    await route.continue()
  })
  const request = await openRequest(page, ID)
  await expect(page.getByText('Loading packs…')).toBeVisible()
  await wedgeScan(page, codes[0]!)
  await request.expectStage('Dispensing', 30_000)
  await expect(request.dispensing()).toContainText('Sertraline')
  expect(await stageOf(ID)).toBe('dispensing')
})
