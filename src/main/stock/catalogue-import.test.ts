import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isValidGtin, isValidPipCode } from '../../shared/stock/identifiers'
import {
  fromDmdGtinExtract,
  importCatalogue,
  importPackGtins,
  importPacks,
  importProducts,
  type ImportIssue
} from './catalogue-import'
import {
  CATALOGUE_FILES,
  checkSampleCatalogue,
  generateSampleCatalogue
} from '../../../scripts/generate-sample-catalogue'
import { resourcePath } from '../resources'

const lines = (...rows: string[]) => rows.join('\n') + '\n'
const reasons = (issues: readonly ImportIssue[]) => issues.map((i) => `${i.line}: ${i.reason}`)

const PRODUCT_HEADER = 'dmd_id,level,vmp_id,name,strength,form,cd_schedule,supplier,bnf_chapter'

describe('importProducts', () => {
  it('reads VMPs and AMPs in any order (rows keep file order); blank AMP columns inherit from the VMP', () => {
    const { rows, report } = importProducts(
      lines(
        PRODUCT_HEADER,
        '222222222,amp,111111111,MST Continus 10mg tablets,,,,Napp Pharmaceuticals Ltd,',
        '111111111,VMP,,Morphine sulfate 10mg modified-release tablets,10mg,modified-release tablet,2,,4'
      )
    )
    expect(report.rejected).toEqual([])
    expect(rows.map((r) => r.row)).toEqual([
      {
        dmdId: '222222222',
        level: 'AMP',
        vmpId: '111111111',
        name: 'MST Continus 10mg tablets',
        strength: '10mg',
        form: 'modified-release tablet',
        cdSchedule: 2,
        supplier: 'Napp Pharmaceuticals Ltd',
        bnfChapter: 4
      },
      {
        dmdId: '111111111',
        level: 'VMP',
        vmpId: null,
        name: 'Morphine sulfate 10mg modified-release tablets',
        strength: '10mg',
        form: 'modified-release tablet',
        cdSchedule: 2,
        supplier: null,
        bnfChapter: 4
      }
    ])
    expect(report.accepted).toEqual({ products: 2 })
  })

  it('rejects every bad row with its line and reason, and keeps the good ones', () => {
    const csv = lines(
      PRODUCT_HEADER,
      '100000001,VMP,,Diazepam 5mg tablets,5mg,tablet,4,,4', // 2 ok
      '100000001,VMP,,Diazepam 5mg tablets,5mg,tablet,4,,4', // 3 duplicate
      '100000002,AMP,100000001,Diazepam 5mg tablets,5mg,tablet,3,Accord Healthcare Ltd,4', // 4 schedule differs
      '100000003,AMP,100000009,Orphan 5mg tablets,5mg,tablet,,Teva UK Ltd,', // 5 unknown VMP
      '100000004,AMP,100000001,Diazepam 10mg tablets,10mg,tablet,,Teva UK Ltd,', // 6 strength differs
      '100000005,VMP,,Bad schedule tablets,1mg,tablet,CD2,,', // 7
      '100000006,VMP,,Bad schedule tablets,1mg,tablet,6,,', // 8
      '1.00000E+11,VMP,,Spreadsheet id tablets,1mg,tablet,,,', // 9
      '100000007,VMP,,"Two',
      'lines",1mg,tablet,,,', // 10-11 name with a newline
      '100000008,VMP,,Co-codamol 30mg,500mg tablets,30mg/500mg,tablet,5,,4', // 12 unquoted comma
      '100000010,VMP,,No form tablets,1mg,,,,', // 13 VMP without form
      '100000011,VMP,,Supplier on VMP,1mg,tablet,,Teva UK Ltd,', // 14
      '100000012,AMP,,No parent,1mg,tablet,,Teva UK Ltd,', // 15
      '100000013,AMP,100000002,Child of an AMP,5mg,tablet,,Teva UK Ltd,', // 16 parent is an AMP
      '100000014,AMP,100000005,Child of a rejected VMP,1mg,tablet,,Teva UK Ltd,', // 17
      '100000015,XMP,,Wrong level,1mg,tablet,,,', // 18
      '100000016,VMP,,Chapter 16,1mg,tablet,,,16' // 19
    )
    const { rows, report } = importProducts(csv)
    expect(rows.map((r) => r.line)).toEqual([2])
    expect(reasons(report.rejected)).toEqual([
      '3: duplicate dm+d id 100000001 (first on line 2)',
      '4: cd_schedule "3" differs from its VMP\'s "4" (line 2)',
      '5: unknown VMP 100000009',
      '6: strength "10mg" differs from its VMP\'s "5mg" (line 2)',
      '7: cd_schedule: expected blank (not controlled) or a schedule 1–5',
      '8: cd_schedule: expected blank (not controlled) or a schedule 1–5',
      '9: dmd_id: "1.00000E+11" looks like a spreadsheet\'s scientific notation; keep the column as text',
      '10: name: must be one line of text without control characters',
      '12: expected 9 fields as in the header, found 10 (an unquoted comma in a value?)',
      '13: form: required on a VMP row',
      '14: supplier: must be blank on a VMP row (suppliers belong to AMPs)',
      '15: vmp_id: required on an AMP row',
      '16: vmp_id 100000002 is an AMP, not a VMP',
      '17: its VMP 100000005 was rejected (line 7)',
      '18: level: expected VMP or AMP',
      '19: bnf_chapter: expected blank or a BNF chapter 1–15'
    ])
    expect(report.accepted).toEqual({ products: 1 })
  })

  it('says when a vmp_id names an accepted AMP', () => {
    const { report } = importProducts(
      lines(
        PRODUCT_HEADER,
        '100000001,VMP,,A 1mg tablets,1mg,tablet,,,',
        '100000002,AMP,100000001,A 1mg tablets,,,,X Ltd,',
        '100000003,AMP,100000002,B,,,,X Ltd,'
      )
    )
    expect(reasons(report.rejected)).toEqual(['4: vmp_id 100000002 is an AMP, not a VMP'])
  })

  it('matches headers loosely, ignores and reports unknown columns, tolerates padding', () => {
    const { rows, report } = importProducts(
      lines(
        ' Name ,DMD ID,Level,VMP_ID,Strength,Form,CD Schedule,Supplier,Notes',
        '  Paracetamol 500mg tablets , 100000001 ,vmp,,500mg,tablet,,,anything'
      )
    )
    expect(rows.map((r) => [r.row.dmdId, r.row.name])).toEqual([['100000001', 'Paracetamol 500mg tablets']])
    expect(reasons(report.warnings)).toEqual(['1: ignored unknown column(s): "Notes"'])
  })

  it('rejects every row when a required column is missing or doubled', () => {
    const missing = importProducts(lines('dmd_id,level,name', '100000001,VMP,A', '100000002,VMP,B'))
    expect(reasons(missing.report.rejected)).toEqual([
      '2: not read: the header lacks required column(s): vmp_id, strength, form, cd_schedule, supplier',
      '3: not read: the header lacks required column(s): vmp_id, strength, form, cd_schedule, supplier'
    ])
    const doubled = importProducts(lines(`${PRODUCT_HEADER},name`, '100000001,VMP,,A,1mg,tablet,,,,A'))
    expect(reasons(doubled.report.rejected)).toEqual(['2: not read: column name appears 2 times in the header'])
  })

  it('handles an empty file, a header alone, and a broken header', () => {
    expect(reasons(importProducts('').report.rejected)).toEqual(['1: no header row: the file is empty'])
    expect(importProducts('\uFEFF' + PRODUCT_HEADER).report).toEqual({
      accepted: { products: 0 },
      rejected: [],
      warnings: []
    })
    expect(reasons(importProducts(lines('"dmd_id,level', '100000001,VMP')).report.rejected)).toEqual([
      '1: a quoted field is never closed; this record was skipped and reading resumed on the next line; the header row is unreadable',
      '2: not read: the header row is unreadable'
    ])
  })
})

