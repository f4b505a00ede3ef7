/**
 * Domain brief: a private prescription for a Schedule 2 or 3 controlled drug is paper, on the pink
 * FP10PCD (WP10PCD, PPCD), with the prescriber's 6-digit identification number, and states the total
 * quantity in words and figures. Receiving the original takes, for such a request, the prescriber's
 * CD number as read from the form and whether the quantity is in words and figures and matches. Both
 * are optional in the command (a caller that does not send them is still heard); given, they are
 * checked, recorded, audited, shown with the original and written into the CD register's supply entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkedRequest } from '../helpers/dispensed-world'
import { settle, staffSession } from '../helpers/linked'
import { matchingHardCopy, requestBody } from '../helpers/request-body'
import { bagScanFor } from '../helpers/supply'
import { cdWorld, MORPHINE, morphineRequest, ok, stageOf, type CdWorld } from '../helpers/cd-world'
import { cdSectionOf } from '../helpers/cd-section'
import type { CdEntryView } from '../../src/shared/contract/register-views'

let w: CdWorld
beforeAll(async () => {
  w = await cdWorld(4)
  w.checker = await staffSession(w.core, ['accuracy_checker'])
}, 60_000)
afterAll(async () => w?.stop())

/** A Schedule 2 request accepted and waiting for its original. */
async function awaitingOriginal(id: string): Promise<void> {
  await w.l.phensys.post('/sandbox/requests', morphineRequest(id, w.morphine.packSize, 2))
  await settle(w.core)
  ok(await w.core.call(w.assembler, 'requests.accept', { id }), `accept ${id}`)
  expect(stageOf(w, id)).toBe('awaiting_hard_copy')
}

function original(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...matchingHardCopy(id, [{ lineId: 'l1', quantityOnForm: w.morphine.packSize }]), ...extra }
}

/** The request's CD supply entry as the register shows it, and its line of the register's CSV. */
async function cdSupplyEntry(id: string): Promise<{ entry: CdEntryView; csvLine: string }> {
  const register = cdSectionOf(w.core, w.pharmacist, (section) => section.vmpId === MORPHINE.dmdId)
  const entry = (await register.entries()).find((e) => e.requestId === id && e.kind === 'supply')!
  const csv = ok(
    await w.core.call(w.pharmacist, 'registers.cd.export', { sectionId: entry.sectionId, format: 'csv' }),
    'CD export'
  )
  const lines = Buffer.from(csv.base64, 'base64').toString('utf8').split('\r\n')
  expect(lines[0]).toContain("Prescriber's CD number")
  return { entry, csvLine: lines.find((line) => line.includes(`${id}, supply 1`))! }
}

async function handOver(id: string): Promise<void> {
  ok(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }), `pack ${id}`)
  const collectedBy = { name: 'Patient', relation: 'patient', idAsked: true, idSeen: true } as const
  ok(await w.core.call(w.checker, 'requests.collect', { id, collectedBy }), `collect ${id}`)
}

