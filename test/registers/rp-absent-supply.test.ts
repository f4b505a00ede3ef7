/**
 * The counter's own rule (guard `responsiblePharmacist`): "medicines may not leave the pharmacy
 * until a pharmacist signs in as RP". While the RP has recorded an absence (F2, A), no pharmacist is
 * there to supervise: a prescription-only medicine is not handed over or sent until they are back
 * (Medicines Act s.52 / HMR reg 220: supply under a pharmacist's supervision; the RP Regulations
 * 2008 allow the absence, not the supply without one). (Found by review 28a: the guard asked only
 * whether an RP period was open, so an absent RP let every bag go.)
 */
import { describe, expect, it } from 'vitest'
import { checkedRequest, dispensedWorld } from '../helpers/dispensed-world'
import { startedForFile } from '../helpers/started-for-file'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { oneSertralinePack } from './one-sertraline-pack'

const w = startedForFile(dispensedWorld)

describe('while the Responsible Pharmacist is absent', () => {
  it('a prescription-only medicine is not handed over; it is once they are back', async () => {
    const id = 'fr_R28A_RP_AWAY'
    const { body, code } = await oneSertralinePack(w, id, 'SA1')
    const request = { ...body, delivery: { ...(body.delivery as Record<string, unknown>), service: 'collect' } }
    await checkedRequest(w, id, request, { l1: [code] })
    const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    expect(packed.ok ? 'packed' : packed.error.message).toBe('packed')

    const away = await w.core.call(w.pharmacist, 'rp.startAbsence', {})
    expect(away.ok ? 'absent' : away.error.message).toBe('absent')
    const collectedBy = { name: 'Zoë O’Brien-Łukasik', relation: 'patient', idAsked: true, idSeen: true } as const
    const whileAway = await w.core.call(w.checker, 'requests.collect', { id, collectedBy })
    expect(whileAway.ok, 'handed over while the RP is recorded absent').toBe(false)
    expect(whileAway.ok ? '' : whileAway.error.message).toMatch(
      /is recorded absent since \d\d:\d\d: medicines cannot leave the pharmacy until they are back/
    )
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('packed')

    expect((await w.core.call(w.pharmacist, 'rp.endAbsence', {})).ok).toBe(true)
    const back = await w.core.call(w.checker, 'requests.collect', { id, collectedBy })
    expect(back.ok ? 'handed over' : back.error.message).toBe('handed over')
  })

  it('a bag is not dispatched either, while labels and checks go on; it is once they are back', async () => {
    const id = 'fr_R28A_RP_AWAY_POST'
    const { body, code } = await oneSertralinePack(w, id, 'SA2')
    expect((await w.core.call(w.pharmacist, 'rp.startAbsence', {})).ok).toBe(true)
    // Assembled, labelled, checked and packed while the RP is away.
    await checkedRequest(w, id, body, { l1: [code] })
    const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    expect(packed.ok ? 'packed' : packed.error.message).toBe('packed')
    const whileAway = await w.core.call(w.checker, 'requests.dispatch', {
      id,
      trackingNumbers: [trackingNumberFor(id)]
    })
    expect(whileAway.ok ? 'dispatched' : whileAway.error.message).toMatch(/recorded absent since/)

    expect((await w.core.call(w.pharmacist, 'rp.endAbsence', {})).ok).toBe(true)
    const back = await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
    expect(back.ok ? 'dispatched' : back.error.message).toBe('dispatched')
  })
})
