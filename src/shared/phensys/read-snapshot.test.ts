import { describe, expect, it } from 'vitest'
import { readSnapshot } from './read-snapshot'
import { fieldPath, valueAt } from './snapshot-path'

function contractSnapshot(): Record<string, unknown> {
  return {
    id: 'fr_R1',
    version: 2,
    route: 'upload',
    state: 'sent_to_provider',
    createdAt: '2026-11-26T09:00:00Z',
    updatedAt: '2026-11-26T09:00:00Z',
    prescription: {
      id: 'rx_1',
      kind: 'private_paper',
      issuedAt: '2026-11-25',
      prescriber: { name: 'Dr A Khan' },
      hardCopy: { required: false, reason: null },
      items: [
        {
          lineId: 'l1',
          product: { dmdCode: '39732311000001104', name: 'Sertraline 50mg tablets' },
          quantity: 28,
          unit: 'tablet',
          directions: 'Take ONE tablet each morning',
          cautionaryLabels: [2]
        }
      ]
    },
    patient: { id: 'pt_1', name: { given: 'Zoë', family: "O'Brien" }, dateOfBirth: '1988-04-02' },
    delivery: {
      recipientName: "Zoë O'Brien",
      address: { line1: 'Flat 2', city: 'Leeds', postcode: 'LS1 6BU', country: 'GB' },
      service: 'royal_mail_tracked_24'
    }
  }
}

