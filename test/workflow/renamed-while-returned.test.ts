/**
 * Every dispensing label prints the patient's name; a corrected name voids the labels
 * (`labelsVoided`). A bag back from the carrier (*returned to sender*) is labelled too: when
 * Phensys's answer to the address query also corrects the name, its labels are voided there and the
 * answer (`addressAnswered`) sends it to dispensing, to be labelled and checked again, not to
 * *accuracy checked* as it was. (Found by review 28d: the bag went out again under the old name.)
 */
import { describe, expect, it } from 'vitest'
import { settle, MOVED_ADDRESS, queryResolvedWith } from '../helpers/linked'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { recordedEvents } from '../stock/helpers'
import { startedForFile } from '../helpers/started-for-file'
import { dispatchWorld, later, returnedByCarrier } from '../dispatch/world'

const w = startedForFile(dispatchWorld)

describe('a returned bag whose patient is renamed by the address answer', () => {
  it('is labelled again before it goes out again, not packed and dispatched with the old name', async () => {
    const id = 'fr_RENAMED_RETURNED'
    const returned = await returnedByCarrier(w, id)
    expect(returned).toMatchObject({ ok: true, value: { row: { stage: 'returned_to_sender' } } })
    await settle(w.core)
    const before = w.core.internals.requests.get(id)!.snapshot.patient.name

    await later(w, 24 * 60 * 60_000)
    const corrected = { title: before.title ?? 'Ms', given: before.given, family: `${before.family}-Corrected` }
    await queryResolvedWith(w.l, id, { delivery: { address: MOVED_ADDRESS }, patient: { name: corrected } })
    expect(w.core.internals.requests.get(id)?.snapshot.patient.name.family).toBe(corrected.family)

    // What should happen: the labels (naming the old name) are void, the bag back to dispensing.
    const stage = w.core.internals.requests.get(id)?.row.stage
    expect(stage, 'the bag with labels naming the old name').not.toBe('accuracy_checked')
    expect(stage, 'labelled again, as a corrected name does to a bag still here').toBe('dispensing')

    const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    const dispatched = await w.core.call(w.checker, 'requests.dispatch', {
      id,
      trackingNumbers: [trackingNumberFor(id, 2)]
    })
    expect(packed.ok && dispatched.ok, 'packed and dispatched again with the old labels').toBe(false)
    await settle(w.core)
    expect((await recordedEvents(w.l, id)).filter((e) => e.type === 'dispatched')).toHaveLength(1)
  })
})
