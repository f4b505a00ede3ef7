import { test, expect, type Page } from './fixtures'
import { DevicesPage } from './pages/devices-page'
import { RequestPage } from './pages/request-page'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { startFakePrinter } from './support/fake-printer'
import type { DispensingView } from '../src/shared/contract/dispensing-views'
import { rescansWithLabels } from '../test/helpers/rescans'
import { allowPausesUpTo, wedgeScan } from './support/wedge'
import { openRequest, signOutAndIn } from './support/counter'
import { contractSession, ensureResponsiblePharmacist, type ContractCall } from './support/contract'
import type { Route } from '../src/shared/phensys/snapshot'

/** Browser mode's documented HTTP protocol (README), as an accuracy checker: to look, never to act. */
const lookingGlass = (openUrl: string): Promise<ContractCall> => contractSession(openUrl, 'pshah', '3333')
type Look = Awaited<ReturnType<typeof lookingGlass>>

interface Row {
  id: string
  stage: string
  route: string
  hasControlledDrug: boolean
  hardCopyRequired: boolean
}
interface Line {
  lineId: string
  dmdId: string
  complete: boolean
  remaining: number
  counted: number
  packs: Array<{ batchNo: string; quantity: number }>
}
interface Pick {
  amppId: string
  batchNo: string
  expiry: string
  quantity: number
}

/** Demo products the training stock does not have (out of stock; under a supply notification). */
const NOT_IN_STOCK = ['39732611000001108', '39733311000001106']

async function pickRequest(look: Look, route: Route, hardCopy: boolean): Promise<string> {
  const worklist = await look<{ rows: Row[] }>('worklist.get', {})
  for (const row of worklist.rows.filter((candidate) => candidate.stage === 'new' && candidate.route === route)) {
    if (!hardCopy && (row.hardCopyRequired || row.hasControlledDrug)) continue
    const detail = await look<{
      snapshot: { prescription: { items: Array<{ product: { dmdCode?: string; dmdId?: string } }> } }
    }>('requests.get', { id: row.id })
    const codes = detail.snapshot.prescription.items.map((item) => JSON.stringify(item.product))
    if (codes.some((code) => NOT_IN_STOCK.some((missing) => code.includes(missing)))) continue
    return row.id
  }
  throw new Error(`No new ${route} request in the demo day that the training stock can fill`)
}

const yymmdd = (iso: string): string => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10)

/** Scans every pack the request still needs, as wedge bursts, learning the reserved batches over HTTP. */
async function scanEveryPack(page: Page, look: Look, request: RequestPage): Promise<string[]> {
  const scanned: string[] = []
  const gtinOf = new Map<string, string>()
  const stock = await look<{ lines: Array<{ lineId: string; picks: Pick[] }> }>('stock.request', { id: request.id })
  for (let guard = 0; guard < 60; guard++) {
    const view = await look<{ lines: Line[]; complete: boolean }>('dispensing.view', { id: request.id })
    if (view.complete) return scanned
    const line = view.lines.find((candidate) => !candidate.complete)!
    // The first reserved batch (first expiry first) with some of its reservation left.
    const used = (batchNo: string): number =>
      line.packs.filter((pack) => pack.batchNo === batchNo).reduce((sum, pack) => sum + pack.quantity, 0)
    const pick = stock.lines
      .find((candidate) => candidate.lineId === line.lineId)
      ?.picks.find((candidate) => used(candidate.batchNo) < candidate.quantity)
    expect(pick, `a reserved batch for line ${line.lineId}`).toBeTruthy()
    if (!gtinOf.has(pick!.amppId)) {
      const pack = await look<{ gtins: Array<{ gtin: string; historic: boolean }> }>('stock.pack', {
        amppId: pick!.amppId
      })
      gtinOf.set(pick!.amppId, (pack.gtins.find((gtin) => !gtin.historic) ?? pack.gtins[0])!.gtin)
    }
    const code = encodeGs1(
      packFields({
        gtin: gtinOf.get(pick!.amppId)!,
        expiry: yymmdd(pick!.expiry),
        batch: pick!.batchNo,
        serial: `E2E${Date.now()}${guard}`
      })
    )
    await wedgeScan(page, code)
    await expect(request.line(line.lineId).locator('ul.packs li')).toHaveCount(line.packs.length + 1)
    scanned.push(code)
  }
  throw new Error('Too many packs: the line never completed')
}

const ROUTES: Array<{ route: Route; hardCopy: boolean }> = [
  { route: 'upload', hardCopy: true },
  { route: 'video_consultation', hardCopy: false },
  { route: 'phone_consultation', hardCopy: false },
  { route: 'form_consultation', hardCopy: false }
]

