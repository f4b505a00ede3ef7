/**
 * Browser mode on a core whose clock the test moves: `npx tsx e2e/support/clock-host.ts`.
 * The browser-mode host (`startBrowserHost`, as `src/browser/cli.ts` starts it) serves the built
 * renderer over a core made as the unit tests make theirs (`dispensedWorld`: the sandbox, a label
 * printer, four people, the core's injected `Clock` a `ManualClock`). No seam in the app: the
 * clock is the one `createCore` already takes. A second loopback port takes the test's controls:
 *   POST /bag-lasting-30-days?id=ID  a sertraline pack expiring in 30 days (the course 28), checked
 *   POST /days-later?days=N          the clock moved on N days
 * Prints `ready <open url> <control url>`. Run apart from Playwright: its loader takes no JSON
 * import without an attribute, which the core's modules have.
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startBrowserHost } from '../../src/browser/server'
import { checkedRequest, dispensedWorld } from '../../test/helpers/dispensed-world'
import { packLastingTwoDaysBeyond } from '../../test/helpers/out-of-date-bag'

const w = await dispensedWorld()
const host = await startBrowserHost({
  core: w.core,
  token: randomBytes(16).toString('hex'),
  rendererDir: 'out/renderer',
  port: 0
})

const control = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const answer = async (): Promise<object> => {
    if (req.method !== 'POST') throw new Error('POST only')
    if (url.pathname === '/bag-lasting-30-days') {
      const id = url.searchParams.get('id') ?? ''
      const { code, body, expiry } = await packLastingTwoDaysBeyond(w, id, `B${id.slice(-6)}`)
      await checkedRequest(w, id, body, { l1: [code] })
      return { expiry }
    }
    if (url.pathname === '/days-later') {
      w.clock.advance(Number(url.searchParams.get('days')) * 24 * 3600_000)
      return { now: w.clock.now().toISOString() }
    }
    throw new Error(`no control ${url.pathname}`)
  }
  answer().then(
    (value) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(value)),
    (error: unknown) => res.writeHead(500).end((error as Error).message)
  )
})
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve))

const stop = async (): Promise<void> => {
  control.close()
  await host.close()
  await w.stop()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
console.log(`ready ${host.openUrl} http://127.0.0.1:${(control.address() as AddressInfo).port}`)
