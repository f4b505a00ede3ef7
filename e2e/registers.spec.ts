import { test, expect } from './fixtures'
import { RegistersPage } from './pages/registers-page'
import { startFakePrinter } from './support/fake-printer'
import { contractSession } from './support/contract'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { supplyADemoRequest } from './support/supply-over-http'
import { londonDate } from '../src/shared/time/london'

const today = (): string => londonDate(new Date())

test('a pharmacist signs in as Responsible Pharmacist, the header says so, and the RP record lists and exports the period', async ({
  page,
  signIn,
  worklist
}) => {
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
  const lines = text
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n')
  expect(lines).toHaveLength(3)
  expect(lines[0]).toMatch(/^Pharmacist,GPhC number,RP from,RP until,Absences/)
  expect(lines[1]).toMatch(/^Sam Patel,2071234,".+",still RP,".+ – .+",0 min,no,,$/)
  // The audit trail's head as it stood, kept with the record.
  expect(lines[2]).toMatch(/^"Audit trail at entry \d+, hash [0-9a-f]{64}"$/)

  const pdf = await registers.export(record, 'PDF')
  expect(pdf.download.suggestedFilename()).toMatch(/\.pdf$/)
  expect(pdf.text.startsWith('%PDF-')).toBe(true)

  // Escape goes back; the header still shows who is RP on every screen.
  await page.keyboard.press('Escape')
  await worklist.expectLoaded()
  await expect(registers.rpIndicator()).toContainText('RP: Sam Patel')
})

