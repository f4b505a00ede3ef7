/**
 * A parcel that comes back, against the sandbox, with a Schedule 2 drug: a supply returned before
 * its return could be noted (as before supplies were numbered) and sent again, a dispatch of two
 * parcels of which one came back, and recall of a bag on the returns shelf.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { SupplyRecords } from '../../src/main/registers/supply-records'
import {
  checkedRequest,
  dispensedWorld,
  packMaker,
  registerRequest,
  type DispensedWorld
} from '../helpers/dispensed-world'
import { MORPHINE, morphineEntriesOf, morphineSection } from '../helpers/cd-world'
import { settle, staffSession, MOVED_ADDRESS, queryResolvedWith } from '../helpers/linked'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { ownerSession, recordedEvents, scan } from '../stock/helpers'
import { answerValue as call } from '../helpers/answer'

const ALL_DATES = { from: '2020-01-01', to: '2099-12-31' }
const PACKS_IN_STOCK = 12

let w: DispensedWorld
let morphine: Awaited<ReturnType<typeof packMaker>>
/** What the CD register should hold: the stock booked in less what is with patients. */
let expectedBalance: number

beforeAll(async () => {
  w = await dispensedWorld()
  morphine = await packMaker(w, MORPHINE.dmdId)
  for (let i = 0; i < PACKS_IN_STOCK; i++) await scan(w.core, w.assembler, morphine.code('MSR1'))
  expectedBalance = PACKS_IN_STOCK * morphine.packSize
}, 60_000)
afterAll(async () => w?.stop())

async function nextDay(): Promise<void> {
  w.clock.advance(24 * 60 * 60_000)
  w.assembler = await staffSession(w.core, ['dispenser', 'accuracy_checker'])
  w.pharmacist = await staffSession(w.core, ['pharmacist'])
  w.checker = await staffSession(w.core, ['accuracy_checker'])
  w.admin = await ownerSession(w.core)
}

async function pomEntries(id: string) {
  return (await call(w.core.call(w.checker, 'registers.pom.list', { ...ALL_DATES, search: id }))).entries
}

async function recallHit(id: string) {
  const recall = await call(
    w.core.call(w.pharmacist, 'registers.recall.search', { product: MORPHINE.dmdId, batchNo: 'MSR1' })
  )
  return { recall, hit: recall.hits.find((h) => h.requestId === id) }
}

/** A request for one pack of morphine, dispensed, checked, packed in `parcels` and dispatched. */
/** One carrier outcome line, imported as a file of its own. */
async function imported(fileName: string, line: string) {
  return call(
    w.core.call(w.checker, 'dispatch.importOutcomes', {
      fileName,
      csv: `Tracking number,Status,Date\r\n${line}\r\n`
    })
  )
}

async function dispatched(id: string, parcels: number): Promise<void> {
  const body = registerRequest(id, [
    { lineId: 'l1', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity: morphine.packSize }
  ])
  await checkedRequest(w, id, body, { l1: [morphine.code('MSR1')] })
  await call(w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels }))
  await call(
    w.core.call(w.checker, 'requests.dispatch', {
      id,
      trackingNumbers: Array.from({ length: parcels }, (_, i) => trackingNumberFor(id, i + 1))
    })
  )
  expectedBalance -= morphine.packSize
}

