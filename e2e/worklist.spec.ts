import { test, expect, startBrowserMode, startSandboxProcess } from './fixtures'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'
import { RequestPage } from './pages/request-page'
import { openContractSession, type ContractCall } from './support/contract'
import { requestBody } from '../test/helpers/request-body'
import { LIVE_STAFF } from './support/live-staff'

/**
 * The worklist with far more open requests than a screen holds: only the rows in view are drawn,
 * yet the keyboard works as on a short list (↑/↓, PgDn, End, Enter opens the selected request,
 * also far down the list), and a change to one request reaches its row without a reload. Signing in,
 * the first page is asked before anything else and drawn before the header asks for its own.
 */

const TOKEN = 'e2e-worklist-token'
const STAFF = LIVE_STAFF
const OPEN = 1_200

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>
let counter: Awaited<ReturnType<typeof startBrowserMode>>
let dispenser: ContractCall

interface Page {
  rows: Array<{ id: string; stage: string }>
  groups: Array<{ count: number }>
  next: object | null
}

test.beforeAll(async () => {
  test.setTimeout(180_000)
  sandbox = await startSandboxProcess(TOKEN)
  counter = await startBrowserMode({ url: sandbox.url, token: TOKEN })
  const admin = await openContractSession(counter.app.openUrl)
  await admin('auth.createFirstAdmin', { username: 'owner', displayName: 'Olu Owner', secret: '864209' })
  for (const person of Object.values(STAFF)) await admin('users.create', person)
  dispenser = await openContractSession(counter.app.openUrl)
  await dispenser('auth.signIn', { username: STAFF.dispenser.username, secret: STAFF.dispenser.secret })
  const issuedAt = new Date().toISOString().slice(0, 10)
  const requests = Array.from({ length: OPEN }, (_, i) => {
    const body = requestBody(`fr_WL${String(i).padStart(5, '0')}`)
    return { ...body, prescription: { ...(body.prescription as object), issuedAt } }
  })
  const created = await fetch(`${sandbox.url}/sandbox/requests/bulk`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ requests })
  })
  expect(created.status).toBeLessThan(300)
  // The counter pulls them from the feed by itself.
  await expect
    .poll(async () => (await dispenser<Page>('worklist.get', {})).groups.reduce((sum, g) => sum + g.count, 0), {
      timeout: 120_000
    })
    .toBe(OPEN)
})

test.afterAll(async () => {
  await counter?.stop()
  await sandbox?.stop()
})

/** The reference of the row the worklist shows as selected. */
async function selectedId(page: import('@playwright/test').Page): Promise<string> {
  const row = page.locator('tbody tr[aria-selected="true"]')
  await expect(row).toHaveCount(1)
  return (await row.getAttribute('data-request-id'))!
}

test('a long worklist draws only the rows in view, and Enter opens the selected request, also far down', async ({
  page
}) => {
  test.setTimeout(120_000)
  const worklist = new WorklistPage(page)
  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(STAFF.dispenser.username, STAFF.dispenser.secret)
  await worklist.expectLoaded()
  await expect(page.getByRole('navigation', { name: 'Stages' }).getByRole('button', { name: /All/ })).toContainText(
    String(OPEN)
  )
  expect(await worklist.rows().count()).toBeLessThan(120)

  // The list's order, as main gives it.
  const order: string[] = []
  for (let after: object | null = null, first = true; first || after; first = false) {
    const next: Page = await dispenser<Page>('worklist.get', { after, limit: 500 })
    order.push(...next.rows.map((row) => row.id))
    after = next.next
  }

  // ↓ three times, Enter: the fourth request opens.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown')
  expect(await selectedId(page)).toBe(order[3])
  await page.keyboard.press('Enter')
  await new RequestPage(page, order[3]!).expectOpen()
  await page.keyboard.press('Escape')
  await worklist.expectLoaded()

  // End: the last request, drawn now that it is in view; Enter opens it.
  await page.keyboard.press('End')
  const last = order[OPEN - 1]!
  await expect(page.locator(`tbody tr[data-request-id="${last}"]`)).toBeInViewport()
  expect(await selectedId(page)).toBe(last)
  await page.keyboard.press('Enter')
  await new RequestPage(page, last).expectOpen()
  await page.keyboard.press('Escape')
  await worklist.expectLoaded()

  // Home, then pages down into the middle, one up, as fast as the keys go: the selected row is in
  // view, all of it (not below the window's edge), and it is the one that opens.
  await page.keyboard.press('Home')
  for (let i = 0; i < 20; i++) await page.keyboard.press('PageDown')
  await page.keyboard.press('ArrowUp')
  const middle = await selectedId(page)
  expect(order.indexOf(middle)).toBeGreaterThan(200)
  await expect(page.locator(`tbody tr[data-request-id="${middle}"]`)).toBeInViewport({ ratio: 1 })
  // ↑ from the bottom row selected a row in view: the list did not move, the row below is still there.
  const below = order[order.indexOf(middle) + 1]!
  await expect(page.locator(`tbody tr[data-request-id="${below}"]`)).toBeInViewport({ ratio: 1 })
  await page.keyboard.press('Enter')
  await new RequestPage(page, middle).expectOpen()
})

