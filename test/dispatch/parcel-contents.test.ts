/**
 * A Schedule 2 bag in two parcels whose packing said which packs went in which, against the
 * sandbox: one parcel comes back, the other is delivered, and Phensys answers the address query.
 * Only the parcel that came back is sent again, and the registers hold each pack's supply once:
 * the parcel back is noted (its packs back in the CD balance), the one delivered is not touched,
 * and the second supply is the returned parcel's packs alone. Review parcels30 found the whole bag
 * packed and supplied again (the delivered pack twice in both registers) with only a flag for it.
 */
import { expect, it } from 'vitest'
import { checkedRequest, dispensedWorld, packStatesOf, registerRequest } from '../helpers/dispensed-world'
import { MORPHINE, morphineEntriesOf, morphineSection, withMorphine } from '../helpers/cd-world'
import { startedForFile } from '../helpers/started-for-file'
import { cdSectionOf } from '../helpers/cd-section'
import { settle, MOVED_ADDRESS, queryResolvedWith } from '../helpers/linked'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { ownerSession, recordedEvents, scan } from '../stock/helpers'
import { answerValue as call } from '../helpers/answer'
import type { RecallHit } from '../../src/shared/contract'
import { formatDate } from '../../src/shared/time/london'

const ALL_DATES = { from: '2020-01-01', to: '2099-12-31' }
const PACKS_IN_STOCK = 30

const w = startedForFile(async () => withMorphine(await dispensedWorld(), PACKS_IN_STOCK, 'MPC1'))

const stageOf = (id: string) => w.core.internals.requests.get(id)?.row.stage
const pomEntries = async (id: string) =>
  (await call(w.core.call(w.checker, 'registers.pom.list', { ...ALL_DATES, search: id }))).entries

/** A bag of morphine packs of `batch` (two unless said), accuracy-checked: the ids of its packs, in the order scanned. */
async function checkedBag(id: string, batch = 'MPC1', packs = 2): Promise<number[]> {
  const quantity = packs * w.morphine.packSize
  const body = registerRequest(id, [{ lineId: 'l1', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity }])
  await checkedRequest(w, id, body, { l1: Array.from({ length: packs }, () => w.morphine.code(batch)) })
  const view = await call(w.core.call(w.checker, 'dispensing.view', { id }))
  return view.lines.flatMap((line) => line.packs.map((pack) => pack.id))
}

/** A bag of two morphine packs, accuracy-checked: the ids of its packs, in the order scanned. */
async function checkedTwoPackBag(id: string, batch = 'MPC1'): Promise<[number, number]> {
  const [first, second] = await checkedBag(id, batch)
  return [first!, second!]
}

/**
 * The bag packed in `parcels` and dispatched; with `contents`, packing says which of its packs go
 * in each parcel (by their place in the bag: [[0], [1]] is its first pack in parcel 1, its second in 2).
 */
async function dispatched(id: string, packIds: number[], parcels: number, contents?: number[][]): Promise<void> {
  const said = contents?.map((parcel) => parcel.map((n) => packIds[n]!))
  await call(
    w.core.call(w.checker, 'requests.pack', {
      id,
      bagScan: bagScanFor(id),
      parcels,
      ...(said ? { contents: said } : {})
    })
  )
  const trackingNumbers = Array.from({ length: parcels }, (_, n) => trackingNumberFor(id, n + 1))
  await call(w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers }))
}

/** The two-pack bag packed with its first pack in parcel 1 and its second in parcel 2, both dispatched. */
async function dispatchedOnePackAParcel(id: string, batch = 'MPC1'): Promise<void> {
  await dispatched(id, await checkedTwoPackBag(id, batch), 2, [[0], [1]])
}

async function carrierLine(id: string, parcel: number, status: string): Promise<void> {
  const when = w.clock.now().toISOString().slice(0, 16).replace('T', ' ')
  const report = await call(
    w.core.call(w.checker, 'dispatch.importOutcomes', {
      fileName: `rm ${id} ${parcel}.csv`,
      csv: `Tracking number,Status,Date\r\n${trackingNumberFor(id, parcel)},${status},${when}\r\n`
    })
  )
  expect(report).toMatchObject({ applied: 1, problems: 0 })
}

/** The two-pack bag dispatched a pack a parcel; the carrier's file says parcel `back` came back and the other was delivered. */
async function oneBackOneDelivered(id: string, back: 1 | 2, batch = 'MPC1'): Promise<void> {
  await dispatchedOnePackAParcel(id, batch)
  await carrierLine(id, back, 'Returned to sender')
  await carrierLine(id, back === 1 ? 2 : 1, 'Delivered')
  await settle(w.core)
}

/** The audit trail verifies whole, read by the owner. */
async function expectAuditIntact(): Promise<void> {
  const owner = await ownerSession(w.core)
  expect(await call(w.core.call(owner, 'audit.verify', {}))).toMatchObject({ intact: true, failures: [] })
}

