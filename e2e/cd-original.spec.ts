import { test, expect, startBrowserMode, startSandboxProcess, type Page } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'
import { openRequest } from './support/counter'
import { openContractSession, type ContractCall, signedInSessions } from './support/contract'
import { requestBody } from '../test/helpers/request-body'
import { LIVE_STAFF } from './support/live-staff'

/**
 * Receiving the original of a Schedule 2 request on the screen: the dialog asks, by keyboard, for
 * the prescriber's 6-digit CD identification number and whether the total quantity is in words and
 * figures; the request screen then names the number. A request with no Schedule 2/3 item is not asked;
 * one Phensys sends as Schedule 5 that the catalogue has as Schedule 2 is (the stricter holds).
 */

const TOKEN = 'e2e-cd-original-token'
const MORPHINE = {
  dmdCode: '36128311000001109',
  name: 'Morphine sulfate 10mg modified-release tablets',
  strength: '10mg',
  form: 'modified-release tablet',
  controlledDrugSchedule: 2
}

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>
let counter: Awaited<ReturnType<typeof startBrowserMode>>
const as: Record<keyof typeof LIVE_STAFF, ContractCall> = {} as never

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  sandbox = await startSandboxProcess(TOKEN)
  counter = await startBrowserMode({ url: sandbox.url, token: TOKEN })
  const admin = await openContractSession(counter.app.openUrl)
  await admin('auth.createFirstAdmin', { username: 'owner', displayName: 'Olu Owner', secret: '864209' })
  for (const person of Object.values(LIVE_STAFF)) await admin('users.create', person)
  Object.assign(as, await signedInSessions(counter.app.openUrl, LIVE_STAFF))
})

test.afterAll(async () => {
  await counter?.stop()
  await sandbox?.stop()
})

/** A paper upload of one line, accepted and waiting for its original. */
async function awaitingOriginal(id: string, product?: object): Promise<void> {
  const base = requestBody(id)
  const rx = base.prescription as { items: Array<Record<string, unknown>> }
  const items = product ? [{ ...rx.items[0], product, quantity: 28 }] : rx.items
  const body = {
    ...base,
    route: 'upload',
    prescription: {
      ...rx,
      kind: 'private_paper',
      issuedAt: new Date().toISOString().slice(0, 10),
      hardCopy: { required: true, reason: 'paper_prescription' },
      items
    }
  }
  const response = await fetch(`${sandbox.url}/sandbox/requests`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  })
  expect(response.ok).toBe(true)
  await expect
    .poll(async () => {
      try {
        return (await as.pharmacist<{ row: { stage: string } }>('requests.get', { id })).row.stage
      } catch {
        return null
      }
    })
    .toBe('new')
  await as.pharmacist('requests.accept', { id })
}

async function signInAsPharmacist(page: Page): Promise<void> {
  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(LIVE_STAFF.pharmacist.username, LIVE_STAFF.pharmacist.secret)
  await new WorklistPage(page).expectLoaded()
}

test("a Schedule 2 original: the prescriber's CD number and the quantity in words and figures, by keyboard", async ({
  page
}) => {
  const id = 'fr_E2E_CDN'
  await awaitingOriginal(id, MORPHINE)
  await signInAsPharmacist(page)
  const request = await openRequest(page, id)
  await request.expectStage('Awaiting hard copy')

  await page.keyboard.press('h')
  const form = request.dialog('Receive hard copy')
  await expect(form.getByLabel('Form', { exact: true })).toBeFocused()
  await expect(form.getByLabel('Form', { exact: true })).toHaveValue('FP10PCD')
  await form.getByLabel('Serial number on the form').fill('FP10PCD 0012345')
  const cdNumber = form.getByLabel("Prescriber's CD identification number (6 digits)")
  await cdNumber.fill('61234')
  for (const box of await form.getByRole('checkbox').all()) await box.check()
  await form.getByLabel(/Quantity on the form/).fill('28')
  await cdNumber.press('Enter')
  await expect(form.getByRole('alert')).toContainText('6 digits')

  await cdNumber.fill('612345')
  await cdNumber.press('Enter')
  await expect(
    page.getByText(/Original received .*: FP10PCD FP10PCD 0012345, prescriber's CD number 612345/)
  ).toBeVisible()
  await expect(request.stage()).not.toHaveText('Awaiting hard copy')
})

test('morphine Phensys sends as Schedule 5 is Schedule 2 by the catalogue: the dialog asks', async ({ page }) => {
  const id = 'fr_E2E_CDN_S5'
  await awaitingOriginal(id, { ...MORPHINE, controlledDrugSchedule: 5 })
  await signInAsPharmacist(page)
  await openRequest(page, id)
  await page.keyboard.press('h')
  const form = page.getByRole('dialog', { name: 'Receive hard copy' })
  await expect(form.getByLabel('Form', { exact: true })).toHaveValue('FP10PCD')
  await expect(form.getByLabel("Prescriber's CD identification number (6 digits)")).toBeVisible()
  await expect(form.getByLabel(/in words and figures/)).toBeVisible()
})

test('a request with no Schedule 2/3 item is not asked for a CD number', async ({ page }) => {
  const id = 'fr_E2E_NOCD'
  await awaitingOriginal(id)
  await signInAsPharmacist(page)
  await openRequest(page, id)
  await page.keyboard.press('h')
  const form = page.getByRole('dialog', { name: 'Receive hard copy' })
  await expect(form.getByLabel('Form', { exact: true })).toBeFocused()
  await expect(form.getByLabel(/CD identification number/)).toHaveCount(0)
  await expect(form.getByLabel(/in words and figures/)).toHaveCount(0)
})
