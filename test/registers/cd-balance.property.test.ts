/**
 * Property: whatever the order of goods-in bookings, bagging, hand-overs and cancellations of a
 * Schedule 2 drug, the CD register's running balance equals what the stock ledger says the
 * pharmacy holds, and each section's entries are numbered in order with balances that follow.
 * One live world serves every run (the invariant holds at every point, so runs can build on each
 * other); CD_PROPERTY_RUNS lengthens it (default 10 runs, well under 30 s).
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import {
  checkedRequest,
  dispensedWorld,
  packMaker,
  registerRequest,
  type DispensedWorld
} from '../helpers/dispensed-world'
import { supplyByCarrier, supplyByCollection } from '../helpers/supply'
import { scan } from '../stock/helpers'

const MORPHINE = { dmdId: '36128311000001109', name: 'Morphine sulfate 10mg modified-release tablets', schedule: 2 }
const RUNS = Number(process.env.CD_PROPERTY_RUNS ?? 10)

type Op =
  | { kind: 'receive'; packs: number; batch: 'B1' | 'B2' }
  | { kind: 'bag' }
  | { kind: 'handOver'; pick: number; by: 'carrier' | 'collect' }
  | { kind: 'cancel'; pick: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('receive' as const),
    packs: fc.integer({ min: 1, max: 2 }),
    batch: fc.constantFrom('B1' as const, 'B2' as const)
  }),
  fc.constant({ kind: 'bag' as const }),
  fc.record({
    kind: fc.constant('handOver' as const),
    pick: fc.nat(),
    by: fc.constantFrom('carrier' as const, 'collect' as const)
  }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() })
)

let w: DispensedWorld
let morphine: Awaited<ReturnType<typeof packMaker>>
/** The model: packs on the shelf by batch, bagged requests with their batch, and the register's expected balance in tablets. */
const shelf = { B1: 0, B2: 0 }
const bags: Array<{ id: string; batch: 'B1' | 'B2' }> = []
let registerBalance = 0
let next = 0

beforeAll(async () => {
  w = await dispensedWorld()
  morphine = await packMaker(w, MORPHINE.dmdId)
}, 60_000)
afterAll(async () => w?.stop())

async function run(step: Op): Promise<void> {
  const { core } = w
  switch (step.kind) {
    case 'receive':
      for (let i = 0; i < step.packs; i++)
        await scan(core, w.assembler, morphine.code(step.batch, step.batch === 'B1' ? '280630' : '290131'))
      shelf[step.batch] += step.packs
      registerBalance += step.packs * morphine.packSize
      return
    case 'bag': {
      // Reservation goes first expiry first: B1 before B2.
      const batch = shelf.B1 > 0 ? 'B1' : shelf.B2 > 0 ? 'B2' : null
      if (!batch) return
      const id = `fr_CDP_${++next}`
      const collect = next % 2 === 0
      const body = registerRequest(
        id,
        [{ lineId: 'l1', ...MORPHINE, quantity: morphine.packSize }],
        collect
          ? {
              delivery: {
                recipientName: 'Zoë',
                address: { line1: '1 Road', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB' },
                service: 'collect'
              }
            }
          : {}
      )
      await checkedRequest(w, id, body, { l1: [morphine.code(batch, batch === 'B1' ? '280630' : '290131')] })
      shelf[batch] -= 1
      bags.push({ id, batch })
      return
    }
    case 'handOver': {
      const carrierBag = bags.findIndex(
        (bag, i) =>
          i >= step.pick % Math.max(1, bags.length) &&
          Number(bag.id.split('_')[2]) % 2 === (step.by === 'carrier' ? 1 : 0)
      )
      if (carrierBag < 0) return
      const [bag] = bags.splice(carrierBag, 1)
      if (step.by === 'carrier') await supplyByCarrier(core, w.checker, bag!.id)
      else await supplyByCollection(core, w.checker, bag!.id)
      registerBalance -= morphine.packSize
      return
    }
    case 'cancel': {
      if (bags.length === 0) return
      const [bag] = bags.splice(step.pick % bags.length, 1)
      await w.l.phensys.post(`/sandbox/requests/${bag!.id}/cancel`, { reason: 'patient_request' })
      await settle(core)
      // Labelled packs go to quarantine: still in the pharmacy, still in the register's balance.
      return
    }
  }
}

async function assertRegisterAgreesWithLedger(): Promise<void> {
  const sections = await w.core.call(w.pharmacist, 'registers.cd.sections', {})
  if (!sections.ok) throw new Error(sections.error.message)
  for (const section of sections.value) {
    expect(section.check.difference, JSON.stringify(section.check)).toBe(0)
    const list = await w.core.call(w.pharmacist, 'registers.cd.list', { sectionId: section.id })
    if (!list.ok) throw new Error(list.error.message)
    let balance = 0
    list.value.entries.forEach((entry, i) => {
      expect(entry.seq).toBe(i + 1)
      balance += entry.change
      expect(entry.balance).toBe(balance)
      if (i > 0) expect(entry.at >= list.value.entries[i - 1]!.at).toBe(true)
    })
    expect(section.balance).toBe(balance)
  }
  const morphineSection = sections.value.find((s) => s.vmpId === MORPHINE.dmdId)
  expect(morphineSection?.balance ?? 0).toBe(registerBalance)
}

describe('CD register against the stock ledger', () => {
  it('keeps a running balance equal to the ledger-derived balance after any goods-in and supplies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops) => {
        for (const step of ops) await run(step)
        await assertRegisterAgreesWithLedger()
      }),
      {
        numRuns: RUNS,
        endOnFailure: true,
        // Every kind of step at least once: both hand-overs, a bag left waiting, a cancellation into quarantine.
        examples: [
          [
            [
              { kind: 'receive', packs: 2, batch: 'B1' },
              { kind: 'bag' },
              { kind: 'bag' },
              { kind: 'handOver', pick: 0, by: 'carrier' },
              { kind: 'handOver', pick: 0, by: 'collect' },
              { kind: 'receive', packs: 2, batch: 'B2' },
              { kind: 'bag' },
              { kind: 'bag' },
              { kind: 'cancel', pick: 0 }
            ]
          ]
        ]
      }
    )
  }, 120_000)
})