test('a change to one request reaches its row without reloading the list', async ({ page }) => {
  const worklist = new WorklistPage(page)
  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(STAFF.dispenser.username, STAFF.dispenser.secret)
  await worklist.expectLoaded()
  const first = page.locator('tbody tr[data-request-id]').first()
  const id = (await first.getAttribute('data-request-id'))!
  await expect(first.locator('td').nth(2)).toHaveText('New')
  // The list's later pages may still be coming in (at load): a reload is an ask from the top.
  const asks: Array<{ call: string; after: unknown }> = []
  page.on('request', (request) => {
    const call = request.url().match(/\/api\/call\/(worklist\.\w+)$/)?.[1]
    if (call) asks.push({ call, after: (request.postDataJSON() as { after?: unknown } | null)?.after })
  })
  await dispenser('requests.accept', { id })
  // Accepted, it leaves New for the stage accept leads to, and moves to the end of the list (newest in its stage).
  await expect(worklist.stageButton('New')).toContainText(String(OPEN - 1))
  await expect(page.locator('tbody tr[data-request-id]').first()).not.toHaveAttribute('data-request-id', id)
  // The row was fetched on its own: the list was not loaded again.
  expect(asks.filter((ask) => ask.call !== 'worklist.rows' && ask.after == null)).toEqual([])
  expect(asks.filter((ask) => ask.call === 'worklist.rows').length).toBeGreaterThan(0)
})

test('a burst of changes, some heard while the rows are asked for, goes in one more ask, and every change is shown in the list’s order', async ({
  page
}) => {
  const worklist = new WorklistPage(page)
  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(STAFF.dispenser.username, STAFF.dispenser.secret)
  await worklist.expectLoaded()
  const listed = async (): Promise<Array<{ id: string; stage: string }>> => {
    const rows: Array<{ id: string; stage: string }> = []
    for (let after: object | null = null, first = true; first || after; first = false) {
      const next: Page = await dispenser<Page>('worklist.get', { after, limit: 500 })
      rows.push(...next.rows)
      after = next.next
    }
    return rows
  }
  const before = await listed()
  const notesBefore = (await dispenser<unknown[]>('notes.handover', {})).length
  const newOnes = before.filter((row) => row.stage === 'new').map((row) => row.id)
  await expect(worklist.stageButton('New')).toContainText(String(newOnes.length))
  // The first ask is held until the burst is over: what changes meanwhile waits for its answer.
  const asks: string[][] = []
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/api/call/worklist.rows', async (route) => {
    asks.push((route.request().postDataJSON() as { ids: string[] }).ids)
    if (asks.length === 1) await held
    await route.continue()
  })
  const accepted = newOnes.slice(0, 40)
  await dispenser('requests.accept', { id: accepted[0] })
  await expect.poll(() => asks.length).toBe(1)
  for (const id of accepted.slice(1)) await dispenser('requests.accept', { id })
  // Notes on two rows that will be at the top: each is asked for again and stays where it was in the list.
  const staying = before.filter((row) => !accepted.includes(row.id))
  const noted = [staying[4]!.id, staying[9]!.id]
  for (const id of noted)
    await dispenser('notes.add', { subject: 'request', subjectId: id, text: 'Patient rang about delivery' })
  release()

  await expect(worklist.stageButton('New')).toContainText(String(newOnes.length - accepted.length))
  // The next ask carries every one of them (sync's own changes for the accepted ones may follow).
  expect(asks[1]).toEqual(expect.arrayContaining([...accepted.slice(1), ...noted]))
  // The notes are read again once the rows are in.
  await expect(page.getByText(`Hand-over notes of the last day (${notesBefore + 2})`)).toBeVisible()
  // Every row drawn is the one main has at that place, at the top of the list and at its end.
  const after = (await listed()).map((row) => row.id)
  const drawnInOrder = async (): Promise<void> => {
    const drawn = await worklist
      .rows()
      .evaluateAll((rows) =>
        rows.map((row) => [Number(row.getAttribute('aria-rowindex')) - 2, row.getAttribute('data-request-id')] as const)
      )
    expect(drawn.length).toBeGreaterThan(10)
    for (const [index, id] of drawn) expect(id, `row ${index}`).toBe(after[index])
  }
  await drawnInOrder()
  await page.keyboard.press('End')
  await expect(page.locator(`tbody tr[data-request-id="${after.at(-1)}"]`)).toBeInViewport()
  await drawnInOrder()
})

