/**
 * Schedule 2 CDs a patient brings back are not receipts of the CD register: they go in a record of
 * their own (date received, patient, drug, form and strength, quantity, who received them), and
 * their destruction is written there later, with who destroyed them and the authorised witness.
 * Append-only, as every register is.
 */
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkedRequest } from '../helpers/dispensed-world'
import { settle, staffSession } from '../helpers/linked'
import { bagScanFor } from '../helpers/supply'
import { pdfPageTexts } from '../helpers/pdf-text'
import { formatDate, londonDate } from '../../src/shared/time/london'
import { cdWorld, morphineRequest, morphineSection, ok, stageOf, type CdWorld } from '../helpers/cd-world'

let w: CdWorld
const DELIVERED = 'fr_PRET_OK'
beforeAll(async () => {
  w = await cdWorld(4)
  w.checker = await staffSession(w.core, ['accuracy_checker'])
  const body = morphineRequest(DELIVERED, w.morphine.packSize, 2)
  const request = { ...body, delivery: { ...(body.delivery as Record<string, unknown>), service: 'collect' } }
  await checkedRequest(w, DELIVERED, request, { l1: [w.morphine.code('MR1')] })
  ok(
    await w.core.call(w.checker, 'requests.pack', { id: DELIVERED, bagScan: bagScanFor(DELIVERED), parcels: 1 }),
    'pack'
  )
  const collectedBy = { name: 'Patient', relation: 'patient', idAsked: true, idSeen: true } as const
  ok(await w.core.call(w.checker, 'requests.collect', { id: DELIVERED, collectedBy }), 'collect')
  expect(stageOf(w, DELIVERED)).toBe('delivered')
}, 90_000)
afterAll(async () => w?.stop())

interface PatientReturn {
  id: number
  requestId: string
  receivedAt: string
  patientName: string
  drug: string
  form: string | null
  strength: string | null
  quantity: number
  unit: string
  receivedBy: string
  destruction: { destroyedAt: string; destroyedBy: string; witness: string } | null
}

const record = (who: string, input: Record<string, unknown>) =>
  w.core.call(who, 'registers.patientReturns.record' as never, input as never) as Promise<
    { ok: true; value: PatientReturn } | { ok: false; error: { code: string; message: string } }
  >
const destroy = (who: string, input: Record<string, unknown>) =>
  w.core.call(who, 'registers.patientReturns.destroy' as never, input as never) as Promise<
    { ok: true; value: PatientReturn } | { ok: false; error: { code: string; message: string } }
  >

