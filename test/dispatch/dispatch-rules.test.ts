import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_CARRIERS, checkTrackingNumber, describePattern } from '../../src/shared/dispatch/carriers'
import { dispensingLabelPayload, requestLabelPayload, bagLabelPayload } from '../../src/shared/scan/own-labels'
import { settle, MOVED_ADDRESS, queryResolvedWith } from '../helpers/linked'
import { until } from '../helpers/until'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { recordedEvents } from '../stock/helpers'
import { packStatesOf } from '../helpers/dispensed-world'
import { checkedForDispatch, deliveredTo, dispatchWorld, later, returnedByCarrier, type DispatchWorld } from './world'

let world: DispatchWorld | undefined
afterEach(async () => {
  await world?.stop()
  world = undefined
})

const royalMail = DEFAULT_CARRIERS.services[0]!
const dpd = DEFAULT_CARRIERS.services.find((s) => s.carrier === 'DPD')!

describe("tracking numbers, checked by the carrier's format", () => {
  it('accepts a Royal Mail S10 number with its check digit, typed with spaces or lower case', () => {
    expect(checkTrackingNumber(royalMail, 'ab 1234 5678 5gb')).toEqual({ ok: true, trackingNumber: 'AB123456785GB' })
  })
  it('refuses a wrong check digit, another country and other shapes, saying what it saw', () => {
    expect(checkTrackingNumber(royalMail, 'AB123456784GB')).toMatchObject({
      ok: false,
      message: expect.stringContaining('check digit 4 is wrong (expected 5)')
    })
    expect(checkTrackingNumber(royalMail, 'AB123456785US')).toMatchObject({
      ok: false,
      message: expect.stringContaining('ends US')
    })
    expect(checkTrackingNumber(royalMail, '1Z999AA10123456784')).toMatchObject({
      ok: false,
      message: expect.stringContaining('1Z999AA10123456784 is not a Royal Mail tracking number')
    })
  })
  it('checks a courier by its configured pattern', () => {
    expect(checkTrackingNumber(dpd, '15501234567890')).toEqual({ ok: true, trackingNumber: '15501234567890' })
    // Said in words, never as the pattern's code.
    expect(checkTrackingNumber(dpd, '1550123')).toEqual({
      ok: false,
      message: '1550123 does not look like a DPD tracking number (14 digits).'
    })
    // A pattern written without anchors still has to match the whole number.
    expect(checkTrackingNumber({ ...dpd, pattern: '\\d{14}' }, 'JUNK12345678901234567JUNK')).toMatchObject({
      ok: false
    })
    expect(checkTrackingNumber({ ...dpd, pattern: '\\d{14}' }, '15501234567890')).toMatchObject({ ok: true })
  })
  it('says a tracking pattern in words', () => {
    expect(describePattern('^[A-Z]{2}\\d{9}GB$')).toBe('2 capital letters then 9 digits then “GB”')
    expect(describePattern('\\d{10,12}')).toBe('10 to 12 digits')
    expect(describePattern('(JD|JJ)\\d+')).toBe("in the carrier's format")
  })
})

