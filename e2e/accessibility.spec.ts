import AxeBuilder from '@axe-core/playwright'
import { test, expect, type Page } from './fixtures'

/** axe's rules for WCAG 2.1 A and AA on what is on screen now: no serious or critical violation. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`
    )
  expect(serious, where).toEqual([])
}

test('every screen passes axe with no serious violation', async ({ page, signIn, worklist }) => {
  // About thirty screens, tabs and dialogs, each read whole by axe.
  test.setTimeout(300_000)
  await expect(page.getByRole('listbox', { name: 'Who are you?' })).toBeVisible()
  await expectAccessible(page, 'sign-in')

  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
  await expectAccessible(page, 'worklist')

  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Prescription' })).toBeVisible()
  await expectAccessible(page, 'request')
  await page.keyboard.press('m')
  await expect(page.getByRole('main', { name: /^Medication record of/ })).toBeVisible()
  await expectAccessible(page, "the patient's record")
  await page.keyboard.press('Escape')
  await page.keyboard.press('a')
  await expect(page.getByRole('button', { name: 'Clinical check C', exact: true })).toBeVisible()
  await page.keyboard.press('c')
  await expect(
    page.getByRole('dialog', { name: 'Clinical check' }).getByRole('heading', { name: /^Patient:/ })
  ).toBeVisible()
  await expectAccessible(page, 'the clinical check')
  await page.keyboard.press('Escape')
  await page.keyboard.press('r')
  await expect(page.getByRole('dialog', { name: 'Reject' })).toBeVisible()
  await expectAccessible(page, 'a dialog')
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')

  const screens: Array<{ key: string; name: string; tabs?: number }> = [
    { key: 'F2', name: 'Responsible Pharmacist' },
    { key: 'F3', name: 'Dispatch', tabs: 3 },
    { key: 'F4', name: 'Originals awaited' },
    { key: 'F6', name: 'Stock', tabs: 6 },
    { key: 'F7', name: 'Scanner' },
    { key: 'F8', name: 'Devices' },
    { key: 'F9', name: 'Phensys sync' },
    { key: 'F10', name: 'Registers', tabs: 4 },
    { key: 'F11', name: 'Trainer' }
  ]
  for (const screen of screens) {
    await page.keyboard.press(screen.key)
    await expect(page.getByRole('main').first()).toBeVisible()
    await expectAccessible(page, screen.name)
    for (let tab = 2; tab <= (screen.tabs ?? 0); tab++) {
      await page.locator('body').click({ position: { x: 1, y: 1 } })
      await page.keyboard.press(String(tab))
      await expectAccessible(page, `${screen.name}, tab ${tab}`)
    }
  }
  await page.keyboard.press('?')
  await expect(page.getByRole('dialog', { name: 'Keys' })).toBeVisible()
  await expectAccessible(page, 'help')
  await page.keyboard.press('Escape')

  await page.keyboard.press('F12')
  await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible()
  await expectAccessible(page, 'lock')
  await page.keyboard.press('F5')

  await signIn.signInAs('Training Administrator', '9999')
  await page.getByRole('button', { name: 'Users' }).click()
  await expectAccessible(page, 'users')
  await page.getByRole('button', { name: 'Settings' }).click()
  await expectAccessible(page, 'settings')
})
