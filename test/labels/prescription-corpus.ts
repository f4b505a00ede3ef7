/**
 * Test support: a corpus of prescriptions shaped like real ones and like the worst Phensys could
 * send: long directions, several cautionary labels, 17 and 18 with their figures, lines supplied
 * as several packs and split packs, long and non-Latin names (Greek, Cyrillic, Hebrew, Arabic,
 * Chinese), six-line addresses and control characters (NUL, bidi overrides, C1) in names,
 * addresses and directions. Made from a seed, so a failure names a case that can be made again.
 */
import type { SuppliedPack } from '../../src/main/labels/dispensing-label'
import type { LabelStock } from '../../src/main/labels/stock'
import { DEFAULT_STOCK } from '../../src/main/labels/stock'
import { readSnapshot } from '../../src/shared/phensys/read-snapshot'
import type { CautionaryLabelRef, Snapshot } from '../../src/shared/phensys/snapshot'

export interface CorpusPrescription {
  /** "#17 fr_C000H on 70×35: Mr 李小龍, 3 packs, split pack": what the case is for. */
  title: string
  /** The request as Phensys sends it, read by the counter's own reader. */
  snapshot: Snapshot
  /** The packs scanned for its lines. */
  packs: SuppliedPack[]
  stock: LabelStock
}

export const CORPUS_PHARMACY = { name: 'Pharmetra Pharmacy', address: 'Unit 4, Kirkstall Works\nLeeds LS5 3BT' }
export const CORPUS_DATE = '2026-11-26'

const STOCKS: readonly LabelStock[] = [
  DEFAULT_STOCK,
  { ...DEFAULT_STOCK, id: '96x37-203', widthMm: 96, heightMm: 37 },
  { ...DEFAULT_STOCK, id: '99x99-203', widthMm: 99, heightMm: 99 }
]

/** Products as dispensed: the prescribed VMP, and the brand (AMP) a scanned pack may be. */
const MEDICINES = [
  {
    name: 'Sertraline 50mg tablets',
    strength: '50mg',
    form: 'tablet',
    unit: 'tablet',
    pack: 28,
    brand: 'Lustral 50mg tablets'
  },
  {
    name: 'Amoxicillin 500mg capsules',
    strength: '500mg',
    form: 'capsule',
    unit: 'capsule',
    pack: 21,
    brand: 'Amoxil 500mg capsules'
  },
  {
    name: 'Co-codamol 30mg/500mg tablets',
    strength: '30mg/500mg',
    form: 'tablet',
    unit: 'tablet',
    pack: 32,
    brand: 'Zapain 30mg/500mg tablets'
  },
  {
    name: 'Morphine sulfate 10mg modified-release tablets',
    strength: '10mg',
    form: 'modified-release tablet',
    unit: 'tablet',
    pack: 60,
    brand: 'MST Continus 10mg tablets'
  },
  {
    name: 'Hydrocortisone 1% cream',
    strength: '1%',
    form: 'cream',
    unit: 'g',
    pack: 15,
    brand: 'Hydrocortisone 1% cream'
  },
  {
    name: 'Lactulose 3.1-3.7g/5ml oral solution',
    strength: '3.1-3.7g/5ml',
    form: 'oral solution',
    unit: 'ml',
    pack: 300,
    brand: 'Duphalac 3.1-3.7g/5ml oral solution'
  },
  {
    name: 'Omeprazole 20mg gastro-resistant capsules',
    strength: '20mg',
    form: 'gastro-resistant capsule',
    unit: 'capsule',
    pack: 28,
    brand: 'Losec 20mg capsules'
  },
  {
    name: 'Salbutamol 100micrograms/dose inhaler CFC free',
    strength: '100micrograms/dose',
    form: 'pressurised inhalation',
    unit: 'inhaler',
    pack: 1,
    brand: 'Ventolin Evohaler 100micrograms'
  },
  {
    name: 'Finasteride 1mg tablets',
    strength: '1mg',
    form: 'tablet',
    unit: 'tablet',
    pack: 28,
    brand: 'Propecia 1mg tablets'
  },
  {
    name: 'Paracetamol 500mg tablets',
    strength: '500mg',
    form: 'tablet',
    unit: 'tablet',
    pack: 16,
    brand: 'Panadol 500mg tablets'
  }
] as const

