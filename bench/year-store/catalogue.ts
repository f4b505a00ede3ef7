/**
 * The year store's catalogue: the sample catalogue (resources/catalogue: real drug names, the
 * demo day's codes, Schedule 2 drugs, the products the simulated wholesaler link answers
 * specially) and enough made-up products after it to reach 20,000 packs, as a pharmacy that
 * imports a dm+d subset would hold. Written as the three CSV files the core imports at first
 * start, so the catalogue enters the store through the core's own import.
 *
 * Made-up products are plainly made up ("Corvalazine 20mg tablets (Teva UK Ltd) 28 tablet"),
 * with identifiers in ranges the sample does not use: dm+d items from 5100001 (VMP), 5200001
 * (AMP), 5300001 (AMPP); GTINs under 05000001; PIP codes from 400000.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { recordsToCsv } from '../../src/main/documents'
import { importCatalogue } from '../../src/main/stock/catalogue-import'
import type { PackUnit } from '../../src/shared/stock/units'
import { gs1CheckDigit, pipCheckDigit, verhoeffCheckDigit } from '../../src/shared/stock/identifiers'
import { Random } from './random'

export interface CataloguePack {
  amppId: string
  ampId: string
  vmpId: string
  name: string
  /** In pack units (tablets, ml…). */
  packSize: number
  unit: PackUnit
  pipCode: string | null
  /** The current GTIN, the one on new stock. */
  gtin: string
}

export interface CatalogueVmp {
  dmdId: string
  name: string
  strength: string | null
  form: string
  cdSchedule: number | null
  bnfChapter: number | null
  /** Every pack of every AMP of it, in catalogue order. */
  packs: CataloguePack[]
  madeUp: boolean
}

export interface YearCatalogue {
  vmps: CatalogueVmp[]
  packCount: number
  /** The three files the core imports, with each pack's reorder level (pack units; absent = 0). */
  files(reorderLevels: ReadonlyMap<string, number>): { products: string; packs: string; gtins: string }
}

/** The sample catalogue and made-up products after it, `packs` packs in all. */
export function buildCatalogue(resourcesDir: string, packs: number, random: Random): YearCatalogue {
  const read = (name: string) => readFileSync(join(resourcesDir, 'catalogue', name), 'utf8')
  const sampleFiles = { products: read('products.csv'), packs: read('packs.csv'), gtins: read('pack-gtins.csv') }
  const sample = importCatalogue(sampleFiles)
  if (sample.report.rejected.length > 0) throw new Error('the sample catalogue no longer imports cleanly')

  const vmps = new Map<string, CatalogueVmp>()
  const ampToVmp = new Map<string, string>()
  for (const row of sample.products) {
    if (row.level === 'VMP') {
      vmps.set(row.dmdId, {
        dmdId: row.dmdId,
        name: row.name,
        strength: row.strength,
        form: row.form,
        cdSchedule: row.cdSchedule,
        bnfChapter: row.bnfChapter,
        packs: [],
        madeUp: false
      })
    } else ampToVmp.set(row.dmdId, row.vmpId)
  }
  const currentGtin = new Map<string, string>()
  for (const row of sample.gtins)
    if (!row.historic && !currentGtin.has(row.amppId)) currentGtin.set(row.amppId, row.gtin)
  for (const row of sample.packs) {
    const vmpId = ampToVmp.get(row.ampId)
    const gtin = currentGtin.get(row.amppId)
    if (!vmpId || !gtin) continue
    vmps.get(vmpId)?.packs.push({
      amppId: row.amppId,
      ampId: row.ampId,
      vmpId,
      name: row.name,
      packSize: row.packSize,
      unit: row.packUnit,
      pipCode: row.pipCode,
      gtin
    })
  }

  const made = madeUpProducts(
    Math.max(0, packs - sample.packs.length),
    new Set(sample.packs.flatMap((p) => p.pipCode ?? [])),
    random
  )
  for (const vmp of made.vmps) vmps.set(vmp.dmdId, vmp)

  const all = [...vmps.values()]
  return {
    vmps: all,
    packCount: sample.packs.length + made.packCount,
    files(reorderLevels) {
      const level = (amppId: string) => String(reorderLevels.get(amppId) ?? 0)
      const packHeader = ['ampp_id', 'amp_id', 'name', 'pack_size', 'pack_unit', 'pip_code', 'reorder_level']
      const samplePacks = sample.packs.map((p) => [
        p.amppId,
        p.ampId,
        p.name,
        String(p.packSize),
        p.packUnit,
        p.pipCode ?? '',
        level(p.amppId)
      ])
      const madePacks = made.vmps.flatMap((vmp) =>
        vmp.packs.map((p) => [p.amppId, p.ampId, p.name, String(p.packSize), p.unit, p.pipCode ?? '', level(p.amppId)])
      )
      return {
        products: sampleFiles.products + recordsToCsv(made.productRows, '\n'),
        packs: recordsToCsv([packHeader, ...samplePacks, ...madePacks], '\n'),
        gtins:
          sampleFiles.gtins +
          recordsToCsv(
            made.vmps.flatMap((vmp) => vmp.packs.map((p) => [p.amppId, p.gtin, '2024-01-01', ''])),
            '\n'
          )
      }
    }
  }
}

