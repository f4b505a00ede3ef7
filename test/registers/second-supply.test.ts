/**
 * A request supplied twice: its parcel came back (returned to sender), a pharmacist raised a query,
 * Phensys answered with other items, and the request was dispensed and dispatched again. Each
 * supply has its own entries in the registers; the first keeps its entries, with a dated note that
 * the parcel came back, and the CD balance takes its packs back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Registers } from '../../src/main/registers'
import {
  checkedRequest,
  dispensedWorld,
  packMaker,
  registerRequest,
  type DispensedWorld
} from '../helpers/dispensed-world'
import { settle, staffSession } from '../helpers/linked'
import { pdfPageTexts } from '../helpers/pdf-text'
import { rescansWithLabels } from '../helpers/rescans'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { ownerSession, scan } from '../stock/helpers'
import { answerValue as call } from '../helpers/answer'

const MORPHINE = { dmdId: '36128311000001109', name: 'Morphine sulfate 10mg modified-release tablets' }
const ALL_DATES = { from: '2020-01-01', to: '2099-12-31' }

let w: DispensedWorld
let morphine: Awaited<ReturnType<typeof packMaker>>

beforeAll(async () => {
  w = await dispensedWorld()
  morphine = await packMaker(w, MORPHINE.dmdId)
  for (let i = 0; i < 4; i++) await scan(w.core, w.assembler, morphine.code('MST1'))
}, 60_000)
afterAll(async () => w?.stop())

/** A day later: sessions idle that long are locked, so everyone signs in again. */
async function nextDay(): Promise<void> {
  w.clock.advance(24 * 60 * 60_000)
  w.assembler = await staffSession(w.core, ['dispenser', 'accuracy_checker'])
  w.pharmacist = await staffSession(w.core, ['pharmacist'])
  w.checker = await staffSession(w.core, ['accuracy_checker'])
  w.admin = await ownerSession(w.core)
}

async function morphineSection() {
  const sections = await call(w.core.call(w.pharmacist, 'registers.cd.sections', {}))
  return sections.find((s) => s.vmpId === MORPHINE.dmdId)!
}

async function pomEntries(id: string) {
  return (await call(w.core.call(w.checker, 'registers.pom.list', { ...ALL_DATES, search: id }))).entries
}

function supplies(id: string) {
  return w.core.internals.store.sqlite
    .prepare('SELECT supply_no, tracking_numbers FROM register_supplies WHERE request_id = ? ORDER BY supply_no')
    .all(id)
}

