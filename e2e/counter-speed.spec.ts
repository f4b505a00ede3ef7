import { test, expect, startBrowserMode, startSandboxProcess, type Page } from './fixtures'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { startFakePrinter, type FakePrinter } from './support/fake-printer'
import { freshTrackingNumber } from './support/tracking'
import { wedgeScan } from './support/wedge'
import { openContractSession, type ContractCall, stockedPack } from './support/contract'
import { requestBody } from '../test/helpers/request-body'
import { parseZplJob } from '../test/helpers/zpl-decode'
import { LIVE_STAFF } from './support/live-staff'
import { RequestPage } from './pages/request-page'
import { WorklistPage } from './pages/worklist-page'
import { SignInPage } from './pages/sign-in-page'
import { readFileSync } from 'node:fs'

/**
 * The counter at speed: a one-pack form-consultation request from its arrival to dispatched, by
 * keyboard and scanner only, counting every action the people make (a key, a scan, a PIN typed
 * with its Enter) and those spent handing the counter from one person to the next (their badge,
 * their PIN). README, "The path at the counter", lists the same actions one by one.
 */

const TOKEN = 'e2e-speed-token'
const SERTRALINE = '39732311000001104'

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>
let counter: Awaited<ReturnType<typeof startBrowserMode>>
let printer: FakePrinter
let admin: ContractCall
let gtin = ''
let packSize = 0
const badges: Record<keyof typeof LIVE_STAFF, string> = { dispenser: '', pharmacist: '', checker: '' }

async function phensys(path: string, body: object): Promise<void> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  })
  expect(response.ok, `${path}: ${response.status}`).toBe(true)
}

/** Every action sent to the page goes through here and is counted: by the people, or to hand over. */
class Actions {
  private readonly log: Array<{ what: string; handOver: boolean }> = []
  private handingOver = false

  constructor(private readonly page: Page) {}

  async key(key: string): Promise<void> {
    this.log.push({ what: `key ${key}`, handOver: this.handingOver })
    await this.page.keyboard.press(key)
  }

  async scan(what: string, code: string): Promise<void> {
    this.log.push({ what: `scan ${what}`, handOver: this.handingOver })
    await wedgeScan(this.page, code)
  }

  /** Typing a PIN and its Enter: one action, as a scan and its Enter are. */
  async pin(pin: string): Promise<void> {
    this.log.push({ what: 'PIN', handOver: this.handingOver })
    // Typed as a person types (a burst as fast as a scanner's would be read as a scan, and set aside).
    await this.page.keyboard.type(pin, { delay: 150 })
    await this.page.keyboard.press('Enter')
  }

  /** The next person takes the counter: their badge, then their PIN. */
  async handOver(person: keyof typeof LIVE_STAFF): Promise<number> {
    const before = this.log.length
    this.handingOver = true
    await this.scan(`${person}'s badge`, badges[person])
    await expect(this.page.getByLabel('PIN or password')).toBeFocused()
    await this.pin(LIVE_STAFF[person].secret)
    this.handingOver = false
    await new WorklistPage(this.page).expectLoaded()
    await expect(this.page.getByRole('banner')).toContainText(LIVE_STAFF[person].displayName)
    return this.log.length - before
  }

  byPeople(): string[] {
    return this.log.filter((action) => !action.handOver).map((action) => action.what)
  }
}

/**
 * The path as the README writes it ("The path at the counter"): each numbered row's action, in the
 * words `Actions` logs (a key by its name, a scan by what is scanned), the hand-over rows, and the
 * count the README states.
 */
