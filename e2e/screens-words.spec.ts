import { test, expect, type Page } from './fixtures'
import type { Locator } from '@playwright/test'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { startFakePrinter } from './support/fake-printer'
import { contractSession, ensureResponsiblePharmacist, type ContractCall } from './support/contract'
import type { DispensingView } from '../src/shared/contract/dispensing-views'
import { requestLabelPayload } from '../src/shared/scan/own-labels'
import { rescansWithLabels } from '../test/helpers/rescans'
import { freshTrackingNumber } from './support/tracking'

/**
 * The counter's screens in the words a pharmacist, a dispenser and an accuracy checker read, in
 * training mode: one date format (DD/MM/YYYY), quantities in the plural, a flag that says who
 * raised it, a medicine named once, and dialogs that answer the keys their buttons show.
 */

const ISO_DAY = /\b\d{4}-\d{2}-\d{2}\b/
const UK_DAY = /^\d{2}\/\d{2}\/\d{4}$/

async function signInAtWorklist(
  page: Page,
  signIn: { signInAs(who: string, pin: string): Promise<void> }
): Promise<void> {
  await signIn.signInAs('Sam Patel', '1111')
  await expect(page.locator('tbody tr[data-request-id]').first()).toBeVisible()
}

/** Finds a request with "/" and opens it with Enter, waiting for each step as a person would. */
async function openRequest(page: Page, search: string, id: string): Promise<void> {
  await page.keyboard.press('/')
  await expect(page.getByLabel('Search requests')).toBeFocused()
  await page.keyboard.type(search)
  await expect(page.locator('tbody tr[data-request-id]').first()).toHaveAttribute('data-request-id', id)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('main', { name: `Request ${id}` })).toBeVisible()
}

/** Signs in as the pharmacist and opens a request from the worklist (openRequest). */
async function signedInAtRequest(
  page: Page,
  signIn: { signInAs(who: string, pin: string): Promise<void> },
  search: string,
  id: string
): Promise<void> {
  await signInAtWorklist(page, signIn)
  await openRequest(page, search, id)
}

/** The dispenser accepts a request over browser mode's protocol, as another workstation would. */
async function acceptedElsewhere(openUrl: string, id: string): Promise<void> {
  const dispenser = await contractSession(openUrl, 'ajones', '2222')
  await dispenser('requests.accept', { id })
}

/** Enter in a dialog: it does what its button says (`done` shows), or says what is missing. */
async function expectEnterAnswered(page: Page, dialog: Locator, done: string): Promise<void> {
  await page.keyboard.press('Enter')
  await expect(dialog.locator('.error').or(page.getByRole('status').filter({ hasText: done }))).toBeVisible({
    timeout: 5_000
  })
}

async function openStock(page: Page): Promise<void> {
  await page.keyboard.press('F6')
  await expect(page.getByLabel('Search stock')).toBeFocused()
  await expect(page.locator('.stock-levels tbody tr').first()).toBeVisible()
}

async function stageOf(call: ContractCall, id: string): Promise<string> {
  return (await call<{ row: { stage: string } }>('requests.get', { id })).row.stage
}

/** The demo day's sildenafil request, supplied to the end over browser mode's protocol. */
async function supplyOkonkwo(openUrl: string): Promise<void> {
  const id = 'fr_F2S5N'
  const dispenser = await contractSession(openUrl, 'ajones', '2222')
  const checker = await contractSession(openUrl, 'pshah', '3333')
  const pharmacist = await contractSession(openUrl, 'spatel', '1111')
  await ensureResponsiblePharmacist(openUrl, 'spatel', '1111')
  await dispenser('requests.accept', { id })
  await pharmacist('requests.clinicalCheck', { id, outcome: 'approved' })
  const stock = await dispenser<{
    lines: Array<{ lineId: string; picks: Array<{ amppId: string; batchNo: string; expiry: string }> }>
  }>('stock.request', { id })
  const codes: string[] = []
  for (const line of stock.lines) {
    const pick = line.picks[0]!
    const pack = await dispenser<{ gtins: Array<{ gtin: string; historic: boolean }> }>('stock.pack', {
      amppId: pick.amppId
    })
    const gtin = (pack.gtins.find((candidate) => !candidate.historic) ?? pack.gtins[0])!.gtin
    const expiry = pick.expiry.slice(2, 4) + pick.expiry.slice(5, 7) + pick.expiry.slice(8, 10)
    for (let n = 0; n < 6; n++) {
      if ((await dispenser<{ complete: boolean }>('dispensing.view', { id })).complete) break
      const code = encodeGs1(packFields({ gtin, expiry, batch: pick.batchNo, serial: `SW${Date.now()}${n}` }))
      await dispenser('dispensing.scanPack', { id, lineId: line.lineId, raw: code })
      codes.push(code)
    }
  }
  await expect.poll(() => stageOf(dispenser, id), { timeout: 30_000 }).toBe('labelled')
  const view = await checker<DispensingView>('dispensing.view', { id })
  await checker('requests.accuracyCheck', { id, rescans: rescansWithLabels(view, codes) })
  await checker('requests.pack', { id, bagScan: requestLabelPayload(id), parcels: 1 })
  await checker('requests.dispatch', { id, trackingNumbers: [freshTrackingNumber('Royal Mail')] })
}

