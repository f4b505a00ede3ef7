/**
 * A re-sync reads the open list, then asks for each request it holds that the list left out. A page
 * in between (a captive portal, a proxy) that answers `200` with something else than the contract's
 * answer is no answer from Phensys: not an empty open list, nor an unreadable request. The re-sync
 * stops and starts over, as when Phensys is away; nothing is set aside or kept as unreadable.
 */
import { afterEach, expect, it } from 'vitest'
import { settle, staffSession, type Linked } from '../helpers/linked'
import { heldAtStockCheck } from '../helpers/request-body'
import { startLinkedThroughProxy, type SlowProxy } from '../helpers/slow-proxy'

const PORTAL_PAGE = '<!doctype html><html><body>Sign in to the Wi-Fi</body></html>'

let linked: Linked | undefined
let proxy: SlowProxy | undefined
afterEach(async () => {
  await linked?.stop()
  await proxy?.close()
  linked = undefined
  proxy = undefined
})

async function world(): Promise<{ l: Linked; staff: string }> {
  ;({ linked, proxy } = await startLinkedThroughProxy())
  const l = linked
  const staff = await staffSession(l.core, ['dispenser'])
  await l.phensys.post('/sandbox/requests', heldAtStockCheck('fr_PORTAL_RESYNC'))
  await settle(l.core)
  expect(l.core.internals.requests.get('fr_PORTAL_RESYNC')).toBeDefined()
  return { l, staff }
}

async function nothingUnreadable(l: Linked, staff: string): Promise<void> {
  const health = await l.core.call(staff, 'sync.health', {})
  if (!health.ok) throw new Error(health.error.message)
  expect(health.value.unreadableEntries).toBe(0)
}

it("a portal's page in place of the open list: the re-sync stops, it is no empty list", async () => {
  const { l, staff } = await world()
  proxy!.changeNextAnswer(/\/v1\/provider\/requests\?/, () => PORTAL_PAGE)
  await expect(l.core.internals.sync.resync()).rejects.toThrow(/re-sync interrupted/)
  await nothingUnreadable(l, staff)
})

it("a portal's page in place of a request looked up: the re-sync stops, nothing read as unreadable", async () => {
  const { l, staff } = await world()
  // Phensys lists it no more (an empty open list), so the re-sync asks for it by its id.
  proxy!.changeNextAnswer(/\/v1\/provider\/requests\?/, () => ({ requests: [], next: null }))
  proxy!.changeNextAnswer(/\/v1\/provider\/requests\/fr_PORTAL_RESYNC$/, () => PORTAL_PAGE)
  await expect(l.core.internals.sync.resync()).rejects.toThrow(/re-sync interrupted/)
  await nothingUnreadable(l, staff)
})
