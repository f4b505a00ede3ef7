import { test, expect } from './fixtures'
import { signOutAndIn } from './support/counter'

test('F3 opens Dispatch: an administrator edits the carriers (main’s refusal shown), a dispenser reads them and imports a carrier CSV, problems first', async ({
  page,
  signIn,
  worklist
}) => {
  await signIn.signInAs('Training Administrator', '9999')
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
  await page.keyboard.press('F3')
  const dispatch = page.getByRole('main', { name: 'Dispatch' })
  await expect(dispatch).toBeVisible()

  // An administrator only sees the carriers, editable.
  const carriers = dispatch.getByRole('region', { name: 'Carriers' })
  await expect(carriers.getByLabel('Service 1 Phensys code')).toHaveValue('royal_mail_tracked_24')
  await expect(carriers.getByLabel('Service 4 tracking format')).toHaveValue('pattern')
  await carriers.getByLabel('Service 4 pattern').fill('^(\\d{14}$')
  await carriers.getByRole('button', { name: 'Save carriers' }).click()
  await expect(carriers.getByRole('alert')).toContainText(
    'Service 4 (courier_next_day), pattern: not a valid regular expression'
  )
  await carriers.getByLabel('Service 4 pattern').fill('^\\d{14}$')
  await carriers.getByLabel('Service 2 enabled').uncheck()
  await carriers.getByRole('button', { name: 'Save carriers' }).click()
  await expect(carriers.getByRole('status')).toHaveText('Saved.')
  await expect(carriers.getByRole('alert')).toHaveCount(0)

  // A dispenser: manifests first (1), the carriers read-only (3), carrier outcomes (2).
  await page.keyboard.press('Escape')
  await signOutAndIn(page, 'Alex Jones', '2222')
  await page.keyboard.press('F3')
  await expect(dispatch.getByRole('region', { name: 'Manifests' })).toBeVisible()
  await page.keyboard.press('3')
  await expect(carriers).toContainText('Only an administrator can change them.')
  await expect(carriers.getByRole('textbox')).toHaveCount(0)
  await expect(carriers.locator('tbody tr').nth(1)).toContainText(/royal_mail_tracked_48.*No$/)

  await page.keyboard.press('2')
  const outcomes = dispatch.getByRole('region', { name: 'Carrier outcomes' })
  const csv = [
    'Tracking number,Status,Date',
    'ZZ999999995GB,Delivered,27/11/2026 14:05',
    'AB123456785GB,In transit,27/11/2026 08:00',
    ',Delivered,27/11/2026 10:00',
    ''
  ].join('\r\n')
  await outcomes
    .getByLabel(/Carrier CSV file/)
    .setInputFiles({ name: 'royal-mail-27-11.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  const report = outcomes.getByRole('region', { name: 'Import of royal-mail-27-11.csv' })
  await expect(report.getByRole('alert')).toHaveText('3 lines · 0 recorded · 0 already recorded · 3 problems')
  const rows = report.locator('tbody tr')
  await expect(rows).toHaveCount(3)
  await expect(rows.nth(0)).toContainText('Unmatched')
  await expect(rows.nth(0)).toContainText('No parcel sent from here has tracking number ZZ999999995GB.')
  await expect(rows.nth(1)).toContainText('"In transit" is neither delivered nor returned')
  await expect(rows.nth(2)).toContainText('No tracking number on this line.')

  // A file main cannot read at all says why.
  await outcomes
    .getByLabel(/Carrier CSV file/)
    .setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from('Order,Customer\r\n1,A\r\n') })
  await expect(outcomes.getByRole('region', { name: 'Import of orders.csv' }).getByRole('alert')).toContainText(
    'The header (Order, Customer) has no column for a tracking number'
  )

  // Dropped on the screen, a file is imported the same way.
  // (A string, run in the page: the e2e code is typed without the DOM's DataTransfer.)
  const dropped = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer()
    transfer.items.add(new File(['Barcode,Last event,Event date\\n'], 'dpd-empty.csv', { type: 'text/csv' }))
    return transfer
  })()`)
  await outcomes.locator('.drop-zone').dispatchEvent('drop', { dataTransfer: dropped })
  await expect(outcomes.getByRole('region', { name: 'Import of dpd-empty.csv' })).toContainText(
    'The file has a header and no lines.'
  )

  // The screen's keys work beside the file chooser too: 1 the manifests, Escape back to the worklist.
  await page.keyboard.press('1')
  await expect(dispatch.getByRole('region', { name: 'Manifests' })).toBeVisible()
  await page.keyboard.press('Escape')
  await worklist.expectLoaded()
})
