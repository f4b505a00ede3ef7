/**
 * Phensys changes a line's directions (a new version while in fulfilment, which the contract allows)
 * after the labels printed with the old ones. The clinical check is voided, but the bag labelled
 * "Take ONE tablet" must not leave the pharmacy for a prescription that now says "Take HALF":
 * packing, dispatch and hand-over are refused until the labels are redone (or a pharmacist decides).
 */
import { describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import {
  NEW_DIRECTIONS,
  accuracyChecked,
  directionsChangedAtPhensys,
  ok,
  stageOf,
  worldForFile
} from '../helpers/literal-world'
import type { Json } from '../sync/literal-phensys'

const w = worldForFile()

describe('a bag labelled for items Phensys has since changed never leaves the pharmacy', () => {
  it('accuracy-checked, then the directions change at Phensys: packing is refused', async () => {
    const id = 'fr_R27_ITEMS_PACK'
    await accuracyChecked(w, id)
    directionsChangedAtPhensys(w, id)
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.snapshot.prescription.items[0]?.directions).toBe(NEW_DIRECTIONS)
    const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    expect(packed.ok, `pack after the directions changed: ${JSON.stringify(packed)}`).toBe(false)
    expect(stageOf(w, id)).not.toBe('packed')
  })

  it('packed, then the directions change at Phensys: dispatch is refused', async () => {
    const id = 'fr_R27_ITEMS_DISPATCH'
    await accuracyChecked(w, id)
    ok(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }), 'pack')
    directionsChangedAtPhensys(w, id)
    await settle(w.core)
    const dispatched = await w.core.call(w.checker, 'requests.dispatch', {
      id,
      trackingNumbers: [trackingNumberFor(id)]
    })
    expect(dispatched.ok, `dispatch after the directions changed: ${JSON.stringify(dispatched)}`).toBe(false)
    await settle(w.core)
    expect(w.lit.accepted(id).map((event) => event.type)).not.toContain('dispatched')
  })

  it('accuracy-checked, then Phensys doubles the quantity: back to the stock check, never dispensed from stock it does not hold', async () => {
    const id = 'fr_R27_ITEMS_RAISED'
    await accuracyChecked(w, id)
    w.lit.change(
      id,
      (s) => {
        const prescription = s.prescription as Json
        const [line] = prescription.items as Json[]
        s.prescription = { ...prescription, items: [{ ...line, quantity: 2 * (line!.quantity as number) }] }
      },
      'request.updated'
    )
    await settle(w.core)
    expect(stageOf(w, id)).toBe('stock_check')
    const steps = w.core.internals.audit.list({ entityId: id, limit: 200 }).map((entry) => entry.command)
    expect(steps).toContain('workflow.clinicalCheckVoided')
    expect(steps).toContain('workflow.itemsOutgrewStock')
  })
})
