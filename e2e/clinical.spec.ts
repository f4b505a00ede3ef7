import { test, expect, startBrowserMode, startSandboxProcess } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { requestLabelPayload } from '../src/shared/scan/own-labels'
import type { FakePrinter } from './support/fake-printer'
import { freshTrackingNumber } from './support/tracking'
import { openRequest } from './support/counter'
import { type ContractCall, stockedPack } from './support/contract'
import { requestBody } from '../test/helpers/request-body'
import { LIVE_STAFF } from './support/live-staff'
import { staffedCounter } from './support/staffed-counter'
import type { DispensingView } from '../src/shared/contract/dispensing-views'
import { rescansWithLabels } from '../test/helpers/rescans'

/**
 * The clinical check with the patient in view, on a live workstation linked to the sandbox: an
 * earlier supply to the patient is set up over browser mode's HTTP protocol (README) by the people
 * who would make it; the pharmacist then works on the screen, by keyboard.
 */

const TOKEN = 'e2e-clinical-token'
const SERTRALINE = '39732311000001104'
const STAFF = LIVE_STAFF
const PATIENT = {
  id: 'pt_E2E_CLINICAL',
  name: { title: 'Mr', given: 'Tomás', family: 'Ó Briain' },
  dateOfBirth: '1979-06-15',
  phone: null,
  email: null
}

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>
let counter: Awaited<ReturnType<typeof startBrowserMode>>
let printer: FakePrinter
const as: Record<keyof typeof STAFF, ContractCall> = {} as never
let gtin = ''
const tracking = freshTrackingNumber('Royal Mail')

async function phensys(path: string, body: object): Promise<void> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  })
  expect(response.ok, `POST ${path}: ${response.status}`).toBe(true)
}

/** Today's prescription of one pack of sertraline for the patient. */
function prescription(id: string): Record<string, unknown> {
  const base = requestBody(id)
  return {
    ...base,
    patient: PATIENT,
    prescription: { ...(base.prescription as object), issuedAt: new Date().toISOString().slice(0, 10) }
  }
}

async function stageOf(id: string): Promise<string | null> {
  try {
    return (await as.checker<{ row: { stage: string } }>('requests.get', { id })).row.stage
  } catch {
    return null
  }
}

/** From Phensys to dispatched, by the people who would do each step, over HTTP. */
async function supplied(id: string): Promise<void> {
  await phensys('/sandbox/requests', prescription(id))
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('new')
  const code = encodeGs1(packFields({ gtin, expiry: '351231', batch: 'CLIN1', serial: `CLIN${id}` }))
  await as.dispenser('stock.receiveScan', { raw: code, deliveryId: null })
  // Accepting runs the stock check; after the clinical check, the pack scanned starts dispensing
  // and prints the labels.
  await as.dispenser('requests.accept', { id })
  await as.pharmacist('requests.clinicalCheck', { id, outcome: 'approved' })
  await as.dispenser('dispensing.scanPack', { id, lineId: 'l1', raw: code })
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('labelled')
  const view = await as.checker<DispensingView>('dispensing.view', { id })
  await as.checker('requests.accuracyCheck', { id, rescans: rescansWithLabels(view, [code]) })
  await as.checker('requests.pack', { id, bagScan: requestLabelPayload(id), parcels: 1 })
  await as.checker('requests.dispatch', { id, trackingNumbers: [tracking] })
}

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  const started = await staffedCounter(TOKEN)
  ;({ sandbox, counter, printer } = started)
  Object.assign(as, started.as)
  gtin = (await stockedPack(as.dispenser, SERTRALINE)).gtin
})

test.afterAll(async () => {
  await printer?.close()
  await counter?.stop()
  await sandbox?.stop()
})

test('a pharmacist opens the patient’s record from a request (M), sees the earlier supply, acknowledges the early-supply flag and approves with a note', async ({
  page
}) => {
  test.setTimeout(180_000)
  await supplied('fr_CLIN_FIRST')
  const id = 'fr_CLIN_SECOND'
  await phensys('/sandbox/requests', prescription(id))
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('new')
  await as.dispenser('requests.accept', { id })

  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(STAFF.pharmacist.username, STAFF.pharmacist.secret)
  const worklist = new WorklistPage(page)
  await worklist.expectLoaded()
  // The worklist says why the request needs the pharmacist (beside what the stock check, run at
  // accept, found: no sertraline left on the shelf).
  await expect(
    page.locator(`tr[data-request-id="${id}"] .flag.warning`).filter({ hasText: 'early or duplicate supply' })
  ).toBeVisible()
  const request = await openRequest(page, id)

  await page.keyboard.press('m')
  const record = page.getByRole('main', { name: 'Medication record of Mr Tomás Ó Briain' })
  await expect(record).toBeVisible()
  const supplies = record.getByRole('region', { name: /Supplies/ })
  await expect(supplies.getByRole('row', { name: /fr_CLIN_FIRST/ })).toContainText('Sertraline 50mg tablets')
  await expect(supplies.getByRole('row', { name: /fr_CLIN_FIRST/ })).toContainText('CLIN1')
  await expect(supplies.getByRole('row', { name: /fr_CLIN_FIRST/ })).toContainText('Dr A Khan')
  await expect(record.getByRole('region', { name: /Requests here/ })).toContainText('Dispatched')
  await page.keyboard.press('Escape')
  await request.expectOpen()

  const stage = (await request.stage().textContent()) ?? ''
  await request.run('Clinical check', 'c')
  const dialog = request.dialog('Clinical check')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('region', { name: 'Patient' })).toContainText('fr_CLIN_FIRST')
  const flag = dialog.locator('li.safety-flag.waiting')
  await expect(flag).toContainText('supplied today (fr_CLIN_FIRST)')
  // Approval waits for the acknowledgement.
  await dialog.getByRole('radio', { name: 'Approved with a note' }).check()
  await dialog.getByLabel('Intervention note (kept here)').fill('Second supply: the first was lost in the post')
  await dialog.getByRole('button', { name: /Record the check/ }).click()
  await expect(dialog.getByRole('alert')).toContainText('waits until')
  await flag.getByLabel('Why the supply may go on').fill('First parcel lost: replacement agreed')
  await flag.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(dialog.locator('li.safety-flag').first()).toContainText('Acknowledged by Phil Pharmacist')
  await dialog.getByRole('button', { name: /Record the check/ }).click()
  await expect(request.status('Clinical check recorded')).toBeVisible()
  await expect(page.locator('.clinical-standing')).toContainText('Approved with a note by Phil Pharmacist, ')
  await expect(page.locator('.clinical-standing')).toContainText('the first was lost in the post')
  await request.expectStage(stage)
})

