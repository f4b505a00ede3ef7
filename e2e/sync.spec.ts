import { test, expect, startBrowserMode, startSandboxProcess, type Page } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'
import type { RequestPage } from './pages/request-page'
import { openRequest } from './support/counter'
import { contractSession, openContractSession } from './support/contract'
import { LIVE_STAFF } from './support/live-staff'
import { type PhensysControl, withLinkedCounter } from './support/phensys-control'
import { wedgeScan } from './support/wedge'
import { requestBody } from '../test/helpers/request-body'

const TOKEN = 'e2e-phensys-token'

/**
 * The owner and the pharmacist set up on a fresh counter, request `id` (issued today) sent by
 * Phensys, and the pharmacist signed in on `page` with the request open.
 */
async function pharmacistOnNewRequest(
  page: Page,
  openUrl: string,
  control: PhensysControl['control'],
  id: string
): Promise<RequestPage> {
  const admin = await openContractSession(openUrl)
  await admin('auth.createFirstAdmin', { username: 'owner', displayName: 'Olu Owner', secret: '864209' })
  await admin('users.create', LIVE_STAFF.pharmacist)
  const base = requestBody(id)
  const issuedAt = new Date().toISOString().slice(0, 10)
  expect(
    (
      await control('POST', '/sandbox/requests', {
        ...base,
        prescription: { ...(base.prescription as object), issuedAt }
      })
    ).status
  ).toBe(201)
  await page.goto(openUrl)
  await new SignInPage(page).signInAs(LIVE_STAFF.pharmacist.username, LIVE_STAFF.pharmacist.secret)
  await new WorklistPage(page).expectLoaded()
  return openRequest(page, id)
}

