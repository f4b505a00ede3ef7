import { test, expect } from './fixtures'

test('a dispenser signs in, sees the worklist by stage and opens a request with the keyboard', async ({ page, signIn, worklist }) => {
  await expect(page.getByRole('status')).toHaveText('Training — not connected to Phensys')
  await signIn.signInAs('Alex Jones', '2222')
  await worklist.expectLoaded()

  const newGroup = worklist.stageButton('New')
  await expect(newGroup).toBeVisible()
  const count = Number(await newGroup.locator('.count').textContent())
  expect(count).toBeGreaterThanOrEqual(10)
  await expect(worklist.rows()).toHaveCount(count)

  const firstId = await worklist.rows().first().getAttribute('data-request-id')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('main', { name: `Request ${firstId}` })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Prescription' })).toBeVisible()
  await page.keyboard.press('Escape')

  await worklist.openBySearch('Łukasik')
  await expect(page.getByRole('heading', { level: 1 })).toContainText("O'Brien-Łukasik")
})

test('a wrong PIN is refused with a clear message and nothing opens', async ({ page, signIn }) => {
  await signIn.signInAs('Sam Patel', '0000')
  await expect(page.getByRole('alert')).toContainText('Wrong PIN or password')
  await expect(page.getByRole('navigation', { name: 'Stages' })).toHaveCount(0)
})
