import { test, expect } from './fixtures'
import { requestLabelPayload } from '../src/shared/scan/own-labels'
import { GS } from '../src/shared/gs1'
import { allowPausesUpTo, wedgeScan } from './support/wedge'

test('a keyboard-wedge scan is read, never typed into a field, and a person typing is left alone', async ({
  page,
  signIn,
  worklist
}) => {
  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
  await allowPausesUpTo(page, 100)
  await worklist.expectLoaded()
  const search = page.getByLabel('Search requests')
  const toast = page.getByRole('status', { name: 'Last scan' })

  // A person typing slowly: every character arrives, in order, and it is no scan.
  await search.click()
  await page.keyboard.type('Patelx', { delay: 120 })
  await expect(search).toHaveValue('Patelx')
  await page.keyboard.press('Backspace')
  await expect(search).toHaveValue('Patel')
  await expect(toast).toHaveCount(0)
  await search.fill('')
  // Fast, but with no Enter or Tab after it: typing too, handed back intact once the burst ends.
  await page.keyboard.type('Jonesy', { delay: 5 })
  await expect(search).toHaveValue('Jonesy')
  await expect(toast).toHaveCount(0)
  await search.fill('')

  // A GS1 pack code with the batch's end marked by GS (Ctrl+]): read as a pack, nothing typed.
  await wedgeScan(page, '010950600013435210BATCH7' + GS + '1730123121SER123')
  await expect(toast).toContainText('Pack: GTIN 09506000134352, batch BATCH7, expiry 31/12/2030, serial SER123')
  await expect(search).toHaveValue('')
  await expect(search).toBeFocused()

  // The same, with the scanner sending the GS character itself (as text, not a key).
  await wedgeScan(page, '010950600013435210BATCH8' + GS + '1730123121SER124', 'text')
  await expect(toast).toContainText('Pack: GTIN 09506000134352, batch BATCH8, expiry 31/12/2030, serial SER124')
  await expect(search).toHaveValue('')

  // Something we do not know: shown exactly as read, the GS made visible.
  await wedgeScan(page, 'ABC?XYZ' + GS + '123')
  await expect(toast).toContainText('Not recognised: read')
  await expect(toast.locator('.scan-read')).toHaveText('ABC?XYZ\u241d123')
  await expect(search).toHaveValue('')

  // A label in short form (a long id's) that no request here carries: not known here, what was read shown, nothing opened.
  const stranger = requestLabelPayload('x'.repeat(64))
  expect(stranger).toMatch(/^PC-REQ:%%/)
  await wedgeScan(page, stranger)
  await expect(toast).toContainText('This label is not known here: read')
  await expect(toast.locator('.scan-read')).toHaveText(stranger)
  await worklist.expectLoaded()
  await expect(search).toHaveValue('')

  // One of our request labels opens its request.
  const id = await worklist.rows().nth(1).getAttribute('data-request-id')
  expect(id).toBeTruthy()
  await wedgeScan(page, requestLabelPayload(id!))
  await expect(page.getByRole('main', { name: `Request ${id}` })).toBeVisible()
  await expect(toast).toContainText(`Request label: ${id}`)
})

test('the scanner screen opens with F7 and shows the pairing code and the scans read', async ({
  page,
  signIn,
  worklist
}) => {
  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
  await page.keyboard.press('F7')
  await expect(page.getByRole('heading', { name: 'Keyboard scanner' })).toBeVisible()
  await expect(page.getByRole('img', { name: 'Pairing barcode' }).locator('svg')).toBeVisible()

  // The pairing code as a scanner types it, GS as Ctrl+]: learnt and offered as settings.
  await wedgeScan(page, ']d2010950600013435210PAIR42' + GS + '1730123121SETUP7')
  const learnt = page.getByRole('definition').filter({ hasText: 'Ctrl+]' })
  await expect(learnt).toBeVisible()
  await expect(page.getByLabel('What pairing learnt')).toContainText('symbology identifier ]d2')
  await expect(page.getByRole('table', { name: 'Recent scans' })).toContainText('GTIN 09506000134352, batch PAIR42')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Saved: keyboard scanners on this workstation now follow these settings.')).toBeVisible()
})
