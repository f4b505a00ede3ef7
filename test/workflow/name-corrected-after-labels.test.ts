/**
 * Every dispensing label carries the patient's name (HMR 2012 Sch. 25; domain brief, "Labels on
 * dispensed medicines"). Phensys corrects the name of the same patient (same id, same date of birth:
 * "Zoe Obrien" was a typo for "Zoe O'Brien-Lukasik") in a new version after the labels printed. The
 * bag on the bench is labelled with a name Phensys no longer gives: it must not be packed, dispatched
 * or handed over until it is labelled again with the name as it is now: `classifyChange`
 * (src/main/fulfilment/snapshot-changes.ts) reports the printed name's change, and the table's
 * `labelsVoided` sends the bag back to dispensing. (Found by review 28b: only a change of items,
 * patient id or date of birth voided the labels, and the bag went out under the old name.)
 */
import { describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { rescansWithLabels } from '../helpers/rescans'
import { until } from '../helpers/until'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { accuracyChecked, nameChangedAtPhensys, ok, stageOf, worldForFile } from '../helpers/literal-world'

const w = worldForFile()

function nameCorrectedAtPhensys(id: string): void {
  nameChangedAtPhensys(w, id, { title: 'Ms', given: 'Zoe', family: "O'Brien-Lukasik" })
}

describe('labels name the patient as Phensys names them now', () => {
  it('accuracy-checked, then Phensys corrects the patient name: packing is refused until relabelled', async () => {
    const id = 'fr_R28B_NAME_PACK'
    const code = await accuracyChecked(w, id)
    nameCorrectedAtPhensys(id)
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.snapshot.patient.name.family).toBe("O'Brien-Lukasik")
    const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    expect(packed.ok, `pack with labels naming "Ms Zoe Obrien": ${JSON.stringify(packed)}`).toBe(false)
    expect(stageOf(w, id)).not.toBe('packed')

    expect(JSON.stringify(packed)).toContain("Labels voided: Phensys corrected the patient's name")
    // Back to dispensing, the packs still scanned; the clinical check (the same person) stands, so
    // the labels print again at once, with the name as it is now, then are checked and packed.
    expect(stageOf(w, id)).toBe('dispensing')
    expect(ok(await w.core.call(w.pharmacist, 'clinical.view', { id }), 'clinical view').checks.at(-1)).toMatchObject({
      voided: null
    })
    ok(await w.core.call(w.assembler, 'requests.printLabels', { id }), 'labels again')
    await until(() => stageOf(w, id) === 'labelled', `${id} labelled again`)
    const view = ok(await w.core.call(w.checker, 'dispensing.view', { id }), 'dispensing view')
    ok(
      await w.core.call(w.checker, 'requests.accuracyCheck', { id, rescans: rescansWithLabels(view, [code]) }),
      'accuracy check again'
    )
    ok(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }), 'pack')
  })

  it('packed, then Phensys corrects the patient name: dispatch is refused', async () => {
    const id = 'fr_R28B_NAME_DISPATCH'
    await accuracyChecked(w, id)
    ok(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }), 'pack')
    nameCorrectedAtPhensys(id)
    await settle(w.core)
    const dispatched = await w.core.call(w.checker, 'requests.dispatch', {
      id,
      trackingNumbers: [trackingNumberFor(id)]
    })
    expect(dispatched.ok, `dispatch with labels naming "Ms Zoe Obrien": ${JSON.stringify(dispatched)}`).toBe(false)
    await settle(w.core)
    expect(w.lit.accepted(id).map((event) => event.type)).not.toContain('dispatched')
  })
})
