/**
 * A Schedule 2 request whose FP10PCD was received and matched (56 tablets), then a query, then
 * Phensys's resolution with a different quantity (112). The paper in hand says 56: it does not match
 * what is prescribed now, so the request must wait for an original that does (domain brief: hold any
 * Schedule 2/3 item until the original is received and checked against the request). Today the
 * earlier match counts for the new items and the request goes on to the stock check and dispensing.
 */
import { describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { cdWorld, expectRefused, matchingFp10pcd, morphineRequest, ok, stageOf } from '../helpers/cd-world'
import { startedForFile } from '../helpers/started-for-file'

const w = startedForFile(() => cdWorld(4))

describe('an original matched against earlier items does not release new ones', () => {
  it('query resolved with another quantity of a Schedule 2 drug: back to awaiting the original', async () => {
    const id = 'fr_R27B_CD_REQTY'
    const first = w.morphine.packSize
    const body = morphineRequest(id, first, 2)
    await w.l.phensys.post('/sandbox/requests', body)
    await settle(w.core)
    ok(await w.core.call(w.assembler, 'requests.accept', { id }), 'accept')
    expect(stageOf(w, id)).toBe('awaiting_hard_copy')
    ok(await w.core.call(w.pharmacist, 'requests.receiveHardCopy', matchingFp10pcd(id, first)), 'original')
    expect(stageOf(w, id)).toBe('ready_to_dispense')

    ok(
      await w.core.call(w.pharmacist, 'requests.raiseQuery', {
        id,
        reason: 'clinical',
        message: 'Please confirm the quantity with the prescriber.'
      }),
      'query'
    )
    await settle(w.core)
    const prescription = body.prescription as { items: Array<Record<string, unknown>> }
    const resolved = await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {
      changes: { prescription: { items: [{ ...prescription.items[0], quantity: 2 * first }] } }
    })
    expect(resolved.status, JSON.stringify(resolved.body)).toBeLessThan(300)
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.snapshot.prescription.items[0]?.quantity).toBe(2 * first)

    // The FP10PCD in hand says `first`; the request now says twice that.
    expect(stageOf(w, id)).toBe('awaiting_hard_copy')
    expectRefused(
      await w.core.call(w.assembler, 'requests.checkStock', { id }),
      'stock check without a matching original'
    )
    expectRefused(
      await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }),
      'clinical check without a matching original'
    )
  })
})
