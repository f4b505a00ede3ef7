import { afterEach, describe, expect, it } from 'vitest'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { signedInAs, startTempCore } from '../helpers/temp-core'
import { DMD } from '../stock/helpers'

let linked: Linked | undefined
let training: Awaited<ReturnType<typeof startTempCore>> | undefined
afterEach(async () => {
  await linked?.stop()
  await training?.stop()
  linked = undefined
  training = undefined
})

const MORPHINE = {
  lineId: 'l1',
  product: {
    dmdCode: '36128311000001109',
    name: 'Morphine sulfate 10mg modified-release tablets',
    strength: '10mg',
    form: 'modified-release tablet',
    controlledDrugSchedule: 2
  },
  quantity: 56,
  unit: 'tablet',
  directions: 'Take ONE tablet TWICE a day, every 12 hours',
  cautionaryLabels: [2, 10, 25]
}

function paperUpload(id: string, items?: unknown[], hardCopyFlag = true): Record<string, unknown> {
  const base = requestBody(id)
  const rx = base.prescription as Record<string, unknown>
  return {
    ...base,
    route: 'upload',
    prescription: {
      ...rx,
      kind: 'private_paper',
      issuedAt: new Date().toISOString().slice(0, 10),
      hardCopy: { required: hardCopyFlag, reason: hardCopyFlag ? 'paper_prescription' : null },
      ...(items ? { items } : {})
    }
  }
}

async function recorded(
  l: Linked,
  id: string
): Promise<Array<{ type: string; event: { data: Record<string, unknown> } }>> {
  return (
    (await l.phensys.get(`/sandbox/requests/${id}/events`)).body as {
      events: Array<{ type: string; event: { data: Record<string, unknown> } }>
    }
  ).events
}

const receipt = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  formType: 'private_paper' as const,
  serial: '',
  patientMatches: true,
  prescriberMatches: true,
  dateMatches: true,
  lines: [{ lineId: 'l1', matches: true, quantityOnForm: 28 }],
  ...overrides
})

