import { test, expect } from './fixtures'

test('the original paper prescription: a pharmacist accepts an upload, sees it among the originals awaited, and receives the matching original', async ({
  page,
  signIn,
  worklist
}) => {
  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
  const upload = worklist
    .rows()
    .filter({ has: page.locator('.flag.hard-copy') })
    .first()
  const id = await upload.getAttribute('data-request-id')
  await worklist.openBySearch(id!)
  await expect(page.getByRole('main', { name: `Request ${id}` })).toBeVisible()

  await page.keyboard.press('a')
  await expect(page.locator('.stage-badge')).toHaveText('Awaiting hard copy')
  await page.keyboard.press('F4')
  await expect(page.getByRole('main', { name: 'Originals awaited' }).getByText(id!)).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('main', { name: `Request ${id}` })).toBeVisible()

  await page.keyboard.press('h')
  const form = page.getByRole('dialog', { name: 'Receive hard copy' })
  await expect(form).toBeVisible()
  const formType = await form.getByLabel('Form', { exact: true }).inputValue()
  if (formType !== 'private_paper') await form.getByLabel('Serial number on the form').fill('FP10PCD 0012345')
  for (const box of await form.getByRole('checkbox').all()) await box.check()
  for (const quantity of await form.getByLabel(/Quantity on the form/).all()) {
    const label = await quantity.evaluate((input) => input.closest('label')?.textContent ?? '')
    await quantity.fill(/request: (\d+(?:\.\d+)?)/.exec(label)![1]!)
  }
  await form.getByRole('button', { name: /Record/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Original received and matched' })).toBeVisible()
  // The original matched: the stock check ran at once.
  await expect(page.locator('.stage-badge')).not.toHaveText(/Awaiting hard copy|Stock check/)
})