test('signing in asks for the worklist first: its first page before the screen is drawn, the header’s calls once it is on screen, nothing with the id the sign-in replaced', async ({
  page
}) => {
  // What was on screen when each call left the page (the page's own fetch, watched, not changed).
  await page.addInitScript(`
    window.sentCalls = []
    const fetchAsBefore = window.fetch.bind(window)
    window.fetch = (input, init) => {
      const name = /\\/api\\/call\\/(.+)$/.exec(String(input))?.[1]
      if (name) window.sentCalls.push({ name, signInShown: document.querySelector('#signin-title') !== null })
      return fetchAsBefore(input, init)
    }
  `)
  const steps: string[] = []
  const refused: string[] = []
  const callName = (url: string) => /\/api\/call\/(.+)$/.exec(new URL(url).pathname)?.[1]
  page.on('request', (request) => {
    const name = callName(request.url())
    if (name) steps.push(`asked ${name}`)
  })
  page.on('response', async (response) => {
    const name = callName(response.url())
    if (!name) return
    steps.push(`answered ${name}`)
    const answer = (await response.json()) as { ok: boolean; error?: { code: string } }
    if (!answer.ok && answer.error?.code === 'session_expired') refused.push(name)
  })
  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(STAFF.dispenser.username, STAFF.dispenser.secret)
  await new WorklistPage(page).expectLoaded()
  const header = ['sync.health', 'rp.status', 'store.checkStatus', 'notes.handover']
  await expect.poll(() => header.every((name) => steps.includes(`answered ${name}`))).toBe(true)

  const signedIn = steps.indexOf('answered auth.signIn')
  const afterSignIn = steps.slice(signedIn).filter((step) => step.startsWith('asked'))
  expect(afterSignIn[0]).toBe('asked worklist.get')
  // Asked while the sign-in screen was still shown: before the screen around the list was drawn.
  const sent = (await page.evaluate('window.sentCalls')) as Array<{ name: string; signInShown: boolean }>
  expect(sent.find((call) => call.name === 'worklist.get')?.signInShown).toBe(true)
  // The header's calls wait until the first page is in (and drawn).
  const firstPage = steps.indexOf('answered worklist.get', signedIn)
  for (const name of header) expect(steps.indexOf(`asked ${name}`, signedIn)).toBeGreaterThan(firstPage)
  // Nothing was sent with the session's old id, to be refused and sent again.
  expect(refused).toEqual([])
})

test('until its first page has come the list says it is reading the requests, never that there are none', async ({
  page
}) => {
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/api/call/worklist.get', async (route) => {
    await held
    await route.continue()
  })
  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(STAFF.dispenser.username, STAFF.dispenser.secret)
  await expect(page.getByRole('status').filter({ hasText: 'Reading the requests…' })).toBeVisible()
  await expect(page.getByText('No requests here.')).toHaveCount(0)
  release()
  await new WorklistPage(page).expectLoaded()
  await expect(page.getByText('Reading the requests…')).toHaveCount(0)
})
