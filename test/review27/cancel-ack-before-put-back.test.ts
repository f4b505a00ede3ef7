/**
 * Phensys cancels a request whose pack has been scanned into its basket (not yet labelled). The
 * pack is on the bench, not on the shelf: a person has to put it back. Until someone says it is
 * back, the ledger must not count it as shelf stock and Phensys must not be told
 * `cancellation.acknowledged {stockReturned: true}`; the acknowledgement goes once, after that.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { cancelledAtPhensys, ok, readyToDispense, stageOf, startWorld, type World } from './world'
import { closedPort } from '../helpers/tcp-listeners'

let w: World
beforeAll(async () => {
  // The printer is away: the labels wait in the queue, the pack stays unlabelled in the basket.
  w = await startWorld(await closedPort())
}, 60_000)
afterAll(async () => {
  await w?.stop()
})

it('a pack in the basket is not reported back on the shelf before a person has put it there', async () => {
  const { core } = w
  const id = 'fr_R27_CANCEL_BASKET'
  const code = await readyToDispense(w, id)
  ok(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code }), 'scan')
  await settle(core)
  expect(stageOf(w, id)).toBe('dispensing')

  cancelledAtPhensys(w, id)
  await settle(core)
  expect(stageOf(w, id)).toBe('cancelled')
  // Nobody has touched the basket yet.
  const acknowledgements = w.lit.accepted(id).filter((event) => event.type === 'cancellation.acknowledged')
  expect(
    acknowledgements.map((event) => event.body.data),
    'Phensys told the stock is back while the pack is still in the basket'
  ).not.toContainEqual({ stockReturned: true })
})
