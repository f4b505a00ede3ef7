import { describe, expect, it } from 'vitest'
import { encodeGs1, packFields, GS } from '../../shared/gs1'
import { isPackScanError, parsePackScan } from './pack-scan'

const GTIN = '05000000100002'

describe('parsePackScan', () => {
  it('reads GTIN, batch, expiry and serial from a DataMatrix with GS separators and a scanner suffix', () => {
    const raw = `]d2${encodeGs1(packFields({ gtin: GTIN, expiry: '271231', batch: 'AB12C', serial: 'SN0001' }), { referenceYear: 2026 })}\r\n`
    expect(parsePackScan(raw, { referenceYear: 2026 })).toMatchObject({
      gtin: GTIN,
      batch: 'AB12C',
      expiry: '2027-12-31',
      serial: 'SN0001'
    })
  })

  it('reads a scan whose separators the keyboard wedge dropped when only one reading is possible', () => {
    const raw = encodeGs1(packFields({ gtin: GTIN, expiry: '280600', batch: 'LOT7' }), {
      separator: 'none',
      referenceYear: 2026
    })
    expect(parsePackScan(raw, { referenceYear: 2026 })).toMatchObject({
      gtin: GTIN,
      batch: 'LOT7',
      expiry: '2028-06-30',
      serial: null
    })
  })

  it('takes a configured substitute for FNC1', () => {
    const raw = encodeGs1(packFields({ gtin: GTIN, expiry: '271231', batch: 'B1', serial: 'S1' }), {
      separator: { substitute: '|' },
      referenceYear: 2026
    })
    expect(parsePackScan(raw, { separatorText: '|', referenceYear: 2026 })).toMatchObject({ batch: 'B1', serial: 'S1' })
  })

  it('identifies a plain GTIN without batch or expiry, and shows what was read when it fails', () => {
    expect(parsePackScan('5000000100002')).toMatchObject({ gtin: GTIN, batch: null, expiry: null })
    const bad = parsePackScan(`01${GTIN.slice(0, -1)}9${GS}10X`)
    expect(isPackScanError(bad)).toBe(true)
    expect(bad).toMatchObject({ read: expect.stringContaining('␝') })
    expect(isPackScanError(parsePackScan(''))).toBe(true)
  })
})
