import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Registers } from '../../src/main/registers'
import {
  checkedRequest,
  dispensedWorld,
  packMaker,
  registerRequest,
  type DispensedWorld
} from '../helpers/dispensed-world'
import { supplyByCarrier, supplyByCollection, trackingNumberFor } from '../helpers/supply'
import { pdfPageTexts } from '../helpers/pdf-text'
import { DMD, scan, setUpWholesaler } from '../stock/helpers'
import { answerValue as call } from '../helpers/answer'

const MORPHINE = { dmdId: '36128311000001109', name: 'Morphine sulfate 10mg modified-release tablets', schedule: 2 }
const TODAY = '2026-11-26'
const patient = (given: string, family: string, line1: string) => ({
  patient: {
    id: `pt_${family}`,
    name: { title: null, given, family },
    dateOfBirth: '1970-01-01',
    phone: null,
    email: null
  },
  delivery: {
    recipientName: `${given} ${family}`,
    address: { line1, line2: null, city: 'Leeds', postcode: 'LS1 1AA', country: 'GB' },
    service: 'royal_mail_tracked_24',
    instructions: null
  }
})

let w: DispensedWorld
let morphine: Awaited<ReturnType<typeof packMaker>>
let sertraline: Awaited<ReturnType<typeof packMaker>>

beforeAll(async () => {
  w = await dispensedWorld()
  await setUpWholesaler(w.core, w.admin, 'aah')
  morphine = await packMaker(w, MORPHINE.dmdId)
  sertraline = await packMaker(w, DMD.sertraline)
  // Two packs of morphine against an order from AAH, a third nobody ordered; sertraline likewise unordered.
  const order = await w.core.call(w.assembler, 'stock.placeOrder', {
    lines: [{ amppId: morphine.amppId, packs: 2 }],
    wholesalerId: 'aah'
  })
  expect(order.ok, JSON.stringify(order)).toBe(true)
  let delivery: number | null = null
  for (let i = 0; i < 3; i++) delivery = (await scan(w.core, w.assembler, morphine.code('MST1'), delivery)).deliveryId
  await scan(w.core, w.assembler, sertraline.code('SER1'))
  await scan(w.core, w.assembler, sertraline.code('SER1'))
}, 60_000)
afterAll(async () => w?.stop())