const PACK_HEADER = 'ampp_id,amp_id,name,pack_size,pack_unit,pip_code,reorder_level'

describe('importPacks', () => {
  it('types sizes, units, PIP codes and reorder levels', () => {
    const { rows, report } = importPacks(
      lines(
        PACK_HEADER,
        '300000001,200000001,Latanoprost eye drops 2.5 ml,2.5,ML,1000004,',
        '300000002,200000001,Same 3x2.5ml,7.5,ml,,5'
      )
    )
    expect(report.rejected).toEqual([])
    expect(rows.map((r) => r.row)).toEqual([
      {
        amppId: '300000001',
        ampId: '200000001',
        name: 'Latanoprost eye drops 2.5 ml',
        packSize: 2.5,
        packUnit: 'ml',
        pipCode: '1000004',
        reorderLevel: 0
      },
      {
        amppId: '300000002',
        ampId: '200000001',
        name: 'Same 3x2.5ml',
        packSize: 7.5,
        packUnit: 'ml',
        pipCode: null,
        reorderLevel: 5
      }
    ])
  })

  it('rejects nasty values with reasons', () => {
    const { rows, report } = importPacks(
      lines(
        PACK_HEADER,
        '300000001,200000001,A,28,tablet,1000004,56', // 2 ok
        '300000002,200000001,B,0,tablet,,', // 3
        '300000003,200000001,C,28 tablets,tablet,,', // 4
        '300000004,200000001,D,28,tabs,,', // 5
        '300000005,200000001,E,28,tablet,4567,', // 6 leading zeros lost
        '300000006,200000001,F,28,tablet,1000005,', // 7 bad check digit
        '300000007,200000001,G,28,tablet,1000004,', // 8 duplicate PIP
        '300000001,200000001,H,28,tablet,,', // 9 duplicate AMPP
        '300000008,200000001,I,28,tablet,,-1', // 10
        '300000009,200000001,J,1e3,tablet,,' // 11
      )
    )
    expect(rows.map((r) => r.line)).toEqual([2])
    expect(reasons(report.rejected)).toEqual([
      '3: pack_size: must be more than 0',
      '4: pack_size: expected a positive number such as 28 or 2.5',
      '5: pack_unit: expected one of: tablet, capsule, ml, g, dose, patch, sachet, pessary, suppository, ampoule, vial, pre-filled pen, pre-filled syringe, lozenge, device',
      '6: pip_code: expected a 7-digit PIP code with a valid mod-11 check digit, got "4567" (a spreadsheet may have dropped leading zeros)',
      '7: pip_code: expected a 7-digit PIP code with a valid mod-11 check digit, got "1000005"',
      '8: PIP code 1000004 already belongs to AMPP 300000001 (line 2)',
      '9: duplicate AMPP id 300000001 (first on line 2)',
      '10: reorder_level: expected blank or a whole number ≥ 0',
      '11: pack_size: expected a positive number such as 28 or 2.5'
    ])
  })

  it('can skip the PIP check digit for a source with another scheme', () => {
    expect(
      importPacks(lines(PACK_HEADER, '300000006,200000001,F,28,tablet,1000005,'), { verifyPipCheckDigit: false }).rows
    ).toHaveLength(1)
  })
})

