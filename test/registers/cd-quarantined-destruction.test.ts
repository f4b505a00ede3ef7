import { describe, expect, it } from 'vitest'
import { morphineShelfForEachTest } from '../helpers/morphine-shelf'
import { signedInAs } from '../helpers/temp-core'

const freshShelf = morphineShelfForEachTest()

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
    const shelf = await freshShelf()
    const { core, pharmacist, section } = shelf
    const sqlite = core.internals.store.sqlite
    const batch = shelf.batches().find((b) => b.reserved === 0)!
    expect(batch, 'a morphine batch on the shelf, none of it reserved').toBeTruthy()
    const quantity = batch.onHand / 1000

    // The day it expires: the whole batch out of use, into the CD cabinet's quarantine.
    const quarantined = await core.call(pharmacist, 'stock.writeOff', {
      batchId: batch.id,
      quantity,
      kind: 'quarantine',
      reason: 'Expired: kept in the CD cabinet for destruction'
    })
    expect(quarantined.ok ? 'ok' : quarantined.error.message).toBe('ok')
    const before = await section()
    expect(before.check.difference).toBe(0)

    // The authorised witness comes: the same packs are destroyed before them.
    const destroyed = await core.call(pharmacist, 'stock.writeOff', {
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
    const shelf = await freshShelf()
    const { core, pharmacist, section } = shelf
    const dispenser = await signedInAs(core, 'ajones', '2222')
    const batch = shelf.batches().find((b) => b.reserved === 0)!
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
      const result = await core.call(who, 'stock.writeOff', { batchId: batch.id, ...input })
      return result.ok ? 'ok' : result.error.message
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
    const pack = await core.call(pharmacist, 'stock.pack', { amppId: batch.amppId })
    if (!pack.ok) throw new Error(pack.error.message)
    expect(
      pack.value.batches.find((b) => b.id === batch.id),
      "the stock screen's batch"
    ).toMatchObject({
      onHand: 0,
      quarantined: quantity - 2
    })
    const audit = await core.call(pharmacist, 'audit.list', { entityId: String(batch.id), limit: 50 })
    if (!audit.ok) throw new Error(audit.error.message)
    expect(audit.value.map((e) => e.summary)).toContainEqual(
      expect.objectContaining({ kind: 'destruction', from: 'quarantine', quantity: 1, witness: 'Insp. R Khan (CDAO)' })
    )
  })
})