function pathInReadme(): { byPeople: string[]; handOvers: string[]; stated: number; statedPerHandOver: number } {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const section = readme.split('### The path at the counter')[1]!.split('\n### ')[0]!
  const rows = section
    .split('\n')
    .filter((line) => /^\| *\d* *\| *(pharmacist|dispenser) *\|/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()))
  const byPeople = rows
    .filter((cells) => cells[1] !== '')
    .map((cells) => cells[3]!)
    .map((action) =>
      action.startsWith('scan ') ? action : `key ${action.length === 1 ? action.toLowerCase() : action}`
    )
  const handOvers = rows.filter((cells) => cells[1] === '').map((cells) => cells[3]!)
  const stated = /\*\*(\d+) actions by the people, (\d+) per hand-over\*\*/.exec(section)
  return { byPeople, handOvers, stated: Number(stated?.[1]), statedPerHandOver: Number(stated?.[2]) }
}

test.beforeAll(async () => {
  sandbox = await startSandboxProcess(TOKEN)
  counter = await startBrowserMode({ url: sandbox.url, token: TOKEN })
  printer = await startFakePrinter()
  admin = await openContractSession(counter.app.openUrl)
  await admin('auth.createFirstAdmin', { username: 'owner', displayName: 'Olu Owner', secret: '864209' })
  for (const [role, person] of Object.entries(LIVE_STAFF)) {
    const created = await admin<{ id: string }>('users.create', person)
    badges[role as keyof typeof LIVE_STAFF] = (await admin<{ code: string }>('users.badge', { id: created.id })).code
  }
  const { settings } = await admin<{ settings: { wedge: object } }>('devices.status', {})
  // Playwright's keys are not a scanner's: allow pauses up to 100 ms within a scan (wedge.ts says why).
  await admin('devices.setSettings', {
    ...settings,
    wedge: { ...settings.wedge, maxGapMs: 100 },
    labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: printer.port }
  })
  // One pack of sertraline on the shelf; the pharmacist is Responsible Pharmacist.
  const pharmacist = await openContractSession(counter.app.openUrl)
  await pharmacist('auth.signIn', { username: LIVE_STAFF.pharmacist.username, secret: LIVE_STAFF.pharmacist.secret })
  await pharmacist('rp.signIn', {})
  ;({ gtin, packSize } = await stockedPack(pharmacist, SERTRALINE))
})

test.afterAll(async () => {
  await printer?.close()
  await counter?.stop()
  await sandbox?.stop()
})

/**
 * The path for a form-consultation request of `packs` packs of sertraline, from its arrival to
 * dispatched, every action sent through `Actions`: what the people did, and each hand-over's count.
 */
