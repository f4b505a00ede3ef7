import { test, expect, startBrowserMode, startSandboxProcess, type Page } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { startFakePrinter, type FakePrinter } from './support/fake-printer'
import { openRequest } from './support/counter'
import { openContractSession, type ContractCall, stockedPack } from './support/contract'
import { requestBody } from '../test/helpers/request-body'
import { LIVE_STAFF } from './support/live-staff'

/**
 * Dispensing labels on the request screen: a line supplied as two packs previews (and prints) one
 * complete label set per pack, the dispensing panel says how many labels will print, and changing
 * the label stock lays the preview out again at once. Set-up over browser mode's HTTP protocol
 * (README), the checks on the screen.
 */

const TOKEN = 'e2e-labels-token'
const SERTRALINE = '39732311000001104'
const STAFF = LIVE_STAFF
const ID = 'fr_LBL_TWO'

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>
let counter: Awaited<ReturnType<typeof startBrowserMode>>
let printer: FakePrinter
let admin: ContractCall
let dispenser: ContractCall
let packSize = 0

async function stageOf(id: string): Promise<string | null> {
  try {
    return (await dispenser<{ row: { stage: string } }>('requests.get', { id })).row.stage
  } catch {
    return null
  }
}

async function setStock(widthMm: number, heightMm: number): Promise<void> {
  const { settings } = await admin<{ settings: { labelStock: object } }>('devices.status', {})
  await admin('devices.setSettings', { ...settings, labelStock: { ...settings.labelStock, widthMm, heightMm } })
}

async function signInAsDispenser(page: Page): Promise<void> {
  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(STAFF.dispenser.username, STAFF.dispenser.secret)
  await new WorklistPage(page).expectLoaded()
}

test.beforeAll(async () => {
  sandbox = await startSandboxProcess(TOKEN)
  counter = await startBrowserMode({ url: sandbox.url, token: TOKEN })
  printer = await startFakePrinter()
  admin = await openContractSession(counter.app.openUrl)
  await admin('auth.createFirstAdmin', { username: 'owner', displayName: 'Olu Owner', secret: '864209' })
  for (const person of Object.values(STAFF)) await admin('users.create', person)
  const { settings } = await admin<{ settings: { wedge: object } }>('devices.status', {})
  await admin('devices.setSettings', {
    ...settings,
    labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: printer.port }
  })
  dispenser = await openContractSession(counter.app.openUrl)
  await dispenser('auth.signIn', { username: STAFF.dispenser.username, secret: STAFF.dispenser.secret })

  // Two packs of sertraline in stock, and a prescription for two packs' worth with three BNF labels.
  const stocked = await stockedPack(dispenser, SERTRALINE)
  packSize = stocked.packSize
  const gtin = stocked.gtin
  const codes = ['LBL1', 'LBL2'].map((serial) =>
    encodeGs1(packFields({ gtin, expiry: '351231', batch: 'LBL', serial }))
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
        items: [{ ...prescription.items[0], quantity: 2 * packSize, cautionaryLabels: [2, 10, 25] }]
      }
    })
  })
  await expect.poll(() => stageOf(ID), { timeout: 30_000 }).toBe('new')
  // Labels wait for the L key here, so that the preview can be seen before they print.
  await admin('dispensing.setAutoLabels', { enabled: false })
  await dispenser('requests.accept', { id: ID })
  // The pharmacist's clinical check comes before anything is assembled (labels wait for it).
  const pharmacist = await openContractSession(counter.app.openUrl)
  await pharmacist('auth.signIn', { username: STAFF.pharmacist.username, secret: STAFF.pharmacist.secret })
  await pharmacist('requests.clinicalCheck', { id: ID, outcome: 'approved' })
  for (const raw of codes) await dispenser('dispensing.scanPack', { id: ID, lineId: 'l1', raw })
})

test.afterAll(async () => {
  await printer?.close()
  await counter?.stop()
  await sandbox?.stop()
})

test('a line supplied as two packs previews one complete label set per pack; the panel says how many labels print; a new stock re-lays the preview at once', async ({
  page
}) => {
  test.setTimeout(120_000)
  await signInAsDispenser(page)
  const request = await openRequest(page, ID)
  const preview = page.getByRole('region', { name: 'Labels as they will print' })
  const sets = preview.getByRole('figure', { name: /^Label set:/ })

  await expect(sets).toHaveCount(2)
  await expect(sets.nth(0)).toHaveAccessibleName('Label set: Sertraline 50mg tablets · pack 1 of 2')
  await expect(sets.nth(1)).toHaveAccessibleName('Label set: Sertraline 50mg tablets · pack 2 of 2')
  const perSet = await sets.nth(0).getByRole('img').count()
  expect(await sets.nth(1).getByRole('img').count()).toBe(perSet)
  const labels = 2 * perSet
  await expect(request.dispensing().getByTestId('label-count')).toHaveText(
    `Print labels (L): ${labels} label${labels === 1 ? '' : 's'} will print, 2 sets, one per pack.`
  )
  await expect(preview.getByRole('img').first()).toHaveCSS('width', `${70 * 4}px`)

  // The administrator chooses the 99 × 99 mm stock: the open preview follows without a reload.
  await setStock(99, 99)
  await expect(preview.getByRole('img').first()).toHaveCSS('width', `${99 * 4}px`)
  await expect(sets).toHaveCount(2)
  await expect(sets.nth(0).getByRole('img')).toHaveCount(1)
  await expect(request.dispensing().getByTestId('label-count')).toHaveText(
    'Print labels (L): 2 labels will print, 2 sets, one per pack.'
  )

  // What prints is one label per set on this stock, each naming its pack.
  const jobsBefore = printer.jobs.length
  await request.run('Print labels', 'l')
  await request.expectStage('Labelled', 30_000)
  await expect.poll(() => printer.jobs.length, { timeout: 30_000 }).toBeGreaterThan(jobsBefore)
  const job = printer.jobs.slice(jobsBefore).join('')
  expect(job.match(/\^XA/g)).toHaveLength(2)
  expect(job).toContain(`Pack 1 of 2: ${packSize} tablets`)
  expect(job).toContain(`Pack 2 of 2: ${packSize} tablets`)
})
