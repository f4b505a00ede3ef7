import AxeBuilder from '@axe-core/playwright'
import { test, expect, startBrowserMode, startSandboxProcess, type Page } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { startFakePrinter, type FakePrinter } from './support/fake-printer'
import { wedgeScan } from './support/wedge'
import { openRequest, signOutAndIn } from './support/counter'
import { contractSession, openContractSession, type ContractCall, stockedPack } from './support/contract'
import { requestBody } from '../test/helpers/request-body'
import { LIVE_STAFF as STAFF } from './support/live-staff'

const TOKEN = 'e2e-flags-token'
const SERTRALINE = '39732311000001104'

interface World {
  page: Page
  openUrl: string
  printer: FakePrinter
  /** Plays Phensys through the sandbox's control calls. */
  send(body: Record<string, unknown>): Promise<void>
  events(id: string): Promise<string[]>
  /** A dispenser's session beside the UI, for stock set-up. */
  dispenser: ContractCall
  stop(): Promise<void>
}

/** A live workstation on the sandbox: staff, a label printer, the wedge's pauses, and 2 packs of sertraline in stock. */
async function world(page: Page): Promise<World & { pack: string }> {
  const sandbox = await startSandboxProcess(TOKEN)
  const counter = await startBrowserMode({ url: sandbox.url, token: TOKEN })
  const printer = await startFakePrinter()
  const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }
  const admin = await openContractSession(counter.app.openUrl)
  await admin('auth.createFirstAdmin', { username: 'owner', displayName: 'Olu Owner', secret: '864209' })
  for (const person of Object.values(STAFF)) await admin('users.create', person)
  const { settings } = await admin<{ settings: { wedge: object } }>('devices.status', {})
  await admin('devices.setSettings', {
    ...settings,
    wedge: { ...settings.wedge, maxGapMs: 100 },
    labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: printer.port }
  })
  const dispenser = await contractSession(counter.app.openUrl, STAFF.dispenser.username, STAFF.dispenser.secret)
  const { gtin } = await stockedPack(dispenser, SERTRALINE)
  const code = (serial: string) => encodeGs1(packFields({ gtin, expiry: '351231', batch: 'FLAG1', serial }))
  let delivery: number | null = null
  for (const serial of ['FLG-A', 'FLG-B'])
    delivery = (
      await dispenser<{ deliveryId: number }>('stock.receiveScan', { raw: code(serial), deliveryId: delivery })
    ).deliveryId
  await page.goto(counter.app.openUrl)
  return {
    page,
    openUrl: counter.app.openUrl,
    printer,
    pack: code('FLG-A'),
    dispenser,
    async send(body) {
      const created = await fetch(`${sandbox.url}/sandbox/requests`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body)
      })
      expect(created.status).toBe(201)
    },
    async events(id) {
      const answer = await fetch(`${sandbox.url}/sandbox/requests/${id}/events`, { headers })
      return ((await answer.json()) as { events: Array<{ type: string }> }).events.map((event) => event.type)
    },
    async stop() {
      await printer.close()
      await counter.stop()
      await sandbox.stop()
    }
  }
}