interface DoseForm {
  form: string
  plural: string
  unit: PackUnit
  sizes: readonly number[]
  strengths: readonly string[]
  weight: number
}

const DOSE_FORMS: readonly DoseForm[] = [
  {
    form: 'tablet',
    plural: 'tablets',
    unit: 'tablet',
    sizes: [28, 56, 30, 100],
    strengths: ['1mg', '2mg', '5mg', '10mg', '20mg', '25mg', '40mg', '50mg', '100mg', '200mg', '250mg', '500mg'],
    weight: 40
  },
  {
    form: 'film-coated tablet',
    plural: 'film-coated tablets',
    unit: 'tablet',
    sizes: [28, 56, 84],
    strengths: ['2.5mg', '5mg', '10mg', '20mg', '40mg', '80mg'],
    weight: 8
  },
  {
    form: 'modified-release tablet',
    plural: 'modified-release tablets',
    unit: 'tablet',
    sizes: [28, 56],
    strengths: ['4mg', '8mg', '60mg', '120mg', '400mg'],
    weight: 5
  },
  {
    form: 'capsule',
    plural: 'capsules',
    unit: 'capsule',
    sizes: [28, 56, 30],
    strengths: ['10mg', '25mg', '50mg', '100mg', '150mg', '300mg', '500mg'],
    weight: 20
  },
  {
    form: 'oral solution',
    plural: 'oral solution',
    unit: 'ml',
    sizes: [100, 150, 200, 500],
    strengths: ['1mg/ml', '5mg/5ml', '10mg/5ml', '50mg/5ml', '250mg/5ml'],
    weight: 7
  },
  {
    form: 'cream',
    plural: 'cream',
    unit: 'g',
    sizes: [15, 30, 50, 100],
    strengths: ['0.1%', '1%', '2%', '5%'],
    weight: 7
  },
  { form: 'gel', plural: 'gel', unit: 'g', sizes: [30, 50, 100], strengths: ['0.5%', '1%', '2.5%'], weight: 3 },
  {
    form: 'eye drops',
    plural: 'eye drops',
    unit: 'ml',
    sizes: [5, 10],
    strengths: ['0.1%', '0.3%', '0.5%'],
    weight: 3
  },
  {
    form: 'pressurised inhalation',
    plural: 'inhaler',
    unit: 'dose',
    sizes: [120, 200],
    strengths: ['50micrograms/dose', '100micrograms/dose', '250micrograms/dose'],
    weight: 3
  },
  {
    form: 'transdermal patch',
    plural: 'patches',
    unit: 'patch',
    sizes: [4, 8],
    strengths: ['5micrograms/hour', '10micrograms/hour', '25micrograms/hour'],
    weight: 2
  },
  {
    form: 'oral powder sachet',
    plural: 'oral powder sachets',
    unit: 'sachet',
    sizes: [10, 20, 30],
    strengths: ['3g', '6g', '10g'],
    weight: 2
  }
]

