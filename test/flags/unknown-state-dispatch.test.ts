/**
 * Phensys moves a packed request to a state the contract does not list ("on_hold"). The counter
 * keeps and flags it (never rejects it), but it must not send the medicine out on it: the contract
 * lets Phensys take `dispatched` only in `in_fulfilment`, so a parcel sent now is medicine out of
 * the door that Phensys will refuse to hear of. Dispatch waits until a person has looked at the flag.
 */
import { expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { accuracyChecked, ok, worldForFile } from '../helpers/literal-world'

const w = worldForFile()

it('a packed request that Phensys puts in a state the counter does not know is not dispatched unseen', async () => {
  const { core } = w
  const id = 'fr_R27_UNKNOWN_STATE'
  await accuracyChecked(w, id)
  ok(await core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }), 'pack')
  await settle(core)
  w.lit.change(id, (s) => (s.state = 'on_hold'), 'request.updated')
  await settle(core)
  const flags = core.internals.store.sqlite
    .prepare('SELECT path, status FROM request_flags WHERE request_id = ?')
    .all(id) as Array<{ path: string; status: string }>
  expect(flags).toContainEqual({ path: 'state', status: 'open' })

  const dispatched = await core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
  expect(dispatched.ok, 'dispatched while Phensys holds the request in a state the counter does not know').toBe(false)
  await settle(core)
  expect(w.lit.conflicts.filter((conflict) => conflict.requestId === id)).toEqual([])
})
