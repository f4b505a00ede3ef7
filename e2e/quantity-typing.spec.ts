import { test, expect } from './fixtures'
import { contractSession } from './support/contract'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { wedgeScan } from './support/wedge'

const PACK = {
  gtin: '05000000100040',
  name: 'Lansoprazole 15mg gastro-resistant capsules (Lupin Healthcare (UK) Ltd) 28 capsule'
}

test('a quantity typed fast and ended with Enter stays in the stock dialog and is submitted; a pack scanned there is still read as a scan', async ({
  page,
  counter,
  signIn,
  worklist
}) => {
  const dispenser = await contractSession(counter.openUrl, 'ajones', '2222')
  await dispenser('stock.receiveScan', {
    raw: encodeGs1(packFields({ gtin: PACK.gtin, expiry: '351231', batch: 'QTY1', serial: `QTY${Date.now()}` })),
    deliveryId: null
  })

  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
  // A scanner set up for short codes (the fewest characters the settings allow), with room for
  // Playwright's own pauses between keys: a burst of three keys ended by Enter is a scan anywhere else.
  await page.getByRole('button', { name: 'Scanner' }).click()
  await page.getByLabel('Longest pause between keys of a scan (ms)').fill('100')
  await page.getByLabel('Fewest characters in a scan').fill('3')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('In use: pause up to 100 ms, at least 3 characters')).toBeVisible()
  await page.keyboard.press('Escape')
  await worklist.expectLoaded()

  await page.keyboard.press('F6')
  await page.getByLabel('Search stock').fill(PACK.gtin)
  await expect(page.locator('tbody tr[aria-selected="true"]')).toContainText(PACK.name)
  await page.keyboard.press('Enter')
  const batch = page.locator('tbody tr', { hasText: 'QTY1' })
  await expect(batch.locator('td').nth(2)).toHaveText('28 capsules')
  const toast = page.getByRole('status', { name: 'Last scan' })

  // 112 capsules typed at a scanner's speed, Enter at once: the field keeps them and Enter submits.
  await batch.getByRole('button', { name: 'Adjust' }).click()
  const adjust = page.getByRole('dialog', { name: 'Adjust a batch' })
  const change = adjust.getByLabel(/^Change in capsule/)
  await adjust.getByLabel('Reason').fill('Found on the wrong shelf')
  await change.focus()
  await page.keyboard.type('112\n', { delay: 10 })
  await expect(page.getByRole('status').filter({ hasText: 'Batch QTY1: 140 capsules on hand now.' })).toBeVisible()
  await expect(batch.locator('td').nth(2)).toHaveText('140 capsules')
  await expect(toast).toHaveCount(0)

  // A pack's GS1 code scanned while the quantity field has the focus is a scan, as anywhere: read,
  // never typed into the field.
  await batch.getByRole('button', { name: 'Adjust' }).click()
  await expect(change).toBeFocused()
  await wedgeScan(page, encodeGs1(packFields({ gtin: PACK.gtin, expiry: '351231', batch: 'QTY2', serial: 'QTY2A' })))
  await expect(toast).toContainText('Pack: GTIN 05000000100040, batch QTY2')
  await expect(change).toHaveValue('')
})
