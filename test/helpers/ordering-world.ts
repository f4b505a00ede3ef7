/**
 * The real core against the contract-literal Phensys on a clock the test moves, with a wholesaler
 * to order from, for the tests of a request waiting for its order; and the step that leaves a
 * request there.
 */
import { expect } from 'vitest'
import { settle, staffSession } from './linked'
import { linkedToLiteral, ok, type LiteralLink } from './literal-world'
import { ManualClock } from './temp-core'
import { startedForFile } from './started-for-file'
import { ownerSession, setUpWholesaler, stockedPack } from '../stock/helpers'
import type { Json } from '../sync/literal-phensys'

export interface OrderingWorld extends LiteralLink {
  clock: ManualClock
  dispenser: string
  pharmacist: string
  /** The pack of the medicine the test orders. */
  pack: Awaited<ReturnType<typeof stockedPack>>
}

async function startOrderingWorld(dmdId: string): Promise<OrderingWorld> {
  const clock = new ManualClock()
  const link = await linkedToLiteral({ clock })
  const core = link.core
  const dispenser = await staffSession(core, ['dispenser'])
  const pharmacist = await staffSession(core, ['pharmacist'])
  await setUpWholesaler(core, await ownerSession(core))
  const pack = await stockedPack(core, dispenser, dmdId)
  return { ...link, clock, dispenser, pharmacist, pack }
}

/** The ordering world for the test file, started before its tests and stopped after them. */
export function orderingWorldForFile(dmdId: string): OrderingWorld {
  return startedForFile(() => startOrderingWorld(dmdId))
}

/** The request created at Phensys, accepted, its stock ordered, and the patient chose to wait for it. */
export async function patientWaitsForOrder(w: OrderingWorld, snapshot: Json): Promise<void> {
  const id = snapshot.id as string
  w.lit.create(snapshot)
  await settle(w.core)
  ok(await w.core.call(w.dispenser, 'requests.accept', { id }), 'accept')
  await settle(w.core)
  expect(w.lit.accepted(id).map((event) => event.type)).toEqual(['accepted', 'stock.ordered'])
  w.lit.change(
    id,
    (s) => {
      s.state = 'in_fulfilment'
      s.patientDecision = { choice: 'wait', decidedAt: w.clock.now().toISOString() }
      delete s.options
    },
    'patient.decided'
  )
  await settle(w.core)
  expect(w.core.internals.requests.get(id)?.row.stage).toBe('awaiting_stock')
}