const STEM_STARTS =
  'Al Bel Cor Dal Er Fen Gal Hal Ir Lam Mer Nor Ol Pra Quin Ros Sul Tel Ul Ver Xan Zol Bra Cli Dro Flu Gli Lev Mon Pro'.split(
    ' '
  )
const STEM_MIDDLES = 'a e i o u ava ino ero'.split(' ')
const STEM_ENDS =
  'pril sartan olol statin azole mycin cillin dronate tidine pam xetine lukast gliptin profen triptan zepine dipine sone lazine vudine floxacin conazole setron parin tinib'.split(
    ' '
  )
const SUPPLIERS =
  'Accord Healthcare Ltd|Teva UK Ltd|Sandoz Ltd|Zentiva Pharma UK Ltd|Aurobindo Pharma Ltd|Dr Reddys Laboratories (UK) Ltd|Milpharm Ltd|Bristol Laboratories Ltd|Crescent Pharma Ltd|Brown & Burk UK Ltd|Sigma Pharmaceuticals Plc|Wockhardt UK Ltd|Lupin Healthcare (UK) Ltd|Glenmark Pharmaceuticals Europe Ltd|Torrent Pharma (UK) Ltd|Strides Pharma UK Ltd'.split(
    '|'
  )

const snomed = (item: number) => {
  const body = `${item}100000110`
  return `${body}${verhoeffCheckDigit(body)}`
}

/** Each made-up VMP has two AMPs (two suppliers), each in two pack sizes. */
function madeUpProducts(
  packsWanted: number,
  pipsTaken: ReadonlySet<string>,
  random: Random
): { vmps: CatalogueVmp[]; productRows: string[][]; packCount: number } {
  const names = random.shuffle(STEM_STARTS.flatMap((a) => STEM_MIDDLES.flatMap((b) => STEM_ENDS.map((c) => a + b + c))))
  let pipBody = 400_000
  const nextPip = (): string => {
    for (;;) {
      const body = String(pipBody++)
      const check = pipCheckDigit(body)
      if (check !== null && !pipsTaken.has(`${body}${check}`)) return `${body}${check}`
    }
  }
  let gtinSeq = 0
  const nextGtin = () => {
    const body = `05000001${String(gtinSeq++).padStart(5, '0')}`
    return `${body}${gs1CheckDigit(body)}`
  }
  const vmps: CatalogueVmp[] = []
  const productRows: string[][] = []
  let packs = 0
  let drug = 0
  let amps = 0
  while (packs < packsWanted) {
    const stem = names[drug++ % names.length]!
    const form = random.among(DOSE_FORMS.map((f) => [f, f.weight] as const))
    const strengths = random.shuffle(form.strengths).slice(0, random.int(1, 3))
    for (const strength of strengths) {
      if (packs >= packsWanted) break
      const item = 5_100_001 + vmps.length
      const vmpId = snomed(item)
      const name = `${stem} ${strength} ${form.plural}`
      const bnfChapter = 1 + (drug % 13)
      const vmp: CatalogueVmp = {
        dmdId: vmpId,
        name,
        strength,
        form: form.form,
        cdSchedule: null,
        bnfChapter,
        packs: [],
        madeUp: true
      }
      productRows.push([vmpId, 'VMP', '', name, strength, form.form, '', '', String(bnfChapter)])
      const sizes = random.shuffle(form.sizes).slice(0, 2)
      const suppliers = random.shuffle(SUPPLIERS).slice(0, 2)
      for (const supplier of suppliers) {
        const ampId = snomed(5_200_001 + amps++)
        productRows.push([ampId, 'AMP', vmpId, name, strength, form.form, '', supplier, String(bnfChapter)])
        for (const size of sizes) {
          if (packs >= packsWanted) break
          const amppId = snomed(5_300_001 + packs)
          vmp.packs.push({
            amppId,
            ampId,
            vmpId,
            name: `${name} (${supplier}) ${size} ${form.unit}`,
            packSize: size,
            unit: form.unit,
            // A few packs cannot be ordered electronically, as in real dm+d extracts.
            pipCode: random.chance(0.02) ? null : nextPip(),
            gtin: nextGtin()
          })
          packs += 1
        }
      }
      vmps.push(vmp)
    }
  }
  return { vmps, productRows, packCount: packs }
}