describe('the tolerant snapshot reader', () => {
  it('keeps a field named __proto__ as a field, beside optional fields left out, as it came', () => {
    const raw = JSON.parse(
      JSON.stringify(contractSnapshot()).replace('"route"', '"__proto__":{"polluted":true},"route"')
    ) as Record<string, unknown>
    const reading = readSnapshot(raw)
    if (!reading.ok) throw new Error(reading.reason)
    const stored = JSON.parse(JSON.stringify(reading.snapshot)) as Record<string, unknown>
    expect(Object.getOwnPropertyDescriptor(stored, '__proto__')?.value).toEqual({ polluted: true })
    expect(Object.getPrototypeOf(reading.snapshot)).toBe(Object.prototype)
    expect(stored).not.toHaveProperty('options')
    expect(reading.findings.map((finding) => finding.path)).toEqual(['__proto__'])
  })

  it('gives back what came, text for text, in its order, fields named like an object’s own included', () => {
    const snapshot = contractSnapshot()
    const prescription = snapshot.prescription as Record<string, unknown>
    // Every field in an order of Phensys's own, optional ones sent (some as null), and fields the
    // counter does not know named like an object's own properties, a number and the prototype.
    const raw = JSON.parse(
      JSON.stringify({
        constructor: 'tenant-1',
        delivery: { ...(snapshot.delivery as object), instructions: null, toString: 'left at 10' },
        '10': 'ten',
        id: snapshot.id,
        patient: { ...(snapshot.patient as object), phone: null, email: 'zoe@example.org', hasOwnProperty: false },
        prescription: {
          notes: null,
          ...prescription,
          formType: 'FP10PCD',
          prescriber: { valueOf: 1, ...(prescription.prescriber as object), profession: 'doctor' }
        },
        version: snapshot.version,
        '2': 'two',
        route: snapshot.route,
        state: snapshot.state,
        createdAt: snapshot.createdAt,
        updatedAt: snapshot.updatedAt,
        options: null
      }).replace('"route"', '"__proto__":{"isAdmin":true},"route"')
    ) as Record<string, unknown>
    const reading = readSnapshot(raw)
    if (!reading.ok) throw new Error(reading.reason)
    expect(JSON.stringify(reading.snapshot)).toBe(JSON.stringify(raw))
    expect(reading.findings.map((finding) => finding.path).sort()).toEqual([
      '["10"]',
      '["2"]',
      '__proto__',
      'constructor',
      'delivery.toString',
      'patient.hasOwnProperty',
      'prescription.prescriber.valueOf'
    ])
  })

  it('puts a stand-in in the place of the value it stands for, and one for a field missing last', () => {
    const raw = contractSnapshot()
    const patient = raw.patient as Record<string, unknown>
    raw.patient = { ...patient, name: { title: '', given: 'Zoë' } }
    const reading = readSnapshot(raw)
    if (!reading.ok) throw new Error(reading.reason)
    // A blank optional title is read as none, where it was; the family name missing is added after.
    expect(JSON.stringify(reading.snapshot.patient.name)).toBe('{"title":null,"given":"Zoë","family":""}')
    expect(Object.keys(reading.snapshot.prescription)).toEqual([
      'id',
      'kind',
      'issuedAt',
      'prescriber',
      'hardCopy',
      'items'
    ])
  })

  it('reads a snapshot that keeps the contract without a finding, keeping its shape', () => {
    const raw = contractSnapshot()
    const reading = readSnapshot(raw)
    expect(reading).toMatchObject({ ok: true, findings: [] })
    if (!reading.ok) return
    expect(reading.snapshot).toEqual(raw)
  })

  it('is unreadable only without an object, an id or a list of items', () => {
    expect(readSnapshot('fr_1')).toMatchObject({ ok: false, requestId: null })
    expect(readSnapshot({ ...contractSnapshot(), id: 'x'.repeat(65) })).toMatchObject({ ok: false, requestId: null })
    expect(readSnapshot({ ...contractSnapshot(), prescription: { items: {} } })).toMatchObject({
      ok: false,
      requestId: 'fr_R1',
      reason: expect.stringContaining('no list of items')
    })
    expect(readSnapshot({ id: 'fr_R2', prescription: { items: [] } })).toMatchObject({ ok: true })
  })

  it('counts an id in characters, as the contract does: 64 with an emoji among them is an id, 65 is not', () => {
    const id = `fr_${'x'.repeat(60)}💊`
    expect(id.length).toBe(65)
    const line = { ...(contractSnapshot().prescription as { items: Record<string, unknown>[] }).items[0], lineId: id }
    const raw = { ...contractSnapshot(), id, prescription: { items: [line] }, patient: { id, name: { family: 'O' } } }
    const reading = readSnapshot(raw)
    expect(reading).toMatchObject({ ok: true, snapshot: { id, prescription: { items: [{ lineId: id }] } } })
    if (!reading.ok) return
    expect(reading.findings.filter((finding) => finding.problem === 'too_long')).toEqual([])
    expect(readSnapshot({ ...raw, id: `${id}x` })).toMatchObject({ ok: false, requestId: null })
  })

  it('reads what it can and says what it could not, with the raw value at its path', () => {
    const raw = contractSnapshot()
    const rx = raw.prescription as Record<string, unknown>
    rx.hardCopy = { required: 'maybe' }
    rx.items = [
      { lineId: 'l1', product: { dmdCode: '1', name: 'X' }, quantity: 'twenty', unit: 'tablet', directions: 'd' }
    ]
    delete raw.patient
    raw.delivery = { ...(raw.delivery as object), service: 'drone_drop', 'gate code': 1234 }
    const reading = readSnapshot(raw)
    if (!reading.ok) throw new Error(reading.reason)
    // An unreadable "original required" counts as required: never skipped.
    expect(reading.snapshot.prescription.hardCopy.required).toBe(true)
    expect(reading.snapshot.prescription.items[0]).toMatchObject({ quantity: 0, cautionaryLabels: [] })
    expect(reading.snapshot.patient).toMatchObject({ id: '', name: { given: '', family: '' }, dateOfBirth: '' })
    expect(reading.findings.map((f) => [f.problem, f.path, f.lineId])).toEqual([
      ['invalid', 'prescription.hardCopy.required', null],
      ['invalid', 'prescription.items[0].quantity', 'l1'],
      ['missing', 'patient', null],
      ['extra_field', 'delivery["gate code"]', null]
    ])
    for (const finding of reading.findings) expect(valueAt(raw, finding.path)).toEqual(finding.raw)
  })

  it('reads an original that is not an object as required, and says so: never skipped', () => {
    const raw = contractSnapshot()
    ;(raw.prescription as Record<string, unknown>).hardCopy = 'yes'
    const reading = readSnapshot(raw)
    if (!reading.ok) throw new Error(reading.reason)
    expect(reading.snapshot.prescription.hardCopy).toEqual({ required: true, reason: null })
    expect(reading.findings.map((f) => [f.problem, f.path])).toEqual([['invalid', 'prescription.hardCopy']])
  })

  it('flags a line without an id, two lines with one id, an empty list, unknown enums and a schedule it cannot read', () => {
    const raw = contractSnapshot()
    const item = (raw.prescription as { items: Array<Record<string, unknown>> }).items[0]!
    ;(raw.prescription as Record<string, unknown>).items = [
      { ...item, lineId: undefined },
      item,
      { ...item, product: { ...(item.product as object), controlledDrugSchedule: 'CD2' } }
    ]
    raw.route = 'drive_through'
    const reading = readSnapshot(raw)
    if (!reading.ok) throw new Error(reading.reason)
    expect(reading.snapshot.prescription.items.map((line) => line.lineId)).toEqual(['#1', 'l1', 'l1'])
    expect(reading.findings.map((f) => [f.problem, f.path])).toEqual([
      ['unknown_value', 'route'],
      ['missing', 'prescription.items[0].lineId'],
      ['invalid', 'prescription.items[2].lineId'],
      ['unknown_value', 'prescription.items[2].product.controlledDrugSchedule']
    ])
    const empty = readSnapshot({ ...contractSnapshot(), prescription: { ...(raw.prescription as object), items: [] } })
    expect(empty.ok && empty.findings.map((f) => f.words)).toEqual(['The prescription lists no medicines.'])
  })

  it('writes paths any field name can be read back from', () => {
    expect(fieldPath('', 'route')).toBe('route')
    expect(fieldPath('delivery', 'a.b')).toBe('delivery["a.b"]')
    expect(valueAt({ delivery: { 'a.b': [1, { 'x"y': 2 }] } }, 'delivery["a.b"][1]["x\\"y"]')).toBe(2)
  })
})
