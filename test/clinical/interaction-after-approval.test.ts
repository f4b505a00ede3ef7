/**
 * Sildenafil with a nitrate is "do not supply together" (the safety file; README, "Safety flags":
 * interacting medicines, "always to acknowledge"). The pharmacist approves a request for sildenafil;
 * then a request for isosorbide mononitrate arrives for the same patient. The counter computes the
 * flags of the patient's other open requests again (README) and the sildenafil request now carries
 * an interaction flag that no pharmacist has seen. A must-acknowledge flag holds the supply (labels,
 * pack, dispatch, hand-over: `HOLDS_BACK`, src/main/clinical/safety-flags.ts) as well as the check,
 * so one raised after the check stops the bag until a pharmacist acknowledges it. (Found by review
 * 28b: it held the check alone, already made, and the sildenafil was dispatched by staff alone.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispensedWorld, packMaker, registerRequest, type DispensedWorld } from '../helpers/dispensed-world'
import { settle } from '../helpers/linked'
import { until } from '../helpers/until'
import { rescansWithLabels } from '../helpers/rescans'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { scan } from '../stock/helpers'

const ISMN = { lineId: 'l1', dmdId: '41000631000001104', name: 'Isosorbide mononitrate 20mg tablets' }
const SILDENAFIL = { lineId: 'l1', dmdId: '39732711000001100', name: 'Sildenafil 50mg tablets' }
const who = {
  patient: {
    id: 'pt_R28B_NITRATE',
    name: { title: null, given: 'Ned', family: 'Nitrate' },
    dateOfBirth: '1960-03-04',
    phone: null,
    email: null
  }
}

let w: DispensedWorld
beforeAll(async () => {
  w = await dispensedWorld()
}, 60_000)
afterAll(async () => w?.stop())

async function ok<T>(answer: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>, what: string) {
  const result = await answer
  if (!result.ok) throw new Error(`${what}: ${JSON.stringify(result.error)}`)
  return result.value
}

describe('an interaction found after the clinical check holds the supply for a pharmacist', () => {
  it('sildenafil approved, then a nitrate request arrives for the patient: the sildenafil is not supplied', async () => {
    const sildenafil = await packMaker(w, SILDENAFIL.dmdId)
    const code = sildenafil.code('SIL1')
    await scan(w.core, w.assembler, code)
    const id = 'fr_R28B_SILDENAFIL'
    await w.l.phensys.post(
      '/sandbox/requests',
      registerRequest(id, [{ ...SILDENAFIL, quantity: sildenafil.packSize }], who)
    )
    await settle(w.core)
    await ok(w.core.call(w.assembler, 'requests.accept', { id }), 'accept')
    await ok(w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), 'clinical check')

    const nitrate = 'fr_R28B_NITRATE'
    await w.l.phensys.post('/sandbox/requests', registerRequest(nitrate, [{ ...ISMN, quantity: 28 }], who))
    await settle(w.core)
    const flags = (await ok(w.core.call(w.pharmacist, 'clinical.view', { id }), 'clinical view')).flags
    const interaction = flags.filter((flag) => flag.kind === 'interaction' && flag.mustAcknowledge)
    // The counter did find it: the sildenafil request carries the flag, unacknowledged.
    expect(interaction.map((flag) => flag.acknowledged)).toEqual([null])

    // Staff carry on: scan (the labels print by themselves), accuracy check, pack, dispatch.
    await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code })
    await until(
      () => w.core.internals.requests.get(id)?.row.stage !== 'dispensing',
      `${id} past dispensing`,
      3_000
    ).catch(() => undefined)
    const view = await w.core.call(w.checker, 'dispensing.view', { id })
    if (view.ok && w.core.internals.requests.get(id)?.row.stage === 'labelled')
      await w.core.call(w.checker, 'requests.accuracyCheck', { id, rescans: rescansWithLabels(view.value, [code]) })
    await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
    await settle(w.core)
    const stage = w.core.internals.requests.get(id)?.row.stage
    expect(
      ['dispensing', 'labelled', 'accuracy_checked', 'ready_to_dispense'],
      `sildenafil with an unacknowledged "do not supply together" flag reached ${stage}`
    ).toContain(stage)

    // A pharmacist acknowledges it: the labels are no longer held back.
    await ok(
      w.core.call(w.pharmacist, 'flags.acknowledge', {
        id: interaction[0]!.id,
        reason: 'Prescriber confirmed the nitrate is stopped'
      }),
      'acknowledge'
    )
    await ok(w.core.call(w.assembler, 'requests.printLabels', { id }), 'labels once acknowledged')
  })

  it('a flag kept from when such flags held back the clinical check alone keeps its acknowledgement and holds back the supply from then on', async () => {
    const id = 'fr_R28B_SILDENAFIL'
    const [flag] = (await ok(w.core.call(w.pharmacist, 'clinical.view', { id }), 'clinical view')).flags.filter(
      (each) => each.kind === 'interaction'
    )
    expect(flag?.acknowledged).not.toBeNull()
    // As a store from before keeps it.
    const blocksOf = () =>
      (
        w.core.internals.store.sqlite.prepare('SELECT blocks FROM request_flags WHERE id = ?').get(flag!.id) as {
          blocks: string
        }
      ).blocks
    w.core.internals.store.sqlite
      .prepare(`UPDATE request_flags SET blocks = '["clinicalCheck"]' WHERE id = ?`)
      .run(flag!.id)
    // Another request of the patient's arrives: their flags are worked out again.
    await w.l.phensys.post('/sandbox/requests', registerRequest('fr_R28B_NITRATE_2', [{ ...ISMN, quantity: 28 }], who))
    await settle(w.core)
    const after = (await ok(w.core.call(w.pharmacist, 'clinical.view', { id }), 'clinical view')).flags
    expect(after.find((each) => each.id === flag!.id)?.acknowledged?.by).toBe(flag!.acknowledged!.by)
    expect(JSON.parse(blocksOf())).toEqual(['clinicalCheck', 'printLabels', 'pack', 'dispatch', 'collect'])
  })
})
