/**
 * Domain brief, CD register supplies: "who collected, ID asked and seen". The Misuse of Drugs
 * Regulations 2001 (Schedule 6, supply entries) ask, of the person who collects a Schedule 2 drug,
 * whether they are the patient, the patient's representative or a healthcare professional, and,
 * for a healthcare professional acting for the patient, their name AND address: the collection is
 * refused without the address, and the entry records it. (Found by review 28a: the collect step took
 * a name and the relation only.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkedRequest } from '../helpers/dispensed-world'
import { staffSession } from '../helpers/linked'
import { bagScanFor } from '../helpers/supply'
import { cdWorld, morphineRequest, ok, stageOf, type CdWorld } from '../helpers/cd-world'

let w: CdWorld
beforeAll(async () => {
  w = await cdWorld(2)
}, 60_000)
afterAll(async () => w?.stop())

const NURSE = { name: 'Nurse J Okafor', address: 'District Nursing Team, 3 Vicar Lane, Leeds LS1 7JH' }

describe('a Schedule 2 drug collected by a healthcare professional', () => {
  it("is handed over only with the professional's address, and the CD register records it", async () => {
    const id = 'fr_R28A_CD_HCP'
    w.checker = await staffSession(w.core, ['accuracy_checker'])
    const body = morphineRequest(id, w.morphine.packSize, 2)
    const request = { ...body, delivery: { ...(body.delivery as Record<string, unknown>), service: 'collect' } }
    await checkedRequest(w, id, request, { l1: [w.morphine.code('MR1')] })
    ok(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }), 'pack')
    expect(stageOf(w, id)).toBe('packed')

    const withoutAddress = await w.core.call(w.checker, 'requests.collect', {
      id,
      collectedBy: { name: NURSE.name, relation: 'healthcare_professional', idAsked: false, idSeen: false }
    })
    expect(withoutAddress.ok, 'a Schedule 2 collection by a healthcare professional taken without their address').toBe(
      false
    )
    expect(withoutAddress.ok ? '' : withoutAddress.error.message).toMatch(/with their name and address/)
    expect(stageOf(w, id)).toBe('packed')

    const collected = await w.core.call(w.checker, 'requests.collect', {
      id,
      collectedBy: { ...NURSE, relation: 'healthcare_professional', idAsked: false, idSeen: false }
    } as never)
    ok(collected, 'collect with the address')
    const entry = w.core.internals.store.sqlite
      .prepare(`SELECT collected_by AS collectedBy FROM cd_register_entries WHERE request_id = ? AND kind = 'supply'`)
      .get(id) as { collectedBy: string }
    expect(entry.collectedBy).toContain(NURSE.name)
    expect(entry.collectedBy).toContain(NURSE.address)
  })
})
