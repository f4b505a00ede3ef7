import { test, expect } from './fixtures'
import { startFakePrinter } from './support/fake-printer'
import { contractSession } from './support/contract'
import { openRequest } from './support/counter'
import { readyRequest, scanReservedPacks } from './support/supply-over-http'

/**
 * Printing tells the truth on the request screen: the labels job of a dispensed request is
 * "no printer configured" (and where to set one up) until there is one, "printer offline — job
 * kept" while the printer does not answer, then "sent"; a dispenser prints one label again from
 * the request (I) with a reason chosen from the list.
 */
test('labels: no printer configured, then printer offline (job kept), then sent; a dispenser reprints one label with a reason from the list', async ({
  page,
  counter,
  signIn
}) => {
  test.setTimeout(150_000)
  const dispenser = await contractSession(counter.openUrl, 'ajones', '2222')
  const admin = await contractSession(counter.openUrl, 'admin', '9999')
  const id = await readyRequest(dispenser)
  // The pharmacist's clinical check first: the last pack scanned then asks for the labels.
  const pharmacist = await contractSession(counter.openUrl, 'spatel', '1111')
  await pharmacist('requests.clinicalCheck', { id, outcome: 'approved' })
  await scanReservedPacks(dispenser, id)

  await signIn.signInAs('Alex Jones', '2222')
  const request = await openRequest(page, id)
  const printing = page.getByRole('region', { name: 'Printing' })
  await expect(printing).toContainText('No printer configured: the job is kept until one is set up (Devices, F8')
  await request.expectStage('Dispensing')

  // A printer that does not answer: the job waits, and says so.
  const gone = await startFakePrinter()
  const deadPort = gone.port
  await gone.close()
  const { settings } = await admin<{ settings: object }>('devices.status', {})
  const printerAt = (port: number) =>
    admin('devices.setSettings', {
      ...settings,
      labelPrinter: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 500, writeTimeoutMs: 1000 }
    })
  await printerAt(deadPort)
  await expect(printing).toContainText('Printer offline — job kept: it prints when the printer answers', {
    timeout: 30_000
  })

  // The printer answers: the labels print and the request is labelled.
  const printer = await startFakePrinter()
  try {
    await printerAt(printer.port)
    await expect(printing).toContainText('Sent: the printer has it', { timeout: 30_000 })
    await request.expectStage('Labelled', 30_000)
    expect(printer.jobs).toHaveLength(1)

    // A dispenser prints one label again, from the request, with a reason from the list.
    await page.keyboard.press('i')
    const dialog = page.getByRole('dialog', { name: 'Reprint: dispensing labels' })
    await expect(dialog).toBeVisible()
    await dialog.getByLabel('What to print again').selectOption({ index: 1 })
    await dialog.getByLabel('Why is it printed again?').selectOption('damaged')
    await dialog.getByLabel('Why is it printed again?').press('Tab')
    if (await dialog.getByLabel('In words').count()) await page.keyboard.press('Tab')
    await expect(dialog.getByRole('button', { name: 'Reprint' })).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('status').filter({ hasText: /sent again as job \d+/ })).toBeVisible()
    await expect.poll(() => printer.jobs.length, { timeout: 30_000 }).toBe(2)
    expect(printer.jobs[1]!.split('^XA').length).toBeLessThanOrEqual(printer.jobs[0]!.split('^XA').length)
  } finally {
    await printer.close()
  }
})