test('sync health is always on screen, and an unreadable request from Phensys can be opened and seen', async ({
  page
}) => {
  const phensys = await startSandboxProcess(TOKEN)
  const counter = await startBrowserMode({ url: phensys.url, token: TOKEN })
  try {
    await page.goto(counter.app.openUrl)
    // A live workstation's first run: create the administrator, who then sees sync.
    await page.getByLabel('Username').fill('owner')
    await page.getByLabel('Full name').fill('Olu Owner')
    await page.getByLabel(/PIN/).fill('864209')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('sync-connection')).toHaveText('Connected')
    await expect(page.getByText('Training — practice data, built-in Phensys sandbox')).toHaveCount(0)

    const response = await fetch(`${phensys.url}/sandbox/requests?unchecked=true`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      // No list of items: this cannot be a request (anything that can is stored and flagged instead).
      body: JSON.stringify({ id: 'fr_BROKEN', route: 'upload', prescription: { items: 'one box' } })
    })
    expect(response.status).toBe(201)
    await expect(page.getByText('⚠ 1 unreadable')).toBeVisible()
    // What Phensys sent is a patient's: a pharmacist opens it, not the administrator.
    const owner = await contractSession(counter.app.openUrl, 'owner', '864209')
    const phil = await owner<{ id: string }>('users.create', {
      username: 'phil',
      displayName: 'Phil Pharmacist',
      roles: ['pharmacist'],
      gphcNumber: '2011111',
      secret: '735102'
    })
    // Phil scans his staff badge at the sign-in screen, which lists nobody, then types his PIN.
    // (Playwright's keys are slower than a scanner's: the workstation allows pauses up to 100 ms.)
    const badge = await owner<{ code: string }>('users.badge', { id: phil.id })
    await owner('devices.setWedge', { maxGapMs: 100, minLength: 6, gsSubstitute: null, gsMissing: false })
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await expect(page.getByRole('listbox', { name: 'Who are you?' })).toHaveCount(0)
    await wedgeScan(page, badge.code)
    await expect(page.getByLabel('Username')).toHaveValue(badge.code)
    await expect(page.getByLabel('PIN or password')).toBeFocused()
    // Filled, not typed: at Playwright's speed six digits would read as a scan under this allowance.
    await page.getByLabel('PIN or password').fill('735102')
    await page.keyboard.press('Enter')
    await expect(page.getByText('Phil Pharmacist (Pharmacist)')).toBeVisible()
    await expect(page.getByText('⚠ 1 unreadable')).toBeVisible()
    await page.keyboard.press('F9')
    await expect(
      page.getByRole('heading', { name: /Requests from Phensys the counter could not read or fetch \(1\)/ })
    ).toBeVisible()
    await expect(page.getByText(/fr_BROKEN/).first()).toBeVisible()
    // What the entry was, in words: not the feed's code.
    await expect(
      page.getByRole('heading', { name: /fr_BROKEN · (New request|Request changed|Phensys's answer to an event) ·/ })
    ).toBeVisible()
    await expect(page.locator('.problem p').first()).toContainText('no list of items')
  } finally {
    await counter.stop()
    await phensys.stop()
  }
})

test('training mode shows the banner and says the sandbox answers', async ({ page }) => {
  const counter = await startBrowserMode()
  try {
    await page.goto(counter.app.openUrl)
    await new SignInPage(page).signInAs('Training Administrator', '9999')
    await expect(page.getByRole('status').first()).toHaveText('Training — practice data, built-in Phensys sandbox')
    // Never "Connected" beside the training banner: the Phensys here is the built-in sandbox.
    await expect(page.getByTestId('sync-connection')).toHaveText('Sandbox answering')
    await page.getByRole('button', { name: 'Settings' }).click()
    await expect(page.getByText('Now: training (built-in sandbox)')).toBeVisible()
  } finally {
    await counter.stop()
  }
})

test('a cancellation at Phensys closes the dialog open on the request and says to stop work; F9 lists what became of its events', async ({
  page
}) => {
  test.setTimeout(120_000)
  await withLinkedCounter(TOKEN, async ({ counter, control }) => {
    const id = 'fr_STOPPED1'
    const request = await pharmacistOnNewRequest(page, counter.app.openUrl, control, id)
    await request.run('Accept', 'a')
    // Accepting runs the stock check by itself: where it leads depends on this store's shelves.
    await expect(request.stage()).not.toHaveText('New')
    // The pharmacist starts to reject it: the reason dialog is open when the patient cancels.
    await request.run('Reject', 'r')
    await expect(page.getByRole('dialog')).toBeVisible()
    expect((await control('POST', `/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })).status).toBe(200)

    await request.expectStage('Cancelled', 30_000)
    await expect(page.getByRole('dialog')).toHaveCount(0)
    await expect(
      page.getByRole('alert').filter({ hasText: 'Cancelled at Phensys: stop work on this request' })
    ).toBeVisible()
    await expect(page.getByRole('region', { name: 'Actions' }).getByRole('button')).toHaveCount(0)
    await expect(page.getByText('Cancelled at Phensys: its labels not yet printed')).toBeVisible()

    await page.keyboard.press('F9')
    const settled = page.getByRole('table', { name: 'Events settled lately' })
    await expect(settled.getByRole('row').filter({ hasText: 'Cancellation acknowledged' })).toContainText('Sent', {
      timeout: 30_000
    })
    await expect(settled.getByRole('row').filter({ hasText: 'Accepted' }).first()).toContainText('Sent')
  })
})

test("an event answered by a page in between (a captive portal's 200 HTML) is not taken as sent: F9 says so in words after three tries, and it goes, once, when the page is gone", async ({
  page
}) => {
  test.setTimeout(120_000)
  await withLinkedCounter(TOKEN, async ({ counter, control, heardAtPhensys }) => {
    const id = 'fr_PORTAL1'
    const request = await pharmacistOnNewRequest(page, counter.app.openUrl, control, id)

    // The pharmacy's network now answers Phensys's events with its sign-in page.
    expect((await control('PUT', '/sandbox/outage', { mode: 'captive_portal' })).status).toBe(200)
    await request.run('Accept', 'a')
    await expect(request.stage()).not.toHaveText('New')
    await page.keyboard.press('F9')
    const sync = page.getByRole('main', { name: 'Phensys sync' })
    const notConfirmed = sync.getByRole('alert').filter({ hasText: 'not confirmed after' })
    await expect(notConfirmed).toHaveText(
      /^Accepted for fr_PORTAL1 not confirmed after [3-9] tries \(still trying\): Phensys did not confirm the event: a 200 answer that is not Phensys's confirmation \(text\/html/,
      { timeout: 30_000 }
    )
    // In words: never the contract's field or the event's code.
    await expect(notConfirmed).not.toContainText('eventId')
    await expect(notConfirmed).not.toContainText('accepted')
    expect(await heardAtPhensys(id)).toEqual([])

    // The page in between goes: the event goes with its key, Phensys takes it once, and the line goes.
    expect((await control('DELETE', '/sandbox/outage')).status).toBe(200)
    await expect(notConfirmed).toHaveCount(0, { timeout: 60_000 })
    await expect.poll(() => heardAtPhensys(id), { timeout: 30_000 }).toContain('accepted')
    expect((await heardAtPhensys(id)).filter((type) => type === 'accepted')).toHaveLength(1)
  })
})

test("Phensys's maintenance wait (503 with Retry-After) is kept after it answers again, shown on F9, and a pharmacist ends it with T", async ({
  page
}) => {
  test.setTimeout(120_000)
  await withLinkedCounter(TOKEN, async ({ counter, control, heardAtPhensys }) => {
    const id = 'fr_MAINTENANCE1'
    const request = await pharmacistOnNewRequest(page, counter.app.openUrl, control, id)

    // Phensys goes down for maintenance and asks for half an hour.
    const outage = { mode: 'unavailable', retryAfterSeconds: 1800 }
    expect((await control('PUT', '/sandbox/outage', outage)).status).toBe(200)
    await request.run('Accept', 'a')
    await expect(request.stage()).not.toHaveText('New')
    await page.keyboard.press('F9')
    const sync = page.getByRole('main', { name: 'Phensys sync' })
    await expect(sync.getByText('Phensys asked us to wait')).toBeVisible({ timeout: 30_000 })

    // Back early: the counter still keeps the wait it was asked for, until a person says otherwise.
    expect((await control('DELETE', '/sandbox/outage')).status).toBe(200)
    await page.waitForTimeout(3_000)
    expect(await heardAtPhensys(id)).toEqual([])
    await page.keyboard.press('t')
    await expect(sync.getByRole('status')).toHaveText('Trying Phensys now: every waiting event is sent again.')
    await expect.poll(() => heardAtPhensys(id), { timeout: 30_000 }).toContain('accepted')
    await expect(sync.getByText('Phensys asked us to wait')).toHaveCount(0, { timeout: 30_000 })
  })
})