test('a request supplied through the workflow appears in the POM register, its CSV export and a batch recall', async ({
  page,
  counter,
  signIn,
  worklist
}) => {
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
    const rows = text
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n')
      .slice(1)
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

/** MST Continus 10mg tablets, 60: a Schedule 2 pack in the training catalogue. */
const SCHEDULE_2_PACK = { amppId: '43002511000001101', gtin: '05000000102501' }

/** The dispenser orders packs of SCHEDULE_2_PACK of `batch` and books each serial in at goods-in. */
async function schedule2PacksBookedIn(openUrl: string, batch: string, serials: readonly string[]): Promise<void> {
  const dispenser = await contractSession(openUrl, 'ajones', '2222')
  await dispenser('stock.placeOrder', { lines: [{ amppId: SCHEDULE_2_PACK.amppId, packs: serials.length }] })
  for (const serial of serials)
    await dispenser('stock.receiveScan', {
      raw: encodeGs1(packFields({ gtin: SCHEDULE_2_PACK.gtin, expiry: '291231', batch, serial })),
      deliveryId: null
    })
}

test('goods-in of a Schedule 2 drug shows in its CD register section: the receipts, the running balance and the ledger check', async ({
  page,
  counter,
  signIn,
  worklist
}) => {
  await schedule2PacksBookedIn(counter.openUrl, 'CDE2E', ['CDE2E1', 'CDE2E2'])
  const dispenser = await contractSession(counter.openUrl, 'ajones', '2222')
  const sections = await dispenser<Array<{ id: number; drug: string; balance: number; check: { difference: number } }>>(
    'registers.cd.sections',
    {}
  )
  const section = sections.find((s) => s.drug === 'Morphine sulfate 10mg modified-release tablets')
  expect(section, 'the section of MST Continus 10mg’s VMP').toBeTruthy()

  const registers = new RegistersPage(page)
  await signIn.signInAs('Alex Jones', '2222')
  await worklist.expectLoaded()
  await registers.open()
  const cd = await registers.tab('2', 'CD register')
  await cd.getByLabel('Section').selectOption(String(section!.id))
  const receipts = cd.locator('tbody tr', { hasText: 'CDE2E' })
  await expect(receipts).toHaveCount(2)
  await expect(receipts.first()).toContainText('Receipt')
  // Newest last: the running balance after the second receipt is the section's balance.
  await expect(cd.locator('tbody tr').last()).toContainText(`${section!.balance} tablet`)
  // The check against the stock ledger: said loudly, with the difference, whenever they disagree.
  if (section!.check.difference === 0) await expect(cd.locator('.cd-check.ok')).toBeVisible()
  else await expect(cd.getByRole('alert')).toContainText(`differ by ${section!.check.difference} tablet`)

  const { text } = await registers.export(cd, 'CSV')
  expect(text).toContain('CDE2E')
})

test('a pharmacist recalls a batch from the Recall tab by keyboard: the record shows at the top and its packs are refused', async ({
  page,
  counter,
  signIn,
  worklist
}) => {
  const dispenser = await contractSession(counter.openUrl, 'ajones', '2222')
  const pack = (serial: string) =>
    encodeGs1(packFields({ gtin: SCHEDULE_2_PACK.gtin, expiry: '291231', batch: 'RCE2E', serial }))
  await dispenser('stock.receiveScan', { raw: pack('RCE2E1'), deliveryId: null })

  const registers = new RegistersPage(page)
  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
  await registers.open()
  const recall = await registers.tab('4', 'Batch recall')
  await recall.getByLabel('Product', { exact: true }).fill(SCHEDULE_2_PACK.amppId)
  await recall.getByLabel('Batch', { exact: true }).fill('RCE2E')
  await page.keyboard.press('Enter')
  await expect(recall.locator('.recall-summary')).toBeVisible()

  // From the batch field: Search, then Recall this batch; Enter opens the dialog with the pack and batch filled in.
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(recall.getByRole('button', { name: 'Recall this batch…' })).toBeFocused()
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Recall this batch' })
  await expect(dialog.getByLabel('Pack (AMPP code or GTIN)')).toHaveValue(SCHEDULE_2_PACK.amppId)
  await expect(dialog.getByLabel('Batch')).toHaveValue('RCE2E')
  // Focus starts at the reference; the class and note follow by Tab; Enter records it.
  await expect(dialog.getByLabel('Alert reference')).toBeFocused()
  // Filled, not typed: a burst of keys ending in Tab reads as a scanner's (see Scanners).
  await dialog.getByLabel('Alert reference').fill('MHRA drug alert EL(26)A/12')
  await page.keyboard.press('Tab')
  await expect(dialog.getByLabel('Class')).toBeFocused()
  await dialog.getByLabel('Class').selectOption('2')
  await page.keyboard.press('Tab')
  await expect(dialog.getByLabel('Note')).toBeFocused()
  await dialog.getByLabel('Note').fill('Out-of-specification dissolution')
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()

  await expect(recall.getByRole('status')).toContainText('is recalled (MHRA drug alert EL(26)A/12, class 2)')
  const record = recall.getByRole('region', { name: 'Recall of batch RCE2E' })
  await expect(record).toContainText('MHRA drug alert EL(26)A/12, class 2')
  await expect(record).toContainText('Sam Patel')
  await expect(record).toContainText('Out-of-specification dissolution')

  // The pack on the shelf went to quarantine; another of the batch arriving is not booked in.
  const detail = await dispenser<{ batches: Array<{ batchNo: string; onHand: number }> }>('stock.pack', {
    amppId: SCHEDULE_2_PACK.amppId
  })
  expect(detail.batches.find((batch) => batch.batchNo === 'RCE2E')?.onHand ?? 0).toBe(0)
  const again = await dispenser<{ line: { booked: boolean; flags: Array<{ code: string }> } }>('stock.receiveScan', {
    raw: pack('RCE2E2'),
    deliveryId: null
  })
  expect(again.line).toMatchObject({ booked: false, flags: [{ code: 'recalled' }] })
})

test('a pharmacist destroys quarantined Schedule 2 stock from the pack: refused without a witness, then destroyed before one; the quarantine goes down and the CD register has the entry', async ({
  page,
  counter,
  signIn,
  worklist
}) => {
  await schedule2PacksBookedIn(counter.openUrl, 'CDQ28', ['CDQ28A'])
  const dispenser = await contractSession(counter.openUrl, 'ajones', '2222')

  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
  await page.keyboard.press('F6')
  await page.getByLabel('Search stock').fill(SCHEDULE_2_PACK.gtin)
  await expect(page.locator('tbody tr[aria-selected="true"]')).toContainText('MST Continus')
  await page.keyboard.press('Enter')
  const batch = page.locator('tbody tr', { hasText: 'CDQ28' })
  const quarantined = batch.locator('td').nth(5)

  // 10 tablets set aside in quarantine (the write-off dialog).
  await batch.getByRole('button', { name: 'Write off' }).click()
  const writeOff = page.getByRole('dialog', { name: 'Write off a batch' })
  await expect(writeOff.getByLabel('Quantity in tablet')).toBeFocused()
  // Typed at a person's pace: a scanner-fast burst would be read as a scan and set aside.
  await page.keyboard.type('10', { delay: 150 })
  await writeOff.getByRole('combobox').selectOption('quarantine')
  await writeOff.getByLabel('Reason').fill('Blister crushed in the delivery')
  await writeOff.getByLabel('Reason').press('Enter')
  await expect(quarantined).toHaveText('10 tablets')

  // Destroyed: refused in words without the authorised witness, recorded with one.
  await batch.getByRole('button', { name: 'Destroy or return quarantined' }).click()
  const destroy = page.getByRole('dialog', { name: 'Destroy or return quarantined stock' })
  await expect(destroy.getByLabel('Quantity in tablet')).toBeFocused()
  await page.keyboard.type('4', { delay: 150 })
  await expect(destroy.getByLabel('Quantity in tablet')).toHaveValue('4')
  await expect(destroy.getByRole('combobox')).toHaveValue('destruction')
  await destroy.getByLabel('Reason').fill('Denatured in a CD kit')
  await destroy.getByLabel('Reason').press('Enter')
  await expect(destroy.getByRole('alert')).toContainText(
    'Schedule 2 stock is destroyed only before an authorised witness'
  )
  await destroy.getByLabel(/Authorised witness/).fill('Dana Whitfield')
  await destroy.getByLabel('Reason').press('Enter')
  await expect(page.getByRole('status').filter({ hasText: 'Batch CDQ28: 6 tablets in quarantine now.' })).toBeVisible()
  await expect(quarantined).toHaveText('6 tablets')

  const sections = await dispenser<Array<{ id: number; drug: string }>>('registers.cd.sections', {})
  const section = sections.find((s) => s.drug === 'Morphine sulfate 10mg modified-release tablets')
  const registers = new RegistersPage(page)
  await registers.open()
  const cd = await registers.tab('2', 'CD register')
  await cd.getByLabel('Section').selectOption(String(section!.id))
  const entry = cd.locator('tbody tr', { hasText: 'Dana Whitfield' })
  await expect(entry).toHaveCount(1)
  await expect(entry).toContainText('4 tablets')
})
