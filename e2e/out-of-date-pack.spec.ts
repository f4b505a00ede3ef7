import { test, expect, startUntil } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { openRequest } from './support/counter'

/**
 * “Take the out-of-date pack out” (U) on the request screen, in Chromium: offered only while a pack
 * in the bag is out of date today. Today is the core's: browser mode's host serves the built
 * renderer over a core whose injected clock the test moves (`e2e/support/clock-host.ts`); the bag is
 * brought to its accuracy check through the contract, as the unit tests bring theirs.
 */

let host: { openUrl: string; control: string; stop(): Promise<void> }
/**
 * The dispenser the host's world made (`staffSession`: its username from its roles, the PIN its
 * STAFF_PIN; test/helpers/linked.ts is not imported here, as it brings the core into Playwright's loader).
 */
const DISPENSER = { username: 'staffdispenseraccuracychecker', pin: '592846' }

test.beforeAll(async () => {
  const started = await startUntil('npx', ['tsx', 'e2e/support/clock-host.ts'], /^ready (\S+) (\S+)$/m)
  host = { openUrl: started.match[1]!, control: started.match[2]!, stop: started.stop }
})

test.afterAll(async () => {
  await host?.stop()
})

async function control(path: string): Promise<void> {
  const response = await fetch(`${host.control}${path}`, { method: 'POST' })
  expect(response.ok, `${path}: ${await response.clone().text()}`).toBe(true)
}

test('U is offered only while a pack in the bag is out of date: not on a checked bag that lasts the course; once a pack no longer does, offered, and it takes the pack out, in words', async ({
  page
}) => {
  test.setTimeout(120_000)
  const id = 'fr_E2E_OUT_OF_DATE'
  // One sertraline pack (28 days, ONE daily) expiring 30 days from today: it lasts the course now.
  await control(`/bag-lasting-30-days?id=${id}`)

  await page.goto(host.openUrl)
  await new SignInPage(page).signInAs(DISPENSER.username, DISPENSER.pin)
  let request = await openRequest(page, id)
  await request.expectStage('Accuracy checked')
  const actions = page.getByRole('region', { name: 'Actions' })
  const takeOut = actions.getByRole('button', { name: 'Take the out-of-date pack out U', exact: true })
  await expect(actions.getByRole('button', { name: 'Pack P', exact: true })).toBeVisible()
  await expect(takeOut).toHaveCount(0)
  // U answers nothing here: the stage stays.
  await page.keyboard.press('u')
  await request.expectStage('Accuracy checked')
  await expect(takeOut).toHaveCount(0)

  // Three days later the pack expires before the course, counted from today, ends. The sessions
  // idle that long are over: the dispenser signs in again.
  await control('/days-later?days=3')
  await page.goto(host.openUrl)
  await page.reload()
  await new SignInPage(page).signInAs(DISPENSER.username, DISPENSER.pin)
  request = await openRequest(page, id)
  await request.expectStage('Accuracy checked')
  await request.run('Take the out-of-date pack out', 'u')
  await expect(
    request.status(
      'Out-of-date pack taken out and booked to quarantine: put it in quarantine, then scan the replacement (or check stock again, S, where none was free).'
    )
  ).toBeVisible()
  // No other batch of it free here: back to the stock check, and U is offered no more.
  await request.expectStage('Stock check')
  await expect(takeOut).toHaveCount(0)
})
