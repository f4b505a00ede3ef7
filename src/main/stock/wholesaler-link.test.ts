import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import demoProducts from '../../../resources/demo/products.json'
import { wholesalersFileSchema } from '../../shared/stock/wholesaler'
import type { PackRecord } from './catalogue'
import { SCRIPTED, SimulatedWholesalerLink } from './wholesaler-link'
import { resourcePath } from '../resources'

const [aah, alliance] = wholesalersFileSchema.parse(
  JSON.parse(readFileSync(resourcePath('wholesalers.json'), 'utf8'))
).wholesalers
const pack = (over: Partial<PackRecord> = {}): PackRecord => ({
  amppId: '43000011000001105',
  ampId: '42000011000001104',
  vmpId: '41000099000001100',
  name: 'Test 10mg tablets 28',
  packSizeMilli: 28_000,
  unit: 'tablet',
  pipCode: '1079220',
  reorderLevelMilli: 0,
  ...over
})
const send = (
  wholesalerIndex: 0 | 1,
  line: { pack: PackRecord; packs: number; cdSchedule?: number | null; alternatives?: PackRecord[] }
) => {
  const wholesaler = wholesalerIndex === 0 ? aah : alliance
  if (!wholesaler) throw new Error('sample wholesalers missing')
  return new SimulatedWholesalerLink().send(wholesaler, {
    number: 7,
    placedAt: new Date('2026-11-26T09:00:00Z'),
    lines: [{ cdSchedule: null, alternatives: [], ...line }]
  })
}

describe('the simulated wholesaler link', () => {
  it('answers deterministically: placed, partly placed, substituted, rejected with a reason', () => {
    expect(send(0, { pack: pack(), packs: 2 })).toEqual({
      reference: 'AAH-SIM-000007',
      lines: [{ status: 'placed', packsPlaced: 2, supplied: pack(), reasonCode: null, reason: null }]
    })
    expect(send(0, { pack: pack({ pipCode: null }), packs: 1 }).lines[0]).toMatchObject({
      status: 'rejected',
      reasonCode: 'no_pip'
    })
    expect(send(0, { pack: pack(), packs: 3, cdSchedule: 2 }).lines[0]).toMatchObject({
      status: 'partly_placed',
      packsPlaced: 2,
      reasonCode: 'allocation'
    })
    expect(send(0, { pack: pack({ vmpId: '41002051000001100' }), packs: 1 }).lines[0]).toMatchObject({
      status: 'rejected',
      reasonCode: 'manufacturer_cannot_supply'
    })
    expect(send(0, { pack: pack({ vmpId: '41001741000001105' }), packs: 1 }).lines[0]).toMatchObject({
      status: 'rejected',
      reasonCode: 'out_of_stock'
    })
    expect(send(1, { pack: pack({ vmpId: '41001741000001105' }), packs: 1 }).lines[0]).toMatchObject({
      status: 'placed'
    })
    const other = pack({ amppId: '43000021000001101', ampId: '42000021000001108', vmpId: '41000011000001103' })
    expect(
      send(0, { pack: pack({ vmpId: '41000011000001103' }), packs: 1, alternatives: [other] }).lines[0]
    ).toMatchObject({ status: 'substituted', supplied: other })
  })

  it('scripts only products of the sample catalogue that the demo day never prescribes', () => {
    const products = readFileSync(resourcePath('catalogue', 'products.csv'), 'utf8')
    const demo = new Set(demoProducts.products.map((p) => p.dmdCode))
    for (const vmpId of Object.keys(SCRIPTED)) {
      expect(products).toContain(`${vmpId},VMP,`)
      expect(demo.has(vmpId)).toBe(false)
    }
  })
})
