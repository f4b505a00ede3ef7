/**
 * Phensys cancels a request after its parcels went (the counter acknowledges with
 * `stockReturned: false`), against the contract-literal Phensys (the sandbox never cancels a
 * dispatched request), with a Schedule 2 drug. Parcels that then come back, by hand or from the
 * carrier's file, are recorded: the request stays cancelled, Phensys hears nothing more, the
 * registers reverse the supply once every parcel is back (a partial-return flag until then), and
 * the bag goes to quarantine, so the CD register's balance matches what is in the pharmacy. The
 * day's manifest marks such a parcel not to be handed over. A request rejected at Phensys after
 * dispatch is the same: its bag, with the carrier, is not quarantined until a parcel comes back.
 */
import { describe, expect, it } from 'vitest'
import { checkedRequest, registerRequest, packStatesOf } from '../helpers/dispensed-world'
import { MORPHINE, withMorphine, morphineEntriesOf, morphineSection } from '../helpers/cd-world'
import { startedForFile } from '../helpers/started-for-file'
import { cancelledAtPhensys, literalDispensedWorld } from '../helpers/literal-world'
import { settle } from '../helpers/linked'
import { pdfPageTexts } from '../helpers/pdf-text'
import { supplyByCarrier, trackingNumberFor } from '../helpers/supply'
import { answerValue as call } from '../helpers/answer'
import { matchingHardCopy } from '../helpers/request-body'

const ALL_DATES = { from: '2020-01-01', to: '2099-12-31' }
const PACKS_IN_STOCK = 7

const w = startedForFile(async () => withMorphine(await literalDispensedWorld(), PACKS_IN_STOCK, 'MCX1'))

function morphineCode(): string {
  return w.morphine.code('MCX1')
}

/** One pack of morphine for `id`, dispensed, checked, packed in `parcels` and handed to the carrier. */
async function dispatchedMorphine(id: string, parcels = 1): Promise<void> {
  const body = registerRequest(id, [
    { lineId: 'l1', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity: w.morphine.packSize }
  ])
  await checkedRequest(w, id, body, { l1: [morphineCode()] }, (snapshot) => w.lit.create(snapshot))
  await supplyByCarrier(w.core, w.checker, id, { parcels })
  await settle(w.core)
}

/** Dispatched (dispatchedMorphine), then rejected at Phensys. */
async function rejectedAfterDispatch(id: string): Promise<void> {
  await dispatchedMorphine(id)
  w.lit.change(id, (s) => void (s.state = 'rejected'), 'request.updated')
  await settle(w.core)
  expect(stageOf(id)).toBe('rejected')
}

/** Dispatched (dispatchedMorphine) in `parcels`, then cancelled at Phensys. */
async function cancelledAfterDispatch(id: string, parcels: number): Promise<void> {
  await dispatchedMorphine(id, parcels)
  expect(w.lit.snapshot(id).state).toBe('dispatched')
  cancelledAtPhensys(w, id)
  await settle(w.core)
  expect(stageOf(id)).toBe('cancelled')
  expect(w.lit.accepted(id).at(-1)).toMatchObject({
    type: 'cancellation.acknowledged',
    body: { data: { stockReturned: false } }
  })
  // A carrier's date has whole seconds: the return is recorded after the second of the dispatch.
  await new Promise((resolve) => setTimeout(resolve, 1_000))
}

const stageOf = (id: string) => w.core.internals.requests.get(id)?.row.stage

async function pomEntries(id: string) {
  return (await call(w.core.call(w.checker, 'registers.pom.list', { ...ALL_DATES, search: id }))).entries
}

/** The supply entered once in the CD register and reversed once by a correction; the pack in quarantine. */
async function expectSupplyReversedIntoQuarantine(id: string): Promise<void> {
  expect(await morphineEntriesOf(w, id)).toEqual([
    ['supply', 1, -w.morphine.packSize],
    ['correction', 1, w.morphine.packSize]
  ])
  expect(await packStatesOf(w, id)).toEqual(['quarantined'])
}

/** What the request screen tells a person to put away by hand: where, and the batch. */
async function putAway(id: string) {
  const view = await call(w.core.call(w.checker, 'dispensing.view', { id }))
  return view.putAway.map((item) => [item.to, item.pack.batchNo])
}

