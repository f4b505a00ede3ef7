/**
 * The pharmacist's clinical check screens a prescription against one patient's record (README, "The
 * clinical check and the patient's record"). Phensys then sends a new version of the request for
 * another patient: another patient id, name and date of birth (a 12-year-old), the items the same.
 * The check was of someone else's record (their age, earlier supplies and flags): it must not stand,
 * and the labels must wait for a check of this patient. Today only a change of items voids it, so the
 * first pack scanned asks for the labels for a child nobody screened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispensedWorld, packMaker, registerRequest, type DispensedWorld } from '../helpers/dispensed-world'
import { settle } from '../helpers/linked'
import { DMD, scan } from '../stock/helpers'
import { ok, stageOf } from '../helpers/cd-world'

let w: DispensedWorld
let sertraline: Awaited<ReturnType<typeof packMaker>>
beforeAll(async () => {
  w = await dispensedWorld()
  sertraline = await packMaker(w, DMD.sertraline)
  await scan(w.core, w.assembler, sertraline.code('SP1'))
}, 60_000)
afterAll(async () => w?.stop())

describe('a clinical check made for one patient does not stand for another', () => {
  it('Phensys changes the patient of an approved request: the check is voided and the labels wait', async () => {
    const id = 'fr_R27B_OTHER_PATIENT'
    const body = registerRequest(id, [
      { lineId: 'l1', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: sertraline.packSize }
    ])
    await w.l.phensys.post('/sandbox/requests', body)
    await settle(w.core)
    ok(await w.core.call(w.assembler, 'requests.accept', { id }), 'accept')
    expect(stageOf(w, id)).toBe('ready_to_dispense')
    ok(await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), 'clinical check')

    const updated = await w.l.phensys.post(`/sandbox/requests/${id}/update`, {
      changes: {
        patient: {
          id: 'pt_R27B_CHILD',
          name: { title: null, given: 'Sam', family: 'Child' },
          dateOfBirth: '2014-05-01',
          phone: null,
          email: null
        }
      }
    })
    expect(updated.status, JSON.stringify(updated.body)).toBeLessThan(300)
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.snapshot.patient.id).toBe('pt_R27B_CHILD')

    const view = ok(await w.core.call(w.pharmacist, 'clinical.view', { id }), 'clinical view')
    expect(view.standing, 'the check made for the first patient').toBeNull()

    // The first pack scanned: with no check standing for this patient, no labels are asked for.
    ok(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: sertraline.code('SP1') }), 'scan')
    await settle(w.core)
    const { timeline } = ok(await w.core.call(w.assembler, 'requests.get', { id }), 'request')
    expect(timeline.map((entry) => entry.command)).not.toContain('requests.printLabels')
  })
})
