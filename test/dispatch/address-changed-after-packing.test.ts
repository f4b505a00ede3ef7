/**
 * The bag label carries the recipient and the whole address (README, "Scanners, labels and
 * printers": "The bag label is one label"). Phensys changes the delivery address in a new version
 * (the patient moved, LoveMyLife corrected a typo) after the bag was packed and its label printed.
 * A parcel labelled for the old address must not be dispatched: it would carry the patient's
 * medicines to an address Phensys no longer gives: `classifyChange`
 * (src/main/fulfilment/snapshot-changes.ts) reports `delivery_changed`, and the table's
 * `deliveryChanged` sends the packed bag back to *accuracy checked* to be packed again. (Found by
 * review 28b: the change was not seen at all.)
 */
import { describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import {
  addressChangedAtPhensys,
  deliveryChangedAtPhensys,
  nameChangedAtPhensys,
  ok,
  packedAtCounter,
  worldForFile
} from '../helpers/literal-world'

const w = worldForFile()

describe('a parcel labelled for an address Phensys has since changed is not dispatched', () => {
  it('packed, then Phensys changes the delivery address: dispatch is refused', async () => {
    const id = 'fr_R28B_ADDRESS_DISPATCH'
    await packedAtCounter(w, id)
    addressChangedAtPhensys(w, id, {
      line1: '3 Park Row',
      line2: null,
      city: 'Bradford',
      postcode: 'BD1 5BD',
      country: 'GB'
    })
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.snapshot.delivery.address.postcode).toBe('BD1 5BD')
    const dispatched = await w.core.call(w.checker, 'requests.dispatch', {
      id,
      trackingNumbers: [trackingNumberFor(id)]
    })
    expect(dispatched.ok, `dispatch of a bag labelled for LS1 6BU: ${JSON.stringify(dispatched).slice(0, 300)}`).toBe(
      false
    )
    await settle(w.core)
    expect(w.lit.accepted(id).map((event) => event.type)).not.toContain('dispatched')

    // Refused in words: the bag is to be packed again.
    // Refused in words, naming the step that voided the packing, not the bag label withdrawn after it.
    const refusal = dispatched.ok ? '' : dispatched.error.message
    expect(refusal).toMatch(
      /is Accuracy checked \(last: Packing voided: Phensys changed the delivery, at \d\d:\d\d by the counter\)/
    )
    expect(refusal).not.toMatch(/print\.|workflow\./)
    // Back to accuracy checked: packed again (its bag label for the new address), then dispatched.
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('accuracy_checked')
    ok(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }), 'pack again')
    ok(
      await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] }),
      'dispatch once packed again'
    )
  })

  it('packed, then Phensys changes the recipient or the service: packed again too; other news leaves the bag packed', async () => {
    const id = 'fr_R28B_RECIPIENT_DISPATCH'
    await packedAtCounter(w, id)
    deliveryChangedAtPhensys(w, id, { instructions: 'Leave with neighbour' })
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('packed')
    deliveryChangedAtPhensys(w, id, { recipientName: 'Zoe O Brien' })
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('accuracy_checked')
  })

  it("packed, then Phensys corrects the patient's name: the refusal names the labels voided", async () => {
    const id = 'fr_R28B_RENAMED_DISPATCH'
    await packedAtCounter(w, id)
    nameChangedAtPhensys(w, id, { family: 'Brien-Okafor' })
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('dispensing')
    const dispatched = await w.core.call(w.checker, 'requests.dispatch', {
      id,
      trackingNumbers: [trackingNumberFor(id)]
    })
    expect(dispatched.ok).toBe(false)
    const refusal = dispatched.ok ? '' : dispatched.error.message
    expect(refusal).toMatch(
      /is Dispensing \(last: Labels voided: Phensys corrected the patient's name, at \d\d:\d\d by the counter\)/
    )
  })
})