describe('importPackGtins', () => {
  it('pads GTIN-13s, flags ended GTINs historic, and refuses ambiguous or broken ones', () => {
    const { rows, report } = importPackGtins(
      lines(
        'ampp_id,gtin,start_date,end_date',
        '300000001,5901234123457,2019-01-01,', // 2 ok, padded
        '300000001,05000000100002,2012-01-01,2018-12-31', // 3 ok, historic
        '300000002,5901234123457,2020-01-01,', // 4 GTIN already on another pack
        '300000001,05901234123457,,', // 5 same pair again after padding
        '300000003,5901234123458,,', // 6 bad check digit
        '300000003,5.90123E+12,,', // 7 spreadsheet
        '300000003,05000000100019,2020-01-01,2019-01-01', // 8 ends before it starts
        '300000003,05000000100026,01/02/2020,' // 9 not ISO in the catalogue's own file
      )
    )
    expect(rows.map((r) => r.row)).toEqual([
      { amppId: '300000001', gtin: '05901234123457', startDate: '2019-01-01', endDate: null, historic: false },
      { amppId: '300000001', gtin: '05000000100002', startDate: '2012-01-01', endDate: '2018-12-31', historic: true }
    ])
    expect(reasons(report.rejected)).toEqual([
      '4: GTIN 05901234123457 already belongs to AMPP 300000001 (line 2)',
      '5: duplicate of line 2 (300000001, GTIN 05901234123457)',
      '6: gtin: expected a GTIN-8/12/13/14 with a valid check digit, got "5901234123458"',
      '7: gtin: "5.90123E+12" looks like a spreadsheet\'s scientific notation; keep the column as text',
      '8: end_date: ends (2019-01-01) before it starts (2020-01-01)',
      '9: start_date: expected blank or a date YYYY-MM-DD, got "01/02/2020"'
    ])
  })
})