/** The flags panel and its dialog pass axe (WCAG 2.1 A and AA) with no serious violation. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
  expect(serious, where).toEqual([])
}

function sertraline(id: string, change: (item: Record<string, unknown>) => void): Record<string, unknown> {
  const body = requestBody(id, {})
  const prescription = body.prescription as { items: Array<Record<string, unknown>>; issuedAt: string }
  prescription.issuedAt = new Date().toISOString().slice(0, 10)
  change(prescription.items[0]!)
  return body
}

test('an unknown cautionary label: flagged on arrival, labels held, a pharmacist chooses the wording, then it is labelled with it', async ({
  page
}) => {
  test.setTimeout(180_000)
  const w = await world(page)
  try {
    const id = 'fr_E2E_L99'
    await w.send(
      sertraline(id, (item) => {
        item.cautionaryLabels = [99]
      })
    )
    await new SignInPage(page).signInAs(STAFF.dispenser.username, STAFF.dispenser.secret)
    const worklist = new WorklistPage(page)
    await worklist.expectLoaded()
    await expect(page.locator(`tr[data-request-id="${id}"]`)).toContainText('unknown label', { timeout: 30_000 })

    const request = await openRequest(page, id)
    const flags = page.getByRole('region', { name: 'Flags' })
    await expect(flags).toContainText(
      'Cautionary label 99 on line l1 (Sertraline 50mg tablets) is not one this pharmacy knows'
    )
    await expect(flags).toContainText('Print labels')
    await expect(flags).toContainText('A pharmacist chooses the wording.')
    await expectAccessible(page, 'a request with a flag')

    // Accepting runs the stock check (the flag holds back only the labels).
    await request.run('Accept', 'a')
    await request.expectStage('Ready to dispense')
    await expect(page.getByRole('region', { name: 'Stock' })).toContainText('FLAG1')
    await request.run('Start dispensing', 'd')
    await request.expectStage('Dispensing')
    await wedgeScan(page, w.pack)
    await expect(request.dispensing()).toContainText('every line complete')
    await request.run('Print labels', 'l')
    await expect(request.status(/Cautionary label 99/)).toBeVisible()
    expect(w.printer.jobs).toHaveLength(0)

    await signOutAndIn(page, STAFF.pharmacist.username, STAFF.pharmacist.secret)
    await openRequest(page, id)
    const choose = flags.getByRole('form', { name: 'Choose the wording' })
    await choose.getByLabel("A BNF label's wording").selectOption('2')
    await expect(choose.getByLabel('Wording to print')).toHaveValue(/^Warning: This medicine may make you sleepy/)
    await choose.getByLabel('Wording to print').fill('Take with or just after food')
    await choose.getByRole('button', { name: 'Use this wording' }).click()
    await expect(flags).toContainText('all settled')
    await flags.getByText('Settled (1)').click()
    await expect(flags).toContainText('Wording chosen: "Take with or just after food"')
    await expect(page.locator('.labels')).toContainText('Labels (')
    // The pharmacist's clinical check, which labels also wait for: made last (every pack matched,
    // the flag settled), it prints them by itself. The dispenser who scanned the packs holds the
    // request at this bench, which does not hold back the pharmacist signed in at the same bench.
    await request.clinicalCheck(null, { releasesLabels: true })
    expect(w.printer.jobs.join('')).toContain('Take with or just after food')
    await expect.poll(() => w.events(id), { timeout: 30_000 }).toContain('dispensing.labelled')
    expect(await w.events(id)).not.toContain('rejected')
  } finally {
    await w.stop()
  }
})

test('an unmapped product: "needs match", matched from the catalogue by a dispenser, confirmed by a pharmacist, then checked and dispensed', async ({
  page
}) => {
  test.setTimeout(180_000)
  const w = await world(page)
  try {
    const id = 'fr_E2E_MATCH'
    await w.send(
      sertraline(id, (item) => {
        item.product = {
          dmdCode: '99999911000001101',
          name: 'Lustral 50mg tablets',
          strength: '50mg',
          form: 'tablet',
          controlledDrugSchedule: null
        }
      })
    )
    await new SignInPage(page).signInAs(STAFF.dispenser.username, STAFF.dispenser.secret)
    await new WorklistPage(page).expectLoaded()
    await expect(page.locator(`tr[data-request-id="${id}"]`)).toContainText('needs match', { timeout: 30_000 })

    const request = await openRequest(page, id)
    const flags = page.getByRole('region', { name: 'Flags' })
    await expect(flags).toContainText(
      "Lustral 50mg tablets (dm+d 99999911000001101) on line l1 is not in this pharmacy's catalogue"
    )
    await request.run('Accept', 'a')
    await request.expectStage('Stock check')
    await request.run('Check stock', 's')
    await expect(request.status(/needs a product match/)).toBeVisible()
    await request.expectStage('Stock check')

    await flags.getByRole('button', { name: 'Match a product from the catalogue…' }).click()
    const match = page.getByRole('dialog', { name: 'Match a product' })
    await match.getByLabel('Name, dm+d code, PIP or GTIN').fill('sertraline 50')
    await expect(match.getByRole('row').first()).toBeVisible()
    await expectAccessible(page, 'the product match dialog')
    await match
      .getByRole('row')
      .filter({ hasText: 'Sertraline 50mg tablets' })
      .first()
      .getByRole('button', { name: 'Any brand (generic)' })
      .click()
    await expect(flags).toContainText('Match proposed by Dana Dispenser: Sertraline 50mg tablets')
    await expect(flags).toContainText('A pharmacist confirms the match.')

    await signOutAndIn(page, STAFF.pharmacist.username, STAFF.pharmacist.secret)
    await openRequest(page, id)
    await flags.getByRole('button', { name: 'Confirm the match' }).click()
    await expect(flags).toContainText('all settled')
    await request.clinicalCheck()

    await signOutAndIn(page, STAFF.dispenser.username, STAFF.dispenser.secret)
    await openRequest(page, id)
    await request.run('Check stock', 's')
    await request.expectStage('Ready to dispense')
    const stock = page.getByRole('region', { name: 'Stock' })
    await expect(stock).toContainText(`Dispensed as Sertraline 50mg tablets (dm+d ${SERTRALINE})`)
    await expect(stock).toContainText('1 pack of 28')
    await expect(stock).toContainText('Dispensary shelf S')
    await request.run('Start dispensing', 'd')
    await request.expectStage('Dispensing')
    await wedgeScan(page, w.pack)
    await expect(request.dispensing()).toContainText('every line complete')
    // The clinical check was made before: the last pack matched prints the labels by itself (an L
    // pressed here raced the printer and was refused whenever the step was still on offer).
    await request.expectStage('Labelled', 30_000)
    await expect(page.getByRole('region', { name: 'Printing' })).toContainText('Dispensing labels (1)')
    expect(await w.events(id)).toEqual(expect.arrayContaining(['accepted', 'stock.available', 'dispensing.started']))
    expect(await w.events(id)).not.toContain('stock.supply_issue')
  } finally {
    await w.stop()
  }
})
