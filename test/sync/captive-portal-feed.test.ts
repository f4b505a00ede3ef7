/**
 * A captive portal (or a proxy's sign-in page) between the counter and Phensys answers every call
 * `200` with its own HTML page, the feed's too. That is no feed page (the contract's is
 * `{"entries", "next", "more"}`): the counter must not take it for Phensys answering with nothing
 * new, nor show the health bar connected with a fresh last pull while nothing can arrive.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { PhensysClient } from '../../src/main/phensys/phensys-client'
import { staffSession, startLinked, type Linked } from '../helpers/linked'

const PORTAL_PAGE = '<!doctype html><html><head><title>Sign in to the Wi-Fi</title></head><body>Accept</body></html>'

let linked: Linked | undefined
let portal: Server | undefined
afterEach(async () => {
  await linked?.stop()
  await new Promise((resolve) => portal?.close(resolve) ?? resolve(undefined))
  linked = undefined
  portal = undefined
})

async function startPortal(): Promise<string> {
  portal = createServer((req, res) => {
    req.resume()
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(PORTAL_PAGE) })
    res.end(PORTAL_PAGE)
  })
  await new Promise<void>((resolve) => portal!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(portal!.address() as AddressInfo).port}`
}

it("a captive portal's page in place of the feed is no answer from Phensys: not connected, no pull recorded", async () => {
  const l = (linked = await startLinked({ through: () => startPortal() }))
  const staff = await staffSession(l.core, ['dispenser'])
  expect(await l.core.internals.sync.pullOnce(0)).toBe('retry')
  const health = await l.core.call(staff, 'sync.health', {})
  if (!health.ok) throw new Error(health.error.message)
  expect(health.value.lastPullAt).toBeNull()
  expect(health.value.connected).toBe(false)
  expect(health.value.lastError).toMatch(/not a feed page/)
})

it("a captive portal's page in place of the health check is not Phensys answering", async () => {
  const client = new PhensysClient({ url: await startPortal(), token: 't' })
  expect(await client.healthy()).toBe(false)
})