describe('fromDmdGtinExtract', () => {
  const extract = lines(
    'AMPPID,GTIN,STARTDT,ENDDT,SOURCE',
    '300000001,5000000100002,20150401,20190331,x', // 2 historic, YYYYMMDD, 13 digits
    '300000001,05000000100019,01/04/2019,,x', // 3 current, UK date
    '300000001,05000000100026,2024-06-01,2030-01-01,x', // 4 ends in the future
    '300000002,05000000100033,31/02/2020,,x', // 5 impossible date
    '300000002,05000000100040,2020-01-01,,x', // 6 ok
    '300000002,05000000100040,2020-01-01,,x' // 7 duplicate
  )

  it('maps AMPPID → GTIN rows, several per pack, with lenient dates', () => {
    const { rows, report } = fromDmdGtinExtract(extract)
    expect(rows.map((r) => [r.line, r.row.amppId, r.row.gtin, r.row.startDate, r.row.endDate, r.row.historic])).toEqual(
      [
        [2, '300000001', '05000000100002', '2015-04-01', '2019-03-31', true],
        [3, '300000001', '05000000100019', '2019-04-01', null, false],
        [4, '300000001', '05000000100026', '2024-06-01', '2030-01-01', true],
        [6, '300000002', '05000000100040', '2020-01-01', null, false]
      ]
    )
    expect(reasons(report.rejected)).toEqual([
      '5: start_date: expected blank or a date YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY, got "31/02/2020"',
      '7: duplicate of line 6 (300000002, GTIN 05000000100040)'
    ])
    expect(reasons(report.warnings)).toEqual(['1: ignored unknown column(s): "SOURCE"'])
    expect(report.rejected.every((i) => i.file === 'dmd-gtin')).toBe(true)
  })

  it('with asOf, only GTINs ended before that date are historic', () => {
    const { rows } = fromDmdGtinExtract(extract, { asOf: '2025-01-01' })
    expect(rows.map((r) => r.row.historic)).toEqual([true, false, false, false])
    expect(() => fromDmdGtinExtract(extract, { asOf: '1/1/2025' })).toThrow(RangeError)
  })

  it('accepts lower-case headers and no date columns', () => {
    expect(fromDmdGtinExtract('amppid,gtin\r\n300000001,05000000100002\r\n').rows).toHaveLength(1)
  })
})

describe('importCatalogue', () => {
  const products = lines(
    PRODUCT_HEADER,
    '100000001,VMP,,A 1mg tablets,1mg,tablet,,,',
    '200000001,AMP,100000001,A 1mg tablets,,,,X Ltd,',
    '200000002,AMP,100000009,Orphan,,,,X Ltd,'
  )
  const packs = lines(
    PACK_HEADER,
    '300000001,200000001,A 28,28,tablet,1000004,28', // 2 ok
    '300000002,200000009,Unknown AMP,28,tablet,,', // 3
    '300000003,100000001,On a VMP,28,tablet,,', // 4
    '300000004,200000002,Rejected AMP,28,tablet,,', // 5
    '300000005,200000001,No GTIN,56,tablet,,' // 6 ok, warned
  )
  const gtins = lines(
    'ampp_id,gtin,start_date,end_date',
    '300000001,05000000100002,,',
    '300000099,05000000100019,,',
    '300000004,05000000100026,,'
  )

  it('checks references across the files and warns about packs that cannot be scanned', () => {
    const result = importCatalogue({ products, packs, gtins })
    expect(result.products.map((p) => p.dmdId)).toEqual(['100000001', '200000001'])
    expect(result.packs.map((p) => p.amppId)).toEqual(['300000001', '300000005'])
    expect(result.gtins.map((g) => g.gtin)).toEqual(['05000000100002'])
    expect(result.report.rejected.map((i) => `${i.file}:${i.line}: ${i.reason}`)).toEqual([
      'products:4: unknown VMP 100000009',
      'packs:3: unknown AMP 200000009',
      'packs:4: amp_id 100000001 is a VMP; packs belong to AMPs',
      'packs:5: its AMP 200000002 was rejected (products line 4)',
      'gtins:3: unknown AMPP 300000099',
      'gtins:4: its pack 300000004 was rejected (packs line 5)'
    ])
    expect(result.report.warnings.map((i) => `${i.file}:${i.line}: ${i.reason}`)).toEqual([
      'packs:6: AMPP 300000005 has no current GTIN, so its packs cannot be scan-checked'
    ])
    expect(result.report.accepted).toEqual({ products: 2, packs: 2, gtins: 1 })
  })

  it('reads the GTIN file as a dm+d extract on request', () => {
    const result = importCatalogue(
      { products, packs, gtins: 'AMPPID,GTIN,STARTDT,ENDDT\n300000001,5000000100002,20190101,\n' },
      { gtinsFrom: 'dmd-extract' }
    )
    expect(result.gtins).toEqual([
      { amppId: '300000001', gtin: '05000000100002', startDate: '2019-01-01', endDate: null, historic: false }
    ])
    expect(result.report.accepted).toMatchObject({ 'dmd-gtin': 1 })
  })
})