/** The request's packs in these states, its morphine CD entries these, and the CD section's balance with no difference. */
async function expectPacksAndCdEntries(
  id: string,
  states: string[],
  entries: Awaited<ReturnType<typeof morphineEntriesOf>>
): Promise<void> {
  expect(await packStatesOf(w, id)).toEqual(states)
  expect(await morphineEntriesOf(w, id)).toEqual(entries)
  expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })
}

/**
 * The parcel out now marked delivered (the last dispatch chosen, as V's dialog says it where an
 * earlier parcel is still out): the request is delivered, and the audit trail verifies whole.
 */
async function deliveredWithAuditIntact(id: string): Promise<void> {
  await call(w.core.call(w.checker, 'requests.markDelivered', { id, lastDispatch: true }))
  expect(stageOf(id)).toBe('delivered')
  await expectAuditIntact()
}

/**
 * Parcel 2 of the first dispatch (a pack a parcel, parcel 1 back and sent again as parcel 3) came
 * back: recorded on it, its pack in the pharmacy again, labelled for a bag that went without it (in
 * quarantine), and back in the CD balance against the first supply; the pack sent again is still
 * supplied. The POM entries, for what their notes say.
 */
async function expectEarlierParcelTwoBack(
  id: string,
  parcelList: Array<{ trackingNumber: string | null; outcome: string | null }>
) {
  const size = w.morphine.packSize
  expect(parcelList.map((p) => [p.trackingNumber, p.outcome])).toEqual([
    [trackingNumberFor(id, 1), 'returned'],
    [trackingNumberFor(id, 2), 'returned'],
    [trackingNumberFor(id, 3), null]
  ])
  await expectPacksAndCdEntries(
    id,
    ['assembled', 'quarantined'],
    [
      ['supply', 1, -2 * size],
      ['correction', 1, size],
      ['supply', 2, -size],
      ['correction', 1, size]
    ]
  )
  const pom = await pomEntries(id)
  expect(pom.map((e) => [e.kind, e.supplyNo])).toEqual([
    ['supply', 1],
    ['correction', 1],
    ['supply', 2],
    ['correction', 1]
  ])
  expect(pom[3]!.note).toMatch(/^Returned to sender: parcel 2 of 2 came back to the pharmacy on /)
  return pom
}

it('two parcels, the first back and the second delivered, the address answered: only the first is sent again, and each pack is supplied once in both registers', async () => {
  const id = 'fr_PARCEL_SPLIT'
  const size = w.morphine.packSize
  await dispatchedOnePackAParcel(id)
  const balanceOut = (await morphineSection(w)).balance
  w.clock.advance(2 * 60_000)

  await carrierLine(id, 1, 'Returned to sender')
  await carrierLine(id, 2, 'Delivered')
  await settle(w.core)
  expect(stageOf(id)).toBe('returned_to_sender')
  // Which pack came back is known: its supply is noted back at once, the delivered one stays.
  expect(await morphineEntriesOf(w, id)).toEqual([
    ['supply', 1, -2 * size],
    ['correction', 1, size]
  ])
  expect(await morphineSection(w)).toMatchObject({ balance: balanceOut + size, check: { difference: 0 } })
  const flags = await call(w.core.call(w.pharmacist, 'requests.flags', { id }))
  expect(flags.filter((f) => f.kind === 'partial_return')).toEqual([])
  const noted = await pomEntries(id)
  expect(noted.map((e) => [e.kind, e.supplyNo])).toEqual([
    ['supply', 1],
    ['correction', 1]
  ])
  expect(noted[1]!.note).toMatch(/^Returned to sender: parcel 1 of 2 came back to the pharmacy on /)

  // Phensys confirms the address: the parcel that came back is packed and sent again, alone.
  w.clock.advance(2 * 60_000)
  expect((await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {})).status).toBe(200)
  await settle(w.core)
  expect(stageOf(id)).toBe('accuracy_checked')
  await call(w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }))
  await call(w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id, 3)] }))

  expect(await morphineEntriesOf(w, id)).toEqual([
    ['supply', 1, -2 * size],
    ['correction', 1, size],
    ['supply', 2, -size]
  ])
  expect(await morphineSection(w)).toMatchObject({ balance: balanceOut, check: { difference: 0 } })
  const pom = await pomEntries(id)
  expect(pom.map((e) => [e.kind, e.supplyNo, e.quantity])).toEqual([
    ['supply', 1, 2 * size],
    ['correction', 1, 2 * size],
    ['supply', 2, size]
  ])
  expect(pom[2]!.packsSupplied.split('; ')).toHaveLength(1)
  await deliveredWithAuditIntact(id)
})