describe('packing and dispatch, against the real sandbox', () => {
  it("refuses a neighbour's bag and a damaged label, packs on its own bag label, and sends packed once", async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_RULE_BAG'
    await checkedForDispatch(w, id)
    const neighbour = await w.core.call(w.checker, 'requests.pack', {
      id,
      bagScan: bagLabelPayload('fr_OTHER', 1),
      parcels: 1
    })
    expect(neighbour).toMatchObject({
      ok: false,
      error: {
        code: 'precondition_failed',
        message: `Wrong bag: that label is fr_OTHER's, this is ${id}.`,
        details: { reason: 'wrong_bag' }
      }
    })
    const notALabel = await w.core.call(w.checker, 'requests.pack', { id, bagScan: '5012345678900', parcels: 1 })
    expect(notALabel).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('That scan (5012345678900) is not a request or bag label') }
    })
    expect(
      await w.core.call(w.checker, 'requests.pack', { id, bagScan: requestLabelPayload(id), parcels: 2 })
    ).toMatchObject({ ok: true, value: { row: { stage: 'packed' } } })
    const shipment = await w.core.call(w.checker, 'dispatch.shipment', { id })
    expect(shipment).toMatchObject({
      ok: true,
      value: {
        parcels: 2,
        service: { carrier: 'Royal Mail', service: 'Tracked 24' },
        packedBy: 'Staff accuracy_checker'
      }
    })
    // The bag labels (2) and the dispatch note went to the print queue in the same command.
    const jobs = await w.core.call(w.checker, 'print.jobs', { requestId: id })
    expect(jobs.ok && jobs.value.some((job) => job.kind === 'bag' && job.labels >= 3)).toBe(true)
    await settle(w.core)
    expect((await recordedEvents(w.l, id)).filter((e) => e.type === 'packed').map((e) => e.data)).toEqual([
      { parcels: 2 }
    ])
  })

  it('dispatch wants one valid, unused tracking number per parcel; Phensys gets them with carrier and service', async () => {
    const w = (world = await dispatchWorld())
    await checkedForDispatch(w, 'fr_RULE_A')
    await checkedForDispatch(w, 'fr_RULE_B')
    for (const id of ['fr_RULE_A', 'fr_RULE_B'])
      await w.core.call(w.checker, 'requests.pack', {
        id,
        bagScan: bagScanFor(id),
        parcels: id === 'fr_RULE_A' ? 2 : 1
      })
    const a1 = trackingNumberFor('fr_RULE_A', 1)
    const a2 = trackingNumberFor('fr_RULE_A', 2)
    expect(await w.core.call(w.checker, 'requests.dispatch', { id: 'fr_RULE_A', trackingNumbers: [a1] })).toMatchObject(
      { ok: false, error: { message: expect.stringContaining('is 2 parcels; 1 tracking number given') } }
    )
    expect(
      await w.core.call(w.checker, 'requests.dispatch', { id: 'fr_RULE_A', trackingNumbers: [a1, a1] })
    ).toMatchObject({ ok: false, error: { message: `${a1} is given twice; each parcel has its own tracking number.` } })
    expect(
      await w.core.call(w.checker, 'requests.dispatch', { id: 'fr_RULE_A', trackingNumbers: [a1, 'AB123456784GB'] })
    ).toMatchObject({ ok: false, error: { details: { reason: 'tracking_invalid' } } })
    expect(
      await w.core.call(w.checker, 'requests.dispatch', { id: 'fr_RULE_A', trackingNumbers: [a1, a2] })
    ).toMatchObject({ ok: true, value: { row: { stage: 'dispatched' } } })
    const reused = await w.core.call(w.checker, 'requests.dispatch', { id: 'fr_RULE_B', trackingNumbers: [a2] })
    expect(reused).toMatchObject({ ok: false, error: { message: `${a2} is already on fr_RULE_A's parcel 2.` } })
    // Refused attempts changed nothing: B is still packed and nothing went to Phensys for it.
    expect(w.core.internals.requests.get('fr_RULE_B')?.row.stage).toBe('packed')
    await settle(w.core)
    const sent = (await recordedEvents(w.l, 'fr_RULE_A')).filter((e) => e.type === 'dispatched')
    expect(sent).toHaveLength(1)
    expect(sent[0]!.data).toMatchObject({
      carrier: 'Royal Mail',
      service: 'royal_mail_tracked_24',
      trackingNumbers: [a1, a2]
    })
    expect(sent[0]!.stateAfter).toBe('dispatched')
  })

  it('an unknown Phensys service is not guessed: packing waits until a person chooses a configured one, with a reason', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_RULE_UNKNOWN'
    await checkedForDispatch(w, id, deliveredTo('Ann Other', 'LS2 7EW', 'drone_same_day'))
    const refused = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    expect(refused).toMatchObject({
      ok: false,
      // The flag raised when the request arrived holds packing back, in its words.
      error: {
        code: 'precondition_failed',
        message: expect.stringContaining(`"drone_same_day" is not one this pharmacy's carriers are set up for`)
      }
    })
    expect(await w.core.call(w.checker, 'dispatch.shipment', { id })).toMatchObject({
      ok: true,
      value: { service: null, requestedService: 'drone_same_day' }
    })
    expect(
      await w.core.call(w.checker, 'requests.chooseService', { id, code: 'teleport', reason: 'fastest' })
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    const chosen = await w.core.call(w.checker, 'requests.chooseService', {
      id,
      code: 'courier_next_day',
      reason: 'nearest to what the patient paid for'
    })
    expect(chosen).toMatchObject({
      ok: true,
      value: { service: { carrier: 'DPD' }, chosen: { code: 'courier_next_day', by: 'Staff accuracy_checker' } }
    })
    expect(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })).toMatchObject({
      ok: true
    })
    expect(
      await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: ['15501234567890'] })
    ).toMatchObject({ ok: true, value: { row: { stage: 'dispatched' } } })
    expect(
      w.core.internals.audit.list({ entityId: id, limit: 50 }).some((e) => e.command === 'requests.chooseService')
    ).toBe(true)
  })

  it('a collection is handed over, not dispatched: who collected and ID are kept; Phensys hears dispatched then delivered', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_RULE_COLLECT'
    await checkedForDispatch(w, id, deliveredTo("Zoë O'Brien-Łukasik", 'LS1 6BU', 'collect'))
    await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    expect(await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [] })).toMatchObject({
      ok: false,
      error: { message: `${id} is for collection: hand it over at the counter instead.` }
    })
    const noId = await w.core.call(w.checker, 'requests.collect', {
      id,
      collectedBy: { name: 'Sam Smith', relation: 'representative', idAsked: false, idSeen: true }
    })
    expect(noId).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(
      await w.core.call(w.checker, 'requests.collect', {
        id,
        collectedBy: { name: 'Sam Smith', relation: 'representative', idAsked: true, idSeen: true }
      })
    ).toMatchObject({ ok: true, value: { row: { stage: 'delivered' } } })
    expect(await w.core.call(w.checker, 'dispatch.shipment', { id })).toMatchObject({
      ok: true,
      value: { collectedBy: { name: 'Sam Smith', relation: 'representative', idAsked: true, idSeen: true } }
    })
    await settle(w.core)
    const events = await recordedEvents(w.l, id)
    expect(events.map((e) => e.type).slice(-3)).toEqual(['packed', 'dispatched', 'delivered'])
    expect(events.at(-1)!.stateAfter).toBe('delivered')
  })

  it('a packed bag cancelled at Phensys waits on no service: unpacked, its labelled pack in quarantine, the service may be removed', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_RULE_REMOVE_CANCELLED'
    await checkedForDispatch(w, id)
    expect(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })).toMatchObject({
      ok: true
    })
    await settle(w.core)
    await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('cancelled')
    expect((await recordedEvents(w.l, id)).at(-1)).toMatchObject({
      type: 'cancellation.acknowledged',
      data: { stockReturned: false }
    })
    expect(await packStatesOf(w, id)).toEqual(['quarantined'])
    const without = { services: DEFAULT_CARRIERS.services.filter((s) => s.code !== 'royal_mail_tracked_24') }
    expect(await w.core.call(w.admin, 'dispatch.saveCarriers', without)).toMatchObject({ ok: true })
    // Nothing of it can be dispatched or handed over any more.
    expect(
      await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
    ).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })

  it('a service a packed parcel waits on cannot be removed from the carriers (it may be disabled)', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_RULE_REMOVE'
    await checkedForDispatch(w, id)
    await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    const without = { services: DEFAULT_CARRIERS.services.filter((s) => s.code !== 'royal_mail_tracked_24') }
    expect(await w.core.call(w.admin, 'dispatch.saveCarriers', without)).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: expect.stringContaining(
          `Cannot remove royal_mail_tracked_24: packed and not yet dispatched with it: ${id}`
        )
      }
    })
    const disabled = {
      services: DEFAULT_CARRIERS.services.map((s) =>
        s.code === 'royal_mail_tracked_24' ? { ...s, enabled: false } : s
      )
    }
    expect(await w.core.call(w.admin, 'dispatch.saveCarriers', disabled)).toMatchObject({ ok: true })
    expect(
      await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
    ).toMatchObject({ ok: true, value: { row: { stage: 'dispatched' } } })
  })

  it('nothing is dispatched or handed over while no Responsible Pharmacist is signed in', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_RULE_NORP'
    await checkedForDispatch(w, id)
    await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    expect(await w.core.call(w.pharmacist, 'rp.signOut', {})).toMatchObject({ ok: true })
    const refused = await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'precondition_failed',
        message: expect.stringContaining('No Responsible Pharmacist is signed in'),
        details: { reason: 'no_responsible_pharmacist' }
      }
    })
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('packed')
    expect(await w.core.call(w.pharmacist, 'rp.signIn', {})).toMatchObject({ ok: true })
    expect(
      await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
    ).toMatchObject({ ok: true })
  })

  it('a carrier request cannot be handed over at the counter', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_RULE_NOCOLLECT'
    await checkedForDispatch(w, id)
    await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    const answer = await w.core.call(w.checker, 'requests.collect', {
      id,
      collectedBy: { name: 'Sam Smith', relation: 'patient', idAsked: true, idSeen: true }
    })
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', message: expect.stringContaining('goes by carrier') }
    })
  })

  it('a parcel returned while Phensys had not yet heard of the earlier steps stays returned until the address is answered', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_RULE_OFFLINE_RETURN'
    // Nothing is sent or pulled from accept to the return: the feed then brings Phensys's answers
    // to the earlier events (accepted: in fulfilment), which are not an answer to the address query.
    await dispatchedAndReturned(w, id)
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('returned_to_sender')
    expect((await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {})).status).toBe(200)
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('accuracy_checked')
  })

  it('a returned parcel whose address is answered with other items is not sent again: it stays returned for a pharmacist, who rejects it (its packs to quarantine)', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_RULE_RETURN_NEW_ITEMS'
    await dispatchedAndReturned(w, id)
    await settle(w.core)
    const items = w.core.internals.requests
      .get(id)!
      .snapshot.prescription.items.map((item) => ({ ...item, quantity: item.quantity * 2 }))
    const resolved = await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {
      changes: { prescription: { items } }
    })
    expect(resolved.status).toBe(200)
    await settle(w.core)
    // The bag that came back holds the old quantity: it is not packed again, and the check is void.
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('returned_to_sender')
    expect(await w.core.call(w.pharmacist, 'clinical.view', { id })).toMatchObject({
      ok: true,
      value: { standing: null }
    })
    const packStates = () =>
      w.core.internals.store.sqlite.prepare('SELECT state FROM dispensed_packs WHERE request_id = ?').pluck().all(id)
    expect(new Set(packStates())).toEqual(new Set(['assembled']))

    const rejected = await w.core.call(w.pharmacist, 'requests.reject', {
      id,
      reason: 'cannot_supply',
      message: 'The parcel came back and the prescription has changed since: please route it again.'
    })
    expect(rejected).toMatchObject({ ok: true, value: { row: { stage: 'rejected' } } })
    expect(new Set(packStates())).toEqual(new Set(['quarantined']))
    await settle(w.core)
    expect((await recordedEvents(w.l, id)).at(-1)).toMatchObject({ type: 'rejected', stateAfter: 'rejected' })
  })

  it('new directions from Phensys once the bag is checked: the labels are void (never reprinted), and it is labelled and checked again before it is packed', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_RULE_RELABEL'
    await checkedForDispatch(w, id)
    const before = await w.core.call(w.checker, 'dispensing.view', { id })
    const oldJob = before.ok ? before.value.checks.labelsJobId : null
    expect(oldJob).not.toBeNull()
    const snapshot = w.core.internals.requests.get(id)!.snapshot
    const items = snapshot.prescription.items.map((line) => ({ ...line, directions: 'Take HALF a tablet daily' }))
    const updated = await w.l.phensys.post(`/sandbox/requests/${id}/update`, { changes: { prescription: { items } } })
    expect(updated.status).toBe(200)
    await settle(w.core)
    // Back to dispensing; nothing on the panel says labelled or checked any more.
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('dispensing')
    expect(await w.core.call(w.checker, 'dispensing.view', { id })).toMatchObject({
      ok: true,
      value: { checks: { labelsJobId: null, labelledAt: null, accuracyCheckBy: null } }
    })
    expect(await w.core.call(w.assembler, 'print.reprint', { id: oldJob!, reason: 'damaged' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('no longer stand') }
    })
    // The pharmacist checks the new directions; the labels print again (the packs are all scanned).
    const jobs = w.printer.jobs.length
    const checked = await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })
    expect(checked.ok).toBe(true)
    await until(() => w.core.internals.requests.get(id)?.row.stage === 'labelled', 'labelled again')
    expect(
      w.printer.jobs
        .slice(jobs)
        .map((job) => job.toString('utf8'))
        .join('')
    ).toContain('HALF')
    // One pack: its label alone is the re-scan (the pack's code was proved at dispensing).
    const view = await w.core.call(w.checker, 'dispensing.view', { id })
    if (!view.ok) throw new Error(view.error.message)
    const packs = view.value.lines.flatMap((line) => line.packs)
    const rescans = packs.map((pack) => dispensingLabelPayload(id, pack.id, view.value.labelGeneration))
    expect(await w.core.call(w.checker, 'requests.accuracyCheck', { id, rescans })).toMatchObject({ ok: true })
    expect(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })).toMatchObject({
      ok: true,
      value: { row: { stage: 'packed' } }
    })
  })

  it("a hidden character in the patient's name arriving once the bag is packed holds back dispatch until a person confirms the name", async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_RULE_NAME_AFTER_PACK'
    await checkedForDispatch(w, id)
    const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
    expect(packed).toMatchObject({ ok: true, value: { row: { stage: 'packed' } } })
    // A new version, not of the items: the labels stand, but what they print is now in doubt.
    const family = w.core.internals.requests.get(id)!.snapshot.patient.name.family
    const updated = await w.l.phensys.post(`/sandbox/requests/${id}/update`, {
      changes: { patient: { name: { family: `${family}\u0000` } } }
    })
    expect(updated.status).toBe(200)
    await settle(w.core)
    const dispatch = () => w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
    // Refused in words: the step, and the flag's own sentence.
    expect(await dispatch()).toMatchObject({
      ok: false,
      error: {
        code: 'precondition_failed',
        message: expect.stringMatching(/^Dispatch waits until this flag is settled: .*hidden control character/)
      }
    })
    const flags = await w.core.call(w.checker, 'requests.flags', { id })
    const flag = flags.ok ? flags.value.find((f) => f.kind === 'control_characters') : undefined
    expect(flag).toMatchObject({ path: 'patient.name.family', blocks: ['printLabels', 'pack', 'dispatch', 'collect'] })
    const confirmed = await w.core.call(w.checker, 'flags.confirmCleanedText', { id: flag!.id, text: family })
    expect(confirmed.ok).toBe(true)
    expect(await dispatch()).toMatchObject({ ok: true, value: { row: { stage: 'dispatched' } } })
  })

  it('returned to sender becomes an address query to Phensys (only Phensys talks to the patient)', async () => {
    const w = (world = await dispatchWorld())
    const id = 'fr_RULE_RETURNED'
    const returned = await returnedByCarrier(w, id)
    expect(returned).toMatchObject({ ok: true, value: { row: { stage: 'returned_to_sender' } } })
    expect(await w.core.call(w.checker, 'dispatch.shipment', { id })).toMatchObject({
      ok: true,
      value: { parcelList: [{ outcome: 'returned', outcomeNote: 'addressee gone away' }] }
    })
    await settle(w.core)
    const query = (await recordedEvents(w.l, id)).find((e) => e.type === 'query.raised')
    expect(query?.data).toMatchObject({ reason: 'address', message: expect.stringContaining('addressee gone away') })
    expect(query?.stateAfter).toBe('query_open')

    // Phensys answers with the patient's new address: the checked bag is packed again, with new
    // bag labels for that address, and sent under a new tracking number.
    await later(w, 24 * 60 * 60_000)
    await queryResolvedWith(w.l, id, { delivery: { address: MOVED_ADDRESS } })
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('accuracy_checked')
    expect(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })).toMatchObject({
      ok: true,
      value: { row: { stage: 'packed' } }
    })
    const preview = await w.core.call(w.checker, 'dispatch.packingPreview', { id, parcels: 1 })
    expect(preview.ok && preview.value.bag[0]!.svg).toContain('YO1 7HH')
    const second = trackingNumberFor(id, 2)
    expect(await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [second] })).toMatchObject({
      ok: true,
      value: { row: { stage: 'dispatched' } }
    })
    expect(await w.core.call(w.checker, 'dispatch.shipment', { id })).toMatchObject({
      ok: true,
      value: {
        parcelList: [
          { trackingNumber: trackingNumberFor(id), outcome: 'returned' },
          { trackingNumber: second, outcome: null }
        ]
      }
    })
    expect(await w.core.call(w.checker, 'requests.markDelivered', { id })).toMatchObject({ ok: true })
    await settle(w.core)
    const events = await recordedEvents(w.l, id)
    expect(events.filter((e) => e.type === 'dispatched').map((e) => (e.data.trackingNumbers as string[])[0])).toEqual([
      trackingNumberFor(id),
      second
    ])
    expect(events.at(-1)).toMatchObject({ type: 'delivered', stateAfter: 'delivered' })
    // The bag left the pharmacy twice: the register holds both supplies, the first with a dated
    // note that its parcel came back, so it does not read as two deliveries to the patient.
    const pom = await w.core.call(w.checker, 'registers.pom.list', { from: '2020-01-01', to: '2099-12-31', search: id })
    expect(pom.ok && pom.value.entries.map((e) => [e.kind, e.supplyNo, e.supplyDate])).toEqual([
      ['supply', 1, '2026-11-26'],
      ['correction', 1, '2026-11-26'],
      ['supply', 2, '2026-11-27']
    ])
    expect(pom.ok && pom.value.entries[1]!.note).toContain('Returned to sender: the parcel came back to the pharmacy')
  })
})

/** Checked, packed and dispatched, then back at the pharmacy (nothing sent or pulled meanwhile). */
async function dispatchedAndReturned(w: DispatchWorld, id: string): Promise<void> {
  await checkedForDispatch(w, id)
  await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
  await w.core.call(w.checker, 'requests.markReturned', { id, note: 'addressee gone away' })
}
