import { readFileSync } from 'node:fs'
import { resourcePath } from '../src/main/resources'
import { test, expect } from './fixtures'
import { DevicesPage } from './pages/devices-page'
import { encodeGs1, GS, packFields, withGs1CheckDigit } from '../src/shared/gs1'
import { makeVisible } from '../src/shared/scan/visible'
import { startFakePrinter } from './support/fake-printer'
import { allowPausesUpTo, wedgeScan } from './support/wedge'

test('an administrator sets up a network label printer and prints a test label; while the printer is away the job waits, and nothing is lost', async ({
  page,
  signIn
}) => {
  let printer = await startFakePrinter({ status: { paperOut: true } })
  try {
    await signIn.signInAs('Training Administrator', '9999')
    await expect(page.getByRole('button', { name: 'Devices' })).toBeVisible()
    const devices = new DevicesPage(page)
    await devices.openWithF8()
    await expect(devices.printerStatus()).toContainText('Not configured')

    await devices.useNetworkPrinter('127.0.0.1', printer.port)
    await expect(devices.printerStatus()).toContainText(`tcp://127.0.0.1:${printer.port}`)
    // The printer's ~HS answer is read and shown.
    await expect(devices.printerStatus().getByTestId('printer-reachable')).toHaveText('Yes')
    await expect(devices.printerStatus()).toContainText('paper out')

    const first = await devices.printTestLabel()
    await expect(devices.jobState(first)).toHaveText(/^Sent/)
    await expect.poll(() => printer.jobs.length).toBe(1)
    const zpl = printer.jobs[0]!
    expect(zpl.startsWith('^XA')).toBe(true)
    expect(zpl).toContain('^CI28')
    expect(zpl).toContain('TEST LABEL')

    // The printer goes away: the next job is kept and retried, with the reason shown.
    const port = printer.port
    await printer.close()
    const second = await devices.printTestLabel()
    await expect(devices.jobState(second)).toHaveText(
      /^Printer offline — job kept: it prints when the printer answers.*connection refused.*\(\d+ attempts?\)/
    )
    await expect(devices.printerStatus().getByTestId('printer-reachable')).toHaveText('No')
    await expect(devices.jobState(first)).toHaveText(/^Sent/)

    // Back again: the waiting job prints, once.
    printer = await startFakePrinter({ status: { paperOut: true }, port })
    await expect(devices.jobState(second)).toHaveText(/^Sent/, { timeout: 20_000 })
    await expect.poll(() => printer.jobs.length).toBe(1)
    expect(printer.jobs[0]!.startsWith('^XA')).toBe(true)

    // Reprints are for the staff who label: a pharmacist reprints with a reason.
    await expect(devices.job(first).getByRole('button', { name: /Reprint/ })).toHaveCount(0)
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await signIn.signInAs('Sam Patel', '1111')
    await expect(page.getByRole('button', { name: 'Devices' })).toBeVisible()
    await devices.openWithF8()
    await devices
      .job(first)
      .getByRole('button', { name: `Reprint job ${first}` })
      .click()
    const reprint = page.getByRole('dialog', { name: `Reprint job ${first}` })
    await reprint.getByLabel('Why is it printed again?').selectOption('other')
    await reprint.getByLabel('In words').fill('Label smudged')
    await page.keyboard.press('Enter')
    const sent = page.getByRole('status').filter({ hasText: new RegExp(`^Job ${first} sent again as job \\d+\\.$`) })
    await expect(sent).toBeVisible()
    const again = Number(/as job (\d+)/.exec((await sent.textContent()) ?? '')?.[1])
    await expect(devices.job(again)).toContainText(`reprint of job ${first}`)
    await expect(devices.jobState(again)).toHaveText(/^Sent/)
    await expect.poll(() => printer.jobs.length).toBe(2)
  } finally {
    await printer.close()
  }
})

/**
 * Browser mode's documented HTTP protocol (README), with the token from the page's address: what an
 * administrator would set on the Devices screen, plus a write timeout the screen does not offer.
 */
async function setLabelPrinterOverHttp(openUrl: string, labelPrinter: object): Promise<void> {
  const url = new URL(openUrl)
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? ''
  const post = async (
    path: string,
    body: object,
    sessionId?: string
  ): Promise<{
    ok?: boolean
    value?: unknown
    sessionId?: string
    renewedSessionId?: string
    error?: { message: string }
  }> => {
    const response = await fetch(new URL(path, url.origin), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(sessionId ? { 'x-counter-session': sessionId } : {})
      },
      body: JSON.stringify(body)
    })
    return (await response.json()) as {
      ok?: boolean
      value?: unknown
      sessionId?: string
      renewedSessionId?: string
      error?: { message: string }
    }
  }
  const opened = (await post('/api/session', {})).sessionId
  expect(opened).toBeTruthy()
  const signedIn = await post('/api/call/auth.signIn', { username: 'admin', secret: '9999' }, opened)
  expect(signedIn.ok).toBe(true)
  // Signing in gives the session a new id.
  const sessionId = signedIn.renewedSessionId
  const status = await post('/api/call/devices.status', {}, sessionId)
  const settings = (status.value as { settings: object }).settings
  const saved = await post('/api/call/devices.setSettings', { ...settings, labelPrinter }, sessionId)
  expect(saved.error?.message ?? null).toBeNull()
}

