/**
 * Sign-in to the worklist's first row in Chromium, timed by the page's own clock: the Enter key's
 * event to the end of the frame that drew the first row. Used by worklist.bench.ts in its own
 * process, and started by it as a worker thread, so that the first paint can also be timed with
 * Playwright's driver off the thread that runs the core and the page's server.
 */
import { chromium, type Browser, type Page } from '@playwright/test'
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import { performance } from 'node:perf_hooks'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

/**
 * Watched in the page from its start (ahead of the app's own listeners, one of which holds keys
 * to tell a scanner from a person): the Enter key's own time (when the browser took it) and the
 * end of the frame that drew the first row, both by the page's clock, so that neither this
 * process (Playwright's driver shares it with the core) nor Playwright's polling is counted.
 */
const WATCH_FIRST_ROW = `window.firstRow = new Promise((resolve) => {
  let enter = null
  const observer = new MutationObserver(() => {
    if (!document.querySelector('tbody tr[data-request-id]')) return
    observer.disconnect()
    requestAnimationFrame(() => setTimeout(() => resolve({ enter, painted: performance.now() })))
  })
  addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || enter !== null) return
    enter = event.timeStamp
    observer.observe(document.body, { childList: true, subtree: true })
  }, true)
})`
/** Each call the page made after Enter, the first of each name: when it was asked and answered (ms after Enter). */
const CALLS_AFTER = (enter: number) => `performance.getEntriesByType('resource')
  .filter((entry) => entry.name.includes('/api/call/') && entry.startTime >= ${enter})
  .map((entry) => ({ name: new URL(entry.name).pathname.slice('/api/call/'.length),
                     asked: entry.startTime - ${enter}, answered: entry.responseEnd - ${enter} }))`
export interface SignedIn {
  /** Playwright's clock: from asking for Enter to seeing the row (its driver runs in this process). */
  byPlaywright: number
  /** The page's clock: from the key to the frame that drew the first row. */
  painted: number
  /** The renderer's main thread busy (ms) meanwhile, from Chromium's own metrics. */
  rendererBusy: number
  calls: Array<{ name: string; asked: number; answered: number }>
}
export async function signInAndTime(tab: Page, openUrl: string, username: string, pin: string): Promise<SignedIn> {
  await tab.addInitScript(WATCH_FIRST_ROW)
  await tab.goto(openUrl)
  // A live workstation lists nobody: the username is typed (or a badge scanned).
  const screen = tab.getByRole('main', { name: 'Sign in' })
  await screen.getByLabel('Username').fill(username)
  const pinField = screen.getByLabel('PIN or password')
  await pinField.fill(pin)
  const cdp = await tab.context().newCDPSession(tab)
  await cdp.send('Performance.enable')
  const busy = async () =>
    ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000
  const busyBefore = await busy()
  const started = performance.now()
  await pinField.press('Enter')
  await tab.locator('tbody tr[data-request-id]').first().waitFor()
  const byPlaywright = performance.now() - started
  const seen = (await tab.evaluate('window.firstRow')) as { enter: number; painted: number }
  const rendererBusy = (await busy()) - busyBefore
  const calls = (await tab.evaluate(CALLS_AFTER(seen.enter))) as SignedIn['calls']
  await cdp.detach()
  return { byPlaywright, painted: seen.painted - seen.enter, rendererBusy, calls }
}

/** Signs in `runs` times, each in a fresh browser context. */
export async function firstPaints(
  browser: Browser,
  openUrl: string,
  username: string,
  pin: string,
  runs: number
): Promise<SignedIn[]> {
  const timed: SignedIn[] = []
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext()
    timed.push(await signInAndTime(await context.newPage(), openUrl, username, pin))
    await context.close()
  }
  return timed
}

if (!isMainThread && parentPort) {
  const { openUrl, username, pin, runs } = workerData as {
    openUrl: string
    username: string
    pin: string
    runs: number
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  try {
    parentPort.postMessage(await firstPaints(browser, openUrl, username, pin, runs))
  } finally {
    await browser.close()
  }
}