async function walkThePath(
  page: Page,
  id: string,
  packs: number,
  /** Between the first and the second re-scan: what the checker sees of each, and hears (see `tonesHeard`). */
  betweenRescans?: (request: RequestPage) => Promise<void>
): Promise<{ byPeople: string[]; toDispenser: number; toPharmacist: number }> {
  const packCodes = Array.from({ length: packs }, (_, n) =>
    encodeGs1(packFields({ gtin, expiry: '351231', batch: 'SPD1', serial: `${id.slice(-1)}SPD000${n + 1}` }))
  )
  const dispenser = await openContractSession(counter.app.openUrl)
  await dispenser('auth.signIn', { username: LIVE_STAFF.dispenser.username, secret: LIVE_STAFF.dispenser.secret })
  for (const code of packCodes) await dispenser('stock.receiveScan', { raw: code, deliveryId: null })
  const printedBefore = printer.jobs.length

  // The pharmacist is at the counter when the request arrives (signing in is not part of the path).
  // The re-scan sounds, heard as the tones the page asks of its audio (a square wave's frequency each).
  await page.addInitScript(() => {
    const heard: number[] = []
    ;(globalThis as unknown as { tonesHeard: number[] }).tonesHeard = heard
    class Heard {
      currentTime = 0
      destination = {}
      createGain() {
        const ramp = () => undefined
        return { gain: { setValueAtTime: ramp, exponentialRampToValueAtTime: ramp }, connect: (to: unknown) => to }
      }
      createOscillator() {
        const oscillator = {
          type: 'sine',
          frequency: { value: 0 },
          connect: (to: unknown) => to,
          start: () => heard.push(oscillator.frequency.value),
          stop: () => undefined
        }
        return oscillator
      }
    }
    ;(globalThis as unknown as { AudioContext: unknown }).AudioContext = Heard
  })
  await page.goto(counter.app.openUrl)
  await new SignInPage(page).signInAs(LIVE_STAFF.pharmacist.username, LIVE_STAFF.pharmacist.secret)
  const worklist = new WorklistPage(page)
  await expect(page.getByLabel('Search requests')).toBeVisible()
  const act = new Actions(page)
  // Any pointer press would be counted here: the path needs none.
  await page.evaluate(() => {
    const counted = globalThis as unknown as {
      pointerPresses: number
      addEventListener(type: string, listener: () => void, capture: boolean): void
    }
    counted.pointerPresses = 0
    counted.addEventListener('pointerdown', () => (counted.pointerPresses += 1), true)
  })
  const request = new RequestPage(page, id)
  const base = requestBody(id, { route: 'form_consultation' })
  const prescription = base.prescription as { items: Array<Record<string, unknown>> }
  await phensys('/sandbox/requests', {
    ...base,
    prescription: {
      ...prescription,
      issuedAt: new Date().toISOString().slice(0, 10),
      items: prescription.items.map((item) => ({ ...item, quantity: packs * packSize }))
    }
  })
  // It arrives through the feed's long poll.
  await expect(worklist.rows()).toHaveCount(1, { timeout: 60_000 })

  // The pharmacist opens it and accepts: the stock check runs by itself.
  await act.key('Enter')
  await request.expectOpen()
  await act.key('a')
  await request.expectStage('Ready to dispense')
  // The pharmacist's clinical check, before anything is assembled: C opens it with the patient's
  // record in view, the outcome "Approved" has the focus, and Enter records it. The stage stays.
  await act.key('c')
  const check = request.dialog('Clinical check')
  await expect(check.getByRole('heading', { name: /^Patient:/ })).toBeVisible()
  await expect(check.getByRole('radio', { name: 'Approved', exact: true })).toBeFocused()
  await act.key('Enter')
  await expect(request.status('Clinical check recorded')).toBeVisible()
  await request.expectStage('Ready to dispense')

  // The dispenser takes over, opens it and scans each pack: the first starts dispensing, each is
  // matched, and the last prints the labels (the clinical check is made).
  const toDispenser = await act.handOver('dispenser')
  await act.key('Enter')
  await request.expectOpen()
  // The dispenser scans once the packs panel is on screen (an earlier scan waits for it: scan-while-loading.spec.ts).
  await expect(page.getByRole('region', { name: 'Dispensing' })).toBeVisible()
  for (const [n, code] of packCodes.entries()) {
    await act.scan('the pack', code)
    if (n < packs - 1) await request.expectStage('Dispensing')
  }
  await request.expectStage('Labelled', 30_000)
  // Each pack's label: the first barcode of each label printed for this request.
  const labels = [
    ...new Set(
      parseZplJob(printer.jobs.slice(printedBefore).join(''))
        .map((printed) => printed.fields.find((field) => field.barcode)?.text)
        .filter((text): text is string => Boolean(text))
    )
  ]
  expect(labels, 'a label of its own on each pack').toHaveLength(packs)

  // The pharmacist takes over again and scans the label on each pack: the first opens the request
  // and the accuracy check, the last records it.
  const toPharmacist = await act.handOver('pharmacist')
  for (const [n, label] of labels.entries()) {
    await act.scan('the label on the pack', label)
    // A person looks for the tick before the next pack (a scan while the request is still opening is lost).
    if (n < packs - 1) await expect(request.accuracyCheck()).toHaveAttribute('data-judged', String(n + 1))
    if (n === 0 && packs > 1) await betweenRescans?.(request)
  }
  await request.expectOpen()
  await request.expectStage('Accuracy checked')

  // Packed on the scan of its label, dispatched on the scan of the carrier's.
  await act.key('p')
  await expect(request.dialog('Pack')).toBeVisible()
  await act.scan('the label on the bag', labels[0]!)
  await request.expectStage('Packed')
  await act.key('x')
  await expect(request.dialog('Dispatch')).toBeVisible()
  await act.scan("the carrier's label", freshTrackingNumber('Royal Mail'))
  await request.expectStage('Dispatched')

  expect(await page.evaluate(() => (globalThis as unknown as { pointerPresses: number }).pointerPresses)).toBe(0)
  const byPeople = act.byPeople()
  console.log(`${packs} pack(s), actions by the people (${byPeople.length}): ${byPeople.join(', ')}`)
  return { byPeople, toDispenser, toPharmacist }
}

