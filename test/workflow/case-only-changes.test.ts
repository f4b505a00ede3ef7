/**
 * Phensys re-sends the same name or the same address in another case (a system upstream
 * upper-cases names, "ZOE OBRIEN"; a postcode "ls1 6bu" sent as typed). Nothing a pharmacist or a
 * carrier reads differs: `classifyChange` (src/main/fulfilment/snapshot-changes.ts, `printedName`
 * and `onTheBag`) compares the printed texts whatever their case and spaces, so the labels already
 * printed stand and a packed bag stays packed. (Found by review 28d: a case-only difference voided
 * the labels or unpacked the bag.)
 */
import { describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import {
  accuracyChecked,
  addressChangedAtPhensys,
  nameChangedAtPhensys,
  packedAtCounter,
  stageOf,
  worldForFile
} from '../helpers/literal-world'

const w = worldForFile()

describe('the same name or address in another case voids nothing', () => {
  it('the patient name re-sent in capitals: the checked bag stays checked', async () => {
    const id = 'fr_NAME_CASE'
    await accuracyChecked(w, id)
    // Whitespace only: already ignored.
    nameChangedAtPhensys(w, id, { title: 'Ms', given: ' Zoe ', family: 'Obrien  ' })
    await settle(w.core)
    expect(stageOf(w, id)).toBe('accuracy_checked')
    nameChangedAtPhensys(w, id, { title: 'MS', given: 'ZOE', family: 'OBRIEN' })
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.snapshot.patient.name.family).toBe('OBRIEN')
    expect(stageOf(w, id), 'a checked bag sent back to dispensing for "ZOE OBRIEN"').toBe('accuracy_checked')
  })

  it('the postcode re-sent in lower case: the packed bag stays packed', async () => {
    const id = 'fr_POSTCODE_CASE'
    await packedAtCounter(w, id)
    addressChangedAtPhensys(w, id, { postcode: 'ls1 6bu' })
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.snapshot.delivery.address.postcode).toBe('ls1 6bu')
    expect(stageOf(w, id), 'a packed bag unpacked for "ls1 6bu"').toBe('packed')
  })
})
