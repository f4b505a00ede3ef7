import { afterEach, describe, expect, it } from 'vitest'
import { signedInAs, startTempCore } from '../helpers/temp-core'

let started: Awaited<ReturnType<typeof startTempCore>> | undefined
afterEach(async () => {
  await started?.stop()
  started = undefined
})

const MORPHINE_10_MR = '36128311000001109'

/**
 * Domain brief (CD register: running balance, no alterations, corrections as dated entries): a
 * count of Schedule 2 stock that finds a difference is entered in the drug's section as it is
 * recorded, with the difference, the count, who counted and why, so the register's balance is
 * what was counted and the balance check shows no difference nobody caused.
 */
describe('a stock-take of a Schedule 2 drug', () => {
  it('enters each batch found different in its CD section, and the balance is the count', async () => {
    started = await startTempCore({ autoSync: false, autoDevices: false })
    const pharmacist = await signedInAs(started.core, 'spatel', '1111')
    const sqlite = started.core.internals.store.sqlite
    const shelf = sqlite
      .prepare(
        `SELECT b.id, b.ampp_id AS amppId, l.on_hand_milli AS onHand, l.reserved_milli AS reserved FROM batches b
           JOIN batch_levels l ON l.batch_id = b.id
           JOIN packs p ON p.ampp_id = b.ampp_id
           JOIN products amp ON amp.dmd_id = p.amp_id
          WHERE amp.vmp_id = ? AND l.on_hand_milli > 0
          ORDER BY b.ampp_id, b.id`
      )
      .all(MORPHINE_10_MR) as { id: number; amppId: string; onHand: number; reserved: number }[]
    const short = shelf.find((b) => b.onHand - b.reserved >= 2000)
    expect(short, 'a morphine batch with two free tablets').toBeTruthy()
    const counts = shelf
      .filter((b) => b.amppId === short!.amppId)
      .map((b) => ({ batchId: b.id, counted: (b.id === short!.id ? b.onHand - 2000 : b.onHand) / 1000 }))

    const section = async () => {
      const sections = await started!.core.call(pharmacist, 'registers.cd.sections', {})
      if (!sections.ok) throw new Error(sections.error.message)
      return sections.value.find((s) => s.vmpId === MORPHINE_10_MR)!
    }
    const entries = async () => {
      const listed = await started!.core.call(pharmacist, 'registers.cd.list', { sectionId: (await section()).id })
      if (!listed.ok) throw new Error(listed.error.message)
      return listed.value.entries
    }
    const before = await section()
    expect(before.check.difference).toBe(0)
    const entriesBefore = (await entries()).length

    const take = await started.core.call(pharmacist, 'stock.stockTake', {
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