const DIRECTIONS = [
  'Take ONE tablet each morning',
  'Take ONE capsule THREE times a day until the course is finished',
  'Take ONE tablet every 12 hours (morning and evening). Swallow whole.',
  'Take ONE or TWO tablets up to FOUR times a day when required for pain. Leave at least 4 hours between doses.',
  'Apply thinly to the affected area twice a day. Wash your hands after use.',
  'Take 15ml twice a day, adjusted according to response (up to 45ml a day).',
  'Inhale TWO puffs when required, up to FOUR times a day',
  'Take 0.5 tablet at night for 7 nights, then ONE tablet at night',
  'Take TWO tablets twice a day for 28 days (fifty-six tablets in all), then stop',
  'Take ONE tablet daily; if you forget a dose, take it as soon as you remember, unless it is nearly time for the next one.'
]

const LONG_SENTENCES = [
  'If the pain continues for more than 3 days, or if you develop a high temperature, stop taking this medicine and speak to your pharmacist or doctor straight away.',
  'Keep a record of the doses you take (see the leaflet in the box, section 3).',
  'Take with or after food and a full glass of water, sitting or standing upright.',
  'Do not take more than EIGHT tablets in 24 hours, and leave at least 4 hours between doses.',
  'Your doctor may change the dose after 2 weeks (14 days) depending on how you respond.'
]

/** Title, given name(s), family name. */
const NAMES: ReadonlyArray<readonly [string, string, string]> = [
  ['Ms', 'Zoë', "O'Brien-Łukasik"],
  ['Mr', 'Ian', 'Ng'],
  ['Dr', 'Siobhán', 'Ní Bhriain'],
  ['Mrs', 'Amelia', 'Fairweather-Smythe'],
  ['Mr', 'Jürgen', 'Müller-Lüdenscheidt'],
  ['Ms', 'Ωμέγα', 'Παπαδοπούλου'],
  ['Mr', 'Пётр', 'Иванов'],
  ['Ms', 'שרה', 'כהן'],
  ['Mr', 'محمد', 'علي'],
  ['Mr', '小龍', '李'],
  ['Ms', '花子', '山田'],
  ['Professor Sir', 'Bartholomew', 'Montgomery-Fitzwilliam-Huntingdon']
]

const CONTROL = ['\u0000', '\u202e', '\u0085', '\u0007', '\u200b', '\u001b', '\u2066', '\ufeff']

const CAUTIONARY_CHOICES: CautionaryLabelRef[][] = [
  [],
  [9],
  [2, 25],
  [4, 9, 21, 25],
  [{ number: 17, max: '8 tablets' }, 30],
  [2, 10, 25],
  [{ number: 18, max: '2 sachets', maxPerWeek: '6 sachets' }, 13],
  [1, 3, 8, 11, 14, 21, 27],
  [28]
]

