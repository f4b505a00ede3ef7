import { afterEach, describe, expect, it } from 'vitest'
import { signedInAs, startTempCore } from '../helpers/temp-core'

let started: Awaited<ReturnType<typeof startTempCore>> | undefined
afterEach(async () => {
  await started?.stop()
  started = undefined
})

const MORPHINE_10_MR = '36128311000001109'

/**
 * Misuse of Drugs Regulations 2001 reg 27; README (the CD register). Expired Schedule 2 stock is kept
 * segregated in the CD cabinet until an authorised witness comes: the pharmacist quarantines it on
 * the day it expires and destroys it weeks later before the witness (`stock.writeOff` with
 * `from: 'quarantine'`), an entry in the drug's section, the check's quarantine going down with it.
 * (Found by review 28e: destruction took only stock on the shelf, so quarantined packs could never be
 * destroyed and sat in the balance for ever.)
 */
describe('Schedule 2 stock quarantined, then destroyed before the authorised witness', () => {
  it('is destroyed from quarantine, entered in its section, and the balance still agrees', async () => {
    started = await startTempCore({ autoSync: false, autoDevices: false })
    const pharmacist = await signedInAs(started.core, 'spatel', '1111')
    const sqlite = started.core.internals.store.sqlite
    const batch = sqlite
      .prepare(
        `SELECT b.id, l.on_hand_milli AS onHand FROM batches b
           JOIN batch_levels l ON l.batch_id = b.id
           JOIN packs p ON p.ampp_id = b.ampp_id
           JOIN products amp ON amp.dmd_id = p.amp_id
          WHERE amp.vmp_id = ? AND l.reserved_milli = 0 AND l.on_hand_milli > 0
          ORDER BY b.id LIMIT 1`
      )
      .get(MORPHINE_10_MR) as { id: number; onHand: number }
    expect(batch, 'a morphine batch on the shelf, none of it reserved').toBeTruthy()
    const quantity = batch.onHand / 1000
    const section = async () => {
      const sections = await started!.core.call(pharmacist, 'registers.cd.sections', {})
      if (!sections.ok) throw new Error(sections.error.message)
      return sections.value.find((s) => s.vmpId === MORPHINE_10_MR)!
    }

    // The day it expires: the whole batch out of use, into the CD cabinet's quarantine.
    const quarantined = await started.core.call(pharmacist, 'stock.writeOff', {
      batchId: batch.id,
      quantity,
      kind: 'quarantine',
      reason: 'Expired: kept in the CD cabinet for destruction'
    })
    expect(quarantined.ok ? 'ok' : quarantined.error.message).toBe('ok')
    const before = await section()
    expect(before.check.difference).toBe(0)

    // The authorised witness comes: the same packs are destroyed before them.
    const destroyed = await started.core.call(pharmacist, 'stock.writeOff', {
      batchId: batch.id,
      quantity,
      kind: 'destruction',
      from: 'quarantine',
      reason: 'Expired stock from quarantine, denatured',
      witness: 'Insp. R Khan (CDAO)'
    })
    expect(destroyed.ok ? 'ok' : destroyed.error.message, 'destroying the quarantined packs').toBe('ok')
    const after = await section()
    expect(after.balance, 'the register balance after the destruction').toBe(before.balance - quantity)
    expect(after.check.difference, 'register balance against the stock held').toBe(0)

    // What left quarantine stays as recorded: the destruction cannot be edited away or deleted.
    expect(() => sqlite.prepare('UPDATE quarantine_disposals SET quantity_milli = 1').run()).toThrow(/append-only/)
    expect(() => sqlite.prepare('DELETE FROM quarantine_disposals').run()).toThrow(/append-only/)
    expect((sqlite.prepare('SELECT COUNT(*) AS n FROM quarantine_disposals').get() as { n: number }).n).toBe(1)
  })

  it('from quarantine: a pharmacist only, before the witness, no more than is there; or back to the supplier, entered too', async () => {
    started = await startTempCore({ autoSync: false, autoDevices: false })
    const pharmacist = await signedInAs(started.core, 'spatel', '1111')
    const dispenser = await signedInAs(started.core, 'ajones', '2222')
    const batch = started.core.internals.store.sqlite
      .prepare(
        `SELECT b.id, b.ampp_id AS amppId, l.on_hand_milli AS onHand FROM batches b
           JOIN batch_levels l ON l.batch_id = b.id
           JOIN packs p ON p.ampp_id = b.ampp_id
           JOIN products amp ON amp.dmd_id = p.amp_id
          WHERE amp.vmp_id = ? AND l.reserved_milli = 0 AND l.on_hand_milli > 0
          ORDER BY b.id LIMIT 1`
      )
      .get(MORPHINE_10_MR) as { id: number; amppId: string; onHand: number }
    const quantity = batch.onHand / 1000
    const writeOff = async (
      who: typeof pharmacist,
      input: {
        quantity: number
        kind: 'waste' | 'quarantine' | 'destruction' | 'supplier_return'
        from?: 'shelf' | 'quarantine'
        reason: string
        witness?: string
      }
    ) => {
      const result = await started!.core.call(who, 'stock.writeOff', { batchId: batch.id, ...input })
      return result.ok ? 'ok' : result.error.message
    }
    const section = async () => {
      const sections = await started!.core.call(pharmacist, 'registers.cd.sections', {})
      if (!sections.ok) throw new Error(sections.error.message)
      return sections.value.find((s) => s.vmpId === MORPHINE_10_MR)!
    }
    const destroy = { kind: 'destruction', from: 'quarantine', reason: 'Expired, denatured' } as const

    expect(await writeOff(pharmacist, { quantity, kind: 'quarantine', reason: 'Expired' })).toBe('ok')
    expect(await writeOff(pharmacist, { ...destroy, quantity: 1 }), 'without the witness').toMatch(/authorised witness/)
    expect(await writeOff(dispenser, { ...destroy, quantity: 1, witness: 'Insp. R Khan (CDAO)' })).not.toBe('ok')
    expect(
      await writeOff(pharmacist, { ...destroy, quantity: quantity + 1, witness: 'Insp. R Khan (CDAO)' }),
      'more than the quarantine holds'
    ).toMatch(/^Cannot destroy .* from quarantine: only \d+ are in quarantine/)
    expect(
      await writeOff(pharmacist, {
        kind: 'destruction',
        quantity: 1,
        reason: 'Broken',
        witness: 'Insp. R Khan (CDAO)'
      }),
      'from the shelf, now empty'
    ).toMatch(/^Cannot destroy 1 of batch/)
    expect(await writeOff(pharmacist, { kind: 'waste', from: 'quarantine', quantity: 1, reason: 'Broken' })).not.toBe(
      'ok'
    )

    const before = await section()
    expect(await writeOff(pharmacist, { ...destroy, quantity: 1, witness: 'Insp. R Khan (CDAO)' })).toBe('ok')
    expect(
      await writeOff(pharmacist, { kind: 'supplier_return', from: 'quarantine', quantity: 1, reason: 'Recalled' })
    ).toBe('ok')
    const after = await section()
    expect(after.balance).toBe(before.balance - 2)
    expect(after.check).toMatchObject({ quarantined: quantity - 2, difference: 0 })
    const pack = await started.core.call(pharmacist, 'stock.pack', { amppId: batch.amppId })
    if (!pack.ok) throw new Error(pack.error.message)
    expect(
      pack.value.batches.find((b) => b.id === batch.id),
      "the stock screen's batch"
    ).toMatchObject({
      onHand: 0,
      quarantined: quantity - 2
    })
    const audit = await started.core.call(pharmacist, 'audit.list', { entityId: String(batch.id), limit: 50 })
    if (!audit.ok) throw new Error(audit.error.message)
    expect(audit.value.map((e) => e.summary)).toContainEqual(
      expect.objectContaining({ kind: 'destruction', from: 'quarantine', quantity: 1, witness: 'Insp. R Khan (CDAO)' })
    )
  })
})
