import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Recall } from '../../src/main/registers/recall'
import { settle } from '../helpers/linked'
import {
  checkedRequest,
  dispensedWorld,
  packMaker,
  registerRequest,
  type DispensedWorld
} from '../helpers/dispensed-world'
import { supplyByCarrier } from '../helpers/supply'
import { scan } from '../stock/helpers'

const MORPHINE = { dmdId: '36128311000001109', name: 'Morphine sulfate 10mg modified-release tablets', schedule: 2 }
const person = (given: string, family: string) => ({
  patient: {
    id: `pt_${family}`,
    name: { title: null, given, family },
    dateOfBirth: '1970-01-01',
    phone: null,
    email: null
  },
  delivery: {
    recipientName: `${given} ${family}`,
    address: { line1: `1 ${family} Street`, line2: null, city: 'York', postcode: 'YO1 7HH', country: 'GB' },
    service: 'royal_mail_tracked_24',
    instructions: null
  }
})

let w: DispensedWorld
let morphine: Awaited<ReturnType<typeof packMaker>>

/** One pack of morphine of `batch` for a patient, checked and bagged. */
async function bagged(id: string, family: string, batch: string, expiry = '280630'): Promise<void> {
  const body = registerRequest(id, [{ lineId: 'l1', ...MORPHINE, quantity: morphine.packSize }], person('Pat', family))
  await checkedRequest(w, id, body, { l1: [morphine.code(batch, expiry)] })
}

beforeAll(async () => {
  w = await dispensedWorld()
  morphine = await packMaker(w, MORPHINE.dmdId)
  for (const [batch, expiry] of [
    ['MST1', '280630'],
    ['MST1', '280630'],
    ['MST1', '280630'],
    ['MST2', '290131']
  ] as const)
    await scan(w.core, w.assembler, morphine.code(batch, expiry))
  await bagged('fr_RC_A', 'Ashdown', 'MST1')
  await supplyByCarrier(w.core, w.checker, 'fr_RC_A')
  await bagged('fr_RC_B', 'Barrow', 'MST2', '290131')
  await supplyByCarrier(w.core, w.checker, 'fr_RC_B')
  await bagged('fr_RC_C', 'Crane', 'MST1')
  // Cancelled after labelling: the pack is quarantined in the pharmacy, with no patient.
  await bagged('fr_RC_D', 'Dunmore', 'MST1')
  await w.l.phensys.post('/sandbox/requests/fr_RC_D/cancel', { reason: 'patient_request' })
  await settle(w.core)
}, 60_000)
afterAll(async () => w?.stop())