describe("the original of a Schedule 2 request: the prescriber's CD number and the quantity in words", () => {
  it('records the number, audits it, shows it with the original and writes it into the CD register', async () => {
    const id = 'fr_CDN_OK'
    const body = morphineRequest(id, w.morphine.packSize, 2)
    const request = { ...body, delivery: { ...(body.delivery as Record<string, unknown>), service: 'collect' } }
    await checkedRequest(w, id, request, { l1: [w.morphine.code('MR1')] }, undefined, {
      prescriberCdNumber: '612345',
      quantityInWordsAndFigures: true
    })
    const [received] = ok(await w.core.call(w.pharmacist, 'hardCopies.forRequest', { id }), 'originals')
    expect(received).toMatchObject({ matches: true, prescriberCdNumber: '612345', cdNumberNotRecorded: false })
    const audited = w.core.internals.audit
      .list({ entityId: id, limit: 100 })
      .find((e) => e.command === 'requests.receiveHardCopy')
    expect(JSON.stringify(audited?.summary)).toContain('612345')

    await handOver(id)
    // A column of its own: the prescriber's text is their registration alone.
    const { entry, csvLine } = await cdSupplyEntry(id)
    expect(entry).toMatchObject({ prescriberCdNumber: '612345', prescriberRegistration: 'GMC 7012345' })
    expect(csvLine).toMatch(/,612345,/)
  })

  it('takes a receipt without them, and then says the number was not recorded rather than invent one', async () => {
    const id = 'fr_CDN_NONE'
    const body = morphineRequest(id, w.morphine.packSize, 2)
    const request = { ...body, delivery: { ...(body.delivery as Record<string, unknown>), service: 'collect' } }
    await checkedRequest(w, id, request, { l1: [w.morphine.code('MR1')] })
    const [received] = ok(await w.core.call(w.pharmacist, 'hardCopies.forRequest', { id }), 'originals')
    expect(received).toMatchObject({ matches: true, prescriberCdNumber: null, cdNumberNotRecorded: true })

    await handOver(id)
    const { entry, csvLine } = await cdSupplyEntry(id)
    expect(entry).toMatchObject({ prescriberCdNumber: null, prescriberRegistration: 'GMC 7012345' })
    expect(csvLine).not.toMatch(/,\d{6},/)
  })

  it('refuses a CD number that is not exactly 6 digits, recording nothing', async () => {
    const id = 'fr_CDN_BAD'
    await awaitingOriginal(id)
    for (const wrong of ['61234', '6123456', '61234A', '612 345'])
      expect(
        (
          await w.core.call(
            w.pharmacist,
            'requests.receiveHardCopy',
            original(id, { prescriberCdNumber: wrong }) as never
          )
        ).ok,
        `CD number ${wrong}`
      ).toBe(false)
    expect(ok(await w.core.call(w.pharmacist, 'hardCopies.forRequest', { id }), 'originals')).toEqual([])
    expect(stageOf(w, id)).toBe('awaiting_hard_copy')
  })

  it('takes a number left blank as not recorded, as one left out', async () => {
    const id = 'fr_CDN_BLANK'
    await awaitingOriginal(id)
    expect(
      (await w.core.call(w.pharmacist, 'requests.receiveHardCopy', original(id, { prescriberCdNumber: ' ' }) as never))
        .ok
    ).toBe(true)
    const [received] = ok(await w.core.call(w.pharmacist, 'hardCopies.forRequest', { id }), 'originals')
    expect(received).toMatchObject({ prescriberCdNumber: null, cdNumberNotRecorded: true })
  })

  it('a quantity not in words and figures is a mismatch: a query to Phensys in words', async () => {
    const id = 'fr_CDN_WORDS'
    await awaitingOriginal(id)
    ok(
      await w.core.call(
        w.pharmacist,
        'requests.receiveHardCopy',
        original(id, { prescriberCdNumber: '612345', quantityInWordsAndFigures: false }) as never
      ),
      'receive'
    )
    expect(stageOf(w, id)).toBe('query_raised')
    await settle(w.core)
    const { events } = (await w.l.phensys.get(`/sandbox/requests/${id}/events`)).body as {
      events: Array<{ type: string; event: { data: Record<string, unknown> } }>
    }
    const query = events.find((event) => event.type === 'query.raised')
    expect(query?.event.data).toMatchObject({ reason: 'hard_copy_mismatch' })
    expect(String(query?.event.data.message)).toMatch(/total quantity .*in words and figures/)
  })

  it('a Schedule 2 original that is not an FP10PCD (or WP10PCD, PPCD) is a mismatch', async () => {
    const id = 'fr_CDN_FORM'
    await awaitingOriginal(id)
    ok(
      await w.core.call(
        w.pharmacist,
        'requests.receiveHardCopy',
        original(id, {
          formType: 'private_paper',
          prescriberCdNumber: '612345',
          quantityInWordsAndFigures: true
        }) as never
      ),
      'receive'
    )
    expect(stageOf(w, id)).toBe('query_raised')
  })
})

describe('the request view tells the receipt dialog whether to ask for them, by the stricter schedule', () => {
  it.each([
    { sent: 2, asks: true },
    { sent: 4, asks: true },
    { sent: 5, asks: true },
    { sent: null, asks: true }
  ])('morphine (Schedule 2 in the catalogue) sent by Phensys as $sent: asked $asks', async ({ sent, asks }) => {
    const id = `fr_CDN_ASK_${sent ?? 'NONE'}`
    await w.l.phensys.post('/sandbox/requests', morphineRequest(id, w.morphine.packSize, sent))
    await settle(w.core)
    expect(ok(await w.core.call(w.pharmacist, 'requests.get', { id }), id).asksCdChecks).toBe(asks)
  })

  it('a request with no controlled drug is not asked', async () => {
    const id = 'fr_CDN_ASK_NOCD'
    await w.l.phensys.post('/sandbox/requests', requestBody(id))
    await settle(w.core)
    expect(ok(await w.core.call(w.pharmacist, 'requests.get', { id }), id).asksCdChecks).toBe(false)
  })
})
