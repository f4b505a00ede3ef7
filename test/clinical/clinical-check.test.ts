/**
 * The clinical check with the patient in view, against the real sandbox: safety flags computed
 * from the patient's record (an earlier supply within its course, another open request, a
 * high-risk medicine), acknowledgement before approval, a change of items voiding the check,
 * the patient's record and search across closed requests, and notes kept from Phensys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatDate, londonDate } from '../../src/shared/time/london'
import {
  checkedRequest,
  dispensedWorld,
  packMaker,
  registerRequest,
  type DispensedWorld
} from '../helpers/dispensed-world'
import { settle, staffSession } from '../helpers/linked'
import { supplyByCarrier, trackingNumberFor } from '../helpers/supply'
import { DMD, item, recordedEvents, scan, setUpWholesaler } from '../stock/helpers'
import { answerValue as value } from '../helpers/answer'

const VALPROATE = { dmdId: '41001481000001105', name: 'Sodium valproate 200mg gastro-resistant tablets' }
const SERTRALINE = { lineId: 'l1', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets' }
const ISMN = { lineId: 'l1', dmdId: '41000631000001104', name: 'Isosorbide mononitrate 20mg tablets' }
const SILDENAFIL = { lineId: 'l1', dmdId: '39732711000001100', name: 'Sildenafil 50mg tablets' }
const patient = (id: string, given: string, family: string) => ({
  patient: { id, name: { title: null, given, family }, dateOfBirth: '1990-03-04', phone: null, email: null }
})

let w: DispensedWorld
let sertraline: Awaited<ReturnType<typeof packMaker>>

beforeAll(async () => {
  w = await dispensedWorld()
  await setUpWholesaler(w.core, w.admin, 'aah')
  sertraline = await packMaker(w, DMD.sertraline)
  for (const batch of ['CL1', 'CL1', 'CL2']) await scan(w.core, w.assembler, sertraline.code(batch))
}, 60_000)
afterAll(async () => w?.stop())

async function arrive(id: string, body: Record<string, unknown>): Promise<void> {
  await w.l.phensys.post('/sandbox/requests', body)
  await settle(w.core)
}

describe('safety flags from the patient’s record', () => {
  it('a second request for the same medicine within the course of the first supply is flagged, and approved only once acknowledged', async () => {
    const who = patient('pt_CL_EARLY', 'Ada', 'Early')
    const first = 'fr_CL_EARLY1'
    await arrive(first, registerRequest(first, [{ ...SERTRALINE, quantity: sertraline.packSize }], who))
    await checkedRequest(w, first, registerRequest(first, [{ ...SERTRALINE, quantity: sertraline.packSize }], who), {
      l1: [sertraline.code('CL1')]
    })
    await supplyByCarrier(w.core, w.assembler, first)

    w.clock.advance(5 * 86_400_000)
    // Five days on, everyone signs in again (idle screens lock).
    w.pharmacist = await staffSession(w.core, ['pharmacist'])
    w.assembler = await staffSession(w.core, ['dispenser', 'accuracy_checker'])
    w.checker = await staffSession(w.core, ['accuracy_checker'])
    const second = 'fr_CL_EARLY2'
    await arrive(second, registerRequest(second, [{ ...SERTRALINE, quantity: sertraline.packSize }], who))
    const view = await value(w.core.call(w.pharmacist, 'clinical.view', { id: second }))
    expect(view.flags).toEqual([
      expect.objectContaining({
        kind: 'early_supply',
        mustAcknowledge: true,
        acknowledged: null,
        words: expect.stringContaining(`supplied 5 days ago (${first})`)
      })
    ])
    // The patient's record shows the earlier supply: medicine, quantity, batch, prescriber, route.
    expect(view.record.supplies).toEqual([
      expect.objectContaining({
        requestId: first,
        medicine: 'Sertraline 50mg tablets',
        quantity: sertraline.packSize,
        batches: expect.stringContaining('CL1'),
        prescriber: 'Dr A Khan',
        route: 'video_consultation'
      })
    ])
    expect(view.record.requests.map((row) => [row.id, row.stage])).toEqual([
      [second, 'new'],
      [first, 'dispatched']
    ])
    const worklist = await value(w.core.call(w.assembler, 'worklist.get', {}))
    expect(worklist.rows.find((row) => row.id === second)?.notes).toEqual(['early or duplicate supply'])

    await value(w.core.call(w.assembler, 'requests.accept', { id: second }))
    const refused = await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id: second, outcome: 'approved' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'precondition_failed' } })
    if (!refused.ok) expect(refused.error.message).toContain('supplied 5 days ago')
    expect(
      await w.core.call(w.assembler, 'flags.acknowledge', {
        id: view.flags[0]!.id,
        reason: 'Lost the first pack'
      })
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const acknowledged = await value(
      w.core.call(w.pharmacist, 'flags.acknowledge', {
        id: view.flags[0]!.id,
        reason: 'Lost the first pack: confirmed with the prescriber'
      })
    )
    expect(acknowledged).toMatchObject({
      kind: 'early_supply',
      status: 'resolved',
      resolution: { method: 'acknowledged', by: 'Staff pharmacist', words: expect.stringContaining('Lost') }
    })
    const approved = await value(
      w.core.call(w.pharmacist, 'requests.clinicalCheck', {
        id: second,
        outcome: 'approved_with_note',
        note: 'Replacement for a lost supply'
      })
    )
    // The check moves no stage: the request stays where accepting's stock check left it.
    expect(approved.row.stage).toBe('ready_to_dispense')
    const after = await value(w.core.call(w.pharmacist, 'clinical.view', { id: second }))
    expect(after.standing).toMatchObject({ outcome: 'approved_with_note', note: 'Replacement for a lost supply' })
    expect(
      (await value(w.core.call(w.assembler, 'worklist.get', {}))).rows.find((row) => row.id === second)?.notes
    ).toEqual([])
  })

  it('a flag the check finds new (the patient turned 76 since it arrived) is kept when it holds approval back, so the view shows it to acknowledge', async () => {
    const id = 'fr_CL_BIRTHDAY'
    const tomorrow = new Date(w.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10)
    const seventyFiveToday = `${Number(tomorrow.slice(0, 4)) - 76}${tomorrow.slice(4)}`
    const who = {
      patient: {
        id: 'pt_CL_BIRTHDAY',
        name: { title: null, given: 'Eve', family: 'Birthday' },
        dateOfBirth: seventyFiveToday,
        phone: null,
        email: null
      }
    }
    const amitriptyline = { lineId: 'l1', dmdId: '42001601000001103', name: 'Amitriptyline 10mg tablets', quantity: 28 }
    await arrive(id, registerRequest(id, [amitriptyline], who))
    await value(w.core.call(w.assembler, 'requests.accept', { id }))
    // At 75 the patient is not yet "older" for the safety file: nothing to acknowledge.
    expect((await value(w.core.call(w.pharmacist, 'clinical.view', { id }))).flags).toEqual([])

    w.clock.advance(86_400_000)
    // A day on, everyone signs in again (idle screens lock).
    w.pharmacist = await staffSession(w.core, ['pharmacist'])
    w.assembler = await staffSession(w.core, ['dispenser', 'accuracy_checker'])
    w.checker = await staffSession(w.core, ['accuracy_checker'])
    const refused = await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'precondition_failed' } })
    if (!refused.ok) expect(refused.error.message).toContain('Amitriptyline 10mg tablets for a patient of 76')
    const view = await value(w.core.call(w.pharmacist, 'clinical.view', { id }))
    const blocking = view.flags.filter((flag) => flag.mustAcknowledge)
    expect(blocking).toEqual([
      expect.objectContaining({ kind: 'age_medicine', acknowledged: null, words: expect.stringContaining('of 76') })
    ])
    await value(
      w.core.call(w.pharmacist, 'flags.acknowledge', {
        id: blocking[0]!.id,
        reason: 'Long-standing low dose: reviewed'
      })
    )
    await value(w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }))
    expect((await value(w.core.call(w.pharmacist, 'clinical.view', { id }))).standing).toMatchObject({
      outcome: 'approved'
    })
  })

  it('two open requests of the patient for the same medicine flag each other', async () => {
    const who = patient('pt_CL_TWICE', 'Bo', 'Twice')
    for (const id of ['fr_CL_TWICE1', 'fr_CL_TWICE2'])
      await arrive(id, registerRequest(id, [{ ...SERTRALINE, quantity: 28 }], who))
    for (const [id, other] of [
      ['fr_CL_TWICE1', 'fr_CL_TWICE2'],
      ['fr_CL_TWICE2', 'fr_CL_TWICE1']
    ] as const) {
      const view = await value(w.core.call(w.pharmacist, 'clinical.view', { id }))
      expect(view.flags.map((flag) => [flag.kind, flag.words])).toEqual([
        ['duplicate_request', `Sertraline 50mg tablets is also on ${other}, another open request of this patient.`]
      ])
    }
  })

  it('two requests of the patient in one page of the feed flag each other in the transaction that stores the page', async () => {
    const who = patient('pt_CL_PAGE', 'Di', 'Page')
    for (const id of ['fr_CL_PAGE1', 'fr_CL_PAGE2'])
      await w.l.phensys.post('/sandbox/requests', registerRequest(id, [{ ...SERTRALINE, quantity: 28 }], who))
    expect(await w.core.internals.sync.pullOnce(0)).toBe('page')
    for (const [id, other] of [
      ['fr_CL_PAGE1', 'fr_CL_PAGE2'],
      ['fr_CL_PAGE2', 'fr_CL_PAGE1']
    ] as const) {
      const view = await value(w.core.call(w.pharmacist, 'clinical.view', { id }))
      expect(view.flags.map((flag) => [flag.kind, flag.words])).toEqual([
        ['duplicate_request', `Sertraline 50mg tablets is also on ${other}, another open request of this patient.`]
      ])
      const raised = await value(w.core.call(w.pharmacist, 'requests.flags', { id }))
      expect(raised.map((flag) => flag.status)).toEqual(['open'])
    }
  })

  it('a valproate request shows its flag with the check it needs, and cannot be approved without an acknowledgement', async () => {
    const id = 'fr_CL_VALPROATE'
    await arrive(
      id,
      registerRequest(id, [{ lineId: 'l1', ...VALPROATE, quantity: 100 }], patient('pt_CL_V', 'Vi', 'Valley'))
    )
    await value(w.core.call(w.assembler, 'requests.accept', { id }))
    const view = await value(w.core.call(w.pharmacist, 'clinical.view', { id }))
    expect(view.flags).toEqual([
      expect.objectContaining({
        kind: 'high_risk',
        lineId: 'l1',
        mustAcknowledge: true,
        words: expect.stringContaining('Pregnancy Prevention Programme')
      })
    ])
    expect(
      (await value(w.core.call(w.assembler, 'worklist.get', {}))).rows.find((row) => row.id === id)?.notes
    ).toContain('high-risk medicine')
    const refused = await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', message: expect.stringContaining('Pregnancy Prevention Programme') }
    })
    expect(await w.core.call(w.pharmacist, 'flags.acknowledge', { id: view.flags[0]!.id, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' }
    })
    await value(
      w.core.call(w.pharmacist, 'flags.acknowledge', {
        id: view.flags[0]!.id,
        reason: 'Annual risk acknowledgement form seen, dated 01/09/2026'
      })
    )
    await value(w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }))
    const audit = w.core.internals.audit.list({ entityId: id, limit: 50 })
    expect(audit.find((entry) => entry.command === 'flags.acknowledge')).toMatchObject({
      actorName: 'Staff pharmacist',
      summary: expect.objectContaining({ reason: expect.stringContaining('Annual risk acknowledgement') })
    })
  })
})

describe('the clinical check and the items', () => {
  it('a change to the items from Phensys voids the check, and labels wait for a new one', async () => {
    const id = 'fr_CL_VOID'
    await arrive(id, registerRequest(id, [{ ...SERTRALINE, quantity: 28 }], patient('pt_CL_VOID', 'Cy', 'Void')))
    await value(w.core.call(w.assembler, 'requests.accept', { id }))
    await value(w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }))
    // A clinical query from the check itself: held at Phensys, the note kept here.
    const queried = await value(
      w.core.call(w.pharmacist, 'requests.clinicalCheck', {
        id,
        outcome: 'query',
        note: 'Dose higher than the usual start',
        message: 'Please confirm the dose.'
      })
    )
    expect(queried.row.stage).toBe('query_raised')
    await settle(w.core)
    await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {
      changes: { prescription: { items: [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 56)] } }
    })
    await settle(w.core)
    const view = await value(w.core.call(w.pharmacist, 'clinical.view', { id }))
    expect(view.standing).toBeNull()
    expect(view.checks.map((check) => [check.outcome, check.voided !== null])).toEqual([
      ['query', false],
      ['approved', true]
    ])
    const detail = await value(w.core.call(w.pharmacist, 'requests.get', { id }))
    expect(detail.row.stage).toBe('stock_check')
    expect(detail.timeline.map((entry) => entry.command)).toContain('workflow.clinicalCheckVoided')
    const events = await recordedEvents(w.l, id)
    expect(events.find((event) => event.type === 'query.raised')?.data).toEqual({
      reason: 'clinical',
      message: 'Please confirm the dose.'
    })
    // The new items are checked again.
    await value(w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }))
    const checks = (await value(w.core.call(w.pharmacist, 'clinical.view', { id }))).checks
    expect(checks.map((check) => [check.outcome, check.voided === null])).toEqual([
      ['approved', true],
      ['query', true],
      ['approved', false]
    ])
    expect(checks[1]).toMatchObject({ note: 'Dose higher than the usual start' })
  })
})

describe('the patient’s record, search and notes', () => {
  it('finds a dispatched request by its tracking number, and by name, date of birth and postcode, open or closed', async () => {
    const id = 'fr_CL_EARLY1'
    const tracking = trackingNumberFor(id, 1)
    expect(await value(w.core.call(w.checker, 'patients.search', { text: tracking.toLowerCase() }))).toEqual([
      expect.objectContaining({ requestId: id, stage: 'dispatched', matched: 'tracking number' })
    ])
    const byName = await value(w.core.call(w.checker, 'patients.search', { text: 'early' }))
    expect(byName.map((hit) => hit.requestId).sort()).toEqual(['fr_CL_EARLY1', 'fr_CL_EARLY2'])
    const byDob = await value(w.core.call(w.checker, 'patients.search', { text: '04/03/1990' }))
    expect(byDob.every((hit) => hit.dateOfBirth === '1990-03-04')).toBe(true)
    expect(byDob.length).toBeGreaterThanOrEqual(5)
    const byPostcode = await value(w.core.call(w.checker, 'patients.search', { text: 'ls1 6bu' }))
    expect(byPostcode.map((hit) => hit.matched)).toContain('postcode')
    const byReference = await value(w.core.call(w.checker, 'patients.search', { text: 'fr_CL_TWICE' }))
    expect(byReference.map((hit) => hit.requestId).sort()).toEqual(['fr_CL_TWICE1', 'fr_CL_TWICE2'])
  })

  it('keeps notes on a request and on a patient here, audited, shown at hand-over, never sent to Phensys', async () => {
    const id = 'fr_CL_TWICE1'
    const note = await value(
      w.core.call(w.assembler, 'notes.add', {
        subject: 'request',
        subjectId: id,
        text: 'Patient rang: wants it Friday'
      })
    )
    expect(note).toMatchObject({ by: 'Staff dispenser accuracy_checker', about: expect.stringContaining(id) })
    await value(
      w.core.call(w.pharmacist, 'notes.add', { subject: 'patient', subjectId: 'pt_CL_TWICE', text: 'Hard of hearing' })
    )
    expect(
      await w.core.call(w.pharmacist, 'notes.add', { subject: 'patient', subjectId: 'pt_NOBODY', text: 'Who?' })
    ).toMatchObject({ ok: false, error: { code: 'not_found' } })
    const handover = await value(w.core.call(w.checker, 'notes.handover', {}))
    expect(handover.map((row) => row.text)).toEqual(['Hard of hearing', 'Patient rang: wants it Friday'])
    const record = await value(w.core.call(w.checker, 'patients.record', { patientId: 'pt_CL_TWICE' }))
    expect(record.notes.map((row) => row.text)).toEqual(['Hard of hearing'])
    expect(w.core.internals.audit.list({ entityId: id, limit: 50 }).map((entry) => entry.command)).toContain(
      'notes.add'
    )
    const outbox = w.core.internals.store.sqlite
      .prepare("SELECT COUNT(*) AS n FROM outbox WHERE body LIKE '%Friday%' OR body LIKE '%hearing%'")
      .get() as { n: number }
    expect(outbox.n).toBe(0)
  })

  it('shows the completed work of today (a clinical rejection now, not a dispatch days ago), and all of it', async () => {
    await value(
      w.core.call(w.pharmacist, 'requests.clinicalCheck', {
        id: 'fr_CL_TWICE2',
        outcome: 'reject',
        note: 'Duplicate of fr_CL_TWICE1',
        message: 'A duplicate of another request of the patient.'
      })
    )
    const today = await value(w.core.call(w.checker, 'worklist.closed', { view: 'completed_today' }))
    expect(today.rows.map((row) => [row.id, row.stage])).toEqual([['fr_CL_TWICE2', 'rejected']])
    const all = await value(w.core.call(w.checker, 'worklist.closed', { view: 'all' }))
    expect(all.rows.map((row) => row.id)).toEqual(expect.arrayContaining(['fr_CL_EARLY1', 'fr_CL_VALPROATE']))
    expect(all.more).toBe(false)
  })
})

// Last: it supplies a request, which the completed-today test above must not see.
describe('interactions', () => {
  it('sildenafil for a patient supplied isosorbide mononitrate is flagged naming both and the supply’s date, and cannot be approved until acknowledged', async () => {
    const who = patient('pt_CL_NITRATE', 'Ned', 'Nitrate')
    const ismn = await packMaker(w, ISMN.dmdId)
    await scan(w.core, w.assembler, ismn.code('IS1'))
    const first = 'fr_CL_NITRATE1'
    const body = registerRequest(first, [{ ...ISMN, quantity: ismn.packSize }], who)
    await checkedRequest(w, first, body, { l1: [ismn.code('IS1')] })
    await supplyByCarrier(w.core, w.assembler, first)
    const suppliedOn = formatDate(londonDate(w.clock.now()))

    w.clock.advance(3 * 86_400_000)
    // Three days on, everyone signs in again (idle screens lock).
    w.pharmacist = await staffSession(w.core, ['pharmacist'])
    w.assembler = await staffSession(w.core, ['dispenser', 'accuracy_checker'])
    w.checker = await staffSession(w.core, ['accuracy_checker'])
    const id = 'fr_CL_NITRATE2'
    await arrive(id, registerRequest(id, [{ ...SILDENAFIL, quantity: 4 }], who))
    await value(w.core.call(w.assembler, 'requests.accept', { id }))
    const view = await value(w.core.call(w.pharmacist, 'clinical.view', { id }))
    expect(view.flags).toEqual([
      expect.objectContaining({
        kind: 'interaction',
        short: 'interacting medicines',
        lineId: 'l1',
        mustAcknowledge: true,
        acknowledged: null,
        words: expect.stringContaining(
          `Do not supply together: Sildenafil 50mg tablets with Isosorbide mononitrate 20mg tablets, supplied to this patient on ${suppliedOn} (${first}).`
        )
      })
    ])
    expect(
      (await value(w.core.call(w.assembler, 'worklist.get', {}))).rows.find((row) => row.id === id)?.notes
    ).toContain('interacting medicines')

    const refused = await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', message: expect.stringContaining('Isosorbide mononitrate') }
    })
    await value(
      w.core.call(w.pharmacist, 'flags.acknowledge', {
        id: view.flags[0]!.id,
        reason: 'GP confirms the nitrate was stopped in October'
      })
    )
    await value(w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }))
    expect((await value(w.core.call(w.pharmacist, 'clinical.view', { id }))).standing).toMatchObject({
      outcome: 'approved'
    })
  })
})
