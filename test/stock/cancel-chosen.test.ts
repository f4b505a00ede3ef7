/**
 * The patient's choice "cancel" relayed by Phensys before its state says cancelled (the contract's
 * `patient.decided` and `request.cancelled` are separate entries, and may come versions apart): the
 * counter does not cancel on its own (only Phensys cancels, and `cancellation.acknowledged` fits
 * only once it has), but nothing more is dispensed, labelled, checked, packed or sent for a
 * patient who said no: a flag holds every such step until Phensys cancels (which stops everything)
 * or a pharmacist acknowledges it. Against the contract-literal Phensys.
 */
import { expect, it } from 'vitest'
import { countRows } from '../helpers/count-rows'
import { settle } from '../helpers/linked'
import { cancelledAtPhensys, ok, tabletsSnapshotOf } from '../helpers/literal-world'
import { orderingWorldForFile } from '../helpers/ordering-world'
import { DMD, bookIn } from './helpers'

// Finasteride: none on the shelf, so the stock check orders it.
const w = orderingWorldForFile(DMD.finasteride)

const stage = (id: string) => w.core.internals.requests.get(id)?.row.stage

function openOrderLines(id: string): number {
  return countRows(
    w.core.internals.store.sqlite,
    'SELECT COUNT(*) AS n FROM wholesaler_order_lines WHERE request_id = ? AND cancelled_at IS NULL',
    id
  )
}

async function cancelFlags(id: string) {
  return ok(await w.core.call(w.pharmacist, 'requests.flags', { id }), 'flags').filter(
    (f) => f.kind === 'cancel_chosen'
  )
}

it('the patient chose to cancel, Phensys not yet cancelled: flagged, nothing dispensed when the stock comes; the cancellation then stops everything', async () => {
  const id = 'fr_CANCEL_CHOSEN'
  w.lit.create(tabletsSnapshotOf(id, 'finasteride', w.pack.packSize))
  await settle(w.core)
  ok(await w.core.call(w.dispenser, 'requests.accept', { id }), 'accept')
  await settle(w.core)
  expect(stage(id)).toBe('awaiting_patient_decision')
  expect(openOrderLines(id)).toBe(1)

  // Phensys relays the choice; its state still holds the request for it.
  w.lit.change(
    id,
    (s) => {
      s.patientDecision = { choice: 'cancel', decidedAt: w.clock.now().toISOString() }
      delete s.options
    },
    'patient.decided'
  )
  await settle(w.core)
  expect(stage(id), 'the counter does not cancel on its own').toBe('awaiting_patient_decision')
  expect(w.lit.accepted(id).map((event) => event.type)).toEqual(['accepted', 'stock.ordered'])
  const [flag] = await cancelFlags(id)
  expect(flag).toMatchObject({
    status: 'open',
    short: 'patient chose to cancel',
    words: expect.stringMatching(/^The patient chose to cancel .*Phensys has not cancelled the request yet/)
  })
  // Everything that supplies waits: dispensing, and the bag leaving by carrier or at the counter.
  expect(flag!.blocks).toEqual(expect.arrayContaining(['startDispensing', 'dispatch', 'collect']))

  // The order arrives: the request is ready, but nobody dispenses it.
  await bookIn(w.core, w.dispenser, DMD.finasteride, 1)
  await settle(w.core)
  expect(stage(id)).toBe('ready_to_dispense')
  const refused = await w.core.call(w.dispenser, 'requests.startDispensing', { id })
  expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/The patient chose to cancel/) } })
  expect(stage(id)).toBe('ready_to_dispense')

  // Phensys cancels: everything stops, the flag no longer applies, and the counter acknowledges.
  cancelledAtPhensys(w, id)
  await settle(w.core)
  expect(stage(id)).toBe('cancelled')
  expect(w.lit.accepted(id).at(-1)).toMatchObject({
    type: 'cancellation.acknowledged',
    body: { data: { stockReturned: true } }
  })
  expect((await cancelFlags(id)).map((f) => f.status)).toEqual(['no_longer_applies'])
  expect(w.lit.violations).toEqual([])
})