test('a dispatched request is found by its tracking number, and opens', async ({ page }) => {
  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(STAFF.checker.username, STAFF.checker.secret)
  const worklist = new WorklistPage(page)
  await worklist.expectLoaded()
  await expect(page.locator('tr[data-request-id="fr_CLIN_FIRST"]')).toHaveCount(0)
  await page.keyboard.press('/')
  await page.keyboard.type(tracking.toLowerCase().replace(/(\d{4})/, '$1 '))
  const results = page.getByRole('table', { name: 'Search results' })
  await expect(results.getByRole('row', { name: /fr_CLIN_FIRST/ })).toContainText('Dispatched')
  await expect(results.getByRole('row', { name: /fr_CLIN_FIRST/ })).toContainText('tracking number')
  await page.keyboard.press('Escape')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('main', { name: 'Request fr_CLIN_FIRST' })).toBeVisible()
})

test('a request of sildenafil with isosorbide mononitrate shows the interaction in words in the clinical check, held until acknowledged', async ({
  page
}) => {
  test.setTimeout(120_000)
  const id = 'fr_CLIN_NITRATE'
  const base = requestBody(id)
  const line = (lineId: string, dmdCode: string, name: string, quantity: number, directions: string) => ({
    lineId,
    product: { dmdCode, name, strength: null, form: 'tablet', controlledDrugSchedule: null },
    quantity,
    unit: 'tablet',
    directions,
    cautionaryLabels: []
  })
  await phensys('/sandbox/requests', {
    ...base,
    prescription: {
      ...(base.prescription as object),
      issuedAt: new Date().toISOString().slice(0, 10),
      items: [
        // A cautionary label the pharmacy does not know: an intake flag, shown in the check as well.
        {
          ...line('l1', '39732711000001100', 'Sildenafil 50mg tablets', 4, 'Take ONE tablet one hour before sex'),
          cautionaryLabels: [99]
        },
        line('l2', '41000631000001104', 'Isosorbide mononitrate 20mg tablets', 56, 'Take ONE tablet twice a day')
      ]
    }
  })
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('new')
  await as.dispenser('requests.accept', { id })

  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(STAFF.pharmacist.username, STAFF.pharmacist.secret)
  await new WorklistPage(page).expectLoaded()
  await expect(
    page.locator(`tr[data-request-id="${id}"] .flag.warning`).filter({ hasText: 'interacting medicines' })
  ).toBeVisible()
  const request = await openRequest(page, id)
  await request.run('Clinical check', 'c')
  const dialog = request.dialog('Clinical check')
  const flag = dialog.locator('li.safety-flag.waiting')
  await expect(flag).toContainText('interacting medicines')
  await expect(flag).toContainText(
    'Do not supply together: Sildenafil 50mg tablets with Isosorbide mononitrate 20mg tablets, both on this request.'
  )
  // What Phensys sent that is still to settle is in view where the pharmacist decides, with what it holds back.
  await expect(dialog.getByRole('region', { name: 'Flags to settle' })).toContainText(
    'Cautionary label 99 on line l1 (Sildenafil 50mg tablets) is not one this pharmacy knows'
  )
  await expect(dialog.getByRole('region', { name: 'Flags to settle' })).toContainText('Holds back: Print labels')
  await dialog.getByRole('radio', { name: 'Approved', exact: true }).check()
  await dialog.getByRole('button', { name: /Record the check/ }).click()
  await expect(dialog.getByRole('alert')).toContainText('waits until')
  await flag.getByLabel('Why the supply may go on').fill('Prescriber confirms the nitrate was stopped; line queried')
  await flag.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(dialog.locator('li.safety-flag').first()).toContainText('Acknowledged by Phil Pharmacist')
  await dialog.getByRole('button', { name: /Record the check/ }).click()
  await expect(request.status('Clinical check recorded')).toBeVisible()
})