describe('batch recall', () => {
  it('finds every patient of a batch, supplied or still in the pharmacy, and no other', async () => {
    const found = await w.core.call(w.pharmacist, 'registers.recall.search', {
      product: MORPHINE.dmdId,
      batchNo: 'MST1'
    })
    if (!found.ok) throw new Error(found.error.message)
    // The bags still to stop come first.
    expect(found.value.hits.map((h) => [h.requestId, h.status, h.warning])).toEqual([
      ['fr_RC_C', 'not_yet_supplied', 'Not yet supplied: stop it'],
      ['fr_RC_A', 'supplied', null]
    ])
    expect(found.value.hits[1]).toMatchObject({
      patientName: 'Pat Ashdown',
      patientAddress: '1 Ashdown Street, York, YO1 7HH',
      suppliedAt: expect.any(String),
      batchNo: 'MST1',
      expiry: '2028-06-30',
      quantity: morphine.packSize,
      unit: 'tablet',
      gtin: morphine.gtin
    })
    expect(found.value.hits[0]).toMatchObject({
      patientName: 'Pat Crane',
      patientAddress: '1 Crane Street, York, YO1 7HH',
      suppliedAt: null
    })
  })

  it('pages the list: the counts are of every bag, those to stop first, a page at a time', async () => {
    const page = async (offset: number) => {
      const found = await w.core.call(w.pharmacist, 'registers.recall.search', {
        product: MORPHINE.dmdId,
        batchNo: 'MST1',
        offset,
        limit: 1
      })
      if (!found.ok) throw new Error(found.error.message)
      return found.value
    }
    const first = await page(0)
    expect(first).toMatchObject({ bags: 2, notYetSupplied: 1, offset: 0 })
    expect(first.hits.map((h) => [h.requestId, h.status])).toEqual([['fr_RC_C', 'not_yet_supplied']])
    const second = await page(1)
    expect(second).toMatchObject({ bags: 2, notYetSupplied: 1, offset: 1 })
    expect(second.hits.map((h) => [h.requestId, h.status])).toEqual([['fr_RC_A', 'supplied']])
    expect((await page(2)).hits).toEqual([])
  })

  it('searches by name and batch, by AMPP, and by GTIN and expiry range', async () => {
    const byName = await w.core.call(w.checker, 'registers.recall.search', {
      product: 'morphine sulfate 10mg modified',
      batchNo: 'MST2'
    })
    expect(byName).toMatchObject({
      ok: true,
      value: { hits: [{ requestId: 'fr_RC_B', patientName: 'Pat Barrow', status: 'supplied' }] }
    })
    const byPack = await w.core.call(w.checker, 'registers.recall.search', { product: morphine.amppId })
    if (!byPack.ok) throw new Error(byPack.error.message)
    expect(byPack.value.hits.map((h) => h.requestId).sort()).toEqual(['fr_RC_A', 'fr_RC_B', 'fr_RC_C'])
    // By the product's own code (AMP), which the pack names.
    const [{ ampId }] = w.core.internals.store.sqlite
      .prepare('SELECT amp_id AS ampId FROM packs WHERE ampp_id = ?')
      .all(morphine.amppId) as [{ ampId: string }]
    const byProduct = await w.core.call(w.checker, 'registers.recall.search', { product: ampId, batchNo: 'MST1' })
    if (!byProduct.ok) throw new Error(byProduct.error.message)
    expect(byProduct.value.hits.map((h) => h.requestId)).toEqual(['fr_RC_C', 'fr_RC_A'])
    const byExpiry = await w.core.call(w.checker, 'registers.recall.search', {
      gtin: morphine.gtin,
      expiryFrom: '2029-01-01',
      expiryTo: '2029-12-31'
    })
    expect(byExpiry).toMatchObject({ ok: true, value: { packsMatched: 1, hits: [{ requestId: 'fr_RC_B' }] } })
    expect(
      await w.core.call(w.checker, 'registers.recall.search', {
        gtin: morphine.gtin,
        expiryFrom: '2029-12-31',
        expiryTo: '2029-01-01'
      })
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await w.core.call(w.admin, 'registers.recall.search', { product: MORPHINE.dmdId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
  })

  it('finds the packs of a dm+d code through indexes, never by reading the whole catalogue', () => {
    const recall = new Recall(w.core.internals.store.db) as unknown as Record<string, { getQuery(): { sql: string } }>
    const sql = recall['packsByCode']!.getQuery().sql.replaceAll('?', "''")
    const plan = (w.core.internals.store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>)
      .map((row) => row.detail)
      .join(' / ')
    expect(plan).toContain('packs_amp')
    expect(plan).toContain('products_vmp')
    expect(plan).not.toMatch(/SCAN (packs|products|amp)\b/)
  })

  it('exports the list as CSV with the packs still to stop marked', async () => {
    const csv = await w.core.call(w.pharmacist, 'registers.recall.export', {
      criteria: { product: MORPHINE.dmdId, batchNo: 'MST1' },
      format: 'csv'
    })
    if (!csv.ok) throw new Error(csv.error.message)
    const rows = Buffer.from(csv.value.base64, 'base64').toString('utf8').trim().split('\r\n')
    expect(rows).toHaveLength(3)
    expect(rows[1]).toMatch(/^NOT YET SUPPLIED: STOP IT,Pat Crane,/)
  })
})