/** A small seeded generator (mulberry32): the same seed, the same corpus. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The corpus: `size` prescriptions from `seed`. */
export function prescriptionCorpus(size: number, seed = 20261126): CorpusPrescription[] {
  const next = random(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const chance = (p: number) => next() < p
  const dirty = (text: string) => {
    const at = Math.floor(next() * (text.length + 1))
    return `${text.slice(0, at)}${pick(CONTROL)}${text.slice(at)}`
  }
  let packId = 1
  return Array.from({ length: size }, (_, index): CorpusPrescription => {
    const traits: string[] = []
    const id = `fr_C${index.toString(36).toUpperCase().padStart(4, '0')}`
    const [title, given, family] = pick(NAMES)
    const name = { title, given, family }
    if (chance(0.12)) {
      name.family = dirty(family)
      traits.push('control character in the name')
    }
    const stock = chance(0.7) ? STOCKS[0]! : chance(0.65) ? STOCKS[1]! : STOCKS[2]!
    const lineCount = chance(0.85) ? 1 : chance(0.8) ? 2 : 3
    const packs: SuppliedPack[] = []
    const items = Array.from({ length: lineCount }, (_, l) => {
      const lineId = `l${l + 1}`
      const medicine = pick(MEDICINES)
      let directions = pick(DIRECTIONS)
      if (chance(0.15)) {
        const target = stock === STOCKS[0] ? 200 : 420
        while (directions.length < target) directions += ` ${pick(LONG_SENTENCES)}`
        traits.push('long directions')
      }
      if (chance(0.08)) {
        directions = dirty(directions)
        traits.push('control character in the directions')
      }
      const cautionaryLabels: CautionaryLabelRef[] = [...pick(CAUTIONARY_CHOICES)]
      const packCount = chance(0.78) ? 1 : chance(0.6) ? 2 : chance(0.7) ? 3 : 4
      const split = chance(0.25)
      if (packCount > 1) traits.push(`${packCount} packs`)
      if (split) traits.push('split pack')
      const brand = chance(0.4)
      let quantity = 0
      for (let p = 0; p < packCount; p++) {
        const amount = p === packCount - 1 && split ? Math.max(1, Math.floor(medicine.pack * 0.7)) : medicine.pack
        quantity += amount
        packs.push({
          packId: packId++,
          lineId,
          product: { name: brand ? medicine.brand : medicine.name, strength: medicine.strength, form: medicine.form },
          quantity: amount,
          packSize: medicine.pack,
          unit: medicine.unit
        })
      }
      return {
        lineId,
        product: {
          dmdCode: '39732411000001106',
          name: medicine.name,
          strength: medicine.strength,
          form: medicine.form
        },
        quantity,
        unit: medicine.unit,
        directions,
        cautionaryLabels
      }
    })
    const sixLines = chance(0.2)
    if (sixLines) traits.push('six-line address')
    const foreign = sixLines && chance(0.5)
    let line1 = sixLines ? 'Flat 17b, The Old Rectory Cottage' : `${1 + Math.floor(next() * 200)} High Street`
    if (chance(0.1)) {
      line1 = dirty(line1)
      traits.push('control character in the address')
    }
    const reading = readSnapshot({
      id,
      version: 1,
      route: 'upload',
      state: 'in_fulfilment',
      createdAt: `${CORPUS_DATE}T09:00:00Z`,
      updatedAt: `${CORPUS_DATE}T09:00:00Z`,
      prescription: {
        id: `rx_${id}`,
        kind: 'private_paper',
        issuedAt: CORPUS_DATE,
        prescriber: { name: 'Dr A Khan' },
        items
      },
      patient: { id: `pt_${id}`, name, dateOfBirth: '1970-01-01' },
      delivery: {
        recipientName: `${name.given} ${name.family}`,
        address: {
          line1,
          line2: sixLines ? 'Little Snoring-on-the-Marsh' : chance(0.5) ? 'Kirkgate' : null,
          city: sixLines ? 'Fakenham, Norfolk' : 'Leeds',
          postcode: foreign ? 'D02 X285' : 'LS1 6BU',
          country: foreign ? 'IE' : 'GB'
        },
        service: 'royal_mail_tracked_24'
      }
    })
    if (!reading.ok) throw new Error(`corpus case ${index} is not a readable request: ${reading.reason}`)
    const shown = `${title} ${given} ${family}`
    return {
      title: `#${index} ${id} on ${stock.widthMm}×${stock.heightMm}: ${shown}${traits.length > 0 ? `, ${[...new Set(traits)].join(', ')}` : ''}`,
      snapshot: reading.snapshot,
      packs,
      stock
    }
  })
}