async function partialReturnFlags(id: string) {
  const flags = await call(w.core.call(w.pharmacist, 'requests.flags', { id }))
  return flags.filter((f) => f.kind === 'partial_return').map((f) => [f.status, f.resolution?.method ?? null])
}

/** Phensys heard nothing after the acknowledgement, and the counter has nothing more for it. */
async function phensysToldNothingMore(id: string): Promise<void> {
  await settle(w.core)
  expect(w.lit.accepted(id).at(-1)?.type).toBe('cancellation.acknowledged')
  const types = w.core.internals.outbox.forRequest(id).map((event) => event.type)
  expect(types.filter((type) => type === 'cancellation.acknowledged')).toHaveLength(1)
  expect(types.slice(types.indexOf('cancellation.acknowledged') + 1)).toEqual([])
  expect(w.lit.violations).toEqual([])
}

const today = () => new Date().toISOString().slice(0, 10)
const carrierDate = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')

describe('a request cancelled at Phensys after dispatch', () => {
  it('its parcel back by hand: stays cancelled, no query, the supply reversed once in both registers, the bag in quarantine, the CD balance right', async () => {
    const id = 'fr_CXR_HAND'
    await cancelledAfterDispatch(id, 1)
    expect(await morphineEntriesOf(w, id)).toEqual([['supply', 1, -w.morphine.packSize]])
    expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })

    const detail = await call(w.core.call(w.checker, 'requests.markReturned', { id, note: 'addressee gone away' }))
    expect(detail.row.stage).toBe('cancelled')
    expect((await call(w.core.call(w.checker, 'dispatch.shipment', { id }))).parcelList).toMatchObject([
      { parcelNo: 1, outcome: 'returned' }
    ])
    const pom = await pomEntries(id)
    expect(pom.map((e) => [e.kind, e.supplyNo])).toEqual([
      ['supply', 1],
      ['correction', 1]
    ])
    expect(pom[1]!.note).toMatch(
      /^Returned to sender: the parcel came back to the pharmacy on .* \(addressee gone away\)/
    )
    await expectSupplyReversedIntoQuarantine(id)
    expect(await putAway(id)).toEqual([['quarantine', 'MCX1']])
    expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })
    await phensysToldNothingMore(id)

    // Nothing is out any more: a second return is refused in words, and nothing is written twice.
    const again = await w.core.call(w.checker, 'requests.markReturned', { id, note: 'again' })
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/no parcel out/) }
    })
    expect(await morphineEntriesOf(w, id)).toHaveLength(2)
  })

  it('one parcel of two back from the carrier’s file: a flag and nothing in the registers; the other back by hand reverses the supply once and quarantines the bag', async () => {
    const id = 'fr_CXR_HALF'
    await cancelledAfterDispatch(id, 2)
    const report = await call(
      w.core.call(w.checker, 'dispatch.importOutcomes', {
        fileName: 'rm.csv',
        csv: `tracking,status,date\n${trackingNumberFor(id, 1)},Returned to sender,${carrierDate()}\n`
      })
    )
    expect(report.lines).toMatchObject([{ result: 'applied', requestId: id, outcome: 'returned' }])
    expect(stageOf(id)).toBe('cancelled')
    // Which packs were in which parcel is not known: the registers stay, the bag is counted as gone.
    expect(await morphineEntriesOf(w, id)).toEqual([['supply', 1, -w.morphine.packSize]])
    expect(await packStatesOf(w, id)).toEqual(['assembled'])
    expect(await putAway(id)).toEqual([])
    expect(await partialReturnFlags(id)).toEqual([['open', null]])
    expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })

    await call(w.core.call(w.checker, 'requests.markReturned', { id, note: 'second parcel handed back' }))
    expect(stageOf(id)).toBe('cancelled')
    expect((await call(w.core.call(w.checker, 'dispatch.shipment', { id }))).parcelList.map((p) => p.outcome)).toEqual([
      'returned',
      'returned'
    ])
    await expectSupplyReversedIntoQuarantine(id)
    expect((await pomEntries(id)).map((e) => e.kind)).toEqual(['supply', 'correction'])
    expect(await partialReturnFlags(id)).toEqual([['resolved', 'every_parcel_back']])
    expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })
    await phensysToldNothingMore(id)
  })

  it("is marked on the day's manifest, its PDF says so, and a request cancelled before dispatch has no parcel to record back", async () => {
    const id = 'fr_CXR_MANIFEST'
    await cancelledAfterDispatch(id, 1)
    const parcelOf = async () => {
      const view = await call(w.core.call(w.checker, 'dispatch.manifest', { date: today() }))
      return view.carriers.flatMap((c) => c.parcels).filter((p) => p.requestId === id || p.requestId === 'fr_CXR_HAND')
    }
    // fr_CXR_HAND's parcel came back, this one is still out.
    expect((await parcelOf()).map((p) => [p.requestId, p.pull])).toEqual([
      ['fr_CXR_HAND', 'Cancelled: back in the pharmacy, not to hand over'],
      [id, 'Cancelled: pull this parcel']
    ])
    const pdf = await call(w.core.call(w.checker, 'dispatch.manifestPdf', { date: today(), carrier: 'Royal Mail' }))
    const text = (await pdfPageTexts(Buffer.from(pdf.base64, 'base64'))).join('\n')
    expect(text).toContain('Cancelled: pull this parcel')
    expect(text).toMatch(/0 parcels to hand over; 4 parcels marked not to hand over/)

    // The carrier delivered it after all: recorded on the parcel, the request stays cancelled, Phensys hears nothing.
    const delivered = await call(
      w.core.call(w.checker, 'dispatch.importOutcomes', {
        fileName: 'rm-delivered.csv',
        csv: `tracking,status,date\n${trackingNumberFor(id)},Delivered,${carrierDate()}\n`
      })
    )
    expect(delivered.lines).toMatchObject([{ result: 'applied', requestId: id, outcome: 'delivered' }])
    expect(stageOf(id)).toBe('cancelled')
    expect((await parcelOf()).find((p) => p.requestId === id)?.pull).toBeNull()
    expect(await packStatesOf(w, id)).toEqual(['assembled'])
    await phensysToldNothingMore(id)

    const early = 'fr_CXR_EARLY'
    w.lit.create({
      ...registerRequest(early, [{ lineId: 'l1', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity: 1 }])
    })
    await settle(w.core)
    cancelledAtPhensys(w, early)
    await settle(w.core)
    expect(stageOf(early)).toBe('cancelled')
    expect(await w.core.call(w.checker, 'requests.markReturned', { id: early, note: 'nothing went' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' }
    })
  })

  it('a pack scanned into its basket, not labelled, when Phensys cancels: acknowledged at once as back on the shelf, and the screen says to put it there', async () => {
    const id = 'fr_CXR_BASKET'
    w.lit.create(
      registerRequest(id, [{ lineId: 'l1', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity: w.morphine.packSize }])
    )
    await settle(w.core)
    const accepted = await call(w.core.call(w.assembler, 'requests.accept', { id }))
    if (accepted.row.stage === 'awaiting_hard_copy')
      await call(
        w.core.call(
          w.pharmacist,
          'requests.receiveHardCopy',
          matchingHardCopy(id, [{ lineId: 'l1', quantityOnForm: w.morphine.packSize }])
        )
      )
    // No clinical check yet: the labels wait for it, the pack lies unlabelled in the basket.
    await call(w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: morphineCode() }))
    expect(stageOf(id)).toBe('dispensing')
    expect(await putAway(id)).toEqual([])
    cancelledAtPhensys(w, id)
    await settle(w.core)
    expect(stageOf(id)).toBe('cancelled')
    expect(w.lit.accepted(id).at(-1)).toMatchObject({
      type: 'cancellation.acknowledged',
      body: { data: { stockReturned: true } }
    })
    expect(await putAway(id)).toEqual([['shelf', 'MCX1']])
    expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })
  })

  it('a flag in words tells a person to recall the parcel from the carrier; held back nothing, settled when the parcel is back', async () => {
    const id = 'fr_CXR_RECALL'
    await cancelledAfterDispatch(id, 1)
    const recallFlags = async () =>
      (await call(w.core.call(w.pharmacist, 'requests.flags', { id }))).filter((f) => f.kind === 'parcel_recall')
    // The counter does not pretend the bag is back: the supply stays, and a person is told to act.
    expect(await recallFlags()).toMatchObject([
      {
        status: 'open',
        blocks: [],
        source: 'dispatch',
        words: expect.stringMatching(
          new RegExp(
            `^Cancelled at Phensys after dispatch: parcel 1 of 1 \\(Royal Mail, tracking ${trackingNumberFor(id)}\\) is with the carrier\\. Ask the carrier to return it`
          )
        )
      }
    ])
    expect(await morphineEntriesOf(w, id)).toEqual([['supply', 1, -w.morphine.packSize]])
    expect((await recallFlags()).map((f) => f.short)).toEqual(['recall the parcel'])

    await call(w.core.call(w.checker, 'requests.markReturned', { id, note: 'recalled from the depot' }))
    expect((await recallFlags()).map((f) => [f.status, f.resolution?.method ?? null])).toEqual([
      ['resolved', 'every_parcel_back']
    ])
    await expectSupplyReversedIntoQuarantine(id)
    await phensysToldNothingMore(id)
  })

  it('a parcel of a request rejected at Phensys after dispatch is marked on the manifest too', async () => {
    const id = 'fr_CXR_REJECTED'
    await rejectedAfterDispatch(id)
    const view = await call(w.core.call(w.checker, 'dispatch.manifest', { date: today() }))
    expect(view.carriers.flatMap((c) => c.parcels).find((p) => p.requestId === id)?.pull).toBe(
      'Rejected: pull this parcel'
    )
  })

  it('rejected at Phensys after dispatch: the bag with the carrier is not quarantined, the CD balance holds; its parcel back by hand stays rejected, reverses the supply once and quarantines the bag', async () => {
    const id = 'fr_CXR_REJECTED_BACK'
    await rejectedAfterDispatch(id)
    // With the carrier: not on the shelf, not in quarantine here; the registers as supplied.
    expect(await packStatesOf(w, id)).toEqual(['assembled'])
    expect(await putAway(id)).toEqual([])
    expect(await morphineEntriesOf(w, id)).toEqual([['supply', 1, -w.morphine.packSize]])
    expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })

    const detail = await call(w.core.call(w.checker, 'requests.markReturned', { id, note: 'refused at the door' }))
    expect(detail.row.stage).toBe('rejected')
    await expectSupplyReversedIntoQuarantine(id)
    expect((await pomEntries(id)).map((e) => e.kind)).toEqual(['supply', 'correction'])
    expect(await putAway(id)).toEqual([['quarantine', 'MCX1']])
    expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })
    // Phensys, which closed the request, heard nothing after the dispatch.
    await settle(w.core)
    expect(w.lit.accepted(id).at(-1)?.type).toBe('dispatched')
    const types = w.core.internals.outbox.forRequest(id).map((event) => event.type)
    expect(types.slice(types.indexOf('dispatched') + 1)).toEqual([])
    expect(w.lit.violations).toEqual([])
    expect(await w.core.call(w.checker, 'requests.markReturned', { id, note: 'again' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/no parcel out/) }
    })
  })

  it('rejected at Phensys after dispatch, its parcel back in the carrier’s file: stays rejected, the supply reversed, the bag in quarantine', async () => {
    const id = 'fr_CXR_REJECTED_FILE'
    const body = registerRequest(id, [
      { lineId: 'l1', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity: w.morphine.packSize }
    ])
    await checkedRequest(w, id, body, { l1: [morphineCode()] }, (snapshot) => w.lit.create(snapshot))
    await supplyByCarrier(w.core, w.checker, id)
    await settle(w.core)
    w.lit.change(id, (s) => void (s.state = 'rejected'), 'request.updated')
    await settle(w.core)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const report = await call(
      w.core.call(w.checker, 'dispatch.importOutcomes', {
        fileName: 'rm-rejected.csv',
        csv: `tracking,status,date\n${trackingNumberFor(id)},Returned to sender,${carrierDate()}\n`
      })
    )
    expect(report.lines).toMatchObject([{ result: 'applied', requestId: id, outcome: 'returned' }])
    expect(stageOf(id)).toBe('rejected')
    await expectSupplyReversedIntoQuarantine(id)
    expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })
    await settle(w.core)
    expect(w.lit.accepted(id).at(-1)?.type).toBe('dispatched')
  })
})