test('a job the printer never acknowledged is settled by a pharmacist looking at the printer: sent again, then recorded as printed', async ({
  page,
  counter,
  signIn,
  worklist
}) => {
  const printer = await startFakePrinter({ status: { paperOut: true }, acknowledge: false })
  try {
    await setLabelPrinterOverHttp(counter.openUrl, {
      kind: 'tcp',
      host: '127.0.0.1',
      port: printer.port,
      writeTimeoutMs: 1000
    })
    await signIn.signInAs('Sam Patel', '1111')
    await worklist.expectLoaded()
    const devices = new DevicesPage(page)
    await devices.openWithF8()
    await expect(devices.printerStatus()).toContainText(`tcp://127.0.0.1:${printer.port}`)
    // Not an administrator: the printer is shown, not edited.
    await expect(devices.printerSettings()).toHaveCount(0)

    const job = await devices.printTestLabel()
    await expect(devices.jobState(job)).toHaveText(/^Unconfirmed \(1 attempt\): .*It may have printed/)
    expect(printer.jobs).toHaveLength(1)

    await devices.job(job).getByRole('button', { name: 'It did not print' }).click()
    await expect(page.getByRole('status').filter({ hasText: `Job ${job} will be sent again.` })).toBeVisible()
    await expect.poll(() => printer.jobs.length).toBe(2)
    await expect(devices.jobState(job)).toHaveText(/^Unconfirmed \(2 attempts\): /)

    await devices.job(job).getByRole('button', { name: 'It printed' }).click()
    await expect(devices.jobState(job)).toHaveText(/^Sent/)
    await expect(devices.job(job).getByRole('button', { name: `Reprint job ${job}` })).toBeVisible()
    expect(printer.jobs).toHaveLength(2)
  } finally {
    await printer.close()
  }
})

/** A current pack from the catalogue's GTIN list, and its name. */
function catalogueLines(file: string): string[] {
  return readFileSync(resourcePath('catalogue', file), 'utf8').trim().split(/\r?\n/).slice(1)
}
// Not one the training wholesalers answer specially (no substitute, no rejection).
const KNOWN = {
  amppId: '43000051000001109',
  gtin: '05000000100040',
  name: 'Lansoprazole 15mg gastro-resistant capsules (Lupin Healthcare (UK) Ltd) 28 capsule'
}

test('goods-in: a pack scanned with a keyboard-wedge scanner is booked against its order; an unknown GTIN is refused with what was read', async ({
  page,
  signIn,
  worklist
}) => {
  const gtins = catalogueLines('pack-gtins.csv').map((line) => line.split(','))
  expect(gtins.some(([amppId, gtin, , end]) => amppId === KNOWN.amppId && gtin === KNOWN.gtin && !end)).toBe(true)
  expect(
    catalogueLines('packs.csv').some((line) => line.startsWith(`${KNOWN.amppId},`) && line.includes(KNOWN.name))
  ).toBe(true)
  const unknownGtin = withGs1CheckDigit('0509999900001')
  expect(gtins.some(([, gtin]) => gtin === unknownGtin)).toBe(false)

  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
  await allowPausesUpTo(page, 100)
  await worklist.expectLoaded()

  // An open order for the pack: Stock (F6), find it by GTIN, open it, O to order one.
  await page.keyboard.press('F6')
  await page.getByLabel('Search stock').fill(KNOWN.gtin)
  await expect(page.locator('tbody tr[aria-selected="true"]')).toContainText(KNOWN.name)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: KNOWN.name })).toBeVisible()
  await page.keyboard.press('o')
  await page.keyboard.press('Enter')
  const placed = page.getByRole('status').filter({ hasText: /^Order \S+ to .+: Placed;/ })
  await expect(placed).toBeVisible()
  // Escape closes the pack, back to the levels and their search field; Escape leaves the field; 2: goods-in.
  await page.keyboard.press('Escape')
  await expect(page.getByLabel('Search stock')).toBeFocused()
  await page.keyboard.press('Escape')
  await page.keyboard.press('2')
  await expect(page.getByLabel(/Scan a pack/)).toBeFocused()

  // The pack on the order, scanned: booked in against the order.
  const code = encodeGs1(packFields({ gtin: KNOWN.gtin, expiry: '351231', batch: 'E2EB1', serial: `SN${Date.now()}` }))
  expect(code).toContain(GS)
  await wedgeScan(page, code)
  const last = page.locator('.last-scan')
  await expect(last.locator('.headline')).toHaveText(`✓ Booked: ${KNOWN.name}`)
  await expect(last).toContainText('Batch E2EB1 · expiry 31/12/2035')
  await expect(last).toContainText(/· order \d+/)
  await expect(last.locator('.scan-read')).toHaveText(makeVisible(code))
  await expect(page.getByLabel(/Scan a pack/)).toHaveValue('')

  // A GTIN the catalogue does not know: refused, with exactly what was read.
  const unknown = encodeGs1(packFields({ gtin: unknownGtin, expiry: '351231', batch: 'X1', serial: 'S1' }))
  await wedgeScan(page, unknown)
  await expect(last.locator('.headline')).toHaveText(`✗ Not booked: unknown GTIN ${unknownGtin}`)
  await expect(last).toContainText(`GTIN ${unknownGtin} is not in the catalogue`)
  await expect(last.locator('.scan-read')).toHaveText(makeVisible(unknown))
  await expect(page.getByRole('heading', { level: 2, name: /^Delivery \d+/ })).toContainText('1 booked in, 1 flagged')
})
