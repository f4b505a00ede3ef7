/**
 * A Schedule 2 supply in two parcels, one back from the carrier (the request *returned to sender*,
 * an address query at Phensys), the other still out, then stopped: cancelled by Phensys or
 * rejected by a pharmacist. Which packs were in which parcel is not recorded, so the bag is not put
 * in quarantine while a parcel of it is out (a pack on the road, or delivered, would be counted in
 * the pharmacy and the CD balance check would show a difference): it stays as supplied, as for a
 * request stopped while dispatched, the acknowledgement says not everything went back, and the
 * last parcel back reverses the supply and quarantines the bag once. Review rf29b found the whole
 * bag quarantined at the stop (the balance check off by the parcel out); review29c found the same
 * when the stop is a version Phensys sent that cannot be read (`unreadableVersion`). Against the
 * contract-literal Phensys.
 *
 * Whoever stops it, a parcel still with the carrier is named in a *recall the parcel* flag, in the
 * transaction of the stop: a pharmacist's own rejection (R) raised none before reject33, nor did
 * the counter's rejection of a version it cannot read.
 */
import { expect, it } from 'vitest'
import { checkedRequest, registerRequest, packStatesOf } from '../helpers/dispensed-world'
import { MORPHINE, withMorphine, morphineEntriesOf, morphineSection } from '../helpers/cd-world'
import { startedForFile } from '../helpers/started-for-file'
import { answerValue as call } from '../helpers/answer'
import { cancelledAtPhensys, literalDispensedWorld } from '../helpers/literal-world'
import { settle } from '../helpers/linked'
import { supplyByCarrier, trackingNumberFor } from '../helpers/supply'
import type { Json } from '../sync/literal-phensys'

const PACKS_IN_STOCK = 6

const w = startedForFile(async () => withMorphine(await literalDispensedWorld(), PACKS_IN_STOCK, 'MPR1'))

function morphineCode(): string {
  return w.morphine.code('MPR1')
}

const stageOf = (id: string) => w.core.internals.requests.get(id)?.row.stage

/** The open *recall the parcel* flags' words, read as soon as the stop answered. */
async function recallWords(id: string): Promise<string[]> {
  const flags = await call(w.core.call(w.pharmacist, 'requests.flags', { id }))
  return flags.filter((f) => f.kind === 'parcel_recall' && f.status === 'open').map((f) => f.words)
}

/** The words naming parcel `out` of two, still with the carrier, as a stop from Phensys says them. */
function namesParcel(id: string, out: 1 | 2, opening: string): RegExp {
  return new RegExp(
    `^${opening} after dispatch: parcel ${out} of 2 \\(Royal Mail, tracking ${trackingNumberFor(id, out)}\\) is with the carrier\\. Ask the carrier to return it`
  )
}
const carrierDate = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')

/** A request for two packs, supplied in two parcels; parcel `back` returned to sender in the carrier's file. */
async function oneParcelOfTwoBack(id: string, back: 1 | 2): Promise<void> {
  const body = registerRequest(id, [
    { lineId: 'l1', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity: 2 * w.morphine.packSize }
  ])
  await checkedRequest(w, id, body, { l1: [morphineCode(), morphineCode()] }, (snapshot) => w.lit.create(snapshot))
  await supplyByCarrier(w.core, w.checker, id, { parcels: 2 })
  await settle(w.core)
  // A carrier's date has whole seconds: the return is recorded after the second of the dispatch.
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  const report = await call(
    w.core.call(w.checker, 'dispatch.importOutcomes', {
      fileName: `rm ${id}.csv`,
      csv: `tracking,status,date\n${trackingNumberFor(id, back)},Returned to sender,${carrierDate()}\n`
    })
  )
  expect(report.lines).toMatchObject([{ result: 'applied', outcome: 'returned' }])
  await settle(w.core)
  expect(stageOf(id)).toBe('returned_to_sender')
}

/**
 * Stopped (`stage`) with a parcel still with the carrier: the bag is not in the pharmacy to
 * quarantine. The other parcel back by hand reverses the supply once and quarantines the bag, the
 * balance right.
 */
async function stoppedUntilTheLastParcelIsBack(id: string, stage: 'cancelled' | 'rejected'): Promise<void> {
  expect(stageOf(id)).toBe(stage)
  expect(await morphineEntriesOf(w, id)).toEqual([['supply', 1, -2 * w.morphine.packSize]])
  expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })
  expect(await packStatesOf(w, id)).toEqual(['assembled', 'assembled'])

  await call(w.core.call(w.checker, 'requests.markReturned', { id, note: 'the other parcel handed back' }))
  expect(stageOf(id)).toBe(stage)
  expect(await morphineEntriesOf(w, id)).toEqual([
    ['supply', 1, -2 * w.morphine.packSize],
    ['correction', 1, 2 * w.morphine.packSize]
  ])
  expect(await packStatesOf(w, id)).toEqual(['quarantined', 'quarantined'])
  expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })
  expect(w.lit.violations).toEqual([])
}

it('one parcel of two back, then cancelled at Phensys: nothing quarantined while a parcel is out, the CD balance right; the rest back puts the bag in quarantine once', async () => {
  const id = 'fr_PRC_HALF'
  await oneParcelOfTwoBack(id, 1)
  expect(w.lit.snapshot(id).state).toBe('query_open')
  expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })

  cancelledAtPhensys(w, id)
  await settle(w.core)
  expect(w.lit.accepted(id).at(-1)).toMatchObject({
    type: 'cancellation.acknowledged',
    body: { data: { stockReturned: false } }
  })
  expect(await recallWords(id)).toEqual([expect.stringMatching(namesParcel(id, 2, 'Cancelled at Phensys'))])
  await stoppedUntilTheLastParcelIsBack(id, 'cancelled')
})

it('one parcel of two back, then rejected by the pharmacist: nothing quarantined while a parcel is out, the CD balance right; the rest back puts the bag in quarantine once', async () => {
  const id = 'fr_PRC_REJ'
  await oneParcelOfTwoBack(id, 2)
  await call(
    w.core.call(w.pharmacist, 'requests.reject', { id, reason: 'other', message: 'The patient no longer wants it' })
  )
  // In the rejection's own transaction: read before anything else runs.
  expect(await recallWords(id)).toEqual([expect.stringMatching(namesParcel(id, 1, 'Rejected by the pharmacy'))])
  await settle(w.core)
  await stoppedUntilTheLastParcelIsBack(id, 'rejected')
})

it('one parcel of two back, then a version from Phensys that cannot be read: rejected, nothing quarantined while a parcel is out; the rest back puts the bag in quarantine once', async () => {
  const id = 'fr_PRC_UNREAD'
  await oneParcelOfTwoBack(id, 1)
  w.lit.change(
    id,
    (snapshot) => {
      delete (snapshot.prescription as Json).items
    },
    'request.updated'
  )
  await settle(w.core)
  await settle(w.core)
  expect(w.lit.accepted(id).at(-1)).toMatchObject({
    type: 'rejected',
    body: { data: { reason: 'request_unreadable' } }
  })
  expect(await recallWords(id)).toEqual([
    expect.stringMatching(namesParcel(id, 2, 'Rejected by the counter \\(Phensys sent a version it cannot read\\)'))
  ])
  await stoppedUntilTheLastParcelIsBack(id, 'rejected')
})
