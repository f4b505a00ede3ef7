import { test, expect, startBrowserMode, startSandboxProcess } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { RegistersPage } from './pages/registers-page'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { requestLabelPayload } from '../src/shared/scan/own-labels'
import type { FakePrinter } from './support/fake-printer'
import { openRequest } from './support/counter'
import { type ContractCall, stockedPack } from './support/contract'
import { requestBody } from '../test/helpers/request-body'
import { LIVE_STAFF } from './support/live-staff'
import { staffedCounter } from './support/staffed-counter'
import { checkedOnePackRequest, MORPHINE, morphineItem } from './support/schedule-two'
import { formatDate } from '../src/shared/time/london'

/**
 * CDs a patient brings back: a pharmacist records the return on the delivered Schedule 2 request's
 * screen (T), finds it under Registers, Returned by patients, and records its destruction there
 * before a named witness. Everything before is done over browser mode's HTTP protocol against the
 * sandbox, by the people who would do it.
 */

const TOKEN = 'e2e-patient-returns-token'
const STAFF = LIVE_STAFF

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>
let counter: Awaited<ReturnType<typeof startBrowserMode>>
let printer: FakePrinter
const as: Record<keyof typeof STAFF, ContractCall> = {} as never

async function stageOf(id: string): Promise<string | null> {
  try {
    return (await as.checker<{ row: { stage: string } }>('requests.get', { id })).row.stage
  } catch {
    return null
  }
}

/** A Schedule 2 request from Phensys to collected at the counter, over HTTP. */
async function deliveredScheduleTwoRequest(id: string): Promise<void> {
  const pack = await stockedPack(as.dispenser, MORPHINE)
  const base = requestBody(id)
  const rx = base.prescription as { items: Array<Record<string, unknown>> }
  const item = morphineItem(rx.items[0], pack.packSize)
  const response = await fetch(`${sandbox.url}/sandbox/requests`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      ...base,
      prescription: { ...rx, issuedAt: new Date().toISOString().slice(0, 10), items: [item] },
      delivery: { ...(base.delivery as object), service: 'collect' }
    })
  })
  expect(response.ok).toBe(true)
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('new')
  const code = encodeGs1(packFields({ gtin: pack.gtin, expiry: '351231', batch: 'RET1', serial: `RET${id}` }))
  await checkedOnePackRequest(as, id, code, pack.packSize)
  await as.checker('requests.pack', { id, bagScan: requestLabelPayload(id), parcels: 1 })
  await as.checker('requests.collect', {
    id,
    collectedBy: { name: 'The patient', relation: 'patient', idAsked: true, idSeen: true }
  })
  await expect.poll(() => stageOf(id), { timeout: 30_000 }).toBe('delivered')
}

test.beforeAll(async () => {
  const started = await staffedCounter(TOKEN)
  ;({ sandbox, counter, printer } = started)
  Object.assign(as, started.as)
})

test.afterAll(async () => {
  await printer?.close()
  await counter?.stop()
  await sandbox?.stop()
})

test('a pharmacist records CDs a patient returned on the delivered request, sees them in the registers, and records their destruction before a witness', async ({
  page
}) => {
  test.setTimeout(180_000)
  const id = 'fr_RET_MORPHINE'
  await deliveredScheduleTwoRequest(id)
  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(STAFF.pharmacist.username, STAFF.pharmacist.secret)
  // The worklist is empty (the only request is done): the search still finds it.
  await expect(page.getByLabel('Search requests')).toBeVisible()
  const request = await openRequest(page, id)
  await request.expectStage('Delivered')

  // T opens the dialog on the quantity (the request's one Schedule 2 line is chosen); nothing counted is refused in words.
  await request.run('Record a return', 't')
  const dialog = page.getByRole('dialog', { name: 'Record a return' })
  await expect(dialog.getByLabel('Line')).toHaveValue('l1')
  const quantity = dialog.getByLabel(/Quantity counted/)
  await expect(quantity).toBeFocused()
  await quantity.press('Enter')
  await expect(dialog.getByRole('alert')).toHaveText('Enter the quantity you counted: a number more than nothing.')
  await quantity.fill('12')
  await dialog.getByLabel('Note').fill('Brought back by her daughter after the change of dose')
  await dialog.getByLabel('Note').press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(request.status(/Return recorded: 12 tablets of Morphine sulfate 10mg/)).toBeVisible()

  // F10, then 5: the returns, this one not yet destroyed, its date as London's day.
  const returns = await as.pharmacist<Array<{ id: number; patientName: string; receivedAt: string }>>(
    'registers.patientReturns.list',
    {}
  )
  expect(returns).toHaveLength(1)
  const registers = new RegistersPage(page)
  await registers.open()
  await page.keyboard.press('5')
  const tab = page.getByRole('region', { name: 'Returned by patients' })
  await expect(tab).toBeVisible()
  const row = tab.locator(`tbody tr[data-patient-return="${returns[0]!.id}"]`)
  await expect(row).toContainText(formatDate(returns[0]!.receivedAt))
  await expect(row).toContainText(returns[0]!.patientName)
  await expect(row).toContainText('Morphine sulfate 10mg modified-release tablets, modified-release tablet, 10mg')
  await expect(row).toContainText('12 tablets')
  await expect(row).toContainText('Phil Pharmacist')
  await expect(row).toContainText('Not yet destroyed')

  // Enter on the selected return asks for the witness; none is refused in words; then recorded.
  await page.keyboard.press('Enter')
  const destroy = page.getByRole('dialog', { name: 'Record destruction' })
  const witness = destroy.getByLabel("Authorised witness's name")
  await expect(witness).toBeFocused()
  await witness.press('Enter')
  await expect(destroy.getByRole('alert')).toContainText('Name the authorised witness')
  // Main's own refusal, shown in its words: a name too short to be one.
  await witness.fill('Al')
  await witness.press('Enter')
  await expect(destroy.getByRole('alert')).toContainText("witness's name")
  await witness.fill('Ann Other, CD accountable officer')
  await witness.press('Enter')
  await expect(destroy).toHaveCount(0)
  await expect(row).toContainText(/Destroyed \d\d\/\d\d\/\d{4}, \d\d:\d\d by Phil Pharmacist, witnessed by Ann Other/)
  await expect(row.getByRole('button', { name: 'Record destruction' })).toHaveCount(0)

  // Exported in the registers' dates, as the other tabs are.
  const { download, text } = await registers.export(tab, 'CSV')
  expect(download.suggestedFilename()).toMatch(/^patient-returns-\d{4}-\d{2}-\d{2}\.csv$/)
  expect(text).toContain('witnessed by Ann Other, CD accountable officer')
})
