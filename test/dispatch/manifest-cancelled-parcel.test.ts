/**
 * Phensys cancels a request the counter has dispatched today, while its parcel still waits in the
 * pharmacy for the carrier's collection. The day's manifest, which the collector signs, must not
 * list that parcel as one to hand over without a word: it says the request was cancelled (or leaves
 * it off), so the parcel can be pulled before the carrier takes it.
 */
import { expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { supplyByCarrier } from '../helpers/supply'
import { accuracyChecked, cancelledAtPhensys, ok, stageOf, worldForFile } from '../helpers/literal-world'

const w = worldForFile()

it("a parcel cancelled at Phensys after dispatch is marked on the day's manifest", async () => {
  const { core } = w
  const id = 'fr_R27_MANIFEST'
  await accuracyChecked(w, id)
  await supplyByCarrier(core, w.checker, id)
  await settle(core)
  cancelledAtPhensys(w, id)
  await settle(core)
  expect(stageOf(w, id)).toBe('cancelled')

  const manifest = ok(
    await core.call(w.checker, 'dispatch.manifest', { date: new Date().toISOString().slice(0, 10) }),
    'manifest'
  )
  const parcel = manifest.carriers.flatMap((carrier) => carrier.parcels).find((p) => p.requestId === id)
  if (parcel !== undefined)
    expect(JSON.stringify(parcel), 'the manifest lists the cancelled parcel as one to hand over').toMatch(/cancel/i)
})
