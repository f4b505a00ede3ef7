import { afterEach, describe, expect, it } from 'vitest'
import { signedInAs, startTempCore } from '../helpers/temp-core'

let started: Awaited<ReturnType<typeof startTempCore>> | undefined
afterEach(async () => {
  await started?.stop()
  started = undefined
})

const MORPHINE_10_MR = '36128311000001109'

/**
 * Domain brief (CD register, Misuse of Drugs Regulations 2001 regs 19–20): a running balance, kept
 * the same or the next day, no alterations. Every Schedule 2 stock that leaves the premises by the
 * counter's own command (destroyed, written off as waste) is an entry in the drug's section when
 * it happens, with the quantity and the reason, so the running balance stays the stock held: not a
 * silent difference for a pharmacist to notice later.
 */
describe('a Schedule 2 drug written off as waste', () => {
  it('is entered in its CD register section, and the balance still agrees with the stock', async () => {
    started = await startTempCore({ autoSync: false, autoDevices: false })
    const pharmacist = await signedInAs(started.core, 'spatel', '1111')
    const sqlite = started.core.internals.store.sqlite
    const batch = sqlite
      .prepare(
        `SELECT b.id, l.on_hand_milli AS onHand, p.pack_size_milli AS packSize FROM batches b
           JOIN batch_levels l ON l.batch_id = b.id
           JOIN packs p ON p.ampp_id = b.ampp_id
           JOIN products amp ON amp.dmd_id = p.amp_id
          WHERE amp.vmp_id = ? AND l.on_hand_milli - l.reserved_milli >= p.pack_size_milli
          ORDER BY b.id LIMIT 1`
      )
      .get(MORPHINE_10_MR) as { id: number; onHand: number; packSize: number }
    expect(batch, 'a morphine batch on the shelf').toBeTruthy()

    const sectionsBefore = await started.core.call(pharmacist, 'registers.cd.sections', {})
    if (!sectionsBefore.ok) throw new Error(sectionsBefore.error.message)
    const before = sectionsBefore.value.find((s) => s.vmpId === MORPHINE_10_MR)!
    expect(before.check.difference).toBe(0)
    const entriesBefore = await started.core.call(pharmacist, 'registers.cd.list', { sectionId: before.id })
    if (!entriesBefore.ok) throw new Error(entriesBefore.error.message)

    const quantity = batch.packSize / 1000
    const wasted = await started.core.call(pharmacist, 'stock.writeOff', {
      batchId: batch.id,
      quantity,
      kind: 'waste',
      reason: 'Pack dropped and crushed; denatured'
    })
    expect(wasted.ok ? 'ok' : wasted.error.message).toBe('ok')

    const entriesAfter = await started.core.call(pharmacist, 'registers.cd.list', { sectionId: before.id })
    if (!entriesAfter.ok) throw new Error(entriesAfter.error.message)
    const added = entriesAfter.value.entries.slice(entriesBefore.value.entries.length)
    expect(added, 'the write-off as an entry of the morphine section').toEqual([
      expect.objectContaining({ change: -quantity, balance: before.balance - quantity })
    ])
    const sectionsAfter = await started.core.call(pharmacist, 'registers.cd.sections', {})
    const after = sectionsAfter.ok ? sectionsAfter.value.find((s) => s.vmpId === MORPHINE_10_MR) : undefined
    expect(after?.check.difference, 'register balance against the stock held').toBe(0)
  })

  it('destroyed only before an authorised witness, named in the entry; an adjustment is an entry too', async () => {
    started = await startTempCore({ autoSync: false, autoDevices: false })
    const pharmacist = await signedInAs(started.core, 'spatel', '1111')
    const sqlite = started.core.internals.store.sqlite
    const batch = sqlite
      .prepare(
        `SELECT b.id, p.pack_size_milli AS packSize FROM batches b
           JOIN batch_levels l ON l.batch_id = b.id
           JOIN packs p ON p.ampp_id = b.ampp_id
           JOIN products amp ON amp.dmd_id = p.amp_id
          WHERE amp.vmp_id = ? AND l.on_hand_milli - l.reserved_milli >= 2 * p.pack_size_milli
          ORDER BY b.id LIMIT 1`
      )
      .get(MORPHINE_10_MR) as { id: number; packSize: number }
    expect(batch, 'two morphine packs on the shelf').toBeTruthy()
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
    const before = (await entries()).length
    const quantity = batch.packSize / 1000
    const destroy = { batchId: batch.id, quantity, kind: 'destruction', reason: 'Expired stock, denatured' } as const

    const unwitnessed = await started.core.call(pharmacist, 'stock.writeOff', destroy)
    expect(unwitnessed.ok ? 'destroyed' : unwitnessed.error.message).toMatch(/authorised witness/)
    expect(await entries()).toHaveLength(before)

    const witnessed = await started.core.call(pharmacist, 'stock.writeOff', {
      ...destroy,
      witness: 'Insp. R Khan (CDAO)'
    })
    expect(witnessed.ok ? 'ok' : witnessed.error.message).toBe('ok')
    const adjusted = await started.core.call(pharmacist, 'stock.adjust', {
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