for (const { route, hardCopy } of ROUTES) {
  test(`${route}${hardCopy ? ' (original received, H)' : ''}: accepted, stock checked, every pack scanned, clinically checked before it, accuracy checked by another, packed and sent (dispatched or collected); Phensys records it`, async ({
    page,
    counter,
    signIn
  }) => {
    test.setTimeout(180_000)
    const printer = await startFakePrinter()
    try {
      // The administrator sets up the label printer (Devices, F8).
      await signIn.signInAs('Training Administrator', '9999')
      const devices = new DevicesPage(page)
      await expect(page.getByRole('button', { name: 'Devices' })).toBeVisible()
      await devices.openWithF8()
      await devices.useNetworkPrinter('127.0.0.1', printer.port)
      await page.keyboard.press('Escape')
      await allowPausesUpTo(page, 100)

      const look = await lookingGlass(counter.openUrl)
      const id = await pickRequest(look, route, hardCopy)

      // A dispenser accepts, checks stock and dispenses.
      await signOutAndIn(page, 'Alex Jones', '2222')
      const request = await openRequest(page, id)
      await request.run('Accept', 'a')
      if (hardCopy) {
        // The original paper prescription arrives and is matched line by line (the H dialog).
        await request.expectStage('Awaiting hard copy')
        await request.run('Receive hard copy', 'h')
        const form = request.dialog('Receive hard copy')
        await expect(form).toBeVisible()
        if ((await form.getByLabel('Form', { exact: true }).inputValue()) !== 'private_paper')
          await form.getByLabel('Serial number on the form').fill('FP10PCD 0012345')
        for (const box of await form.getByRole('checkbox').all()) await box.check()
        for (const quantity of await form.getByLabel(/Quantity on the form/).all()) {
          const label = await quantity.evaluate((input) => input.closest('label')?.textContent ?? '')
          await quantity.fill(/request: (\d+(?:\.\d+)?)/.exec(label)![1]!)
        }
        await form.getByRole('button', { name: /Record/ }).click()
        await expect(request.status('Original received and matched')).toBeVisible()
      }
      // Accepting (or the original matched) ran the stock check.
      await request.expectStage('Ready to dispense')

      // The pharmacist's clinical check, before anything is assembled.
      await signOutAndIn(page, 'Sam Patel', '1111')
      await openRequest(page, id)
      await request.clinicalCheck()
      await signOutAndIn(page, 'Alex Jones', '2222')
      await openRequest(page, id)
      await expect(request.dispensing()).toBeVisible()

      // The first pack matched starts dispensing. A pack of something else is refused, big, with what was scanned and what was expected; Enter does not dismiss it.
      const stock = await look<{ lines: Array<{ lineId: string; prescribedName: string; picks: Pick[] }> }>(
        'stock.request',
        { id }
      )
      const firstPick = stock.lines[0]!.picks[0]!
      const pack = await look<{ gtins: Array<{ gtin: string }> }>('stock.pack', { amppId: firstPick.amppId })
      await wedgeScan(
        page,
        encodeGs1(
          packFields({
            gtin: pack.gtins[0]!.gtin,
            expiry: yymmdd(firstPick.expiry),
            batch: 'NEVERBOOKED',
            serial: 'X1'
          })
        )
      )
      await expect(request.refusal()).toBeVisible()
      await expect(request.refusal()).toContainText('NEVERBOOKED')
      await expect(request.refusal().locator('.refusal-expected')).not.toBeEmpty()
      await page.keyboard.press('Enter')
      await expect(request.refusal()).toBeVisible()
      await page.keyboard.press('Escape')
      await expect(request.refusal()).toHaveCount(0)
      await request.expectOpen()
      // A refused scan starts nothing: the first matched pack will.
      await request.expectStage('Ready to dispense')

      const codes = await scanEveryPack(page, look, request)
      expect(codes.length).toBeGreaterThan(0)
      await expect(request.dispensing()).toContainText('every line complete')

      // The last pack matched printed the labels.
      await request.expectStage('Labelled', 30_000)
      expect(printer.jobs.length).toBeGreaterThan(0)

      // An accuracy checker who assembled none of it re-scans every labelled pack.
      await signOutAndIn(page, 'Priya Shah', '3333')
      await openRequest(page, id)
      // Each pack, then the dispensing label on it.
      await request.accuracyCheckWith(rescansWithLabels(await look<DispensingView>('dispensing.view', { id }), codes))

      // Sent as its service says, with Sam Patel as Responsible Pharmacist: by carrier with a
      // scanned tracking number, or collected at the counter.
      await ensureResponsiblePharmacist(counter.openUrl, 'spatel', '1111')
      const sent = await request.packAndSend()

      // Phensys (the training sandbox) records it once the outbox has synced.
      const expected = sent === 'collected' ? 'delivered' : 'dispatched'
      await expect
        .poll(async () => (await look<{ snapshot: { state: string } }>('requests.get', { id })).snapshot.state, {
          timeout: 60_000
        })
        .toBe(expected)
      await expect(request.phensysState()).toContainText(expected === 'delivered' ? 'Delivered' : 'Dispatched', {
        timeout: 30_000
      })
    } finally {
      await printer.close()
    }
  })
}