describe('register entries, made at the supply', () => {
  it('receipts of a Schedule 2 drug name the supplier and its address; a pack no order expected says the supplier is unknown', async () => {
    const [section] = await call(w.core.call(w.pharmacist, 'registers.cd.sections', {}))
    expect(section).toMatchObject({
      vmpId: MORPHINE.dmdId,
      drug: MORPHINE.name,
      unit: 'tablet',
      balance: 3 * morphine.packSize,
      check: { difference: 0 }
    })
    const view = await call(w.core.call(w.assembler, 'registers.cd.list', { sectionId: section!.id }))
    expect(view.entries.map((e) => [e.seq, e.kind, e.change, e.balance])).toEqual([
      [1, 'receipt', morphine.packSize, morphine.packSize],
      [2, 'receipt', morphine.packSize, 2 * morphine.packSize],
      [3, 'receipt', morphine.packSize, 3 * morphine.packSize]
    ])
    expect(view.entries[0]).toMatchObject({
      entryDate: TODAY,
      supplierName: 'AAH Pharmaceuticals',
      supplierAddress: expect.stringContaining('Coventry CV2 2TX'),
      productDetail: expect.stringContaining('batch MST1, expiry 30/06/2028')
    })
    expect(view.entries[2]!.supplierName).toMatch(/^Not known: booked in with no open order/)
  })

  it('a carrier supply writes one POM entry per line and a CD entry for the Schedule 2 line, with every field, exactly once', async () => {
    const id = 'fr_REG_CARRIER'
    const body = registerRequest(
      id,
      [
        { lineId: 'l1', ...MORPHINE, quantity: morphine.packSize },
        { lineId: 'l2', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: sertraline.packSize }
      ],
      patient('Zoë', "O'Brien-Łukasik", 'Flat 2, 14 Kirkgate')
    )
    await checkedRequest(w, id, body, { l1: [morphine.code('MST1')], l2: [sertraline.code('SER1')] })
    await supplyByCarrier(w.core, w.checker, id)

    const pom = await call(w.core.call(w.checker, 'registers.pom.list', { from: TODAY, to: TODAY, search: id }))
    expect(pom.entries).toHaveLength(2)
    const [morphineEntry, sertralineEntry] = pom.entries
    expect(morphineEntry).toMatchObject({
      kind: 'supply',
      requestId: id,
      lineId: 'l1',
      supplyDate: TODAY,
      medicineName: MORPHINE.name,
      quantity: morphine.packSize,
      unit: 'tablet',
      packsSupplied: expect.stringContaining('batch MST1'),
      prescriberName: 'Dr A Khan',
      prescriberAddress: '12 Harley St, London W1G 9PF',
      prescriberRegistration: 'GMC 7012345',
      patientName: "Zoë O'Brien-Łukasik",
      patientAddress: 'Flat 2, 14 Kirkgate, Leeds, LS1 1AA',
      patientAddressIsDelivery: true,
      prescriptionDate: '2026-11-25',
      prescriptionDateNote: null,
      prescriptionReference: `rx_${id}`,
      emergencySupply: false,
      emergencyPrescriptionReceived: null,
      recordedBy: 'Staff accuracy_checker',
      correctsEntryId: null
    })
    expect(sertralineEntry).toMatchObject({
      lineId: 'l2',
      medicineName: 'Sertraline 50mg tablets',
      quantity: sertraline.packSize
    })

    const [section] = await call(w.core.call(w.pharmacist, 'registers.cd.sections', {}))
    const entries = (await call(w.core.call(w.pharmacist, 'registers.cd.list', { sectionId: section!.id }))).entries
    expect(entries).toHaveLength(4)
    expect(entries[3]).toMatchObject({
      seq: 4,
      kind: 'supply',
      entryDate: TODAY,
      change: -morphine.packSize,
      balance: 2 * morphine.packSize,
      requestId: id,
      patientName: "Zoë O'Brien-Łukasik",
      patientAddress: 'Flat 2, 14 Kirkgate, Leeds, LS1 1AA',
      prescriberName: 'Dr A Khan',
      prescriberAddress: '12 Harley St, London W1G 9PF',
      prescriberRegistration: 'GMC 7012345',
      handoverMethod: 'carrier',
      collectedBy: expect.stringContaining(trackingNumberFor(id)),
      idAsked: null,
      idSeen: null,
      productDetail: expect.stringContaining('MST1'),
      note: "Patient's address: the delivery address (Phensys sends no home address)"
    })
    expect(section!.check).toMatchObject({ difference: 0, registerBalance: 2 * morphine.packSize })

    // The dispatch and collect handlers call once; a second call for the same request adds nothing.
    const again = new Registers(w.core.internals.store.db, w.core.internals.requests, w.core.internals.hardCopies)
    again.supplies.recordSupply(
      id,
      { method: 'carrier', at: new Date().toISOString(), carrier: 'X', service: 'Y', trackingNumbers: [] },
      { id: 'u', name: 'U' },
      new Date()
    )
    expect(
      (await call(w.core.call(w.checker, 'registers.pom.list', { from: TODAY, to: TODAY, search: id }))).entries
    ).toHaveLength(2)
    expect(
      (await call(w.core.call(w.pharmacist, 'registers.cd.list', { sectionId: section!.id }))).entries
    ).toHaveLength(4)
  })

  it('a collection records who collected and whether ID was asked for and seen; a bag not yet handed over counts in the balance check', async () => {
    const id = 'fr_REG_COLLECT'
    const body = registerRequest(id, [{ lineId: 'l1', ...MORPHINE, quantity: morphine.packSize }], {
      ...patient('Amir', 'Haddad', '3 Park Row'),
      delivery: { ...patient('Amir', 'Haddad', '3 Park Row').delivery, service: 'collect' }
    })
    await checkedRequest(w, id, body, { l1: [morphine.code('MST1')] })
    await supplyByCollection(w.core, w.checker, id, {
      name: 'Sara Haddad',
      relation: 'representative',
      idAsked: true,
      idSeen: false
    })

    const waiting = 'fr_REG_WAITING'
    await checkedRequest(
      w,
      waiting,
      registerRequest(
        waiting,
        [{ lineId: 'l1', ...MORPHINE, quantity: morphine.packSize }],
        patient('Bea', 'Stone', '9 Mill Lane')
      ),
      { l1: [morphine.code('MST1')] }
    )

    const [section] = await call(w.core.call(w.pharmacist, 'registers.cd.sections', {}))
    const entries = (await call(w.core.call(w.pharmacist, 'registers.cd.list', { sectionId: section!.id }))).entries
    expect(entries.at(-1)).toMatchObject({
      kind: 'supply',
      requestId: id,
      handoverMethod: 'collect',
      collectedBy: 'Collected by Sara Haddad (representative)',
      idAsked: true,
      idSeen: false,
      patientName: 'Amir Haddad',
      balance: morphine.packSize
    })
    expect(section!.check).toEqual({
      registerBalance: morphine.packSize,
      ledgerOnHand: 0,
      assembledNotSupplied: morphine.packSize,
      quarantined: 0,
      expected: morphine.packSize,
      difference: 0
    })
  })

  it('a correction is a new entry naming the old one; the database refuses to change or delete any register row', async () => {
    const [original] = (
      await call(w.core.call(w.pharmacist, 'registers.pom.list', { from: TODAY, to: TODAY, search: 'fr_REG_CARRIER' }))
    ).entries
    expect(
      await w.core.call(w.assembler, 'registers.pom.correct', { entryId: original!.id, note: 'wrong date' })
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const corrected = await call(
      w.core.call(w.pharmacist, 'registers.pom.correct', {
        entryId: original!.id,
        note: 'Date on the FP10PCD is 24 Nov',
        corrected: { prescriptionDate: '2026-11-24' }
      })
    )
    expect(corrected).toMatchObject({
      kind: 'correction',
      correctsEntryId: original!.id,
      prescriptionDate: '2026-11-24',
      patientName: original!.patientName,
      note: 'Date on the FP10PCD is 24 Nov',
      recordedBy: 'Staff pharmacist'
    })
    const after = (
      await call(w.core.call(w.pharmacist, 'registers.pom.list', { from: TODAY, to: TODAY, search: 'fr_REG_CARRIER' }))
    ).entries
    expect(after.find((e) => e.id === original!.id)).toEqual({ ...original, correctedByEntryId: corrected.id })
    expect(
      await w.core.call(w.pharmacist, 'registers.pom.correct', { entryId: original!.id, note: 'again' })
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining(`entry ${corrected.id}`) }
    })

    const [section] = await call(w.core.call(w.pharmacist, 'registers.cd.sections', {}))
    const before = (await call(w.core.call(w.pharmacist, 'registers.cd.list', { sectionId: section!.id }))).entries
    const note = await call(
      w.core.call(w.pharmacist, 'registers.cd.correct', {
        sectionId: section!.id,
        correctsEntryId: before[2]!.id,
        note: 'Supplier was AAH (delivery note 4471)'
      })
    )
    expect(note).toMatchObject({
      seq: before.length + 1,
      kind: 'correction',
      change: 0,
      balance: before.at(-1)!.balance,
      correctsEntryId: before[2]!.id
    })
    expect(
      (await call(w.core.call(w.pharmacist, 'registers.cd.list', { sectionId: section!.id }))).entries.slice(
        0,
        before.length
      )
    ).toEqual(before)
    expect(
      w.core.internals.audit
        .list({ entityId: String(section!.id), limit: 10 })
        .some((e) => e.command === 'registers.cd.correct')
    ).toBe(true)

    const sqlite = w.core.internals.store.sqlite
    for (const table of ['pom_register_entries', 'cd_register_entries', 'cd_register_sections', 'register_supplies']) {
      expect(() => sqlite.prepare(`UPDATE ${table} SET rowid = rowid`).run(), table).toThrow(/append-only/)
      expect(() => sqlite.prepare(`DELETE FROM ${table}`).run(), table).toThrow(/append-only/)
    }
    expect(() =>
      sqlite
        .prepare(
          `INSERT INTO cd_register_entries (section_id, seq, kind, at, entry_date, change_milli, balance_milli, note, recorded_by_id, recorded_by_name)
       VALUES (?, 1, 'correction', '', '', 0, 0, 'x', 'u', 'u')`
        )
        .run(section!.id)
    ).toThrow(/must follow the last one/)
  })

  it('administrators see no patient data; exports carry every entry as CSV and PDF', async () => {
    expect(await w.core.call(w.admin, 'registers.pom.list', { from: TODAY, to: TODAY })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    expect(await w.core.call(w.pharmacist, 'registers.pom.list', { from: TODAY, to: '2026-11-01' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' }
    })
    const csv = await call(w.core.call(w.pharmacist, 'registers.pom.export', { from: TODAY, to: TODAY, format: 'csv' }))
    expect(csv).toMatchObject({ fileName: `pom-register-${TODAY}.csv`, mimeType: 'text/csv;charset=utf-8' })
    const text = Buffer.from(csv.base64, 'base64').toString('utf8')
    expect(text).toContain("Zoë O'Brien-Łukasik")
    // Every date a person reads is DD/MM/YYYY, the packs' expiry included.
    expect(text).toContain('26/11/2026')
    expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/)
    // A header, the carrier's two lines, the collection's one, and the correction.
    expect(text.trim().split('\r\n')).toHaveLength(1 + 4)
    const pdf = await call(w.core.call(w.pharmacist, 'registers.pom.export', { from: TODAY, to: TODAY, format: 'pdf' }))
    expect((await pdfPageTexts(Buffer.from(pdf.base64, 'base64'))).join('\n')).toContain("Zoë O'Brien-Łukasik")
    const [section] = await call(w.core.call(w.pharmacist, 'registers.cd.sections', {}))
    const cdPdf = await call(w.core.call(w.checker, 'registers.cd.export', { sectionId: section!.id, format: 'pdf' }))
    expect((await pdfPageTexts(Buffer.from(cdPdf.base64, 'base64'))).join('\n')).toContain(
      'Controlled drugs register: Morphine'
    )
  })

  it('a prescriber address the request does not carry is recorded as missing, for a pharmacist to correct, never left blank', async () => {
    const id = 'fr_REG_NOADDR'
    const body = registerRequest(
      id,
      [{ lineId: 'l1', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: sertraline.packSize }],
      patient('Ivy', 'Lowe', '5 Low Road')
    )
    const rx = body.prescription as { prescriber: Record<string, unknown> }
    rx.prescriber = { ...rx.prescriber, address: null }
    await checkedRequest(w, id, body, { l1: [sertraline.code('SER1')] })
    await supplyByCarrier(w.core, w.checker, id)
    const pom = await call(w.core.call(w.checker, 'registers.pom.list', { from: TODAY, to: TODAY, search: id }))
    expect(pom.entries[0]?.prescriberAddress).toBe(
      'Not given on the request: take it from the prescription and correct this entry'
    )
  })
})