it('one parcel of two back and sent again while the other is still out, then the other comes back too: recorded, its pack back in the registers and in quarantine, the parcel sent again untouched', async () => {
  const id = 'fr_PARCEL_LATE'
  const firstDispatchDay = await sentAgainWithParcelTwoOut(id)
  const sentBefore = await recordedEvents(w.l, id)

  // Parcel 2 of the first dispatch, on the road all along, comes back after all.
  await carrierLine(id, 2, 'Returned to sender')
  await settle(w.core)
  expect(stageOf(id)).toBe('dispatched')
  const { parcelList } = await call(w.core.call(w.checker, 'dispatch.shipment', { id }))
  const pom = await expectEarlierParcelTwoBack(id, parcelList)

  // The patient is short that pack: a pharmacist is told by a flag, in words, which holds nothing back.
  const packsBack = pom[3]!.note!.split('did not reach the patient: ')[1]!.replace(/\.$/, '')
  expect(packsBack).toContain('batch MPC1')
  const told = (await call(w.core.call(w.pharmacist, 'requests.flags', { id }))).filter((f) => f.source === 'dispatch')
  expect(told.map((f) => [f.status, f.short, f.words, f.blocks])).toEqual([
    [
      'open',
      'patient short',
      `Parcel 2 of the dispatch on ${firstDispatchDay} came back after the request was sent again without it: the patient has not had ${packsBack}. Decide with Phensys what to supply.`,
      []
    ]
  ])
  const { timeline } = await call(w.core.call(w.pharmacist, 'requests.get', { id }))
  expect(timeline.filter((e) => JSON.stringify(e.summary).includes('patient_short'))).toHaveLength(1)
  // Dispatched, it is listed with the requests closed today, its Flags column saying so.
  const notes = async () =>
    (await call(w.core.call(w.checker, 'worklist.closed', { view: 'completed_today' }))).rows.find((r) => r.id === id)!
      .notes
  expect(await notes()).toEqual(['patient short'])
  const acknowledged = await call(
    w.core.call(w.pharmacist, 'flags.acknowledge', {
      id: told[0]!.id,
      reason: 'Phensys asked: the prescriber sends a new prescription for the pack.'
    })
  )
  expect(acknowledged).toMatchObject({ status: 'resolved', resolution: { method: 'acknowledged' } })
  expect(await notes()).toEqual([])
  expect(stageOf(id)).toBe('dispatched')
  // Phensys already heard of the return and of the dispatch since: nothing more.
  expect(await recordedEvents(w.l, id)).toEqual(sentBefore)
  await deliveredWithAuditIntact(id)
})

it('one parcel of two back and the other delivered, sent again: its dispatch note, previewed and printed, lists only the pack in it', async () => {
  const id = 'fr_PARCEL_NOTE'
  const size = w.morphine.packSize
  await oneBackOneDelivered(id, 1)
  expect((await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {})).status).toBe(200)
  await settle(w.core)
  expect(stageOf(id)).toBe('accuracy_checked')

  const { note } = await call(w.core.call(w.checker, 'dispatch.packingPreview', { id, parcels: 1 }))
  const preview = note.map((label) => label.svg).join('')
  expect(preview).toContain(`tablets × ${size} tablets`)
  expect(preview).not.toContain(`× ${2 * size}`)
  await call(w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }))
  const job = w.core.internals.store.sqlite
    .prepare("SELECT payload FROM print_jobs WHERE request_id = ? AND kind = 'bag' ORDER BY id DESC LIMIT 1")
    .get(id) as { payload: string }
  expect(job.payload).toContain(`tablets × ${size} tablets`)
  expect(job.payload).not.toContain(`× ${2 * size}`)
})

it('packing that says which packs go in which parcel must place every pack of the bag in one parcel, or it is refused in words and nothing is packed', async () => {
  const id = 'fr_PARCEL_SAID'
  const [first, second] = await checkedTwoPackBag(id)
  const pack = (contents: number[][]) =>
    w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: contents.length, contents })
  expect(await pack([[first], [999_999]])).toMatchObject({
    ok: false,
    error: {
      code: 'invalid_input',
      message: `Pack 999999 is not in ${id}'s bag here: say only the packs being packed.`
    }
  })
  expect(await pack([[first, second], [second]])).toMatchObject({
    ok: false,
    error: { message: `Pack ${second} is said for two parcels: a pack goes in one parcel.` }
  })
  expect(await pack([[first]])).toMatchObject({
    ok: false,
    error: { message: `Pack ${second} of ${id}'s bag is in no parcel: say the parcel of every pack.` }
  })
  expect(
    await w.core.call(w.checker, 'requests.pack', {
      id,
      bagScan: bagScanFor(id),
      parcels: 3,
      contents: [[first], [second]]
    })
  ).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  expect(stageOf(id)).toBe('accuracy_checked')
  expect(await pack([[second], [first]])).toMatchObject({ ok: true, value: { row: { stage: 'packed' } } })
})

