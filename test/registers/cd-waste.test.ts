import { describe, expect, it } from 'vitest'
import { morphineShelfForEachTest } from '../helpers/morphine-shelf'

const freshShelf = morphineShelfForEachTest()

/**
 * Domain brief (CD register, Misuse of Drugs Regulations 2001 regs 19–20): a running balance, kept
 * the same or the next day, no alterations. Every Schedule 2 stock that leaves the premises by the
 * counter's own command (destroyed, written off as waste) is an entry in the drug's section when
 * it happens, with the quantity and the reason, so the running balance stays the stock held: not a
 * silent difference for a pharmacist to notice later.
 */
describe('a Schedule 2 drug written off as waste', () => {
  it('is entered in its CD register section, and the balance still agrees with the stock', async () => {
    const shelf = await freshShelf()
    const { core, pharmacist } = shelf
    const batch = shelf.batches().find((b) => b.onHand - b.reserved >= b.packSize)
    expect(batch, 'a morphine batch on the shelf').toBeTruthy()

    const before = await shelf.section()
    expect(before.check.difference).toBe(0)
    const entriesBefore = (await shelf.entries()).length

    const quantity = batch!.packSize / 1000
    const wasted = await core.call(pharmacist, 'stock.writeOff', {
      batchId: batch!.id,
      quantity,
      kind: 'waste',
      reason: 'Pack dropped and crushed; denatured'
    })
    expect(wasted.ok ? 'ok' : wasted.error.message).toBe('ok')

    const added = (await shelf.entries()).slice(entriesBefore)
    expect(added, 'the write-off as an entry of the morphine section').toEqual([
      expect.objectContaining({ change: -quantity, balance: before.balance - quantity })
    ])
    expect((await shelf.section()).check.difference, 'register balance against the stock held').toBe(0)
  })

  it('destroyed only before an authorised witness, named in the entry; an adjustment is an entry too', async () => {
    const shelf = await freshShelf()
    const { core, pharmacist, section, entries } = shelf
    const batch = shelf.batches().find((b) => b.onHand - b.reserved >= 2 * b.packSize)!
    expect(batch, 'two morphine packs on the shelf').toBeTruthy()
    const before = (await entries()).length
    const quantity = batch.packSize / 1000
    const destroy = { batchId: batch.id, quantity, kind: 'destruction', reason: 'Expired stock, denatured' } as const

    const unwitnessed = await core.call(pharmacist, 'stock.writeOff', destroy)
    expect(unwitnessed.ok ? 'destroyed' : unwitnessed.error.message).toMatch(/authorised witness/)
    expect(await entries()).toHaveLength(before)

    const witnessed = await core.call(pharmacist, 'stock.writeOff', {
      ...destroy,
      witness: 'Insp. R Khan (CDAO)'
    })
    expect(witnessed.ok ? 'ok' : witnessed.error.message).toBe('ok')
    const adjusted = await core.call(pharmacist, 'stock.adjust', {
      batchId: batch.id,
      delta: -1,
      reason: 'One tablet short at the CD count'
    })
    expect(adjusted.ok ? 'ok' : adjusted.error.message).toBe('ok')

    const added = (await entries()).slice(before)
    expect(added.map((e) => [e.change, e.note])).toEqual([
      [-quantity, expect.stringMatching(/^Destroyed in the presence of Insp\. R Khan \(CDAO\) .*: Expired stock/)],
      [-1, expect.stringContaining('One tablet short at the CD count')]
    ])
    expect((await section()).check.difference, 'register balance against the stock held').toBe(0)
  })
})
