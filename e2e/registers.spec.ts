import { test, expect } from './fixtures'
import { RegistersPage } from './pages/registers-page'
import { startFakePrinter } from './support/fake-printer'
import { supplyADemoRequest } from './support/supply-over-http'

const today = (): string => new Date().toLocaleDateString('en-CA')

test('a pharmacist signs in as Responsible Pharmacist, the header says so, and the RP record lists and exports the period', async ({ page, signIn, worklist }) => {
  const registers = new RegistersPage(page)
  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
  await expect(registers.rpIndicator()).toContainText('No Responsible Pharmacist signed in')

  // F2 opens the RP panel; S signs in as RP, A records an absence, R the return: all by keyboard.
  await page.keyboard.press('F2')
  const panel = page.getByRole('main', { name: 'Responsible Pharmacist' })
  await expect(panel).toBeVisible()
  await page.keyboard.press('s')
  await expect(registers.rpIndicator()).toContainText(/RP: Sam Patel · GPhC 2071234 · since \d\d:\d\d/)
  await page.keyboard.press('a')
  await expect(registers.rpIndicator()).toContainText(/RP absent since \d\d:\d\d \(0 min\)/)
  await page.keyboard.press('r')
  await expect(registers.rpIndicator()).toContainText('RP: Sam Patel')
  await page.keyboard.press('Escape')
  await worklist.expectLoaded()

  await registers.open()
  const record = await registers.tab('3', 'RP record')
  await registers.setDates(today(), today())
  const rows = record.locator('tbody tr')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('Sam Patel')
  await expect(rows.first()).toContainText('2071234')
  await expect(rows.first()).toContainText('RP now')

  const { download, text } = await registers.export(record, 'CSV')
  expect(download.suggestedFilename()).toBe(`responsible-pharmacist-record_${today()}_${today()}.csv`)
  const lines = text.replace(/^\ufeff/, '').trimEnd().split('\r\n')
  expect(lines).toHaveLength(2)
  expect(lines[0]).toMatch(/^Pharmacist,GPhC number,RP from,RP until,Absences/)
  expect(lines[1]).toMatch(/^Sam Patel,2071234,".+",still RP,".+ – .+",0 min,no,,$/)

  const pdf = await registers.export(record, 'PDF')
  expect(pdf.download.suggestedFilename()).toMatch(/\.pdf$/)
  expect(pdf.text.startsWith('%PDF-')).toBe(true)

  // Escape goes back; the header still shows who is RP on every screen.
  await page.keyboard.press('Escape')
  await worklist.expectLoaded()
  await expect(registers.rpIndicator()).toContainText('RP: Sam Patel')
})

test('a request supplied through the workflow appears in the POM register, its CSV export and a batch recall', async ({ page, counter, signIn, worklist }) => {
  test.setTimeout(120_000)
  const printer = await startFakePrinter()
  try {
    const { id, packs } = await supplyADemoRequest(counter.openUrl, printer.port)

    const registers = new RegistersPage(page)
    await signIn.signInAs('Sam Patel', '1111')
    await worklist.expectLoaded()
    await registers.open()
    const pom = await registers.tab('1', 'POM register')
    await registers.setDates(today(), today())
    const entries = pom.locator(`tbody tr[data-request-id="${id}"]`)
    await expect(entries.first()).toBeVisible()
    const count = await entries.count()

    const { text } = await registers.export(pom, 'CSV')
    const rows = text.replace(/^\ufeff/, '').trimEnd().split('\r\n').slice(1)
    expect(rows.filter((row) => row.includes(id))).toHaveLength(count)

    // Out of the buttons and fields, Enter opens the selected entry's request.
    await entries.first().click()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('main', { name: `Request ${id}` })).toBeVisible()

    // Batch recall (4) by the pack and batch that went: the patient and the request, supplied.
    await registers.open()
    const recall = await registers.tab('4', 'Batch recall')
    await recall.getByLabel('Product', { exact: true }).fill(packs[0]!.amppId)
    await recall.getByLabel('Batch', { exact: true }).fill(packs[0]!.batchNo)
    await page.keyboard.press('Enter')
    const hit = recall.locator(`tbody tr[data-request-id="${id}"]`).first()
    await expect(hit).toContainText('Supplied')
    await expect(hit).toContainText(packs[0]!.batchNo)
    await expect(recall.locator('tbody tr.not-supplied')).toHaveCount(0)
  } finally {
    await printer.close()
  }
})