it('one parcel of two back and the other still with the carrier, then a query: only the packs back are quarantined, the others stay supplied until their parcel comes back', async () => {
  const id = 'fr_PARCEL_QUERY'
  const size = w.morphine.packSize
  await dispatchedOnePackAParcel(id)
  w.clock.advance(2 * 60_000)
  await carrierLine(id, 1, 'Returned to sender')
  await settle(w.core)
  expect(stageOf(id)).toBe('returned_to_sender')

  await call(
    w.core.call(w.pharmacist, 'requests.raiseQuery', {
      id,
      reason: 'clinical',
      message: 'The dose needs checking with the prescriber before this goes again.'
    })
  )
  expect(stageOf(id)).toBe('query_raised')
  // The pack back is labelled for the patient: to quarantine. The other is on the road, supplied.
  await expectPacksAndCdEntries(
    id,
    ['quarantined', 'assembled'],
    [
      ['supply', 1, -2 * size],
      ['correction', 1, size]
    ]
  )

  // Its parcel comes back while the query is open: recorded, its pack back in the balance and in quarantine.
  w.clock.advance(2 * 60_000)
  await carrierLine(id, 2, 'Returned to sender')
  await settle(w.core)
  expect(stageOf(id)).toBe('query_raised')
  await expectPacksAndCdEntries(
    id,
    ['quarantined', 'quarantined'],
    [
      ['supply', 1, -2 * size],
      ['correction', 1, size],
      ['correction', 1, size]
    ]
  )
  await expectAuditIntact()
})

it('one parcel of two back and the other delivered, then cancelled at Phensys: the pack back goes to quarantine, the delivered one stays supplied, the acknowledgement says not all went back', async () => {
  const id = 'fr_PARCEL_CANCEL'
  const size = w.morphine.packSize
  await oneBackOneDelivered(id, 2)
  expect(stageOf(id)).toBe('returned_to_sender')

  expect((await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })).status).toBe(200)
  await settle(w.core)
  expect(stageOf(id)).toBe('cancelled')
  await expectPacksAndCdEntries(
    id,
    ['assembled', 'quarantined'],
    [
      ['supply', 1, -2 * size],
      ['correction', 1, size]
    ]
  )
  const sent = (await recordedEvents(w.l, id)).filter((e) => e.type === 'cancellation.acknowledged')
  expect(sent.map((e) => e.data)).toEqual([{ stockReturned: false }])
})

it('a Schedule 2 item in two parcels, one back, sent again to a new address and delivered: every CD entry dated and complete, the running balance followed, nothing written twice', async () => {
  const id = 'fr_PARCEL_CD'
  const size = w.morphine.packSize
  await dispatchedOnePackAParcel(id)
  const [t1, t2, t3] = [trackingNumberFor(id, 1), trackingNumberFor(id, 2), trackingNumberFor(id, 3)]
  await carrierLine(id, 1, 'Delivered')
  // Parcel 1 is recorded delivered: N records the one still out.
  await call(w.core.call(w.checker, 'requests.markReturned', { id, note: 'addressee gone away' }))
  await settle(w.core)
  await queryResolvedWith(w.l, id, { delivery: { address: MOVED_ADDRESS } })
  w.clock.advance(60_000)
  await call(w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }))
  await call(w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [t3] }))
  await call(w.core.call(w.checker, 'requests.markDelivered', { id }))

  const all = await cdSectionOf(w.core, w.pharmacist, (s) => s.vmpId === MORPHINE.dmdId).entries()
  // The running balance follows every entry of the section, in order.
  for (let n = 1; n < all.length; n++) expect(all[n]!.balance).toBe(all[n - 1]!.balance + all[n]!.change)
  const mine = all.filter((e) => e.requestId === id)
  expect(mine.map((e) => [e.kind, e.supplyNo, e.change])).toEqual([
    ['supply', 1, -2 * size],
    ['correction', 1, size],
    ['supply', 2, -size]
  ])
  const [supply1, back, supply2] = mine
  for (const supply of [supply1!, supply2!]) {
    expect(supply.patientName).toBeTruthy()
    expect(supply.prescriberName).toBeTruthy()
    expect(supply.prescriberAddress).toBeTruthy()
    expect(supply.handoverMethod).toBe('carrier')
  }
  expect(supply1!.collectedBy).toContain(`${t1}, ${t2}`)
  expect(supply1!.productDetail!.split('; ')).toHaveLength(2)
  expect(supply2!.collectedBy).toContain(t3)
  expect(supply2!.collectedBy).not.toContain(t2)
  expect(supply2!.patientAddress).toContain('YO1 7HH')
  expect(supply2!.productDetail!.split('; ')).toHaveLength(1)
  expect(back!.correctsEntryId).toBe(supply1!.id)
  expect(back!.note).toMatch(
    /^Returned to sender: parcel 2 of 2 came back to the pharmacy on \d\d\/\d\d\/\d{4} \(addressee gone away\)/
  )
  expect(back!.note).toContain('batch MPC1')
  expect(back!.entryDate).toBeTruthy()
  expect(await morphineSection(w)).toMatchObject({ check: { difference: 0 } })
})

it('recall of a bag one parcel of two back: the pack back is listed to stop, the one delivered as with the patient', async () => {
  const id = 'fr_PARCEL_RECALL'
  const size = w.morphine.packSize
  await oneBackOneDelivered(id, 1)
  const recall = await call(
    w.core.call(w.pharmacist, 'registers.recall.search', { product: MORPHINE.dmdId, batchNo: 'MPC1' })
  )
  const hits = recall.hits.filter((h) => h.requestId === id)
  expect(hits.map((h) => [h.status, h.quantity, h.warning])).toEqual([
    ['not_yet_supplied', size, 'Returned to the pharmacy: stop it'],
    ['supplied', size, null]
  ])
})