describe('CDs returned by patients', () => {
  it('are recorded from a delivered request, outside the CD register, and listed', async () => {
    const cdEntries = () =>
      w.core.internals.store.sqlite.prepare('SELECT COUNT(*) FROM cd_register_entries').pluck().get()
    const entriesBefore = cdEntries()
    const before = await morphineSection(w)
    const returned = ok(await record(w.pharmacist, { id: DELIVERED, lineId: 'l1', quantity: 10 }), 'record the return')
    expect(returned).toMatchObject({
      requestId: DELIVERED,
      drug: 'Morphine sulfate 10mg modified-release tablets',
      form: 'modified-release tablet',
      strength: '10mg',
      quantity: 10,
      unit: 'tablet',
      receivedBy: 'Staff pharmacist',
      destruction: null
    })
    expect(returned.patientName.length).toBeGreaterThan(0)
    const after = await morphineSection(w)
    // Not a receipt: the section's entries and its balance stay as they were, and still agree with the stock.
    expect(cdEntries()).toBe(entriesBefore)
    expect(after.balance).toBe(before.balance)
    expect(after.check.difference).toBe(0)
    const listed = ok(
      await w.core.call(w.pharmacist, 'registers.patientReturns.list' as never, {} as never),
      'list'
    ) as PatientReturn[]
    expect(listed.map((r) => r.id)).toContain(returned.id)
    expect(w.core.internals.audit.list({ entityId: DELIVERED, limit: 100 }).map((e) => e.command)).toContain(
      'registers.patientReturns.record'
    )
  })

  it('are recorded by a pharmacist, from a delivered request, for a line it has, in a positive quantity', async () => {
    expect((await record(w.assembler, { id: DELIVERED, lineId: 'l1', quantity: 5 })).ok, 'a dispenser').toBe(false)
    expect((await record(w.pharmacist, { id: DELIVERED, lineId: 'l9', quantity: 5 })).ok, 'no such line').toBe(false)
    expect((await record(w.pharmacist, { id: DELIVERED, lineId: 'l1', quantity: 0 })).ok, 'nothing').toBe(false)
    await w.l.phensys.post('/sandbox/requests', morphineRequest('fr_PRET_OPEN', w.morphine.packSize, 2))
    await settle(w.core)
    expect(stageOf(w, 'fr_PRET_OPEN')).toBe('new')
    const notDelivered = await record(w.pharmacist, { id: 'fr_PRET_OPEN', lineId: 'l1', quantity: 5 })
    expect(notDelivered.ok, 'a request not yet delivered').toBe(false)
  })

  it('are destroyed once, before an authorised witness named in the record', async () => {
    const returned = ok(await record(w.pharmacist, { id: DELIVERED, lineId: 'l1', quantity: 4 }), 'record')
    const noWitness = await destroy(w.pharmacist, { returnId: returned.id, witness: '' })
    expect(noWitness.ok, 'destroyed without a witness').toBe(false)
    const destroyed = ok(
      await destroy(w.pharmacist, { returnId: returned.id, witness: 'Ann Other, CD accountable officer' }),
      'destroy'
    )
    expect(destroyed.destruction).toMatchObject({
      destroyedBy: 'Staff pharmacist',
      witness: 'Ann Other, CD accountable officer'
    })
    const again = await destroy(w.pharmacist, { returnId: returned.id, witness: 'Ann Other' })
    expect(again.ok, 'destroyed twice').toBe(false)
    expect(again.ok ? '' : again.error.message).toMatch(/already destroyed/)
  })

  it('cannot be changed or removed behind the app', () => {
    const sqlite = w.core.internals.store.sqlite
    for (const sql of [
      'UPDATE patient_returns SET quantity_milli = 1',
      'DELETE FROM patient_returns',
      'INSERT OR REPLACE INTO patient_returns SELECT * FROM patient_returns LIMIT 1',
      'UPDATE patient_return_destructions SET witness = NULL',
      'DELETE FROM patient_return_destructions',
      'INSERT OR REPLACE INTO patient_return_destructions SELECT * FROM patient_return_destructions LIMIT 1'
    ])
      expect(() => sqlite.prepare(sql).run(), sql).toThrow(/append-only/)
  })

  it('are sealed: a return or its destruction edited behind the app is found by audit.verify', async () => {
    const returned = ok(await record(w.pharmacist, { id: DELIVERED, lineId: 'l1', quantity: 6 }), 'record')
    ok(await destroy(w.pharmacist, { returnId: returned.id, witness: 'Ann Other' }), 'destroy')
    const verify = async () => {
      const answer = await w.core.call(w.admin, 'audit.verify', {})
      if (!answer.ok) throw new Error(answer.error.message)
      return answer.value.failures.map(({ kind, table, rowKey }) => ({ kind, table, rowKey }))
    }
    expect(await verify()).toEqual([])
    // Another program on the same file drops the append-only trigger, edits the bytes, puts it back.
    const outside = new Database(w.core.internals.store.sqlite.name)
    const behindTrigger = (trigger: string, edit: string): void => {
      const { sql } = outside
        .prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
        .get(trigger)!
      outside.exec(`DROP TRIGGER ${trigger}`)
      outside.prepare(edit).run(returned.id)
      outside.exec(sql)
    }
    const destruction = w.core.internals.store.sqlite
      .prepare('SELECT id FROM patient_return_destructions WHERE return_id = ?')
      .pluck()
      .get(returned.id)
    // audit.verify names the first failure of each kind: the destruction first, then the return.
    try {
      behindTrigger(
        'patient_return_destructions_no_update',
        "UPDATE patient_return_destructions SET witness = 'Nobody' WHERE return_id = ?"
      )
      expect(await verify()).toEqual([
        { kind: 'row_changed', table: 'patient_return_destructions', rowKey: String(destruction) }
      ])
      behindTrigger('patient_returns_no_update', 'UPDATE patient_returns SET quantity_milli = 60 WHERE id = ?')
      expect(await verify()).toEqual([{ kind: 'row_changed', table: 'patient_returns', rowKey: String(returned.id) }])
    } finally {
      outside.close()
    }
  })
})

