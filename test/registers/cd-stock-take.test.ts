import { describe, expect, it } from 'vitest'
import { morphineShelfForEachTest } from '../helpers/morphine-shelf'

const freshShelf = morphineShelfForEachTest()

/**
 * Domain brief (CD register: running balance, no alterations, corrections as dated entries): a
 * count of Schedule 2 stock that finds a difference is entered in the drug's section as it is
 * recorded, with the difference, the count, who counted and why, so the register's balance is
 * what was counted and the balance check shows no difference nobody caused.
 */
describe('a stock-take of a Schedule 2 drug', () => {
  it('enters each batch found different in its CD section, and the balance is the count', async () => {
    const shelf = await freshShelf()
    const { core, pharmacist, section, entries } = shelf
    const batches = shelf.batches()
    const short = batches.find((b) => b.onHand - b.reserved >= 2000)
    expect(short, 'a morphine batch with two free tablets').toBeTruthy()
    const counts = batches
      .filter((b) => b.amppId === short!.amppId)
      .map((b) => ({ batchId: b.id, counted: (b.id === short!.id ? b.onHand - 2000 : b.onHand) / 1000 }))

    const before = await section()
    expect(before.check.difference).toBe(0)
    const entriesBefore = (await entries()).length

    const take = await core.call(pharmacist, 'stock.stockTake', {
      amppId: short!.amppId,
      counts,
      note: 'Monthly CD count; two tablets unaccounted for, reported to the superintendent'
    })
    if (!take.ok) throw new Error(take.error.message)

    const added = (await entries()).slice(entriesBefore)
    expect(added).toEqual([
      expect.objectContaining({
        kind: 'correction',
        change: -2,
        balance: before.balance - 2,
        recordedBy: expect.any(String),
        note: `Stock-take ${take.value.id} by ${added[0]?.recordedBy}: counted ${(short!.onHand - 2000) / 1000}, expected ${short!.onHand / 1000}. Monthly CD count; two tablets unaccounted for, reported to the superintendent`
      })
    ])
    expect((await section()).check.difference, 'register balance against the stock counted').toBe(0)
  })
})
