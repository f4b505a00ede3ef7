/**
 * The contract's `cancelled`: "stop; return stock where the law allows; acknowledge", and "entries of
 * one request can arrive out of order". A request created and cancelled before the counter pulled
 * it may reach the counter cancelled version first (its creation after, ignored as older). Review31
 * found such a request never acknowledged, while the same two entries in order were: whether Phensys
 * heard the acknowledgement it waits for hung on the order of the feed. Against the contract-literal
 * Phensys.
 */
import { afterEach, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { cancelledAtPhensys, linkedToLiteral, snapshotOf, type LiteralLink } from '../helpers/literal-world'

let link: LiteralLink | undefined
afterEach(async () => {
  await link?.stop()
  link = undefined
})

it.each([
  { order: 'in order', id: 'fr_CANCELLED_IN_ORDER', reversed: false },
  { order: 'cancelled version first', id: 'fr_CANCELLED_FIRST', reversed: true }
])('a request created and cancelled before the counter pulls it is acknowledged ($order)', async ({ id, reversed }) => {
  link = await linkedToLiteral()
  const { lit, core } = link
  lit.create(snapshotOf(id))
  cancelledAtPhensys(link, id)
  if (reversed) {
    // The feed keeps only what comes after now, and delivers the two versions again, newest first.
    lit.expireCursors()
    lit.redeliver(id, 2)
    lit.redeliver(id, 1)
  }
  await settle(core)
  expect(core.internals.requests.get(id)?.row.stage).toBe('cancelled')
  expect(core.internals.requests.versionOf(id)).toBe(2)
  expect(lit.accepted(id).map((event) => [event.type, event.body.data])).toEqual([
    ['cancellation.acknowledged', { stockReturned: true }]
  ])
  expect(lit.violations).toEqual([])
})
