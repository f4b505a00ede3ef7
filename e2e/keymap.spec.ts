import { test, expect } from './fixtures'
import { BINDINGS } from '../src/renderer/src/keymap/bindings'
import { GS } from '../src/shared/gs1'
import { allowPausesUpTo, wedgeScan } from './support/wedge'

/** Where each of the app's F-keys leads: the screen's landmark or heading. */
const LANDS_ON: Record<string, { role: 'main' | 'heading'; name: string }> = {
  'open.rp': { role: 'main', name: 'Responsible Pharmacist' },
  'open.dispatch': { role: 'main', name: 'Dispatch' },
  'open.hardCopies': { role: 'main', name: 'Originals awaited' },
  'open.stock': { role: 'main', name: 'Stock' },
  'open.pairing': { role: 'heading', name: 'Keyboard scanner' },
  'open.devices': { role: 'main', name: 'Devices' },
  'open.sync': { role: 'main', name: 'Phensys sync' },
  'open.registers': { role: 'main', name: 'Registers' },
  'open.trainer': { role: 'main', name: 'Trainer' }
}

const PACK = '010950600013435210BATCH7' + GS + '1730123121SER123'

test('every F-key of the table reaches its screen from the worklist, and Escape comes back', async ({
  page,
  signIn,
  worklist
}) => {
  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
  const screens = BINDINGS.filter((binding) => binding.scope === 'app' && binding.command.startsWith('open.'))
  expect(screens.map((binding) => binding.command).sort()).toEqual(Object.keys(LANDS_ON).sort())
  for (const binding of screens) {
    const target = LANDS_ON[binding.command]!
    await page.keyboard.press(binding.key)
    await expect(page.getByRole(target.role, { name: target.name, exact: true }), binding.key).toBeVisible()
    // Escape leaves a field first (a screen may open with its search focused), then goes back.
    await expect(async () => {
      await page.keyboard.press('Escape')
      await expect(worklist.stageButton('New')).toBeVisible({ timeout: 1_000 })
    }).toPass()
  }

  // ? shows the whole table: every app key with its words.
  await page.keyboard.press('?')
  const help = page.getByRole('dialog', { name: 'Keys' })
  await expect(help).toBeVisible()
  for (const binding of BINDINGS.filter((entry) => entry.scope === 'app'))
    await expect(help.getByRole('row').filter({ hasText: binding.label }).first()).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(help).toHaveCount(0)

  // F12 locks; on the lock screen F5 switches user: the sign-in screen, ready for the next person.
  await page.keyboard.press('F12')
  await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible()
  await page.keyboard.press('F5')
  await expect(page.getByRole('listbox', { name: 'Who are you?' })).toBeVisible()
})

test('the sign-in and lock screens take a pack scan as no PIN: set aside with a word, and no account locks', async ({
  page,
  signIn,
  worklist
}) => {
  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
  await allowPausesUpTo(page, 100)
  await page.keyboard.press('F12')
  const pin = page.getByLabel('PIN or password')
  await expect(pin).toBeFocused()
  await wedgeScan(page, PACK)
  await expect(page.getByRole('status').filter({ hasText: 'That scan was not used' })).toBeVisible()
  await expect(pin).toHaveValue('')
  await expect(page.getByRole('alert')).toHaveCount(0)

  await page.keyboard.press('F5')
  await expect(page.getByRole('listbox', { name: 'Who are you?' })).toBeVisible()
  // Six stray scans: before, each was a wrong PIN, and the fifth locked the account.
  for (let n = 0; n < 6; n++) {
    await wedgeScan(page, PACK)
    await expect(page.getByLabel('PIN or password')).toHaveValue('')
  }
  await expect(page.getByRole('status').filter({ hasText: 'That scan was not used' })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
})

test('what belongs to a person goes with them: search, stage filter and the last scan', async ({
  page,
  signIn,
  worklist
}) => {
  await signIn.signInAs('Sam Patel', '1111')
  await worklist.expectLoaded()
  await allowPausesUpTo(page, 100)
  const all = await worklist.rows().count()
  await page.keyboard.press('1')
  await page.keyboard.press('/')
  await page.keyboard.type('nobody-by-this-name')
  await expect(page.getByText('No requests here.')).toBeVisible()
  await page.keyboard.press('Escape')
  await wedgeScan(page, PACK)
  await expect(page.getByRole('status', { name: 'Last scan' })).toBeVisible()

  await page.keyboard.press('F5')
  await signIn.signInAs('Alex Jones', '2222')
  await worklist.expectLoaded()
  await expect(page.getByLabel('Search requests')).toHaveValue('')
  await expect(worklist.rows()).toHaveCount(all)
  await expect(page.getByRole('status', { name: 'Last scan' })).toHaveCount(0)
})

test('a panel that fails says so, and the header, the keys and the worklist keep working', async ({
  page,
  signIn,
  worklist
}) => {
  await signIn.signInAs('Alex Jones', '2222')
  await worklist.expectLoaded()
  const id = (await worklist.rows().first().getAttribute('data-request-id'))!
  // Main answers with a timeline the screen cannot read (as a newer or broken core might).
  await page.route('**/api/call/requests.get', async (route) => {
    const response = await route.fetch()
    const body = (await response.json()) as { ok: boolean; value?: Record<string, unknown> }
    if (body.value) body.value.timeline = { broken: true }
    await route.fulfill({ response, json: body })
  })
  await page.keyboard.press('Enter')
  const screen = page.getByRole('main', { name: `Request ${id}` })
  await expect(screen.getByRole('alert', { name: 'The timeline failed' })).toContainText('cannot be shown')
  await expect(screen.getByRole('heading', { name: 'Prescription' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()

  // The whole request screen failing leaves the header and Escape back to the worklist.
  await page.unroute('**/api/call/requests.get')
  await page.route('**/api/call/requests.get', async (route) => {
    const response = await route.fetch()
    const body = (await response.json()) as { ok: boolean; value?: Record<string, unknown> }
    if (body.value) body.value.snapshot = null
    await route.fulfill({ response, json: body })
  })
  await page.keyboard.press('Escape')
  await worklist.expectLoaded()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('alert', { name: 'The request screen failed' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
  await page.keyboard.press('Escape')
  await worklist.expectLoaded()
  await page.keyboard.press('F6')
  await expect(page.getByRole('main', { name: 'Stock', exact: true })).toBeVisible()
})
