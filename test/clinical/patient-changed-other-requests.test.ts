/**
 * Phensys moves a request to another patient (another patient id). The patient it was for has
 * other open requests whose safety flags named it (another open request of the same medicine, a
 * medicine it interacts with): they are no longer theirs, so those flags no longer apply, and a
 * pharmacist is not asked to acknowledge a risk from someone else's prescription.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { dispensedWorld, registerRequest, type DispensedWorld } from '../helpers/dispensed-world'
import { settle } from '../helpers/linked'
import { DMD } from '../stock/helpers'

const SERTRALINE = { dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: 28 }
const ISMN = { dmdId: '41000631000001104', name: 'Isosorbide mononitrate 20mg tablets', quantity: 28 }
const SILDENAFIL = { dmdId: '39732711000001100', name: 'Sildenafil 50mg tablets', quantity: 4 }
const patient = (id: string, given: string, family: string) => ({
  patient: { id, name: { title: null, given, family }, dateOfBirth: '1990-03-04', phone: null, email: null }
})

/** A request of sertraline and `other` for `who` arrives from Phensys. */
async function arrivesWithSertraline(id: string, other: typeof ISMN, who: ReturnType<typeof patient>): Promise<void> {
  await w.l.phensys.post(
    '/sandbox/requests',
    registerRequest(
      id,
      [
        { lineId: 'l1', ...SERTRALINE },
        { lineId: 'l2', ...other }
      ],
      who
    )
  )
}

let w: DispensedWorld
beforeAll(async () => {
  w = await dispensedWorld()
}, 60_000)
afterAll(async () => w?.stop())

async function flagsOf(id: string): Promise<Array<[string, string]>> {
  const answer = await w.core.call(w.pharmacist, 'clinical.view', { id })
  if (!answer.ok) throw new Error(JSON.stringify(answer.error))
  return answer.value.flags.map((flag) => [flag.kind, flag.words])
}

it("a request moved to another patient no longer flags the first patient's other open requests", async () => {
  const kept = 'fr_G28_KEPT'
  const moved = 'fr_G28_MOVED'
  const first = patient('pt_G28_FIRST', 'Fay', 'First')
  // Each with sertraline and another medicine, for the first patient.
  await arrivesWithSertraline(kept, ISMN, first)
  await arrivesWithSertraline(moved, SILDENAFIL, first)
  await settle(w.core)
  expect((await flagsOf(kept)).map(([kind]) => kind).sort()).toEqual(['duplicate_request', 'interaction'])
  expect((await flagsOf(kept)).every(([, words]) => words.includes(moved))).toBe(true)

  const updated = await w.l.phensys.post(`/sandbox/requests/${moved}/update`, {
    changes: patient('pt_G28_SECOND', 'Sol', 'Second')
  })
  expect(updated.status, JSON.stringify(updated.body)).toBeLessThan(300)
  await settle(w.core)
  expect(w.core.internals.requests.get(moved)?.snapshot.patient.id).toBe('pt_G28_SECOND')

  expect(await flagsOf(kept), `flags of ${kept} naming ${moved}, now another patient's`).toEqual([])
  expect(await flagsOf(moved)).toEqual([])
  const closed = w.core.internals.store.sqlite
    .prepare("SELECT kind, status FROM request_flags WHERE request_id = ? AND source = 'safety' ORDER BY kind")
    .all(kept)
  expect(closed).toEqual([
    { kind: 'duplicate_request', status: 'no_longer_applies' },
    { kind: 'interaction', status: 'no_longer_applies' }
  ])
})