test('a one-pack form-consultation request, arrival to dispatched: at most 12 actions by the people and 2 per hand-over (badge and PIN), no clicks', async ({
  page
}) => {
  test.setTimeout(180_000)
  const { byPeople, toDispenser, toPharmacist } = await walkThePath(page, 'fr_SPEED_1', 1)
  expect(byPeople.length).toBeLessThanOrEqual(12)
  expect(toDispenser).toBeLessThanOrEqual(2)
  expect(toPharmacist).toBeLessThanOrEqual(2)
  // The README's path, action by action, as the README itself writes it, and its count.
  const readme = pathInReadme()
  expect(byPeople).toEqual(readme.byPeople)
  expect(readme.stated).toBe(byPeople.length)
  expect(readme.handOvers).toEqual(['badge, PIN', 'badge, PIN'])
  expect([toDispenser, toPharmacist]).toEqual([readme.statedPerHandOver, readme.statedPerHandOver])
  expect(byPeople).toEqual([
    'key Enter',
    'key a',
    'key c',
    'key Enter',
    'key Enter',
    'scan the pack',
    'scan the label on the pack',
    'key p',
    'scan the label on the bag',
    'key x',
    "scan the carrier's label"
  ])
})

test('each further pack adds one scan when dispensing and one when checking: two packs, 13 actions and 2 per hand-over', async ({
  page
}) => {
  test.setTimeout(180_000)
  const one = pathInReadme().byPeople
  const tones = () => page.evaluate(() => (globalThis as unknown as { tonesHeard: number[] }).tonesHeard)
  const { byPeople, toDispenser, toPharmacist } = await walkThePath(page, 'fr_SPEED_2', 2, async (request) => {
    // The first re-scan: the pack it matched, product, batch and expiry, with a tick, and one high beep.
    const check = request.accuracyCheck()
    await expect(check.getByRole('status')).toHaveText(/^✓ Sertraline.* · batch SPD1 · expiry 31\/12\/2035\./)
    await expect(check.getByTestId('rescan-progress')).toHaveText('1 of 2 packs re-scanned')
    expect(await tones()).toEqual([1320])
    // A pack that is not in this bag: refused at once in words, not kept, and two low beeps (a detour
    // of this test, not part of the path: sent past the action count).
    await wedgeScan(page, encodeGs1(packFields({ gtin, expiry: '351231', batch: 'SPD1', serial: 'NOTINBAG1' })))
    await expect(check).toHaveAttribute('data-judged', '2')
    await expect(check.getByRole('alert')).toContainText('✗ Refused, not kept')
    await expect(check.getByTestId('rescan-progress')).toHaveText('1 of 2 packs re-scanned')
    expect(await tones()).toEqual([1320, 220, 220])
  })
  expect([toDispenser, toPharmacist]).toEqual([2, 2])
  const further = (action: string) => [action, action]
  expect(byPeople).toEqual(
    one.flatMap((action) =>
      action === 'scan the pack' || action === 'scan the label on the pack' ? further(action) : [action]
    )
  )
  expect(byPeople).toHaveLength(one.length + 2)
})