it('recall of a batch in a bag partly back, a bag wholly back and a bag one of whose unsaid parcels came back: each listed where its packs are, and every page carries the counts of the whole list', async () => {
  const size = w.morphine.packSize
  for (let n = 0; n < 5; n++) await scan(w.core, w.assembler, w.morphine.code('MPC2'))
  const [split, back, unsaid] = ['fr_PARCEL_RC_SPLIT', 'fr_PARCEL_RC_BACK', 'fr_PARCEL_RC_UNSAID']
  await oneBackOneDelivered(split, 1, 'MPC2')
  w.clock.advance(60_000)
  // One parcel: packing says nothing, and the whole bag is in it.
  await dispatched(back, await checkedBag(back, 'MPC2', 1), 1)
  await carrierLine(back, 1, 'Returned to sender')
  w.clock.advance(60_000)
  // Two parcels, not said which packs went in which: one back is not the bag back.
  await dispatched(unsaid, await checkedBag(unsaid, 'MPC2'), 2)
  await carrierLine(unsaid, 1, 'Returned to sender')
  await carrierLine(unsaid, 2, 'Delivered')
  await settle(w.core)

  const search = (page: { offset?: number; limit?: number }) =>
    call(w.core.call(w.pharmacist, 'registers.recall.search', { product: MORPHINE.dmdId, batchNo: 'MPC2', ...page }))
  const listed = (hits: RecallHit[]) => hits.map((h) => [h.requestId, h.status, h.quantity, h.warning])
  const stop = 'Returned to the pharmacy: stop it'
  const whole = await search({})
  expect(listed(whole.hits)).toEqual([
    [split, 'not_yet_supplied', size, stop],
    [back, 'not_yet_supplied', size, stop],
    [split, 'supplied', size, null],
    [unsaid, 'supplied', 2 * size, null]
  ])
  expect(whole).toMatchObject({ bags: 4, notYetSupplied: 2 })
  const middle = await search({ offset: 1, limit: 2 })
  expect(listed(middle.hits)).toEqual(listed(whole.hits).slice(1, 3))
  expect(middle).toMatchObject({ bags: 4, notYetSupplied: 2 })
  // Past the end: no row to carry the counts, which are still the list's.
  expect(await search({ offset: 4 })).toMatchObject({ hits: [], bags: 4, notYetSupplied: 2 })
})

/**
 * The two-pack bag a pack a parcel (unless `packingSaid` is false); parcel 1 back, the address answered, and sent again alone as
 * parcel 3, parcel 2 still out. The day of the first dispatch, as a person reads it.
 */
async function sentAgainWithParcelTwoOut(id: string, packingSaid = true): Promise<string> {
  // Not said: the two packs went in two parcels, which held which unknown, and the whole bag goes again.
  if (packingSaid) await dispatchedOnePackAParcel(id)
  else await dispatched(id, await checkedTwoPackBag(id), 2)
  const firstDispatchDay = formatDate(w.clock.now())
  w.clock.advance(2 * 60_000)
  await carrierLine(id, 1, 'Returned to sender')
  await settle(w.core)
  w.clock.advance(2 * 60_000)
  expect((await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {})).status).toBe(200)
  await settle(w.core)
  await call(w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }))
  await call(w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id, 3)] }))
  await settle(w.core)
  return firstDispatchDay
}

/**
 * Parcel 2 of the first dispatch, recorded by hand as `outcome` with the note `source`: one entry
 * on the request's timeline says so, Phensys was told nothing, and recording it again by hand is
 * refused in words (`refused`).
 */
async function expectParcelTwoRecordedOnceByHand(
  id: string,
  firstDispatch: string,
  sentBefore: Awaited<ReturnType<typeof recordedEvents>>,
  how: { outcome: 'returned' | 'delivered'; source: string; refused: RegExp }
): Promise<void> {
  const { timeline } = await call(w.core.call(w.pharmacist, 'requests.get', { id }))
  const onParcel = timeline.filter((e) => JSON.stringify(e.summary).includes(`"source":${JSON.stringify(how.source)}`))
  expect(onParcel.map((e) => e.summary)).toEqual([
    { parcel: 2, dispatchedAt: firstDispatch, [how.outcome]: expect.any(String), source: how.source }
  ])
  expect(await recordedEvents(w.l, id)).toEqual(sentBefore)
  const command = how.outcome === 'returned' ? 'requests.markParcelReturned' : 'requests.markParcelDelivered'
  const again = await w.core.call(w.checker, command, { id, parcel: 2, dispatchedAt: firstDispatch, note: 'again' })
  expect(again.ok ? null : again.error.message).toMatch(how.refused)
}