describe('the Returned by patients tab: its dates and its export, as the other registers have', () => {
  const listed = async (range: { from?: string; to?: string; awaitingDestruction?: boolean }): Promise<number[]> => {
    const answer = await w.core.call(w.checker, 'registers.patientReturns.list', range)
    return ok(answer, 'list').map((returned) => returned.id)
  }

  it('lists and exports the returns received on the days asked, newest first', async () => {
    const today = londonDate(w.clock.now())
    const first = ok(
      await record(w.pharmacist, { id: DELIVERED, lineId: 'l1', quantity: 3, note: 'Found in a drawer' }),
      'first'
    )
    ok(await destroy(w.pharmacist, { returnId: first.id, witness: 'Wes Witness' }), 'destroy')
    // A day later: sessions idle that long are locked, so everyone signs in again.
    w.clock.advance(24 * 60 * 60_000)
    w.pharmacist = await staffSession(w.core, ['pharmacist'])
    w.checker = await staffSession(w.core, ['accuracy_checker'])
    const tomorrow = londonDate(w.clock.now())
    const second = ok(await record(w.pharmacist, { id: DELIVERED, lineId: 'l1', quantity: 2 }), 'second')

    expect(await listed({ from: tomorrow, to: tomorrow })).toEqual([second.id])
    const onTheDay = await listed({ from: today, to: today })
    expect(onTheDay[0]).toBe(first.id)
    expect(onTheDay).not.toContain(second.id)
    expect((await listed({ from: today })).slice(0, 2)).toEqual([second.id, first.id])
    expect(await listed({ to: today })).toEqual(onTheDay)
    expect(await listed({})).toEqual(await listed({ from: today }))
    // The tab: what is still to destroy comes first whatever the dates, so none drops out of sight.
    const all = ok(await w.core.call(w.checker, 'registers.patientReturns.list', {}), 'all')
    const stillToDestroy = all.filter((returned) => returned.destruction === null).map((returned) => returned.id)
    expect(stillToDestroy).toContain(second.id)
    expect(await listed({ from: today, to: today, awaitingDestruction: true })).toEqual([
      ...stillToDestroy,
      ...onTheDay.filter((id) => !stillToDestroy.includes(id))
    ])
    const later = londonDate(new Date(w.clock.now().getTime() + 40 * 24 * 60 * 60_000))
    expect(await listed({ from: later, to: later, awaitingDestruction: true })).toEqual(stillToDestroy)
    expect(await listed({ from: later, to: later })).toEqual([])
    const backwards = await w.core.call(w.checker, 'registers.patientReturns.list', { from: tomorrow, to: today })
    expect(backwards.ok, '"from" after "to"').toBe(false)

    const csv = ok(
      await w.core.call(w.checker, 'registers.patientReturns.export', { from: today, to: today, format: 'csv' }),
      'CSV'
    )
    expect(csv.fileName).toBe(`patient-returns-${tomorrow}.csv`)
    const [header, ...rows] = Buffer.from(csv.base64, 'base64').toString('utf8').trim().split('\r\n')
    expect(header).toBe('Received,Patient,"Drug, form and strength",Quantity,Received by,Request,Note,Destruction')
    expect(rows).toHaveLength(onTheDay.length)
    expect(rows[0]).toContain('"Morphine sulfate 10mg modified-release tablets, modified-release tablet, 10mg"')
    expect(rows[0]).toContain(`${DELIVERED} / l1`)
    expect(rows[0]).toContain('Found in a drawer')
    expect(rows[0]).toMatch(/Destroyed \d\d\/\d\d\/\d{4}, \d\d:\d\d by Staff pharmacist, witnessed by Wes Witness/)

    const pdf = ok(
      await w.core.call(w.checker, 'registers.patientReturns.export', { from: tomorrow, to: tomorrow, format: 'pdf' }),
      'PDF'
    )
    const text = (await pdfPageTexts(Buffer.from(pdf.base64, 'base64'))).join('\n').replace(/\s+/g, ' ')
    expect(text).toContain('Controlled drugs returned by patients')
    expect(text).toContain(
      `received ${formatDate(tomorrow)} to ${formatDate(tomorrow)}: 1 returned, 1 not yet destroyed`
    )
    expect(text).toContain('Not yet destroyed')
    expect(text).not.toContain('Wes Witness')
  })
})
