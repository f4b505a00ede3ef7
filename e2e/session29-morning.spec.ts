import { test, expect } from './fixtures'
import { contractSession } from './support/contract'
import { openRequest } from './support/counter'
import { startFakePrinter, type FakePrinter } from './support/fake-printer'
import { labelledDemoRequest, packedDemoRequest } from './support/supply-over-http'
import { wedgeScan } from './support/wedge'
import { startLiveCounter } from './support/live-counter'
import { LIVE_STAFF } from './support/live-staff'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'
import { requestBody } from '../test/helpers/request-body'
import { londonDate } from '../src/shared/time/london'

/**
 * What a person sees of this morning's changes (7 December 2026), keyboard first, in training mode:
 * a pharmacist rejects a packed bag; a request held by a query refuses a pack scanned into it and a
 * reprint of its labels, each in words true of its stage.
 */

let printer: FakePrinter
test.beforeEach(async () => {
  printer = await startFakePrinter()
})
test.afterEach(async () => printer.close())

/** Sam Patel raises a query on `id` over browser mode's protocol, as at another workstation. */
async function queryRaisedElsewhere(openUrl: string, id: string): Promise<void> {
  const pharmacist = await contractSession(openUrl, 'spatel', '1111')
  await pharmacist('requests.raiseQuery', { id, reason: 'clinical', message: 'Dose to confirm' })
}

test('a pharmacist rejects a packed request with R: it reads Rejected, and its bag is no longer offered for dispatch', async ({
  page,
  counter,
  signIn
}) => {
  test.setTimeout(120_000)
  const { id } = await packedDemoRequest(counter.openUrl, printer.port)
  await signIn.signInAs('Sam Patel', '1111')
  const request = await openRequest(page, id)
  await request.expectStage('Packed')
  await request.run('Reject', 'r')
  const dialog = request.dialog('Reject')
  await expect(dialog.getByLabel('Reason')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Tab')
  // Filled, not typed: at Playwright's speed a typed sentence reads as a scanner's burst.
  await expect(dialog.getByLabel('Message for Phensys')).toBeFocused()
  await dialog.getByLabel('Message for Phensys').fill('The patient now takes a medicine that interacts: declined.')
  await page.keyboard.press('Tab')
  await expect(dialog.getByRole('button', { name: 'Send ⏎' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(request.status('Rejected; Phensys will route it elsewhere.')).toBeVisible()
  await request.expectStage('Rejected')
  // What the step said stays once the screen shows the request stopped (it once went with the actions' remount).
  await expect(request.status('Rejected; Phensys will route it elsewhere.')).toBeVisible()
  // Nothing of the bag goes out: no dispatch or hand-over is offered, and X opens nothing.
  const actions = page.getByRole('region', { name: 'Actions' })
  await expect(actions.getByRole('button', { name: /Dispatch|Hand over/ })).toHaveCount(0)
  await page.keyboard.press('x')
  await expect(request.dialog('Dispatch')).toHaveCount(0)
})

test('a reprint of the labels of a request held by a query is refused in words, and nothing is printed', async ({
  page,
  counter,
  signIn
}) => {
  test.setTimeout(120_000)
  const { id } = await labelledDemoRequest(counter.openUrl, printer.port)
  await queryRaisedElsewhere(counter.openUrl, id)
  const printed = printer.jobs.length
  await signIn.signInAs('Alex Jones', '2222')
  const request = await openRequest(page, id)
  await request.expectStage('Query raised')
  await page.keyboard.press('i')
  const dialog = request.dialog('Reprint: dispensing labels')
  await expect(dialog.getByLabel('Why is it printed again?')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(dialog).toContainText(
    `Request ${id} is query raised: its packs are no longer in a bag (back on the shelf or in quarantine), so its labels are not printed again.`
  )
  await expect(page.getByRole('region', { name: 'Printing' })).not.toContainText('sent again')
  expect(printer.jobs).toHaveLength(printed)
})

test('a pack scanned into a request held by a query is refused in words true of the stage', async ({
  page,
  counter,
  signIn
}) => {
  test.setTimeout(120_000)
  const { id, packs } = await labelledDemoRequest(counter.openUrl, printer.port)
  await queryRaisedElsewhere(counter.openUrl, id)
  // Playwright's keys are slower than a scanner's: the administrator allows pauses up to 100 ms.
  const admin = await contractSession(counter.openUrl, 'admin', '9999')
  await admin('devices.setWedge', { maxGapMs: 100, minLength: 6, gsSubstitute: null, gsMissing: false })
  await signIn.signInAs('Alex Jones', '2222')
  const request = await openRequest(page, id)
  await request.expectStage('Query raised')
  await wedgeScan(page, packs[0]!.code)
  await expect(request.refusal()).toContainText(
    `Request ${id} is held by a query to Phensys: nothing is dispensed for it until Phensys answers.`
  )
  await expect(request.refusal()).not.toContainText('Start dispensing first')
})

test('F4 lists a request whose prescription date could not be read with its last valid day Unknown, and the others with theirs', async ({
  page
}) => {
  test.setTimeout(120_000)
  const live = await startLiveCounter('e2e-session29-token')
  try {
    const paper = (id: string, issuedAt: string): Record<string, unknown> => {
      const body = requestBody(id, { route: 'upload' })
      const prescription = body.prescription as Record<string, unknown>
      return {
        ...body,
        prescription: {
          ...prescription,
          kind: 'private_paper',
          issuedAt,
          hardCopy: { required: true, reason: 'paper_prescription' }
        }
      }
    }
    const today = londonDate(new Date())
    expect(await live.phensys('/sandbox/requests', paper('fr_DATE_READS', today))).toBe(201)
    // Unchecked: the sandbox stores what a real Phensys might send, a date in another form.
    expect(await live.phensys('/sandbox/requests?unchecked=true', paper('fr_DATE_UNREAD', '26/11/2026'))).toBe(201)
    const dispenser = await contractSession(live.openUrl, LIVE_STAFF.dispenser.username, LIVE_STAFF.dispenser.secret)
    for (const id of ['fr_DATE_READS', 'fr_DATE_UNREAD']) {
      await expect
        .poll(
          () =>
            dispenser('requests.get', { id }).then(
              () => true,
              () => false
            ),
          { timeout: 30_000 }
        )
        .toBe(true)
      await dispenser('requests.accept', { id })
    }

    await page.goto(live.openUrl)
    await new SignInPage(page).signInAs(LIVE_STAFF.pharmacist.username, LIVE_STAFF.pharmacist.secret)
    await new WorklistPage(page).expectLoaded()
    await page.keyboard.press('F4')
    const awaited = page.getByRole('main', { name: 'Originals awaited' })
    const lastValidDay = (id: string) => awaited.getByRole('row').filter({ hasText: id }).getByRole('cell').nth(3)
    await expect(lastValidDay('fr_DATE_UNREAD')).toHaveText('Unknown: the date could not be read')
    await expect(lastValidDay('fr_DATE_READS')).toHaveText(/^\d{2}\/\d{2}\/\d{4}$/)
  } finally {
    await live.stop()
  }
})