it('a parcel of an earlier dispatch back by hand (N, the dispatch named): recorded as from a carrier line, its pack back in the registers and in quarantine, the patient-short flag, Phensys told nothing', async () => {
  const id = 'fr_PARCEL_LATE_HAND'
  await sentAgainWithParcelTwoOut(id)
  const sentBefore = await recordedEvents(w.l, id)
  const before = await call(w.core.call(w.checker, 'dispatch.shipment', { id }))
  // The screen can tell the parcels apart: which dispatch each went in, and whether it is an earlier one.
  expect(before.parcelList.map((p) => [p.parcelNo, p.earlier, p.outcome])).toEqual([
    [1, true, 'returned'],
    [2, true, null],
    [1, false, null]
  ])
  const firstDispatch = before.parcelList[1]!.dispatchedAt
  expect(before.parcelList[0]!.dispatchedAt).toBe(firstDispatch)
  expect(before.parcelList[2]!.dispatchedAt).not.toBe(firstDispatch)

  const shown = await call(
    w.core.call(w.checker, 'requests.markParcelReturned', {
      id,
      parcel: 2,
      dispatchedAt: firstDispatch,
      note: 'carrier returned it to the counter'
    })
  )
  await settle(w.core)
  expect(stageOf(id)).toBe('dispatched')
  const pom = await expectEarlierParcelTwoBack(id, shown.parcelList)
  expect(pom[3]!.note).toContain('(carrier returned it to the counter)')
  const told = (await call(w.core.call(w.pharmacist, 'requests.flags', { id }))).filter((f) => f.source === 'dispatch')
  expect(told.map((f) => [f.status, f.short])).toEqual([['open', 'patient short']])
  expect(told[0]!.words).toMatch(
    /^Parcel 2 of the dispatch on .* came back after the request was sent again without it/
  )
  // One entry on the parcel (the quarantine's own entry gives the same words as its reason); once
  // recorded, by hand again it is refused in words, and a carrier's line for it is already recorded.
  await expectParcelTwoRecordedOnceByHand(id, firstDispatch, sentBefore, {
    outcome: 'returned',
    source: 'carrier returned it to the counter',
    refused: /^Parcel 2 of 2 of the dispatch on .* \(tracking .+\) is already recorded as returned on /
  })
  const line = await call(
    w.core.call(w.checker, 'dispatch.importOutcomes', {
      fileName: 'late.csv',
      csv: `Tracking number,Status,Date\r\n${trackingNumberFor(id, 2)},Returned to sender,${w.clock.now().toISOString().slice(0, 16).replace('T', ' ')}\r\n`
    })
  )
  expect(line.lines.map((l) => l.result)).toEqual(['already_recorded'])
  await deliveredWithAuditIntact(id)
})