describe('a request supplied again after its parcel came back', () => {
  const id = 'fr_REG_AGAIN'

  it('dispatched, returned, queried, answered with other items, dispensed and dispatched again: two supplies in each register, the first noted as returned, the CD balance right', async () => {
    const body = registerRequest(id, [
      { lineId: 'l1', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity: morphine.packSize }
    ])
    await checkedRequest(w, id, body, { l1: [morphine.code('MST1')] })
    await call(w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }))
    await call(w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] }))
    const stock = 4 * morphine.packSize
    expect(await morphineSection()).toMatchObject({ balance: stock - morphine.packSize, check: { difference: 0 } })

    await nextDay()
    await call(w.core.call(w.checker, 'requests.markReturned', { id, note: 'addressee gone away' }))
    // The packs are back in the pharmacy: the balance takes them back, and still matches the stock.
    expect(await morphineSection()).toMatchObject({ balance: stock, check: { difference: 0 } })

    // Phensys answers the address query with twice the quantity: the bag that came back is not sent.
    await settle(w.core)
    const items = w.core.internals.requests
      .get(id)!
      .snapshot.prescription.items.map((item) => ({ ...item, quantity: item.quantity * 2 }))
    expect(
      (await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, { changes: { prescription: { items } } })).status
    ).toBe(200)
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('returned_to_sender')
    // The pharmacist raises a query (the labelled bag goes to quarantine); Phensys answers it.
    await call(
      w.core.call(w.pharmacist, 'requests.raiseQuery', {
        id,
        reason: 'other',
        message: 'The parcel came back and the prescription has changed: please confirm.'
      })
    )
    await settle(w.core)
    expect((await w.l.phensys.post(`/sandbox/requests/${id}/resolve-query`, {})).status).toBe(200)
    await settle(w.core)
    expect(await morphineSection()).toMatchObject({
      balance: stock,
      check: { quarantined: morphine.packSize, difference: 0 }
    })

    // The FP10PCD in hand was for half the quantity: a new original, matching, is received (which
    // runs the stock check); then dispensed again and dispatched under a new tracking number.
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('awaiting_hard_copy')
    await call(
      w.core.call(w.pharmacist, 'requests.receiveHardCopy', {
        id,
        formType: 'FP10PCD',
        serial: `S2${id}`,
        patientMatches: true,
        prescriberMatches: true,
        dateMatches: true,
        lines: [{ lineId: 'l1', matches: true, quantityOnForm: 2 * morphine.packSize }]
      })
    )
    const clinical = await call(w.core.call(w.pharmacist, 'clinical.view', { id }))
    for (const flag of clinical.flags.filter((f) => f.mustAcknowledge && !f.acknowledged))
      await call(w.core.call(w.pharmacist, 'flags.acknowledge', { id: flag.id, reason: 'Checked: appropriate' }))
    await call(w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }))
    const raws = [morphine.code('MST1'), morphine.code('MST1')]
    for (const raw of raws) await call(w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw }))
    await settle(w.core)
    expect(w.core.internals.requests.get(id)?.row.stage).toBe('labelled')
    const view = await call(w.core.call(w.checker, 'dispensing.view', { id }))
    await call(w.core.call(w.checker, 'requests.accuracyCheck', { id, rescans: rescansWithLabels(view, raws) }))
    // Packed and not yet gone: the new bag is still in the pharmacy.
    await call(w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }))
    expect(await morphineSection()).toMatchObject({ balance: stock, check: { difference: 0 } })
    await call(w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id, 2)] }))

    expect(supplies(id)).toEqual([
      { supply_no: 1, tracking_numbers: JSON.stringify([trackingNumberFor(id)]) },
      { supply_no: 2, tracking_numbers: JSON.stringify([trackingNumberFor(id, 2)]) }
    ])

    // POM register: the first supply as it was written, a dated note on it, and the second supply.
    const pom = await pomEntries(id)
    expect(pom.map((e) => [e.kind, e.supplyNo, e.quantity, e.correctsEntryId])).toEqual([
      ['supply', 1, morphine.packSize, null],
      ['correction', 1, morphine.packSize, pom[0]!.id],
      ['supply', 2, 2 * morphine.packSize, null]
    ])
    expect(pom[0]).toMatchObject({ supplyDate: '2026-11-26', correctedByEntryId: pom[1]!.id, note: null })
    expect(pom[1]!.note).toMatch(
      /^Returned to sender: the parcel came back to the pharmacy on 27\/11\/2026 \(addressee gone away\)/
    )
    expect(pom[2]).toMatchObject({ supplyDate: '2026-11-27', correctedByEntryId: null })

    // CD register: out, back in (naming the supply entry), out again; the balance follows.
    const section = await morphineSection()
    const cd = (await call(w.core.call(w.pharmacist, 'registers.cd.list', { sectionId: section.id }))).entries.filter(
      (e) => e.requestId === id
    )
    expect(cd.map((e) => [e.kind, e.supplyNo, e.change, e.balance])).toEqual([
      ['supply', 1, -morphine.packSize, stock - morphine.packSize],
      ['correction', 1, morphine.packSize, stock],
      ['supply', 2, -2 * morphine.packSize, stock - 2 * morphine.packSize]
    ])
    expect(cd[1]).toMatchObject({ correctsEntryId: cd[0]!.id, note: expect.stringContaining('Returned to sender') })
    expect(section).toMatchObject({
      balance: stock - 2 * morphine.packSize,
      check: { quarantined: morphine.packSize, assembledNotSupplied: 0, difference: 0 }
    })

    // The exports show both supplies and the note.
    const csv = await call(w.core.call(w.pharmacist, 'registers.pom.export', { ...ALL_DATES, format: 'csv' }))
    const lines = Buffer.from(csv.base64, 'base64').toString('utf8').trim().split('\r\n')
    const ours = lines.filter((line) => line.includes(`${id} / l1`))
    expect(ours).toHaveLength(3)
    expect(ours.filter((line) => line.includes(`${id} / l1, supply 2`))).toHaveLength(1)
    expect(ours.filter((line) => line.includes('Returned to sender'))).toHaveLength(1)
    const pomPdf = await call(w.core.call(w.pharmacist, 'registers.pom.export', { ...ALL_DATES, format: 'pdf' }))
    const pomText = (await pdfPageTexts(Buffer.from(pomPdf.base64, 'base64'))).join('\n').replace(/\s+/g, ' ')
    expect(pomText).toContain('supply 2')
    const cdCsv = await call(w.core.call(w.pharmacist, 'registers.cd.export', { sectionId: section.id, format: 'csv' }))
    const cdLines = Buffer.from(cdCsv.base64, 'base64').toString('utf8').trim().split('\r\n')
    expect(cdLines.filter((line) => line.includes(`${id}, supply 1`))).toHaveLength(1)
    expect(cdLines.filter((line) => line.includes(`${id}, supply 2`))).toHaveLength(1)
    const cdPdf = await call(w.core.call(w.pharmacist, 'registers.cd.export', { sectionId: section.id, format: 'pdf' }))
    const cdText = (await pdfPageTexts(Buffer.from(cdPdf.base64, 'base64'))).join('\n').replace(/\s+/g, ' ')
    expect(cdText).toContain('supply 2')

    // Recall lists the bag once, as the second supply.
    const recall = await call(
      w.core.call(w.pharmacist, 'registers.recall.search', { product: MORPHINE.dmdId, batchNo: 'MST1' })
    )
    expect(recall.hits.filter((h) => h.requestId === id)).toMatchObject([{ quantity: 2 * morphine.packSize }])

    // Every row, old and new, verifies against its seal.
    expect(await call(w.core.call(w.admin, 'audit.verify', {}))).toMatchObject({ intact: true, failures: [] })
  })

  it('records a supply once per dispatch, and the database takes the next supply of a request but never one twice', async () => {
    const sqlite = w.core.internals.store.sqlite
    const registers = new Registers(w.core.internals.store.db, w.core.internals.requests, w.core.internals.hardCopies)
    const count = () => sqlite.prepare('SELECT COUNT(*) FROM register_supplies WHERE request_id = ?').pluck().get(id)
    // A second call for the dispatch already recorded adds nothing.
    registers.supplies.recordSupply(
      id,
      {
        method: 'carrier',
        at: w.clock.now().toISOString(),
        carrier: 'Royal Mail',
        service: 'Tracked 24',
        trackingNumbers: []
      },
      { id: 'u_test', name: 'Test' },
      w.clock.now()
    )
    expect(count()).toBe(2)
    const row = sqlite
      .prepare('SELECT * FROM register_supplies WHERE request_id = ? AND supply_no = 2')
      .get(id) as Record<string, unknown>
    const insert = (supplyNo: number) =>
      sqlite
        .prepare(
          `INSERT INTO register_supplies (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row)
            .map((k) => (k === 'supply_no' ? String(supplyNo) : `@${k}`))
            .join(', ')})`
        )
        .run(row)
    expect(() => insert(2)).toThrow(/append-only/)
    expect(() => insert(4)).toThrow(/append-only/)
    const pom = sqlite
      .prepare("SELECT * FROM pom_register_entries WHERE request_id = ? AND kind = 'supply' AND supply_no = 2")
      .get(id) as Record<string, unknown>
    const { id: _id, ...pomRow } = pom
    expect(() =>
      sqlite
        .prepare(
          `INSERT INTO pom_register_entries (${Object.keys(pomRow).join(', ')}) VALUES (${Object.keys(pomRow)
            .map((k) => `@${k}`)
            .join(', ')})`
        )
        .run(pomRow)
    ).toThrow(/append-only|UNIQUE/)
    expect(count()).toBe(2)
  })

  it("a supply number changed behind the app's back, on a first supply or a later one, no longer matches its seal", async () => {
    const sqlite = w.core.internals.store.sqlite
    const trigger = sqlite
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'pom_register_no_update'")
      .pluck()
      .get() as string
    const [first, , second] = await pomEntries(id)
    const setSupplyNo = (entryId: number, supplyNo: number): void => {
      sqlite.exec('DROP TRIGGER pom_register_no_update')
      sqlite.prepare('UPDATE pom_register_entries SET supply_no = ? WHERE id = ?').run(supplyNo, entryId)
      sqlite.exec(trigger)
    }
    const failures = async () => (await call(w.core.call(w.admin, 'audit.verify', {}))).failures
    // The first supply's entry, sealed without its number, given one.
    setSupplyNo(first!.id, 7)
    expect(await failures()).toEqual([
      expect.objectContaining({ kind: 'row_changed', table: 'pom_register_entries', rowKey: String(first!.id) })
    ])
    setSupplyNo(first!.id, 1)
    expect(await failures()).toEqual([])
    // The second supply's entry, sealed with its number, given another.
    setSupplyNo(second!.id, 5)
    expect(await failures()).toEqual([
      expect.objectContaining({ kind: 'row_changed', table: 'pom_register_entries', rowKey: String(second!.id) })
    ])
    setSupplyNo(second!.id, 2)
  })

  it('a returned parcel rejected instead of sent again: its packs to quarantine, the balance still right', async () => {
    const rejectedId = 'fr_REG_BACK_REJECTED'
    const body = registerRequest(rejectedId, [
      { lineId: 'l1', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity: morphine.packSize }
    ])
    await checkedRequest(w, rejectedId, body, { l1: [morphine.code('MST1')] })
    await call(w.core.call(w.checker, 'requests.pack', { id: rejectedId, bagScan: bagScanFor(rejectedId), parcels: 1 }))
    await call(
      w.core.call(w.checker, 'requests.dispatch', { id: rejectedId, trackingNumbers: [trackingNumberFor(rejectedId)] })
    )
    const before = await morphineSection()
    await call(w.core.call(w.checker, 'requests.markReturned', { id: rejectedId, note: 'refused by addressee' }))
    await call(
      w.core.call(w.pharmacist, 'requests.reject', {
        id: rejectedId,
        reason: 'cannot_supply',
        message: 'The parcel came back: please route the prescription again.'
      })
    )
    expect(await morphineSection()).toMatchObject({
      balance: before.balance + morphine.packSize,
      check: { quarantined: 2 * morphine.packSize, difference: 0 }
    })
    expect(supplies(rejectedId)).toHaveLength(1)
  })
})
