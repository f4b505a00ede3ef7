import { test, expect } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'
import { openRequest } from './support/counter'
import { contractSession, openContractSession } from './support/contract'
import { LIVE_STAFF } from './support/live-staff'
import { withLinkedCounter } from './support/phensys-control'
import { requestBody } from '../test/helpers/request-body'

const TOKEN = 'e2e-phensys-token'

/**
 * Paper that arrives after the patient cancelled: a request that waited for its original is
 * cancelled at Phensys, and the original comes in the post the day after. The pharmacy records it
 * (H) as any other, audited and shown on the request; the request stays cancelled and Phensys,
 * which has closed it, hears nothing (test/workflow/original-after-stop.test.ts for the core).
 */
test('an original that arrives after a cancellation is recorded with H and shown; the request stays cancelled and Phensys hears nothing', async ({
  page
}) => {
  test.setTimeout(120_000)
  await withLinkedCounter(TOKEN, async ({ counter, control, heardAtPhensys }) => {
    const admin = await openContractSession(counter.app.openUrl)
    await admin('auth.createFirstAdmin', { username: 'owner', displayName: 'Olu Owner', secret: '864209' })
    await admin('users.create', LIVE_STAFF.dispenser)
    await admin('users.create', LIVE_STAFF.pharmacist)
    const id = 'fr_LATEPAPER'
    const base = requestBody(id, { route: 'upload' })
    const prescription = {
      ...(base.prescription as object),
      kind: 'private_paper',
      issuedAt: new Date().toISOString().slice(0, 10),
      hardCopy: { required: true, reason: 'paper_prescription' }
    }
    expect((await control('POST', '/sandbox/requests', { ...base, prescription })).status).toBe(201)

    await page.goto(counter.app.openUrl)
    await new SignInPage(page).signInAs(LIVE_STAFF.dispenser.username, LIVE_STAFF.dispenser.secret)
    await new WorklistPage(page).expectLoaded()
    const request = await openRequest(page, id)
    await request.run('Accept', 'a')
    await request.expectStage('Awaiting hard copy')

    // Phensys knows the request waits for its paper; then the patient cancels before it comes.
    await expect.poll(() => heardAtPhensys(id), { timeout: 30_000 }).toEqual(['accepted', 'hard_copy.awaiting'])
    expect((await control('POST', `/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })).status).toBe(200)
    await request.expectStage('Cancelled', 30_000)
    await expect
      .poll(() => heardAtPhensys(id), { timeout: 30_000 })
      .toEqual(['accepted', 'hard_copy.awaiting', 'cancellation.acknowledged'])

    // The paper comes: H is still offered, as the only action.
    const actions = page.getByRole('region', { name: 'Actions' })
    await expect(actions.getByRole('button')).toHaveText(['Receive hard copy H'])
    await request.run('Receive hard copy', 'h')
    const form = request.dialog('Receive hard copy')
    await expect(form).toBeVisible()
    await form.getByLabel('Serial number on the form').fill('PP 0042')
    for (const box of await form.getByRole('checkbox').all()) await box.check()
    await form.getByLabel(/Quantity on the form/).fill('28')
    await form.getByRole('button', { name: /Record/ }).click()
    await expect(form).toHaveCount(0)

    // Said true of a stopped request, shown with it and on its timeline (the audit trail's entry).
    await expect(
      request.status('Original received and recorded; the request stays cancelled, and nothing goes to Phensys.')
    ).toBeVisible()
    await expect(
      request
        .main()
        .getByText(
          /^Original received \d\d\/\d\d\/\d{4} \d\d:\d\d by Dana Dispenser: Private prescription \(paper\) PP 0042$/
        )
    ).toBeVisible()
    await expect(
      page.getByRole('region', { name: 'Timeline' }).getByText('Original prescription received and checked')
    ).toBeVisible()
    await request.expectStage('Cancelled')
    await expect(
      page.getByRole('alert').filter({ hasText: 'Cancelled at Phensys: stop work on this request' })
    ).toBeVisible()
    // Recorded once: H stays offered for another original, nothing else is.
    await expect(actions.getByRole('button')).toHaveText(['Receive hard copy H'])

    // The audit trail of a patient's request is a pharmacist's to read.
    const pharmacist = await contractSession(
      counter.app.openUrl,
      LIVE_STAFF.pharmacist.username,
      LIVE_STAFF.pharmacist.secret
    )
    const audit = await pharmacist<Array<{ command: string; actorName: string | null; summary: unknown }>>(
      'audit.list',
      {
        entityId: id
      }
    )
    expect(audit.filter((entry) => entry.command === 'requests.receiveHardCopy')).toMatchObject([
      { actorName: 'Dana Dispenser', summary: { before: 'cancelled', after: 'cancelled' } }
    ])
    // Phensys hears nothing: nothing waits to go, nothing was refused, and it holds what it held.
    await expect
      .poll(async () => {
        const health = await pharmacist<{ outboxDepth: number; eventsNeedingAPerson: number }>('sync.health', {})
        return [health.outboxDepth, health.eventsNeedingAPerson]
      })
      .toEqual([0, 0])
    expect(await heardAtPhensys(id)).toEqual(['accepted', 'hard_copy.awaiting', 'cancellation.acknowledged'])
    // Nor did the counter make another event (one superseded or refused is not in Phensys's list).
    const made = await pharmacist<Array<{ type: string; status: string }>>('sync.history', { requestId: id })
    expect(made.map((event) => `${event.type} ${event.status}`).sort()).toEqual([
      'accepted sent',
      'cancellation.acknowledged sent',
      'hard_copy.awaiting sent'
    ])
  })
})
