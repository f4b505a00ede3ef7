import { test, expect } from './fixtures'

test('a dispenser signs in, sees the worklist by stage and opens a request with the keyboard', async ({
  page,
  signIn,
  worklist
}) => {
  await expect(page.getByRole('status')).toHaveText('Training — practice data, built-in Phensys sandbox')
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
  await expect(page.getByRole('alert')).toContainText('wrong PIN or password')
  await expect(page.getByRole('navigation', { name: 'Stages' })).toHaveCount(0)
})

test('an administrator adds a pharmacist, who can then sign in; the audit trail verifies intact', async ({
  page,
  signIn
}) => {
  await signIn.signInAs('Training Administrator', '9999')
  await page.getByRole('button', { name: 'Users' }).click()
  const form = page.getByRole('form', { name: 'Add a user' })
  await form.getByLabel('Full name').fill('Ravi Kumar')
  await form.getByLabel('Username').fill('rkumar')
  await form.getByLabel('Pharmacist', { exact: true }).check()
  await form.getByLabel('GPhC number (pharmacists)').fill('2098765')
  await form.getByLabel('First PIN or password').fill('483920')
  await form.getByRole('button', { name: /Add user/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Ravi Kumar can now sign in.' })).toBeVisible()
  await page.getByRole('button', { name: 'Verify the audit trail' }).click()
  await expect(page.getByText(/Intact: \d+ entries/)).toBeVisible()

  await page.getByRole('button', { name: 'Sign out' }).click()
  await signIn.signInAs('Ravi Kumar', '483920')
  await expect(page.getByText('Ravi Kumar (Pharmacist)')).toBeVisible()
})