describe('a parcel that came back', () => {
  it('returned before its return could be noted, then sent again: the first supply gets its note and its packs back before the second is written', async () => {
    const id = 'fr_RET_LEGACY'
    await dispatched(id, 1)
    await nextDay()
    // Before supplies were numbered, a return wrote nothing in the registers: the store is left
    // exactly as that code left it (the parcel returned, the request returned to sender).
    const silent = vi.spyOn(SupplyRecords.prototype, 'recordReturn').mockImplementation(() => undefined)
    await call(w.core.call(w.checker, 'requests.markReturned', { id, note: 'addressee gone away' }))
    silent.mockRestore()
    expect(await pomEntries(id)).toHaveLength(1)
    expect(await morphineEntriesOf(w, id)).toEqual([['supply', 1, -morphine.packSize]])

    // Phensys answers the address query with a new address: the same bag is packed and sent again.
    await settle(w.core)
    await nextDay()
    await queryResolvedWith(w.l, id, { delivery: { address: MOVED_ADDRESS } })
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('accuracy_checked')
    await call(w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }))
    await call(w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id, 2)] }))

    const pom = await pomEntries(id)
    expect(pom.map((e) => [e.kind, e.supplyNo, e.supplyDate])).toEqual([
      ['supply', 1, '2026-11-26'],
      ['correction', 1, '2026-11-26'],
      ['supply', 2, '2026-11-28']
    ])
    expect(pom[1]!.note).toMatch(
      /^Returned to sender: the parcel came back to the pharmacy on 27\/11\/2026 \(addressee gone away\)/
    )
    // Out, back in, out again: one bag with the patient, not two.
    expect(await morphineEntriesOf(w, id)).toEqual([
      ['supply', 1, -morphine.packSize],
      ['correction', 1, morphine.packSize],
      ['supply', 2, -morphine.packSize]
    ])
    expect(await morphineSection(w)).toMatchObject({ balance: expectedBalance, check: { difference: 0 } })
    expect(await call(w.core.call(w.admin, 'audit.verify', {}))).toMatchObject({ intact: true, failures: [] })
  })

  it('a bag back on the returns shelf shows in a recall as not with the patient, and in the CD check as in the pharmacy', async () => {
    const id = 'fr_RET_RECALL'
    await dispatched(id, 1)
    expect((await recallHit(id)).hit).toMatchObject({ status: 'supplied', warning: null })
    await call(w.core.call(w.checker, 'requests.markReturned', { id, note: 'addressee gone away' }))
    expectedBalance += morphine.packSize
    const { recall, hit } = await recallHit(id)
    expect(hit).toMatchObject({
      status: 'not_yet_supplied',
      suppliedAt: null,
      warning: 'Returned to the pharmacy: stop it',
      quantity: morphine.packSize
    })
    // Listed with the bags that can be stopped, first, and counted with them.
    expect(recall.hits[0]?.requestId).toBe(id)
    expect(recall.notYetSupplied).toBe(recall.hits.filter((h) => h.status === 'not_yet_supplied').length)
    expect(recall.notYetSupplied).toBeGreaterThan(0)
    expect(await morphineSection(w)).toMatchObject({
      balance: expectedBalance,
      check: { assembledNotSupplied: morphine.packSize, difference: 0 }
    })
  })

  it('one parcel of two back and the other delivered: the registers keep the supply as written, and the CD check counts the bag as gone', async () => {
    const id = 'fr_RET_HALF'
    await dispatched(id, 2)
    const when = w.clock.now().toISOString().slice(0, 16).replace('T', ' ')
    expect(await imported('half-1.csv', `${trackingNumberFor(id, 2)},Delivered,${when}`)).toMatchObject({ applied: 1 })
    expect(await imported('half-2.csv', `${trackingNumberFor(id, 1)},Returned to sender,${when}`)).toMatchObject({
      applied: 1
    })
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('returned_to_sender')
    // Which packs were in which parcel is not known: nothing is written for a pharmacist to undo.
    expect((await pomEntries(id)).map((e) => [e.kind, e.supplyNo])).toEqual([['supply', 1]])
    expect(await morphineEntriesOf(w, id)).toEqual([['supply', 1, -morphine.packSize]])
    // In bags in the pharmacy: fr_RET_RECALL's, back whole; not this one.
    expect(await morphineSection(w)).toMatchObject({
      balance: expectedBalance,
      check: { assembledNotSupplied: morphine.packSize, difference: 0 }
    })
    expect((await recallHit(id)).hit).toMatchObject({ status: 'supplied' })
  })

  it('a carrier file with both parcels of two returned: one reversal, one query to Phensys, the partial-return flag settled by the second', async () => {
    const id = 'fr_RET_FILE_BOTH'
    await dispatched(id, 2)
    const when = w.clock.now().toISOString().slice(0, 16).replace('T', ' ')
    const file = [
      'Tracking number,Status,Date',
      `${trackingNumberFor(id, 1)},Returned to sender,${when}`,
      `${trackingNumberFor(id, 2)},Returned to sender,${when}`
    ].join('\r\n')
    const report = await call(w.core.call(w.checker, 'dispatch.importOutcomes', { fileName: 'back.csv', csv: file }))
    expect(report.lines.map((l) => l.result)).toEqual(['applied', 'applied'])
    expectedBalance += morphine.packSize
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('returned_to_sender')
    expect((await pomEntries(id)).map((e) => [e.kind, e.supplyNo])).toEqual([
      ['supply', 1],
      ['correction', 1]
    ])
    expect(await morphineEntriesOf(w, id)).toEqual([
      ['supply', 1, -morphine.packSize],
      ['correction', 1, morphine.packSize]
    ])
    expect(await morphineSection(w)).toMatchObject({ balance: expectedBalance, check: { difference: 0 } })
    const flags = (await call(w.core.call(w.pharmacist, 'requests.flags', { id }))).filter(
      (f) => f.kind === 'partial_return'
    )
    expect(flags.map((f) => [f.kind, f.status, f.resolution?.method])).toEqual([
      ['partial_return', 'resolved', 'every_parcel_back']
    ])
    await settle(w.core)
    expect((await recordedEvents(w.l, id)).filter((e) => e.type === 'query.raised')).toHaveLength(1)
    // The same file again: already recorded, nothing written twice.
    const again = await call(w.core.call(w.checker, 'dispatch.importOutcomes', { fileName: 'back.csv', csv: file }))
    expect(again.lines.map((l) => l.result)).toEqual(['already_recorded', 'already_recorded'])
    expect(await morphineEntriesOf(w, id)).toHaveLength(2)
    expect(await call(w.core.call(w.admin, 'audit.verify', {}))).toMatchObject({ intact: true, failures: [] })
  })

  it('one parcel of two returned, then the other delivered: a flag for the pharmacist, raised once, the registers untouched', async () => {
    const id = 'fr_RET_FLAGGED'
    await dispatched(id, 2)
    const when = w.clock.now().toISOString().slice(0, 16).replace('T', ' ')
    expect(await imported('late-1.csv', `${trackingNumberFor(id, 1)},Returned to sender,${when}`)).toMatchObject({
      applied: 1
    })
    expect(await imported('late-2.csv', `${trackingNumberFor(id, 2)},Delivered,${when}`)).toMatchObject({
      applied: 1,
      problems: 0
    })
    expect((await call(w.core.call(w.checker, 'dispatch.shipment', { id }))).parcelList.map((p) => p.outcome)).toEqual([
      'returned',
      'delivered'
    ])
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('returned_to_sender')
    expect((await pomEntries(id)).map((e) => [e.kind, e.supplyNo])).toEqual([['supply', 1]])
    expect(await morphineEntriesOf(w, id)).toEqual([['supply', 1, -morphine.packSize]])
    const flags = (await call(w.core.call(w.pharmacist, 'requests.flags', { id }))).filter(
      (f) => f.kind === 'partial_return'
    )
    expect(flags.map((f) => [f.kind, f.status, f.blocks, f.words])).toEqual([
      [
        'partial_return',
        'open',
        [],
        '1 of 2 parcels came back; the registers still show the whole supply as delivered: check what came back and write the correcting POM and CD entries.'
      ]
    ])
    const flag = flags[0]!
    const byDispenser = await w.core.call(w.assembler, 'flags.acknowledge', { id: flag.id, reason: 'seen' })
    expect(byDispenser.ok).toBe(false)
    const settled = await call(
      w.core.call(w.pharmacist, 'flags.acknowledge', { id: flag.id, reason: 'CD correction written for one pack' })
    )
    expect(settled).toMatchObject({ status: 'resolved', resolution: { method: 'acknowledged' } })
    expect(await call(w.core.call(w.admin, 'audit.verify', {}))).toMatchObject({ intact: true, failures: [] })
  })

  it('one parcel of two back, the pharmacist corrects the CD register and acknowledges, then the other back: the packs are not taken back twice', async () => {
    const id = 'fr_RET_HAND_CORRECTED'
    await dispatched(id, 2)
    const when = w.clock.now().toISOString().slice(0, 16).replace('T', ' ')
    await imported('hand-1.csv', `${trackingNumberFor(id, 1)},Returned to sender,${when}`)
    const partial = (await call(w.core.call(w.pharmacist, 'requests.flags', { id }))).find(
      (f) => f.kind === 'partial_return'
    )!
    // The pack was in the parcel that came back: the pharmacist puts it back in the balance by hand.
    const section = await morphineSection(w)
    const supply = (await call(w.core.call(w.pharmacist, 'registers.cd.list', { sectionId: section.id }))).entries.find(
      (e) => e.requestId === id && e.kind === 'supply'
    )!
    await call(
      w.core.call(w.pharmacist, 'registers.cd.correct', {
        sectionId: section.id,
        correctsEntryId: supply.id,
        note: 'The pack came back in parcel 1 of 2: back in the balance.',
        change: morphine.packSize
      })
    )
    expectedBalance += morphine.packSize
    await call(w.core.call(w.pharmacist, 'flags.acknowledge', { id: partial.id, reason: 'CD correction written' }))

    await imported('hand-2.csv', `${trackingNumberFor(id, 2)},Returned to sender,${when}`)
    // No automatic correction beside the pharmacist's (which names no request): the pack is back once.
    expect(await morphineEntriesOf(w, id)).toEqual([['supply', 1, -morphine.packSize]])
    expect(await morphineSection(w)).toMatchObject({ balance: expectedBalance })
    // The POM register still says the whole supply came back, once.
    expect((await pomEntries(id)).map((e) => [e.kind, e.supplyNo])).toEqual([
      ['supply', 1],
      ['correction', 1]
    ])
    const flags = (await call(w.core.call(w.pharmacist, 'requests.flags', { id }))).filter(
      (f) => f.kind === 'partial_return'
    )
    expect(flags.map((f) => [f.status, f.words])).toEqual([
      ['resolved', expect.stringContaining('1 of 2 parcels came back')],
      ['open', expect.stringContaining('the CD register was not changed again')]
    ])
    expect(await call(w.core.call(w.admin, 'audit.verify', {}))).toMatchObject({ intact: true, failures: [] })
  })

  it('three parcels coming back one file at a time: the flag raised once and kept to how many are back, the supply reversed at the last', async () => {
    const id = 'fr_RET_THREE'
    await dispatched(id, 3)
    const when = w.clock.now().toISOString().slice(0, 16).replace('T', ' ')
    const returned = async (parcel: number) =>
      call(
        w.core.call(w.checker, 'dispatch.importOutcomes', {
          fileName: `three-${parcel}.csv`,
          csv: `Tracking number,Status,Date\r\n${trackingNumberFor(id, parcel)},Returned to sender,${when}\r\n`
        })
      )
    const partialFlags = async () =>
      (await call(w.core.call(w.pharmacist, 'requests.flags', { id })))
        .filter((f) => f.kind === 'partial_return')
        .map((f) => [f.status, f.words.slice(0, 24)])
    const flagIds = async () =>
      (await call(w.core.call(w.pharmacist, 'requests.flags', { id })))
        .filter((f) => f.kind === 'partial_return')
        .map((f) => f.id)
    expect(await returned(1)).toMatchObject({ applied: 1 })
    expect(await partialFlags()).toEqual([['open', '1 of 3 parcels came back']])
    const [flagId] = await flagIds()
    expect(await returned(2)).toMatchObject({ applied: 1 })
    // The same flag, worded afresh: the pharmacist sees how many are back now.
    expect(await partialFlags()).toEqual([['open', '2 of 3 parcels came back']])
    expect(await flagIds()).toEqual([flagId])
    const reworded = w.core.internals.audit
      .list({ entityId: id, limit: 50 })
      .filter((e) => e.command === 'dispatch.importOutcomes' && 'reworded' in (e.summary as object))
    expect(reworded.map((e) => e.summary)).toEqual([
      {
        flag: flagId,
        kind: 'partial_return',
        reworded: { before: expect.stringMatching(/^1 of 3 /), after: expect.stringMatching(/^2 of 3 /) }
      }
    ])
    expect(await morphineEntriesOf(w, id)).toEqual([['supply', 1, -morphine.packSize]])
    expect(await returned(3)).toMatchObject({ applied: 1 })
    expectedBalance += morphine.packSize
    expect(await partialFlags()).toEqual([['resolved', '2 of 3 parcels came back']])
    expect(await morphineEntriesOf(w, id)).toEqual([
      ['supply', 1, -morphine.packSize],
      ['correction', 1, morphine.packSize]
    ])
    expect(await morphineSection(w)).toMatchObject({ balance: expectedBalance, check: { difference: 0 } })
  })

  it('both parcels of two back (by hand): the supply is noted once, and its packs are back in the balance', async () => {
    const id = 'fr_RET_BOTH'
    await dispatched(id, 2)
    await call(w.core.call(w.checker, 'requests.markReturned', { id, note: 'refused at the door' }))
    expectedBalance += morphine.packSize
    expect((await pomEntries(id)).map((e) => [e.kind, e.supplyNo])).toEqual([
      ['supply', 1],
      ['correction', 1]
    ])
    expect(await morphineEntriesOf(w, id)).toEqual([
      ['supply', 1, -morphine.packSize],
      ['correction', 1, morphine.packSize]
    ])
    expect(await morphineSection(w)).toMatchObject({ balance: expectedBalance, check: { difference: 0 } })
  })

  it('one parcel of two back from the carrier file, the other back at the counter (by hand): one reversal, the flag settled, one query to Phensys; a parcel already recorded, not of the dispatch, or by someone without the role is refused and writes nothing', async () => {
    const id = 'fr_RET_HAND_LATE'
    await dispatched(id, 2)
    const early = await w.core.call(w.checker, 'requests.markParcelReturned', { id, parcel: 2, note: 'too soon' })
    expect(early.ok ? null : early.error.message).toBe(
      'Another parcel is recorded as back only once the request is returned to sender; fr_RET_HAND_LATE is dispatched.'
    )
    const when = w.clock.now().toISOString().slice(0, 16).replace('T', ' ')
    const csv = `Tracking number,Status,Date\r\n${trackingNumberFor(id, 1)},Returned to sender,${when}\r\n`
    expect(await call(w.core.call(w.checker, 'dispatch.importOutcomes', { fileName: 'first.csv', csv }))).toMatchObject(
      { applied: 1 }
    )
    const version = w.core.internals.requests.get(id)!.version
    const written = async () => ({
      parcels: (await call(w.core.call(w.checker, 'dispatch.shipment', { id }))).parcelList.map((p) => p.outcome),
      cd: await morphineEntriesOf(w, id),
      pom: (await pomEntries(id)).length,
      audit: (await call(w.core.call(w.pharmacist, 'audit.list', { entityId: id, limit: 500 }))).length
    })
    const before = await written()
    expect(before.parcels).toEqual(['returned', null])

    const refused = async (session: string, input: { parcel: number }, words: RegExp) => {
      const answer = await w.core.call(session, 'requests.markParcelReturned', {
        id,
        note: 'back at the counter',
        ...input
      })
      expect(answer.ok).toBe(false)
      if (!answer.ok) expect(answer.error.message).toMatch(words)
      expect(await written()).toEqual(before)
    }
    await refused(w.checker, { parcel: 1 }, /^Parcel 1 \(.+\) is already recorded as returned on /)
    await refused(
      w.checker,
      { parcel: 3 },
      /^Parcel 3 is not one of the 2 parcels of fr_RET_HAND_LATE's last dispatch\.$/
    )
    await refused(
      w.admin,
      { parcel: 2 },
      /^requests.markParcelReturned needs the role .+; Olu Owner does not have it\.$/
    )

    const view = await call(
      w.core.call(w.checker, 'requests.markParcelReturned', { id, parcel: 2, note: 'handed in by a neighbour' })
    )
    expectedBalance += morphine.packSize
    expect(view.parcelList.map((p) => p.outcome)).toEqual(['returned', 'returned'])
    const request = w.core.internals.requests.get(id)!
    expect([request.row.stage, request.version]).toEqual(['returned_to_sender', version])
    expect((await pomEntries(id)).map((e) => [e.kind, e.supplyNo])).toEqual([
      ['supply', 1],
      ['correction', 1]
    ])
    expect(await morphineEntriesOf(w, id)).toEqual([
      ['supply', 1, -morphine.packSize],
      ['correction', 1, morphine.packSize]
    ])
    expect(await morphineSection(w)).toMatchObject({ balance: expectedBalance, check: { difference: 0 } })
    const flags = (await call(w.core.call(w.pharmacist, 'requests.flags', { id }))).filter(
      (f) => f.kind === 'partial_return'
    )
    expect(flags.map((f) => [f.status, f.resolution?.method])).toEqual([['resolved', 'every_parcel_back']])
    const audit = await call(w.core.call(w.pharmacist, 'audit.list', { entityId: id, limit: 5 }))
    expect(
      audit.find((e) => e.command === 'requests.markParcelReturned' && 'parcel' in (e.summary as object))
    ).toMatchObject({
      summary: { parcel: 2, note: 'handed in by a neighbour' }
    })
    await settle(w.core)
    expect((await recordedEvents(w.l, id)).filter((e) => e.type === 'query.raised')).toHaveLength(1)
    // Both back now: the second parcel cannot be recorded twice.
    const twice = await w.core.call(w.checker, 'requests.markParcelReturned', { id, parcel: 2, note: 'again' })
    expect(twice.ok).toBe(false)
    if (!twice.ok) expect(twice.error.message).toMatch(/^Parcel 2 \(.+\) is already recorded as returned on /)
    expect(await morphineEntriesOf(w, id)).toHaveLength(2)
    expect(await call(w.core.call(w.admin, 'audit.verify', {}))).toMatchObject({ intact: true, failures: [] })
  })

  it('one parcel of two back, and the carrier phones that the other was delivered: recorded by hand on that parcel, the stage, registers, flag and Phensys as they were; refused before the return, twice, or without the role', async () => {
    const id = 'fr_RET_PHONED_DELIVERED'
    await dispatched(id, 2)
    const early = await w.core.call(w.checker, 'requests.markParcelDelivered', { id, parcel: 2, note: 'phoned' })
    expect(early.ok ? null : early.error.message).toBe(
      'Another parcel is recorded as delivered only once the request is returned to sender; fr_RET_PHONED_DELIVERED is dispatched.'
    )
    const when = w.clock.now().toISOString().slice(0, 16).replace('T', ' ')
    await imported('phoned-1.csv', `${trackingNumberFor(id, 1)},Returned to sender,${when}`)
    await settle(w.core)
    const version = w.core.internals.requests.get(id)!.version
    const written = async () => ({
      parcels: (await call(w.core.call(w.checker, 'dispatch.shipment', { id }))).parcelList.map((p) => p.outcome),
      cd: await morphineEntriesOf(w, id),
      pom: (await pomEntries(id)).map((e) => e.kind),
      flags: (await call(w.core.call(w.pharmacist, 'requests.flags', { id })))
        .filter((f) => f.kind === 'partial_return')
        .map((f) => [f.status, f.words.slice(0, 24)]),
      audit: (await call(w.core.call(w.pharmacist, 'audit.list', { entityId: id, limit: 500 }))).length
    })
    const before = await written()
    expect(before).toMatchObject({
      parcels: ['returned', null],
      cd: [['supply', 1, -morphine.packSize]],
      pom: ['supply'],
      flags: [['open', '1 of 2 parcels came back']]
    })
    const refusedBy = async (session: string, words: RegExp) => {
      const answer = await w.core.call(session, 'requests.markParcelDelivered', { id, parcel: 2, note: 'phoned' })
      expect(answer.ok ? null : answer.error.message).toMatch(words)
      expect(await written()).toEqual(before)
    }
    await refusedBy(w.admin, /^requests.markParcelDelivered needs the role .+; Olu Owner does not have it\.$/)

    const note = 'Royal Mail phoned: left with neighbour at no. 16'
    const view = await call(w.core.call(w.checker, 'requests.markParcelDelivered', { id, parcel: 2, note }))
    expect(view.parcelList.map((p) => p.outcome)).toEqual(['returned', 'delivered'])
    const after = await written()
    expect(after).toEqual({ ...before, parcels: ['returned', 'delivered'], audit: before.audit + 1 })
    const request = w.core.internals.requests.get(id)!
    expect([request.row.stage, request.version]).toEqual(['returned_to_sender', version])
    const [entry] = await call(w.core.call(w.pharmacist, 'audit.list', { entityId: id, limit: 1 }))
    expect(entry).toMatchObject({ command: 'requests.markParcelDelivered', summary: { parcel: 2, note } })
    await settle(w.core)
    expect((await recordedEvents(w.l, id)).map((e) => e.type)).not.toContain('delivered')
    const twice = await w.core.call(w.checker, 'requests.markParcelDelivered', { id, parcel: 2, note: 'again' })
    expect(twice.ok ? null : twice.error.message).toMatch(/^Parcel 2 \(.+\) is already recorded as delivered on /)
    const again = await imported('phoned-2.csv', `${trackingNumberFor(id, 2)},Delivered,${when}`)
    expect(again.lines.map((l) => l.result)).toEqual(['already_recorded'])
    expect(await written()).toEqual(after)
  })

  it('a parcel of an earlier dispatch reported back while the request is out again: refused for a person, the request left dispatched', async () => {
    const id = 'fr_RET_EARLIER_PARCEL'
    await dispatched(id, 2)
    const when = () => w.clock.now().toISOString().slice(0, 16).replace('T', ' ')
    await imported('earlier-1.csv', `${trackingNumberFor(id, 1)},Returned to sender,${when()}`)
    await settle(w.core)
    await nextDay()
    expect((await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {})).status).toBe(200)
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('accuracy_checked')
    await call(w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }))
    await call(w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id, 3)] }))
    // The bag went again whole, as supply 2; what came back of supply 1 is the pharmacist's to correct (the flag).
    expectedBalance -= morphine.packSize
    expect(await morphineEntriesOf(w, id)).toEqual([
      ['supply', 1, -morphine.packSize],
      ['supply', 2, -morphine.packSize]
    ])
    await nextDay()
    const report = await imported('earlier-2.csv', `${trackingNumberFor(id, 2)},Returned to sender,${when()}`)
    expect(report.lines).toMatchObject([
      { result: 'refused', message: expect.stringContaining('a parcel of an earlier dispatch') }
    ])
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('dispatched')
    expect((await recordedEvents(w.l, id)).filter((e) => e.type === 'query.raised')).toHaveLength(1)
    const flags = (await call(w.core.call(w.pharmacist, 'requests.flags', { id }))).filter(
      (f) => f.kind === 'partial_return' && f.status === 'open'
    )
    expect(flags.map((f) => f.words)).toEqual([expect.stringContaining('1 of 2 parcels came back')])
    // What the flag asks: the pack came back in parcel 1 and went again, so supply 1 is corrected.
    const section = await morphineSection(w)
    const first = (await call(w.core.call(w.pharmacist, 'registers.cd.list', { sectionId: section.id }))).entries.find(
      (e) => e.requestId === id && e.kind === 'supply' && e.supplyNo === 1
    )!
    await call(
      w.core.call(w.pharmacist, 'registers.cd.correct', {
        sectionId: section.id,
        correctsEntryId: first.id,
        note: 'The pack came back in parcel 1 of 2 and went again as supply 2.',
        change: morphine.packSize
      })
    )
    expectedBalance += morphine.packSize
    await call(w.core.call(w.pharmacist, 'flags.acknowledge', { id: flags[0]!.id, reason: 'CD correction written' }))
    expect(await morphineSection(w)).toMatchObject({ balance: expectedBalance, check: { difference: 0 } })
  })

  it('an entry a pharmacist corrected, then returned and sent again: the return is noted once, on the correction', async () => {
    const id = 'fr_RET_CORRECTED'
    await dispatched(id, 1)
    const [supply] = await pomEntries(id)
    await call(w.core.call(w.pharmacist, 'registers.pom.correct', { entryId: supply!.id, note: 'Prescriber checked' }))
    await nextDay()
    await call(w.core.call(w.checker, 'requests.markReturned', { id, note: 'no such address' }))
    expectedBalance += morphine.packSize
    await settle(w.core)
    await nextDay()
    expect((await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {})).status).toBe(200)
    await settle(w.core)
    await call(w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }))
    await call(w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id, 2)] }))
    expectedBalance -= morphine.packSize
    const pom = await pomEntries(id)
    expect(pom.map((e) => [e.kind, e.supplyNo, e.correctsEntryId])).toEqual([
      ['supply', 1, null],
      ['correction', 1, pom[0]!.id],
      ['correction', 1, pom[1]!.id],
      ['supply', 2, null]
    ])
    expect(pom[2]!.note).toMatch(/^Returned to sender: /)
    expect(await morphineEntriesOf(w, id)).toEqual([
      ['supply', 1, -morphine.packSize],
      ['correction', 1, morphine.packSize],
      ['supply', 2, -morphine.packSize]
    ])
    expect(await morphineSection(w)).toMatchObject({ balance: expectedBalance, check: { difference: 0 } })
  })
})