describe('the original paper prescription', () => {
  it('holds an upload until the original arrives and matches; then the stock check may run', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', paperUpload('fr_HC_OK'))
    await settle(linked.core)
    const staff = await staffSession(linked.core, ['pharmacist'])
    expect(await linked.core.call(staff, 'requests.accept', { id: 'fr_HC_OK' })).toMatchObject({
      ok: true,
      value: { row: { stage: 'awaiting_hard_copy' } }
    })
    const tooSoon = await linked.core.call(staff, 'requests.checkStock', { id: 'fr_HC_OK' })
    expect(tooSoon).toMatchObject({ ok: false, error: { code: 'conflict' } })

    // The original matched: the stock check runs at once (nothing in stock here, and no wholesaler).
    const received = await linked.core.call(staff, 'requests.receiveHardCopy', receipt('fr_HC_OK'))
    expect(received).toMatchObject({ ok: true, value: { row: { stage: 'awaiting_patient_decision' } } })
    const records = await linked.core.call(staff, 'hardCopies.forRequest', { id: 'fr_HC_OK' })
    expect(records).toMatchObject({
      ok: true,
      value: [{ formType: 'private_paper', matches: true, receivedBy: 'Staff pharmacist', mismatches: [] }]
    })
    await settle(linked.core)
    expect((await recorded(linked, 'fr_HC_OK')).map((event) => [event.type, event.event.data.matchesRequest])).toEqual([
      ['accepted', undefined],
      ['hard_copy.awaiting', undefined],
      ['hard_copy.received', true],
      ['stock.supply_issue', undefined]
    ])
  })

  it('a mismatch raises a hard_copy_mismatch query instead of releasing the request', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', paperUpload('fr_HC_BAD'))
    await settle(linked.core)
    const staff = await staffSession(linked.core, ['dispenser'])
    await linked.core.call(staff, 'requests.accept', { id: 'fr_HC_BAD' })
    const answer = await linked.core.call(
      staff,
      'requests.receiveHardCopy',
      receipt('fr_HC_BAD', { lines: [{ lineId: 'l1', matches: true, quantityOnForm: 56 }] })
    )
    expect(answer).toMatchObject({ ok: true, value: { row: { stage: 'query_raised' } } })
    await settle(linked.core)
    const events = await recorded(linked, 'fr_HC_BAD')
    expect(events.map((event) => event.type)).toEqual([
      'accepted',
      'hard_copy.awaiting',
      'hard_copy.received',
      'query.raised'
    ])
    expect(events[3]!.event.data).toMatchObject({
      reason: 'hard_copy_mismatch',
      message: expect.stringContaining('the form says 56, the request 28')
    })
    expect(((await linked.phensys.get('/v1/provider/requests/fr_HC_BAD')).body as { state: string }).state).toBe(
      'query_open'
    )
  })

  it('wants the original for a Schedule 2 drug even when Phensys says none is needed, on an FP10PCD', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', paperUpload('fr_HC_CD', [MORPHINE], false))
    await settle(linked.core)
    const staff = await staffSession(linked.core, ['pharmacist'])
    expect(await linked.core.call(staff, 'requests.accept', { id: 'fr_HC_CD' })).toMatchObject({
      ok: true,
      value: { row: { stage: 'awaiting_hard_copy', hardCopyRequired: true } }
    })
    const wrongForm = await linked.core.call(
      staff,
      'requests.receiveHardCopy',
      receipt('fr_HC_CD', { lines: [{ lineId: 'l1', matches: true, quantityOnForm: 56 }] })
    )
    expect(wrongForm).toMatchObject({ ok: true, value: { row: { stage: 'query_raised' } } })
    expect(await linked.core.call(staff, 'hardCopies.forRequest', { id: 'fr_HC_CD' })).toMatchObject({
      ok: true,
      value: [
        {
          matches: false,
          mismatches: ['a Schedule 2 or 3 controlled drug must be prescribed on FP10PCD (WP10PCD, PPCD)']
        }
      ]
    })
  })

  it('an original read against one patient or one product does not stand for another', async () => {
    linked = await startLinked()
    const l = linked
    const staff = await staffSession(l.core, ['pharmacist'])
    const received = async (id: string) => {
      await l.phensys.post('/sandbox/requests', paperUpload(id))
      await settle(l.core)
      await l.core.call(staff, 'requests.accept', { id })
      // Matched: the stock check ran (nothing in stock here), and Phensys holds it for the patient.
      expect(await l.core.call(staff, 'requests.receiveHardCopy', receipt(id))).toMatchObject({
        ok: true,
        value: { row: { stage: 'awaiting_patient_decision' } }
      })
      await settle(l.core)
    }
    const stageOf = (id: string) => l.core.internals.requests.get(id)?.row.stage

    // Phensys now names another patient (another id and date of birth) on the same paper.
    await received('fr_HC_OTHER')
    const other = { id: 'pt_HC_OTHER', name: { title: null, given: 'Sam', family: 'Other' }, dateOfBirth: '1990-02-03' }
    await l.phensys.post('/sandbox/requests/fr_HC_OTHER/update', { changes: { patient: other } })
    await settle(l.core)
    expect(stageOf('fr_HC_OTHER')).toBe('awaiting_hard_copy')
    // Phensys holds it for the patient's choice, where it takes no "awaiting the original": none is
    // sent (it would be refused and left for a person).
    expect(l.core.internals.outbox.forRequest('fr_HC_OTHER').map((row) => row.type)).toEqual([
      'accepted',
      'hard_copy.awaiting',
      'hard_copy.received',
      'stock.supply_issue'
    ])
    expect(l.core.internals.outbox.needingAPerson()).toEqual([])

    // Phensys prescribes another product on the same line, in the same quantity.
    await received('fr_HC_SWAP')
    const [line] = (paperUpload('fr_HC_SWAP').prescription as { items: Array<{ product: object }> }).items
    const swapped = {
      ...line,
      product: { ...line!.product, dmdCode: DMD.finasteride, name: 'Finasteride 1mg tablets' }
    }
    await l.phensys.post('/sandbox/requests/fr_HC_SWAP/update', { changes: { prescription: { items: [swapped] } } })
    await settle(l.core)
    expect(stageOf('fr_HC_SWAP')).toBe('awaiting_hard_copy')
  })

  it('lists the originals still awaited, oldest first, overdue after the configured days', async () => {
    training = await startTempCore()
    const { core, clock } = training
    for (let i = 0; i < 50 && core.internals.requests.worklist(false).rows.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 50))
    const pharmacist = await signedInAs(core, 'spatel', '1111')
    const uploads = core.internals.requests.worklist(false).rows.filter((row) => row.hardCopyRequired)
    expect(uploads.length).toBeGreaterThanOrEqual(2)
    await core.call(pharmacist, 'requests.accept', { id: uploads[0]!.id })
    clock.advance(4 * 86_400_000)
    const again = await signedInAs(core, 'spatel', '1111')
    await core.call(again, 'requests.accept', { id: uploads[1]!.id })
    const outstanding = await core.call(again, 'hardCopies.outstanding', {})
    expect(outstanding).toMatchObject({
      ok: true,
      value: [
        { requestId: uploads[0]!.id, ageDays: 4, overdue: true },
        { requestId: uploads[1]!.id, ageDays: 0, overdue: false }
      ]
    })
  })
})