/** Supplies the sildenafil request with a label printer (a TCP listener) set up for it. */
async function supplyWithPrinter(openUrl: string): Promise<void> {
  const printer = await startFakePrinter()
  try {
    const admin = await contractSession(openUrl, 'admin', '9999')
    const { settings } = await admin<{ settings: object }>('devices.status', {})
    await admin('devices.setSettings', {
      ...settings,
      labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: printer.port }
    })
    await supplyOkonkwo(openUrl)
  } finally {
    await printer.close()
  }
}

test("the patient's medication record gives a supplied pack's expiry as DD/MM/YYYY, not 2027-05-06", async ({
  page,
  counter,
  signIn
}) => {
  test.setTimeout(120_000)
  await supplyWithPrinter(counter.openUrl)
  await signedInAtRequest(page, signIn, 'Okonkwo', 'fr_F2S5N')
  await page.keyboard.press('m')
  const supplies = page
    .getByRole('main', { name: /^Medication record of/ })
    .locator('table')
    .nth(1)
  await expect(supplies).toContainText('batch')
  await expect(supplies).toContainText(/expiry \d{2}\/\d{2}\/\d{4}/)
  await expect(supplies).not.toContainText(ISO_DAY)
})

test("Stock levels' Next expiry reads DD/MM/YYYY, as short expiry does", async ({ page, signIn }) => {
  await signInAtWorklist(page, signIn)
  await openStock(page)
  const expiries = await page.locator('.stock-levels tbody tr td.date').allInnerTexts()
  const dated = expiries.filter((text) => text !== '—')
  expect(dated.length).toBeGreaterThan(0)
  for (const text of dated) expect(text).toMatch(UK_DAY)
})

test("Supply issues' Expected back reads DD/MM/YYYY", async ({ page, signIn }) => {
  await signInAtWorklist(page, signIn)
  await openStock(page)
  await page.keyboard.press('Escape')
  await page.keyboard.press('6')
  const row = page.getByRole('row', { name: /Zolmitriptan/ })
  await expect(row).toBeVisible()
  await expect(row).not.toContainText(ISO_DAY)
  await expect(row.getByRole('cell').nth(3)).toHaveText(UK_DAY)
})

test("the stock check's pick list gives a batch's expiry as DD/MM/YYYY, as the packs scanned below it do", async ({
  page,
  counter,
  signIn
}) => {
  await acceptedElsewhere(counter.openUrl, 'fr_F2S5N')
  await signedInAtRequest(page, signIn, 'Okonkwo', 'fr_F2S5N')
  const pickTable = page.locator('table', { has: page.getByRole('columnheader', { name: 'Expires' }) })
  await expect(pickTable).toBeVisible()
  const column = await pickTable.getByRole('columnheader').allInnerTexts()
  const cell = pickTable.locator('tbody tr').first().locator('td').nth(column.indexOf('Expires'))
  await expect(cell).toHaveText(UK_DAY)
})

test('a high-risk-medicine flag shows no raw JSON of the counter\'s own list as "Sent by Phensys"', async ({
  page,
  signIn
}) => {
  await signedInAtRequest(page, signIn, 'Pritchard', 'fr_CD2M4')
  const flags = page.getByRole('region', { name: /Flags/ })
  await expect(flags).toContainText('Morphine sulfate 10mg modified-release tablets')
  await expect(flags).not.toContainText('{"entry"')
  await expect(flags).not.toContainText('prescription.items[')
})

test("the prescription's quantity reads in words a person writes: 28 tablets, not 28 tablet", async ({
  page,
  signIn
}) => {
  await signedInAtRequest(page, signIn, 'Łukasik', 'fr_7Q2K9')
  const row = page.getByRole('row', { name: /Sertraline 50mg tablets/ }).first()
  await expect(row).toContainText('28 tablets')
})

test('the Reject dialog answers Enter, as its Send ⏎ says: it sends, or says what is missing', async ({
  page,
  signIn
}) => {
  await signedInAtRequest(page, signIn, 'Łukasik', 'fr_7Q2K9')
  await page.keyboard.press('r')
  const dialog = page.getByRole('dialog', { name: 'Reject' })
  await expect(dialog).toBeVisible()
  // The dialog opens with the focus on its Reason: Enter there must not be a key that does nothing.
  await expectEnterAnswered(page, dialog, 'Rejected')
})

test('Escape closes the Reject dialog in one press, and the Raise query dialog answers Enter on its Reason too', async ({
  page,
  counter,
  signIn
}) => {
  // A query is raised on an accepted request.
  await acceptedElsewhere(counter.openUrl, 'fr_7Q2K9')
  await signedInAtRequest(page, signIn, 'Łukasik', 'fr_7Q2K9')
  await page.keyboard.press('r')
  const reject = page.getByRole('dialog', { name: 'Reject' })
  await expect(reject).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(reject).toBeHidden()
  await page.keyboard.press('q')
  const dialog = page.getByRole('dialog', { name: 'Raise query' })
  await expect(dialog).toBeVisible()
  await expectEnterAnswered(page, dialog, 'Query sent')
  await expect(page.getByRole('main', { name: 'Request fr_7Q2K9' })).toBeVisible()
})

test('the POM register\'s medicine names its strength and form once: not "Sildenafil 50mg tablets 50mg tablet"', async ({
  page,
  counter,
  signIn
}) => {
  test.setTimeout(120_000)
  await supplyWithPrinter(counter.openUrl)
  await signInAtWorklist(page, signIn)
  await page.keyboard.press('F10')
  const row = page.getByRole('row', { name: /fr_F2S5N/ })
  await expect(row).toBeVisible()
  await expect(row).toContainText('Sildenafil 50mg tablets')
  await expect(row).not.toContainText(/50mg.*50mg/)
})
