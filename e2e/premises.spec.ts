import { expect, test, type Page } from '@playwright/test'
import { startRelay, type Relay } from '../test/helpers/tcp-relay'
import { SignInPage } from './pages/sign-in-page'
import { RequestPage } from './pages/request-page'
import { WorklistPage } from './pages/worklist-page'
import { wedgeScan } from './support/wedge'
import { startPremisesHostProcess, startWorkstationProcess } from './support/premises'

/**
 * One pharmacy, two benches: a premises host and two workstations (processes of their own, as on
 * two machines), each driven by its own browser context. Bench 2 reaches the host through a relay
 * the test can cut, as a network cable pulled.
 */
test('two benches on one host: one worklist, one accept, a claim seen, one RP, and a bench that loses the host', async ({
  browser
}) => {
  test.setTimeout(180_000)
  const host = await startPremisesHostProcess()
  const relay: Relay = await startRelay(Number(new URL(host.premisesUrl).port))
  const bench1 = await startWorkstationProcess(host.premisesUrl, await host.code(), 'Bench 1')
  const bench2 = await startWorkstationProcess(`https://127.0.0.1:${relay.port}`, await host.code(), 'Bench 2')
  const one = await (await browser.newContext()).newPage()
  const two = await (await browser.newContext()).newPage()
  try {
    await one.goto(bench1.openUrl)
    await new SignInPage(one).signInAs('Alex Jones', '2222')
    await two.goto(bench2.openUrl)
    await new SignInPage(two).signInAs('Sam Patel', '1111')
    /** Opens a request from the worklist by its reference, after whatever was searched before. */
    const openRequest = async (page: Page, id: string): Promise<void> => {
      const search = page.getByRole('textbox', { name: 'Search requests' })
      const back = page.getByRole('button', { name: '← Worklist (Esc)' })
      // Bounded: a button gone between the look and the click fails here, not at the test's timeout.
      if (await back.isVisible()) await back.click({ timeout: 10_000 })
      await search.fill(id)
      // The search answers in its own time: Enter opens what the list shows, so wait for it.
      await expect(page.locator('tbody tr[data-request-id]').first()).toHaveAttribute('data-request-id', id)
      await search.press('Escape')
      await page.keyboard.press('Enter')
    }
    /** From a request back to the worklist, by its button (Escape first leaves whatever field has the focus). */
    const backToWorklist = async (page: Page): Promise<void> => {
      const back = page.getByRole('button', { name: '← Worklist (Esc)' })
      if (await back.isVisible()) await back.click({ timeout: 10_000 })
      else await page.keyboard.press('Escape')
      await expect(page.getByRole('textbox', { name: 'Search requests' })).toBeVisible()
    }
    const list1 = new WorklistPage(one)
    const list2 = new WorklistPage(two)
    await list1.expectLoaded()
    await list2.expectLoaded()
    // The same worklist at both benches.
    const ids = (page: Page) =>
      page
        .locator('tbody tr[data-request-id]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request-id')))
    await expect.poll(async () => (await ids(one)).length).toBeGreaterThan(5)
    expect(await ids(two)).toEqual(await ids(one))

    // Both open the same new request and accept it: one succeeds, the other is told who did.
    await openRequest(one, 'fr_V1Z0L')
    await openRequest(two, 'fr_V1Z0L')
    const on1 = new RequestPage(one, 'fr_V1Z0L')
    const on2 = new RequestPage(two, 'fr_V1Z0L')
    await on1.expectStage('New')
    await on2.expectStage('New')
    const acceptOffered = (page: Page) =>
      expect(
        page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Accept A', exact: true })
      ).toBeVisible()
    await acceptOffered(one)
    await acceptOffered(two)
    await Promise.all([one.keyboard.press('a'), two.keyboard.press('a')])
    // Accepting runs the stock check: the training stock has none of it.
    await on1.expectStage('Awaiting patient decision')
    await on2.expectStage('Awaiting patient decision')
    const done = (page: Page) => page.getByRole('status').filter({ hasText: 'Accept: done.' })
    const toldWho = (page: Page) => page.getByText(/(Accept|Check stock) by (Alex Jones|Sam Patel) at \d\d:\d\d/)
    await expect(done(one).or(toldWho(one))).toBeVisible()
    await expect(done(two).or(toldWho(two))).toBeVisible()
    // Exactly one of them did it.
    expect((await done(one).count()) + (await done(two).count())).toBe(1)

    // Alex dispenses another request at Bench 1; Sam at Bench 2 sees the claim, on the worklist and the request.
    await backToWorklist(one)
    await openRequest(one, 'fr_F2S5N')
    const dispensing = new RequestPage(one, 'fr_F2S5N')
    await dispensing.run('Accept', 'a')
    await dispensing.expectStage('Ready to dispense')
    await dispensing.run('Start dispensing', 'd')
    await dispensing.expectStage('Dispensing')
    await backToWorklist(two)
    const search2 = two.getByRole('textbox', { name: 'Search requests' })
    await search2.fill('')
    await search2.press('Escape')
    await expect(two.locator('tr[data-request-id="fr_F2S5N"] .claim-line')).toHaveText(
      /Dispensing at Bench 1 by Alex Jones, \d+ min/
    )
    await openRequest(two, 'fr_F2S5N')
    await expect(two.getByRole('status').filter({ hasText: 'Dispensing at Bench 1 by Alex Jones' })).toBeVisible()
    await expect(two.getByRole('button', { name: 'Take it over' })).toBeVisible()

    // One RP for the premises: Sam signs in as RP at Bench 2, and Bench 1's header names him.
    await two.keyboard.press('F2')
    await expect(two.getByRole('main', { name: 'Responsible Pharmacist' })).toBeVisible()
    await two.keyboard.press('s')
    await expect(one.getByText(/RP: Sam Patel/)).toBeVisible()
    await two.keyboard.press('Escape')
    await openRequest(two, 'fr_F2S5N')

    // Bench 2 loses the host: it says so at once, refuses, and keeps a scan as not sent. (Cut once
    // the request screen has loaded: a screen still loading when the line breaks shows only that.)
    await expect(two.getByRole('button', { name: 'Take it over' })).toBeVisible()
    relay.cut()
    await expect(two.getByRole('alert').filter({ hasText: /^The host cannot be reached since/ })).toBeVisible({
      timeout: 8_000
    })
    await two.getByRole('button', { name: 'Take it over' }).click()
    await expect(two.getByText(/The host cannot be reached \(since \d\d:\d\d\)/).first()).toBeVisible()
    // The take-over reads the request anew and cannot: the screen keeps what it showed, says so, and
    // keeps its way back (it once showed the error alone, the back button gone under the test's click).
    await expect(two.getByRole('alert').filter({ hasText: 'Could not read fr_F2S5N anew' })).toBeVisible()
    await expect(two.getByRole('heading', { name: /fr_F2S5N/ })).toBeVisible()
    await expect(two.getByRole('button', { name: '← Worklist (Esc)' })).toBeVisible()
    await backToWorklist(two)
    await wedgeScan(two, 'PC-REQ:fr_F3H8K')
    await expect(two.getByRole('alert').filter({ hasText: 'Not sent (1): PC-REQ:fr_F3H8K' })).toBeVisible()
    await expect(one.getByRole('alert').filter({ hasText: /^The host cannot be reached since/ })).toHaveCount(0)
    // Bench 1 works on meanwhile.
    await backToWorklist(one)
    await openRequest(one, 'fr_F3H8K')
    await new RequestPage(one, 'fr_F3H8K').run('Accept', 'a')
    // Accepting runs the stock check: the training stock holds this one.
    await new RequestPage(one, 'fr_F3H8K').expectStage('Ready to dispense')

    // Back: the banner goes and Bench 2 has caught up with what happened meanwhile, without reloading.
    relay.restore()
    await expect(two.getByRole('alert').filter({ hasText: /^The host cannot be reached since/ })).toHaveCount(0, {
      timeout: 15_000
    })
    await search2.fill('')
    await search2.press('Escape')
    await expect(two.locator('tr[data-request-id="fr_F3H8K"]')).toContainText('Ready to dispense')
  } finally {
    await bench1.stop()
    await bench2.stop()
    await relay.close()
    await host.stop()
    await one
      .context()
      .close()
      .catch(() => undefined)
    await two
      .context()
      .close()
      .catch(() => undefined)
  }
})

test("the administrator's pairing code shows the host's full certificate fingerprint, the one its pairing link carries", async ({
  page
}) => {
  const host = await startPremisesHostProcess()
  try {
    const link = new URL(await host.code())
    const fingerprint = link.searchParams.get('fingerprint')!
    // SHA-256: 32 bytes, every one of them, as the bench compares it.
    expect(fingerprint.replace(/[^0-9a-f]/gi, '')).toHaveLength(64)

    await page.goto(host.openUrl)
    await new SignInPage(page).signInAs('Training Administrator', '9999')
    await page.getByRole('button', { name: 'Users' }).click()
    const benches = page.getByRole('region', { name: 'Benches and backups' })
    await benches.getByRole('button', { name: 'Show a pairing code' }).press('Enter')
    const pairing = benches.getByLabel('Pairing code')
    await expect(pairing).toContainText(
      `and this certificate fingerprint (the bench checks it before it sends the code): ${fingerprint};`
    )
  } finally {
    await host.stop()
  }
})