describe('the sample catalogue in resources/catalogue', () => {
  const read = (name: string) => readFileSync(resourcePath('catalogue', name), 'utf8')
  const files = {
    products: read(CATALOGUE_FILES.products),
    packs: read(CATALOGUE_FILES.packs),
    gtins: read(CATALOGUE_FILES.gtins)
  }
  const result = importCatalogue(files)

  it('is what the generator writes today', () => {
    const fresh = generateSampleCatalogue()
    const lf = (s: string) => s.replaceAll('\r\n', '\n')
    expect(lf(files.products)).toBe(fresh.products)
    expect(lf(files.packs)).toBe(fresh.packs)
    expect(lf(files.gtins)).toBe(fresh.gtins)
  })

  it('imports with no rejection or warning and holds every demo product exactly', () => {
    expect(result.report.rejected).toEqual([])
    expect(result.report.warnings).toEqual([])
    expect(checkSampleCatalogue(files)).toEqual([])
  })

  it('has a few hundred VMPs, each with an AMP, each AMP with 1–3 packs, each pack scannable', () => {
    const vmps = result.products.filter((p) => p.level === 'VMP')
    const amps = result.products.filter((p) => p.level === 'AMP')
    expect(vmps.length).toBeGreaterThanOrEqual(280)
    expect(vmps.length).toBeLessThanOrEqual(360)
    for (const v of vmps) expect(amps.some((a) => a.vmpId === v.dmdId)).toBe(true)
    for (const a of amps) {
      const n = result.packs.filter((p) => p.ampId === a.dmdId).length
      expect(n).toBeGreaterThanOrEqual(1)
      expect(n).toBeLessThanOrEqual(3)
    }
    const current = new Set(result.gtins.filter((g) => !g.historic).map((g) => g.amppId))
    for (const p of result.packs) expect(current.has(p.amppId)).toBe(true)
    expect(result.gtins.some((g) => g.historic)).toBe(true)
  })

  it('uses unique, valid, fictitious identifiers', () => {
    const gtins = result.gtins.map((g) => g.gtin)
    expect(new Set(gtins).size).toBe(gtins.length)
    for (const g of gtins) {
      expect(isValidGtin(g)).toBe(true)
      expect(g.startsWith('05000000')).toBe(true)
    }
    const pips = result.packs.map((p) => p.pipCode)
    expect(new Set(pips).size).toBe(pips.length)
    for (const pip of pips) expect(pip !== null && isValidPipCode(pip)).toBe(true)
  })

  it('covers controlled drugs of schedules 2 to 5 and many BNF chapters', () => {
    expect([...new Set(result.products.map((p) => p.cdSchedule))]).toEqual(expect.arrayContaining([null, 2, 3, 4, 5]))
    expect(new Set(result.products.map((p) => p.bnfChapter)).size).toBeGreaterThanOrEqual(12)
    expect([...new Set(result.packs.map((p) => p.packUnit))]).toEqual(
      expect.arrayContaining(['tablet', 'capsule', 'ml', 'g', 'dose', 'patch', 'sachet', 'pre-filled pen'])
    )
  })
})