it('a parcel of an earlier dispatch by hand: refused in words where packing did not say what went in it, or naming the last dispatch; nothing written', async () => {
  const id = 'fr_PARCEL_LATE_UNSAID'
  await sentAgainWithParcelTwoOut(id, false)
  const { parcelList } = await call(w.core.call(w.checker, 'dispatch.shipment', { id }))
  const before = await morphineEntriesOf(w, id)
  const unsaid = await w.core.call(w.checker, 'requests.markParcelReturned', {
    id,
    parcel: 2,
    dispatchedAt: parcelList[0]!.dispatchedAt,
    note: 'back'
  })
  expect(unsaid.ok ? null : unsaid.error.message).toMatch(
    /^Parcel 2 of 2 of the dispatch on .* is a parcel of an earlier dispatch of fr_PARCEL_LATE_UNSAID, which has been sent again since\. Packing did not say which packs went in it/
  )
  const last = await w.core.call(w.checker, 'requests.markParcelReturned', {
    id,
    parcel: 1,
    dispatchedAt: parcelList[2]!.dispatchedAt,
    note: 'back'
  })
  expect(last.ok ? null : last.error.message).toMatch(/is of fr_PARCEL_LATE_UNSAID's last dispatch, not an earlier one/)
  expect(await morphineEntriesOf(w, id)).toEqual(before)
  const { parcelList: after } = await call(w.core.call(w.checker, 'dispatch.shipment', { id }))
  expect(after).toEqual(parcelList)
})

it('a parcel of an earlier dispatch delivered, on a carrier line: recorded on that parcel, its pack still supplied by that dispatch, no flag, Phensys told nothing; the bag sent again delivered is told once', async () => {
  const id = 'fr_PARCEL_LATE_DELIVERED'
  await sentAgainWithParcelTwoOut(id)
  const sentBefore = await recordedEvents(w.l, id)
  const entriesBefore = await morphineEntriesOf(w, id)
  const pomBefore = await pomEntries(id)

  await carrierLine(id, 2, 'Delivered')
  await settle(w.core)
  expect(stageOf(id)).toBe('dispatched')
  const { parcelList } = await call(w.core.call(w.checker, 'dispatch.shipment', { id }))
  expect(parcelList.map((p) => [p.trackingNumber, p.outcome])).toEqual([
    [trackingNumberFor(id, 1), 'returned'],
    [trackingNumberFor(id, 2), 'delivered'],
    [trackingNumberFor(id, 3), null]
  ])
  // The patient has the pack: the registers as they were, nothing to quarantine, nobody to tell.
  expect(await packStatesOf(w, id)).toEqual(['assembled', 'assembled'])
  expect(await morphineEntriesOf(w, id)).toEqual(entriesBefore)
  expect(await pomEntries(id)).toEqual(pomBefore)
  expect(
    (await call(w.core.call(w.pharmacist, 'requests.flags', { id }))).filter((f) => f.source === 'dispatch')
  ).toEqual([])
  // No step of the table: Phensys hears nothing of it, and hears delivered once, for the bag out now.
  expect(await recordedEvents(w.l, id)).toEqual(sentBefore)
  await deliveredWithAuditIntact(id)
  await settle(w.core)
  expect((await recordedEvents(w.l, id)).filter((e) => e.type === 'delivered')).toHaveLength(1)
})

it('a parcel of an earlier dispatch delivered once the request is delivered: recorded on the parcel, no second delivered event', async () => {
  const id = 'fr_PARCEL_LATE_AFTER'
  await sentAgainWithParcelTwoOut(id)
  await call(w.core.call(w.checker, 'requests.markDelivered', { id, lastDispatch: true }))
  await settle(w.core)
  const sentBefore = await recordedEvents(w.l, id)
  expect(sentBefore.filter((e) => e.type === 'delivered')).toHaveLength(1)
  await carrierLine(id, 2, 'Delivered')
  await settle(w.core)
  expect(stageOf(id)).toBe('delivered')
  expect(await recordedEvents(w.l, id)).toEqual(sentBefore)
  const { parcelList } = await call(w.core.call(w.checker, 'dispatch.shipment', { id }))
  expect(parcelList.map((p) => p.outcome)).toEqual(['returned', 'delivered', 'delivered'])
  await expectAuditIntact()
})

it('delivered (V) while sent again with a parcel of an earlier dispatch still out: without the person saying which, refused in words and nothing written; with the last dispatch said, the request is delivered and the earlier parcel stays out', async () => {
  const id = 'fr_PARCEL_V_UNSAID'
  const firstDispatchDay = await sentAgainWithParcelTwoOut(id)
  const sentBefore = await recordedEvents(w.l, id)
  const read = async () => {
    const detail = await call(w.core.call(w.pharmacist, 'requests.get', { id }))
    const { parcelList } = await call(w.core.call(w.checker, 'dispatch.shipment', { id }))
    return { row: detail.row, timeline: detail.timeline, parcels: parcelList.map((p) => p.outcome) }
  }
  const before = await read()
  expect(before.parcels).toEqual(['returned', null, null])

  const unsaid = await w.core.call(w.checker, 'requests.markDelivered', { id })
  expect(unsaid.ok ? null : unsaid.error.message).toBe(
    `${id} was sent again while parcel 2 of 2 of the dispatch on ${firstDispatchDay} (tracking ${trackingNumberFor(id, 2)}) is still with the carrier: say which was delivered, the last dispatch or that earlier parcel (V asks which). Nothing was recorded.`
  )
  await settle(w.core)
  expect(await read()).toEqual(before)
  expect(await recordedEvents(w.l, id)).toEqual(sentBefore)

  await call(w.core.call(w.checker, 'requests.markDelivered', { id, lastDispatch: true }))
  expect(stageOf(id)).toBe('delivered')
  expect((await read()).parcels).toEqual(['returned', null, 'delivered'])
})

it('a parcel of an earlier dispatch delivered where packing did not say what was in it (the whole bag went again): recorded, and a flag tells a pharmacist in words that the patient may have the packs twice; Phensys told nothing', async () => {
  const id = 'fr_PARCEL_LATE_TWICE'
  await sentAgainWithParcelTwoOut(id, false)
  const sentBefore = await recordedEvents(w.l, id)
  const firstDay = formatDate(
    (await call(w.core.call(w.checker, 'dispatch.shipment', { id }))).parcelList[0]!.dispatchedAt
  )

  await carrierLine(id, 2, 'Delivered')
  await settle(w.core)
  expect(stageOf(id)).toBe('dispatched')
  const told = (await call(w.core.call(w.pharmacist, 'requests.flags', { id }))).filter(
    (f) => f.source === 'dispatch' && f.kind === 'sent_twice'
  )
  expect(told.map((f) => [f.status, f.short, f.blocks])).toEqual([['open', 'sent twice', []]])
  expect(told[0]!.words).toBe(
    `Parcel 2 of 2 of the dispatch on ${firstDay} (tracking ${trackingNumberFor(id, 2)}) was delivered on ${formatDate(w.clock.now())}, after the request was sent again with the whole bag (packing did not say what was in each parcel): the patient may now have been sent the same packs twice, and the registers show both supplies. Check with Phensys what the patient has, and correct the registers.`
  )
  expect(await recordedEvents(w.l, id)).toEqual(sentBefore)
  const notes = (await call(w.core.call(w.checker, 'worklist.closed', { view: 'completed_today' }))).rows.find(
    (r) => r.id === id
  )!.notes
  expect(notes).toContain('sent twice')
  await deliveredWithAuditIntact(id)
})

it('a parcel of an earlier dispatch delivered by hand (V, the dispatch named), where packing did not say what was in it: recorded by the one function a carrier line uses, the sent-twice flag the same way, audited, Phensys told nothing; checked and refused in words otherwise', async () => {
  const id = 'fr_PARCEL_LATE_V_HAND'
  await sentAgainWithParcelTwoOut(id, false)
  const sentBefore = await recordedEvents(w.l, id)
  const { parcelList } = await call(w.core.call(w.checker, 'dispatch.shipment', { id }))
  const firstDispatch = parcelList[1]!.dispatchedAt
  const firstDay = formatDate(firstDispatch)

  // Only the roles of V; a time that is not one is refused before anything is read.
  const owner = await ownerSession(w.core)
  const byOwner = await w.core.call(owner, 'requests.markParcelDelivered', {
    id,
    parcel: 2,
    dispatchedAt: firstDispatch,
    note: 'carrier phoned'
  })
  expect(byOwner.ok ? null : byOwner.error.code).toBe('forbidden')
  const badTime = await w.core.call(w.checker, 'requests.markParcelDelivered', {
    id,
    parcel: 2,
    dispatchedAt: 'yesterday',
    note: 'carrier phoned'
  })
  expect(badTime.ok ? null : badTime.error.code).toBe('invalid_input')
  // The last dispatch's parcel is not an earlier one: refused in words.
  const last = await w.core.call(w.checker, 'requests.markParcelDelivered', {
    id,
    parcel: 1,
    dispatchedAt: parcelList[2]!.dispatchedAt,
    note: 'carrier phoned'
  })
  expect(last.ok ? null : last.error.message).toMatch(/is of fr_PARCEL_LATE_V_HAND's last dispatch, not an earlier one/)

  const shown = await call(
    w.core.call(w.checker, 'requests.markParcelDelivered', {
      id,
      parcel: 2,
      dispatchedAt: firstDispatch,
      note: 'carrier phoned: left with a neighbour'
    })
  )
  expect(shown.parcelList.map((p) => [p.parcelNo, p.earlier, p.outcome])).toEqual([
    [1, true, 'returned'],
    [2, true, 'delivered'],
    [1, false, null]
  ])
  await settle(w.core)
  expect(stageOf(id)).toBe('dispatched')
  const told = (await call(w.core.call(w.pharmacist, 'requests.flags', { id }))).filter(
    (f) => f.source === 'dispatch' && f.kind === 'sent_twice'
  )
  expect(told.map((f) => [f.status, f.short, f.blocks])).toEqual([['open', 'sent twice', []]])
  expect(told[0]!.words).toBe(
    `Parcel 2 of 2 of the dispatch on ${firstDay} (tracking ${trackingNumberFor(id, 2)}) was delivered on ${formatDate(w.clock.now())}, after the request was sent again with the whole bag (packing did not say what was in each parcel): the patient may now have been sent the same packs twice, and the registers show both supplies. Check with Phensys what the patient has, and correct the registers.`
  )
  // Once recorded, again is refused in words.
  await expectParcelTwoRecordedOnceByHand(id, firstDispatch, sentBefore, {
    outcome: 'delivered',
    source: 'carrier phoned: left with a neighbour',
    refused: /^Parcel 2 of 2 of the dispatch on .* is already recorded as delivered on /
  })
  await deliveredWithAuditIntact(id)
})

it("recall of a bag sent again: the pack delivered in the first dispatch is listed with that dispatch's date, the pack sent again with its own", async () => {
  const id = 'fr_PARCEL_RECALL_DATES'
  for (let n = 0; n < 2; n++) await scan(w.core, w.assembler, w.morphine.code('MPC3'))
  await oneBackOneDelivered(id, 1, 'MPC3')
  expect((await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {})).status).toBe(200)
  await settle(w.core)
  w.clock.advance(2 * 60_000)
  await call(w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }))
  await call(w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id, 3)] }))
  await call(w.core.call(w.checker, 'requests.markDelivered', { id }))
  const { parcelList } = await call(w.core.call(w.checker, 'dispatch.shipment', { id }))
  const [first, second] = [parcelList[0]!.dispatchedAt, parcelList[2]!.dispatchedAt]
  expect(first).not.toBe(second)

  const search = (page: { offset?: number; limit?: number }) =>
    call(w.core.call(w.pharmacist, 'registers.recall.search', { product: MORPHINE.dmdId, batchNo: 'MPC3', ...page }))
  const whole = await search({})
  expect(whole.hits.map((h) => [h.requestId, h.status, h.quantity, h.suppliedAt])).toEqual([
    [id, 'supplied', w.morphine.packSize, first],
    [id, 'supplied', w.morphine.packSize, second]
  ])
  // The counts of a page past the end are the list's.
  expect(await search({ offset: 2 })).toMatchObject({ hits: [], bags: whole.bags, notYetSupplied: 0 })
})
