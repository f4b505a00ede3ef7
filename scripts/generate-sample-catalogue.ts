/**
 * Generates the sample catalogue in resources/catalogue/ (products.csv, packs.csv,
 * pack-gtins.csv). Deterministic: the same script always writes the same bytes, so the CSVs
 * are committed and a test checks they are current.
 *
 *   npx tsx scripts/generate-sample-catalogue.ts
 *
 * Names, strengths, forms, schedules and suppliers follow UK dm+d conventions; every
 * identifier is illustrative (not a licensed dm+d extract): dm+d ids are SNOMED-style
 * extension ids with a Verhoeff check digit, GTINs sit under the fictitious prefix 05000000,
 * PIP codes carry the mod-11 check digit documented in resources/catalogue/README.md. The
 * demo-day products keep the exact codes of resources/demo/products.json.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { recordsToCsv } from '../src/main/documents'
import { importCatalogue, type CdSchedule } from '../src/main/stock/catalogue-import'
import type { PackUnit } from '../src/shared/stock/units'
import { gs1CheckDigit, pipCheckDigit, verhoeffCheckDigit } from '../src/shared/stock/identifiers'

// ---- Data -----------------------------------------------------------------------------------

interface Brand {
  name: string
  supplier: string
  /** Only these strengths (default: all). */
  strengths?: readonly string[]
  /** AMP name; default `${name} ${strength} ${plural form}`. */
  amp?: (strength: string | null) => string
}

interface Molecule {
  name: string
  form: string
  strengths: readonly (string | null)[]
  ch: number
  packs: readonly number[] | Readonly<Record<string, readonly number[]>>
  plural?: string
  unit?: PackUnit
  cd?: CdSchedule
  /** Generic AMPs (default 1; 2 when common). */
  generics?: number
  common?: boolean
  brands?: readonly Brand[]
  vmpName?: (strength: string | null) => string
}

/** The demo day's products, by VMP name: their codes are fixed by resources/demo/products.json. */
const DEMO_IDS: Readonly<Record<string, string>> = {
  'Sertraline 50mg tablets': '39732311000001104',
  'Amoxicillin 500mg capsules': '39732411000001106',
  'Morphine sulfate 10mg modified-release tablets': '36128311000001109',
  'Tramadol 50mg capsules': '36128411000001102',
  'Diazepam 5mg tablets': '36128511000001103',
  'Metronidazole 400mg tablets': '39732511000001107',
  'Doxycycline 100mg capsules': '39732611000001108',
  'Sildenafil 50mg tablets': '39732711000001100',
  'Finasteride 1mg tablets': '39732811000001109',
  'Paracetamol 500mg tablets': '39732911000001103',
  'Prednisolone 5mg tablets': '39733011000001108',
  'Hydrocortisone 1% cream': '39733111000001109',
  'Co-codamol 30mg/500mg tablets': '39733211000001101',
  'Zolmitriptan 2.5mg tablets': '39733311000001106',
  'Levonorgestrel 150microgram / Ethinylestradiol 30microgram tablets': '39733411000001104'
}

const b = (name: string, supplier: string, extra: Omit<Brand, 'name' | 'supplier'> = {}): Brand => ({
  name,
  supplier,
  ...extra
})
const fixed = (name: string) => () => name

const S = {
  viatris: 'Viatris UK Healthcare Ltd',
  gsk: 'GlaxoSmithKline UK Ltd',
  haleon: 'Haleon UK Trading Ltd',
  bayer: 'Bayer Plc',
  organon: 'Organon Pharma (UK) Ltd',
  pfizer: 'Pfizer Ltd',
  napp: 'Napp Pharmaceuticals Ltd',
  grunenthal: 'Grunenthal Ltd',
  mcneil: 'McNeil Products Ltd',
  sanofi: 'Sanofi',
  az: 'AstraZeneca UK Ltd',
  bi: 'Boehringer Ingelheim Ltd',
  lilly: 'Eli Lilly and Company Ltd',
  galderma: 'Galderma (UK) Ltd',
  leo: 'LEO Pharma',
  chiesi: 'Chiesi Ltd',
  menarini: 'A. Menarini Farmaceutica Internazionale SRL',
  richter: 'Gedeon Richter (UK) Ltd',
  janssen: 'Janssen-Cilag Ltd',
  takeda: 'Takeda UK Ltd',
  kyowa: 'Kyowa Kirin Ltd',
  besins: 'Besins Healthcare (UK) Ltd',
  astellas: 'Astellas Pharma Ltd',
  novartis: 'Novartis Pharmaceuticals UK Ltd',
  novo: 'Novo Nordisk Ltd',
  ethypharm: 'Ethypharm UK Ltd',
  martindale: 'Martindale Pharmaceuticals Ltd',
  flynn: 'Flynn Pharma Ltd',
  opella: 'Opella Healthcare UK Ltd',
  reckitt: 'Reckitt Benckiser Healthcare (UK) Ltd',
  abbvie: 'AbbVie Ltd',
  msd: 'Merck Sharp & Dohme (UK) Ltd',
  ucb: 'UCB Pharma Ltd'
} as const

const MOLECULES: readonly Molecule[] = [
  // 1 Gastro-intestinal
  {
    name: 'Omeprazole',
    form: 'gastro-resistant capsule',
    strengths: ['20mg', '40mg'],
    ch: 1,
    packs: [28],
    common: true
  },
  { name: 'Lansoprazole', form: 'gastro-resistant capsule', strengths: ['15mg', '30mg'], ch: 1, packs: [28] },
  {
    name: 'Esomeprazole',
    form: 'gastro-resistant tablet',
    strengths: ['20mg', '40mg'],
    ch: 1,
    packs: [28],
    brands: [b('Nexium', S.grunenthal)]
  },
  { name: 'Pantoprazole', form: 'gastro-resistant tablet', strengths: ['40mg'], ch: 1, packs: [28] },
  { name: 'Mebeverine', form: 'tablet', strengths: ['135mg'], ch: 1, packs: [100], brands: [b('Colofac', S.viatris)] },
  { name: 'Loperamide', form: 'capsule', strengths: ['2mg'], ch: 1, packs: [6, 30], brands: [b('Imodium', S.mcneil)] },
  {
    name: 'Lactulose',
    form: 'oral solution',
    strengths: ['3.1-3.7g/5ml'],
    ch: 1,
    packs: [300, 500],
    brands: [b('Duphalac', S.viatris)]
  },
  { name: 'Senna', form: 'tablet', strengths: ['7.5mg'], ch: 1, packs: [60], brands: [b('Senokot', S.reckitt)] },
  {
    name: 'Macrogol compound',
    form: 'oral powder sachet',
    strengths: [null],
    ch: 1,
    packs: [20, 30],
    vmpName: fixed('Macrogol compound oral powder sachets NPF sugar free'),
    brands: [
      b('Laxido Orange', 'Galen Ltd', { amp: fixed('Laxido Orange oral powder sachets sugar free') }),
      b('Movicol', 'Norgine Pharmaceuticals Ltd', { amp: fixed('Movicol oral powder sachets') })
    ]
  },
  {
    name: 'Mesalazine',
    form: 'gastro-resistant modified-release tablet',
    strengths: ['400mg'],
    ch: 1,
    packs: [90],
    generics: 0,
    brands: [b('Octasa', 'Tillotts Pharma UK Ltd', { amp: (s) => `Octasa ${s} MR gastro-resistant tablets` })]
  },
  { name: 'Domperidone', form: 'tablet', strengths: ['10mg'], ch: 1, packs: [30] },
  { name: 'Metoclopramide', form: 'tablet', strengths: ['10mg'], ch: 1, packs: [28] },
  {
    name: 'Hyoscine butylbromide',
    form: 'tablet',
    strengths: ['10mg'],
    ch: 1,
    packs: [20, 56],
    brands: [b('Buscopan', S.opella)]
  },

  // 2 Cardiovascular
  {
    name: 'Amlodipine',
    form: 'tablet',
    strengths: ['5mg', '10mg'],
    ch: 2,
    packs: [28],
    common: true,
    brands: [b('Istin', S.viatris)]
  },
  { name: 'Ramipril', form: 'capsule', strengths: ['2.5mg', '5mg', '10mg'], ch: 2, packs: [28], common: true },
  { name: 'Lisinopril', form: 'tablet', strengths: ['10mg', '20mg'], ch: 2, packs: [28] },
  { name: 'Perindopril erbumine', form: 'tablet', strengths: ['4mg'], ch: 2, packs: [30] },
  {
    name: 'Losartan',
    form: 'tablet',
    strengths: ['50mg', '100mg'],
    ch: 2,
    packs: [28],
    brands: [b('Cozaar', S.organon)]
  },
  { name: 'Candesartan', form: 'tablet', strengths: ['8mg'], ch: 2, packs: [28], brands: [b('Amias', S.takeda)] },
  { name: 'Irbesartan', form: 'tablet', strengths: ['150mg'], ch: 2, packs: [28] },
  { name: 'Valsartan', form: 'capsule', strengths: ['80mg'], ch: 2, packs: [28] },
  { name: 'Bisoprolol', form: 'tablet', strengths: ['2.5mg', '5mg'], ch: 2, packs: [28], common: true },
  { name: 'Atenolol', form: 'tablet', strengths: ['25mg', '50mg'], ch: 2, packs: [28] },
  { name: 'Propranolol', form: 'tablet', strengths: ['10mg', '40mg'], ch: 2, packs: [28] },
  { name: 'Doxazosin', form: 'tablet', strengths: ['4mg'], ch: 2, packs: [28] },
  {
    name: 'Indapamide',
    form: 'modified-release tablet',
    strengths: ['1.5mg'],
    ch: 2,
    packs: [30],
    brands: [b('Natrilix SR', 'Servier Laboratories Ltd', { amp: fixed('Natrilix SR 1.5mg tablets') })]
  },
  { name: 'Bendroflumethiazide', form: 'tablet', strengths: ['2.5mg'], ch: 2, packs: [28] },
  { name: 'Furosemide', form: 'tablet', strengths: ['20mg', '40mg'], ch: 2, packs: [28] },
  { name: 'Spironolactone', form: 'tablet', strengths: ['25mg'], ch: 2, packs: [28] },
  {
    name: 'Nifedipine',
    form: 'modified-release tablet',
    strengths: ['30mg'],
    ch: 2,
    packs: [28],
    generics: 0,
    brands: [b('Adalat LA', S.bayer), b('Adipine XL', S.chiesi)]
  },
  { name: 'Felodipine', form: 'modified-release tablet', strengths: ['5mg'], ch: 2, packs: [28] },
  {
    name: 'Atorvastatin',
    form: 'tablet',
    strengths: ['10mg', '20mg', '40mg', '80mg'],
    ch: 2,
    packs: [28],
    common: true,
    brands: [b('Lipitor', S.viatris)]
  },
  { name: 'Simvastatin', form: 'tablet', strengths: ['40mg'], ch: 2, packs: [28], common: true },
  {
    name: 'Rosuvastatin',
    form: 'tablet',
    strengths: ['10mg', '20mg'],
    ch: 2,
    packs: [28],
    brands: [b('Crestor', S.grunenthal)]
  },
  { name: 'Pravastatin', form: 'tablet', strengths: ['40mg'], ch: 2, packs: [28] },
  { name: 'Ezetimibe', form: 'tablet', strengths: ['10mg'], ch: 2, packs: [28], brands: [b('Ezetrol', S.organon)] },
  { name: 'Clopidogrel', form: 'tablet', strengths: ['75mg'], ch: 2, packs: [28, 30], brands: [b('Plavix', S.sanofi)] },
  { name: 'Aspirin', form: 'dispersible tablet', strengths: ['75mg'], ch: 2, packs: [28, 100], common: true },
  { name: 'Warfarin', form: 'tablet', strengths: ['1mg', '3mg', '5mg'], ch: 2, packs: [28] },
  {
    name: 'Apixaban',
    form: 'tablet',
    strengths: ['2.5mg', '5mg'],
    ch: 2,
    packs: [56],
    brands: [b('Eliquis', 'Bristol-Myers Squibb-Pfizer')]
  },
  { name: 'Rivaroxaban', form: 'tablet', strengths: ['20mg'], ch: 2, packs: [28], brands: [b('Xarelto', S.bayer)] },
  {
    name: 'Edoxaban',
    form: 'tablet',
    strengths: ['60mg'],
    ch: 2,
    packs: [28],
    generics: 0,
    brands: [b('Lixiana', 'Daiichi Sankyo UK Ltd')]
  },
  {
    name: 'Glyceryl trinitrate',
    form: 'pump sublingual spray',
    strengths: ['400micrograms/dose'],
    ch: 2,
    packs: [200],
    unit: 'dose'
  },
  { name: 'Isosorbide mononitrate', form: 'tablet', strengths: ['20mg'], ch: 2, packs: [56] },
  { name: 'Digoxin', form: 'tablet', strengths: ['125microgram'], ch: 2, packs: [28] },

  // 3 Respiratory (and allergy)
  {
    name: 'Salbutamol',
    form: 'pressurised inhalation',
    strengths: ['100micrograms/dose'],
    ch: 3,
    packs: [200],
    unit: 'dose',
    generics: 0,
    common: true,
    vmpName: (s) => `Salbutamol ${s} inhaler CFC free`,
    brands: [
      b('Ventolin', S.gsk, { amp: (s) => `Ventolin ${s} Evohaler` }),
      b('Salamol', 'Teva UK Ltd', { amp: (s) => `Salamol ${s} inhaler CFC free` })
    ]
  },
  {
    name: 'Beclometasone dipropionate',
    form: 'pressurised inhalation',
    strengths: ['100micrograms/dose'],
    ch: 3,
    packs: [200],
    unit: 'dose',
    generics: 0,
    vmpName: (s) => `Beclometasone ${s} inhaler CFC free`,
    brands: [b('Clenil Modulite', S.chiesi, { amp: (s) => `Clenil Modulite ${s} inhaler` })]
  },
  {
    name: 'Beclometasone/formoterol',
    form: 'pressurised inhalation',
    strengths: ['100micrograms/6micrograms/dose'],
    ch: 3,
    packs: [120],
    unit: 'dose',
    generics: 0,
    vmpName: fixed('Beclometasone 100micrograms/dose / Formoterol 6micrograms/dose inhaler CFC free'),
    brands: [b('Fostair', S.chiesi, { amp: fixed('Fostair 100micrograms/dose / 6micrograms/dose inhaler') })]
  },
  {
    name: 'Budesonide/formoterol',
    form: 'inhalation powder',
    strengths: ['200micrograms/6micrograms/dose'],
    ch: 3,
    packs: [120],
    unit: 'dose',
    generics: 0,
    vmpName: fixed('Budesonide 200micrograms/dose / Formoterol 6micrograms/dose dry powder inhaler'),
    brands: [b('Symbicort', S.az, { amp: fixed('Symbicort 200/6 Turbohaler') })]
  },
  {
    name: 'Fluticasone/salmeterol',
    form: 'pressurised inhalation',
    strengths: ['125micrograms/25micrograms/dose', '250micrograms/25micrograms/dose'],
    ch: 3,
    packs: [120],
    unit: 'dose',
    generics: 0,
    vmpName: (s) => `Fluticasone ${s?.split('/')[0]}/dose / Salmeterol 25micrograms/dose inhaler CFC free`,
    brands: [b('Seretide', S.gsk, { amp: (s) => `Seretide ${s?.startsWith('125') ? '125' : '250'} Evohaler` })]
  },
  {
    name: 'Fluticasone furoate/vilanterol',
    form: 'inhalation powder',
    strengths: ['92micrograms/22micrograms/dose'],
    ch: 3,
    packs: [30],
    unit: 'dose',
    generics: 0,
    vmpName: fixed('Fluticasone furoate 92micrograms/dose / Vilanterol 22micrograms/dose dry powder inhaler'),
    brands: [
      b('Relvar', S.gsk, { amp: fixed('Relvar Ellipta 92micrograms/dose / 22micrograms/dose inhalation powder') })
    ]
  },
  {
    name: 'Tiotropium',
    form: 'solution for inhalation',
    strengths: ['2.5micrograms/dose'],
    ch: 3,
    packs: [60],
    unit: 'dose',
    generics: 0,
    vmpName: (s) => `Tiotropium ${s} solution for inhalation cartridge with device`,
    brands: [
      b('Spiriva Respimat', S.bi, { amp: (s) => `Spiriva Respimat ${s} solution for inhalation cartridge with device` })
    ]
  },
  { name: 'Montelukast', form: 'tablet', strengths: ['10mg'], ch: 3, packs: [28], brands: [b('Singulair', S.organon)] },
  { name: 'Montelukast', form: 'chewable tablet', strengths: ['4mg'], ch: 3, packs: [28] },
  {
    name: 'Cetirizine',
    form: 'tablet',
    strengths: ['10mg'],
    ch: 3,
    packs: [7, 30],
    common: true,
    brands: [b('Zirtek Allergy', S.ucb)]
  },
  { name: 'Cetirizine', form: 'oral solution', strengths: ['1mg/ml'], ch: 3, packs: [200] },
  {
    name: 'Loratadine',
    form: 'tablet',
    strengths: ['10mg'],
    ch: 3,
    packs: [7, 30],
    brands: [b('Clarityn Allergy', S.bayer)]
  },
  { name: 'Fexofenadine', form: 'tablet', strengths: ['120mg'], ch: 3, packs: [30], brands: [b('Telfast', S.sanofi)] },
  { name: 'Chlorphenamine', form: 'tablet', strengths: ['4mg'], ch: 3, packs: [28], brands: [b('Piriton', S.haleon)] },
  {
    name: 'Promethazine hydrochloride',
    form: 'tablet',
    strengths: ['25mg'],
    ch: 3,
    packs: [56],
    brands: [b('Phenergan', S.sanofi)]
  },
  { name: 'Hydroxyzine', form: 'tablet', strengths: ['25mg'], ch: 3, packs: [28] },
  {
    name: 'Acrivastine',
    form: 'capsule',
    strengths: ['8mg'],
    ch: 3,
    packs: [12, 24],
    generics: 0,
    brands: [b('Benadryl Allergy Relief', S.mcneil)]
  },
  { name: 'Pholcodine', form: 'oral solution', strengths: ['5mg/5ml'], ch: 3, packs: [200], cd: 5 },
  {
    name: 'Adrenaline',
    form: 'solution for injection auto-injector',
    strengths: ['150micrograms/0.3ml', '300micrograms/0.3ml'],
    ch: 3,
    packs: [1, 2],
    unit: 'pre-filled pen',
    generics: 0,
    vmpName: (s) =>
      `Adrenaline (base) ${s} (${s?.startsWith('300') ? '1 in 1,000' : '1 in 2,000'}) solution for injection auto-injectors`,
    brands: [
      b('EpiPen', S.viatris, { amp: (s) => `EpiPen ${s === '150micrograms/0.3ml' ? 'Jr ' : ''}${s} auto-injector` }),
      b('Jext', 'ALK-Abello Ltd', { amp: (s) => `Jext ${s} auto-injector` })
    ]
  },

  // 4 Nervous system
  {
    name: 'Sertraline',
    form: 'tablet',
    strengths: ['50mg', '100mg'],
    ch: 4,
    packs: [28],
    common: true,
    brands: [b('Lustral', S.viatris)]
  },
  { name: 'Citalopram', form: 'tablet', strengths: ['20mg'], ch: 4, packs: [28], common: true },
  { name: 'Fluoxetine', form: 'capsule', strengths: ['20mg'], ch: 4, packs: [30], common: true },
  {
    name: 'Escitalopram',
    form: 'tablet',
    strengths: ['10mg'],
    ch: 4,
    packs: [28],
    brands: [b('Cipralex', 'Lundbeck Ltd')]
  },
  { name: 'Paroxetine', form: 'tablet', strengths: ['20mg'], ch: 4, packs: [30], brands: [b('Seroxat', S.gsk)] },
  { name: 'Mirtazapine', form: 'tablet', strengths: ['15mg'], ch: 4, packs: [28] },
  { name: 'Venlafaxine', form: 'tablet', strengths: ['75mg'], ch: 4, packs: [56] },
  {
    name: 'Venlafaxine',
    form: 'modified-release capsule',
    strengths: ['75mg'],
    ch: 4,
    packs: [28],
    brands: [b('Efexor XL', S.viatris)]
  },
  {
    name: 'Duloxetine',
    form: 'gastro-resistant capsule',
    strengths: ['30mg', '60mg'],
    ch: 4,
    packs: [28],
    brands: [b('Cymbalta', S.lilly)]
  },
  { name: 'Amitriptyline', form: 'tablet', strengths: ['10mg', '25mg', '50mg'], ch: 4, packs: [28], common: true },
  { name: 'Quetiapine', form: 'tablet', strengths: ['25mg'], ch: 4, packs: [60], brands: [b('Seroquel', S.az)] },
  { name: 'Olanzapine', form: 'tablet', strengths: ['5mg'], ch: 4, packs: [28] },
  { name: 'Aripiprazole', form: 'tablet', strengths: ['5mg'], ch: 4, packs: [28] },
  { name: 'Risperidone', form: 'tablet', strengths: ['1mg'], ch: 4, packs: [20, 60] },
  {
    name: 'Lithium carbonate',
    form: 'modified-release tablet',
    strengths: ['400mg'],
    ch: 4,
    packs: [100],
    generics: 0,
    brands: [b('Priadel', 'Essential Pharma Ltd', { amp: fixed('Priadel 400mg modified-release tablets') })]
  },
  { name: 'Zopiclone', form: 'tablet', strengths: ['7.5mg'], ch: 4, packs: [28], cd: 4 },
  { name: 'Zolpidem', form: 'tablet', strengths: ['10mg'], ch: 4, packs: [28], cd: 4 },
  { name: 'Diazepam', form: 'tablet', strengths: ['2mg', '5mg', '10mg'], ch: 4, packs: [28], cd: 4, common: true },
  { name: 'Lorazepam', form: 'tablet', strengths: ['1mg'], ch: 4, packs: [28], cd: 4 },
  { name: 'Temazepam', form: 'tablet', strengths: ['10mg'], ch: 4, packs: [28], cd: 3 },
  { name: 'Chlordiazepoxide', form: 'capsule', strengths: ['10mg'], ch: 4, packs: [100], cd: 4 },
  { name: 'Clonazepam', form: 'tablet', strengths: ['500microgram'], ch: 4, packs: [100], cd: 4 },
  {
    name: 'Melatonin',
    form: 'modified-release tablet',
    strengths: ['2mg'],
    ch: 4,
    packs: [30],
    brands: [b('Circadin', S.flynn)]
  },
  { name: 'Methylphenidate', form: 'tablet', strengths: ['10mg'], ch: 4, packs: [30], cd: 2 },
  {
    name: 'Methylphenidate',
    form: 'modified-release tablet',
    strengths: ['18mg'],
    ch: 4,
    packs: [30],
    cd: 2,
    generics: 0,
    brands: [b('Concerta XL', S.janssen), b('Xaggitin XL', S.ethypharm)]
  },
  {
    name: 'Lisdexamfetamine',
    form: 'capsule',
    strengths: ['30mg'],
    ch: 4,
    packs: [30],
    cd: 2,
    generics: 0,
    brands: [b('Elvanse', S.takeda)]
  },
  { name: 'Dexamfetamine', form: 'tablet', strengths: ['5mg'], ch: 4, packs: [28], cd: 2 },
  {
    name: 'Paracetamol',
    form: 'tablet',
    strengths: ['500mg'],
    ch: 4,
    packs: [32, 100],
    common: true,
    brands: [b('Panadol', S.haleon)]
  },
  {
    name: 'Paracetamol',
    form: 'oral suspension',
    strengths: ['120mg/5ml', '250mg/5ml'],
    ch: 4,
    packs: { '120mg/5ml': [100, 200], '250mg/5ml': [100] },
    brands: [
      b('Calpol Infant', S.mcneil, { strengths: ['120mg/5ml'], amp: fixed('Calpol Infant 120mg/5ml oral suspension') }),
      b('Calpol Six Plus', S.mcneil, {
        strengths: ['250mg/5ml'],
        amp: fixed('Calpol Six Plus 250mg/5ml oral suspension')
      })
    ]
  },
  {
    name: 'Co-codamol',
    form: 'tablet',
    strengths: ['8mg/500mg', '15mg/500mg', '30mg/500mg'],
    ch: 4,
    packs: { '8mg/500mg': [32], '15mg/500mg': [100], '30mg/500mg': [30, 100] },
    cd: 5,
    common: true
  },
  {
    name: 'Co-codamol',
    form: 'capsule',
    strengths: ['30mg/500mg'],
    ch: 4,
    packs: [100],
    cd: 5,
    brands: [b('Zapain', 'Advanz Pharma')]
  },
  { name: 'Codeine phosphate', form: 'tablet', strengths: ['30mg'], ch: 4, packs: [28, 100], cd: 5 },
  { name: 'Dihydrocodeine', form: 'tablet', strengths: ['30mg'], ch: 4, packs: [28, 100], cd: 5 },
  { name: 'Co-dydramol', form: 'tablet', strengths: ['10mg/500mg'], ch: 4, packs: [30, 100], cd: 5 },
  {
    name: 'Tramadol',
    form: 'capsule',
    strengths: ['50mg'],
    ch: 4,
    packs: [30, 100],
    cd: 3,
    common: true,
    brands: [b('Zydol', S.grunenthal)]
  },
  { name: 'Tramadol', form: 'modified-release tablet', strengths: ['100mg'], ch: 4, packs: [60], cd: 3 },
  {
    name: 'Tramadol/paracetamol',
    form: 'tablet',
    strengths: ['37.5mg/325mg'],
    ch: 4,
    packs: [60],
    cd: 3,
    generics: 0,
    vmpName: fixed('Tramadol 37.5mg / Paracetamol 325mg tablets'),
    brands: [b('Tramacet', S.grunenthal, { amp: fixed('Tramacet 37.5mg/325mg tablets') })]
  },
  {
    name: 'Morphine sulfate',
    form: 'modified-release tablet',
    strengths: ['10mg', '30mg'],
    ch: 4,
    packs: [60],
    cd: 2,
    generics: 0,
    brands: [b('MST Continus', S.napp, { amp: (s) => `MST Continus ${s} tablets` })]
  },
  {
    name: 'Morphine sulfate',
    form: 'modified-release capsule',
    strengths: ['10mg'],
    ch: 4,
    packs: [60],
    cd: 2,
    generics: 0,
    brands: [b('Zomorph', S.ethypharm)]
  },
  {
    name: 'Morphine sulfate',
    form: 'oral solution',
    strengths: ['10mg/5ml'],
    ch: 4,
    packs: [100, 300],
    cd: 5,
    brands: [b('Oramorph', 'Glenwood GmbH')]
  },
  { name: 'Morphine sulfate', form: 'oral solution', strengths: ['20mg/ml'], ch: 4, packs: [120], cd: 2 },
  { name: 'Oxycodone', form: 'capsule', strengths: ['5mg'], ch: 4, packs: [56], cd: 2, brands: [b('OxyNorm', S.napp)] },
  {
    name: 'Oxycodone',
    form: 'modified-release tablet',
    strengths: ['10mg'],
    ch: 4,
    packs: [56],
    cd: 2,
    generics: 0,
    brands: [
      b('OxyContin', S.napp, { amp: (s) => `OxyContin ${s} modified-release tablets` }),
      b('Longtec', 'Qdem Pharmaceuticals Ltd')
    ]
  },
  {
    name: 'Oxycodone',
    form: 'oral solution',
    strengths: ['5mg/5ml'],
    ch: 4,
    packs: [250],
    cd: 2,
    brands: [b('OxyNorm liquid', S.napp, { amp: fixed('OxyNorm liquid 5mg/5ml oral solution') })]
  },
  {
    name: 'Fentanyl',
    form: 'transdermal patch',
    strengths: ['12micrograms/hour', '25micrograms/hour'],
    ch: 4,
    packs: [5],
    cd: 2,
    generics: 0,
    brands: [
      b('Durogesic DTrans', S.janssen, { amp: (s) => `Durogesic DTrans ${s} transdermal patches` }),
      b('Matrifen', S.takeda)
    ]
  },
  {
    name: 'Buprenorphine',
    form: 'transdermal patch',
    strengths: ['5micrograms/hour', '10micrograms/hour'],
    ch: 4,
    packs: [4],
    cd: 3,
    generics: 0,
    vmpName: (s) => `Buprenorphine ${s} seven day transdermal patches`,
    brands: [b('Butrans', S.napp, { amp: (s) => `Butrans ${s} transdermal patches` })]
  },
  {
    name: 'Methadone',
    form: 'oral solution',
    strengths: ['1mg/ml'],
    ch: 4,
    packs: [100, 500],
    cd: 2,
    vmpName: fixed('Methadone 1mg/ml oral solution sugar free'),
    brands: [b('Physeptone', S.martindale, { amp: fixed('Physeptone 1mg/ml oral solution sugar free') })]
  },
  {
    name: 'Tapentadol',
    form: 'modified-release tablet',
    strengths: ['50mg'],
    ch: 4,
    packs: [56],
    cd: 2,
    generics: 0,
    brands: [b('Palexia SR', S.grunenthal, { amp: fixed('Palexia SR 50mg tablets') })]
  },
  {
    name: 'Pregabalin',
    form: 'capsule',
    strengths: ['75mg', '150mg'],
    ch: 4,
    packs: [56],
    cd: 3,
    brands: [b('Lyrica', S.viatris)]
  },
  {
    name: 'Gabapentin',
    form: 'capsule',
    strengths: ['300mg'],
    ch: 4,
    packs: [100],
    cd: 3,
    brands: [b('Neurontin', S.viatris)]
  },
  { name: 'Sumatriptan', form: 'tablet', strengths: ['50mg'], ch: 4, packs: [6], brands: [b('Imigran', S.gsk)] },
  { name: 'Zolmitriptan', form: 'tablet', strengths: ['2.5mg'], ch: 4, packs: [6], brands: [b('Zomig', S.grunenthal)] },
  { name: 'Rizatriptan', form: 'tablet', strengths: ['10mg'], ch: 4, packs: [3, 6], brands: [b('Maxalt', S.organon)] },
  { name: 'Topiramate', form: 'tablet', strengths: ['25mg'], ch: 4, packs: [60] },
  { name: 'Levetiracetam', form: 'tablet', strengths: ['500mg'], ch: 4, packs: [60], brands: [b('Keppra', S.ucb)] },
  { name: 'Lamotrigine', form: 'tablet', strengths: ['25mg'], ch: 4, packs: [56], brands: [b('Lamictal', S.gsk)] },
  {
    name: 'Sodium valproate',
    form: 'gastro-resistant tablet',
    strengths: ['200mg'],
    ch: 4,
    packs: [100],
    brands: [b('Epilim', S.sanofi)]
  },
  { name: 'Phenobarbital', form: 'tablet', strengths: ['30mg'], ch: 4, packs: [28], cd: 3 },
  {
    name: 'Midazolam',
    form: 'oromucosal solution',
    strengths: ['10mg/2ml'],
    ch: 4,
    packs: [4],
    unit: 'pre-filled syringe',
    cd: 3,
    generics: 0,
    vmpName: fixed('Midazolam 10mg/2ml oromucosal solution pre-filled oral syringes'),
    brands: [
      b('Buccolam', 'Neuraxpharm UK Ltd', {
        amp: fixed('Buccolam 10mg/2ml oromucosal solution pre-filled oral syringes')
      })
    ]
  },
  { name: 'Betahistine', form: 'tablet', strengths: ['8mg'], ch: 4, packs: [84], brands: [b('Serc', S.viatris)] },
  { name: 'Ondansetron', form: 'tablet', strengths: ['4mg'], ch: 4, packs: [10, 30] },
  { name: 'Cyclizine', form: 'tablet', strengths: ['50mg'], ch: 4, packs: [100] },
  {
    name: 'Prochlorperazine maleate',
    form: 'tablet',
    strengths: ['5mg'],
    ch: 4,
    packs: [28, 84],
    vmpName: (s) => `Prochlorperazine ${s} tablets`
  },
  {
    name: 'Nicotine',
    form: 'transdermal patch',
    strengths: ['21mg/24hours'],
    ch: 4,
    packs: [7],
    generics: 0,
    brands: [b('NiQuitin', 'Omega Pharma Ltd')]
  },

  // 5 Infections
  { name: 'Amoxicillin', form: 'capsule', strengths: ['250mg', '500mg'], ch: 5, packs: [21], common: true },
  { name: 'Amoxicillin', form: 'oral suspension', strengths: ['250mg/5ml'], ch: 5, packs: [100] },
  { name: 'Phenoxymethylpenicillin', form: 'tablet', strengths: ['250mg'], ch: 5, packs: [28] },
  { name: 'Flucloxacillin', form: 'capsule', strengths: ['500mg'], ch: 5, packs: [28] },
  {
    name: 'Co-amoxiclav',
    form: 'tablet',
    strengths: ['500mg/125mg'],
    ch: 5,
    packs: [21],
    brands: [b('Augmentin', S.gsk)]
  },
  { name: 'Co-amoxiclav', form: 'oral suspension', strengths: ['125mg/31mg/5ml'], ch: 5, packs: [100] },
  {
    name: 'Clarithromycin',
    form: 'tablet',
    strengths: ['500mg'],
    ch: 5,
    packs: [14],
    brands: [b('Klaricid', S.viatris)]
  },
  { name: 'Azithromycin', form: 'tablet', strengths: ['500mg'], ch: 5, packs: [3], brands: [b('Zithromax', S.pfizer)] },
  {
    name: 'Doxycycline',
    form: 'capsule',
    strengths: ['50mg', '100mg'],
    ch: 5,
    packs: { '50mg': [28], '100mg': [8, 50] },
    common: true
  },
  {
    name: 'Lymecycline',
    form: 'capsule',
    strengths: ['408mg'],
    ch: 5,
    packs: [28, 56],
    brands: [b('Tetralysal 300', S.galderma, { amp: fixed('Tetralysal 300 capsules') })]
  },
  { name: 'Cefalexin', form: 'capsule', strengths: ['500mg'], ch: 5, packs: [28, 21], brands: [b('Keflex', S.flynn)] },
  {
    name: 'Ciprofloxacin',
    form: 'tablet',
    strengths: ['500mg'],
    ch: 5,
    packs: [10, 20],
    brands: [b('Ciproxin', S.bayer)]
  },
  { name: 'Trimethoprim', form: 'tablet', strengths: ['200mg'], ch: 5, packs: { '100mg': [28], '200mg': [6, 14] } },
  { name: 'Nitrofurantoin', form: 'capsule', strengths: ['50mg'], ch: 5, packs: [30] },
  { name: 'Nitrofurantoin', form: 'modified-release capsule', strengths: ['100mg'], ch: 5, packs: [14] },
  {
    name: 'Metronidazole',
    form: 'tablet',
    strengths: ['200mg', '400mg'],
    ch: 5,
    packs: [21],
    brands: [b('Flagyl', 'Zentiva Pharma UK Ltd')]
  },
  { name: 'Clindamycin', form: 'capsule', strengths: ['150mg'], ch: 5, packs: [24] },
  {
    name: 'Fluconazole',
    form: 'capsule',
    strengths: ['150mg'],
    ch: 5,
    packs: { '50mg': [7], '150mg': [1] },
    brands: [
      b('Diflucan', S.pfizer),
      b('Canesten Oral', S.bayer, { strengths: ['150mg'], amp: fixed('Canesten Oral 150mg capsule') })
    ]
  },
  { name: 'Terbinafine', form: 'tablet', strengths: ['250mg'], ch: 5, packs: [14, 28] },
  {
    name: 'Aciclovir',
    form: 'tablet',
    strengths: ['800mg'],
    ch: 5,
    packs: { '200mg': [25], '400mg': [56], '800mg': [35] },
    brands: [b('Zovirax', S.gsk, { strengths: ['200mg', '800mg'] })]
  },
  { name: 'Valaciclovir', form: 'tablet', strengths: ['500mg'], ch: 5, packs: [10, 42], brands: [b('Valtrex', S.gsk)] },
  {
    name: 'Oseltamivir',
    form: 'capsule',
    strengths: ['75mg'],
    ch: 5,
    packs: [10],
    brands: [b('Tamiflu', 'Roche Products Ltd')]
  },
  { name: 'Mebendazole', form: 'chewable tablet', strengths: ['100mg'], ch: 5, packs: [1, 6] },
  {
    name: 'Atovaquone/proguanil',
    form: 'tablet',
    strengths: ['250mg/100mg'],
    ch: 5,
    packs: [12],
    vmpName: fixed('Atovaquone 250mg / Proguanil hydrochloride 100mg tablets'),
    brands: [b('Malarone', S.gsk, { amp: fixed('Malarone 250mg/100mg tablets') })]
  },

  // 6 Endocrine
  {
    name: 'Metformin',
    form: 'tablet',
    strengths: ['500mg', '850mg'],
    ch: 6,
    packs: { '500mg': [28, 84], '850mg': [56] },
    common: true
  },
  {
    name: 'Metformin',
    form: 'modified-release tablet',
    strengths: ['500mg'],
    ch: 6,
    packs: { '500mg': [56], '1000mg': [28] },
    brands: [b('Glucophage SR', 'Merck Serono Ltd')]
  },
  { name: 'Gliclazide', form: 'modified-release tablet', strengths: ['30mg'], ch: 6, packs: [28, 56] },
  { name: 'Sitagliptin', form: 'tablet', strengths: ['100mg'], ch: 6, packs: [28], brands: [b('Januvia', S.msd)] },
  {
    name: 'Linagliptin',
    form: 'tablet',
    strengths: ['5mg'],
    ch: 6,
    packs: [28],
    generics: 0,
    brands: [b('Trajenta', S.bi)]
  },
  { name: 'Dapagliflozin', form: 'tablet', strengths: ['10mg'], ch: 6, packs: [28], brands: [b('Forxiga', S.az)] },
  {
    name: 'Empagliflozin',
    form: 'tablet',
    strengths: ['10mg'],
    ch: 6,
    packs: [28],
    generics: 0,
    brands: [b('Jardiance', S.bi)]
  },
  { name: 'Pioglitazone', form: 'tablet', strengths: ['15mg'], ch: 6, packs: [28] },
  {
    name: 'Levothyroxine sodium',
    form: 'tablet',
    strengths: ['25microgram', '50microgram', '100microgram'],
    ch: 6,
    packs: [28],
    common: true
  },
  { name: 'Carbimazole', form: 'tablet', strengths: ['5mg'], ch: 6, packs: { '5mg': [100], '20mg': [28] } },
  {
    name: 'Prednisolone',
    form: 'tablet',
    strengths: ['1mg', '5mg', '25mg'],
    ch: 6,
    packs: { '1mg': [28], '5mg': [28], '25mg': [56] },
    common: true
  },
  { name: 'Prednisolone', form: 'soluble tablet', strengths: ['5mg'], ch: 6, packs: [30] },
  { name: 'Dexamethasone', form: 'tablet', strengths: ['2mg'], ch: 6, packs: [50] },
  { name: 'Alendronic acid', form: 'tablet', strengths: ['70mg'], ch: 6, packs: [4] },
  { name: 'Colecalciferol', form: 'capsule', strengths: ['800unit', '20,000unit'], ch: 9, packs: [30] },
  { name: 'Estradiol', form: 'tablet', strengths: ['2mg'], ch: 6, packs: [84], brands: [b('Progynova', S.bayer)] },
  {
    name: 'Estradiol',
    form: 'transdermal patch',
    strengths: ['50micrograms/24hours'],
    ch: 6,
    packs: [8],
    generics: 0,
    brands: [b('Evorel 50', 'Theramex HQ UK Ltd', { amp: fixed('Evorel 50 patches') })]
  },
  {
    name: 'Estradiol',
    form: 'gel',
    strengths: ['0.06%'],
    ch: 6,
    packs: [80],
    generics: 0,
    brands: [b('Oestrogel', S.besins, { amp: fixed('Oestrogel Pump-Pack 750micrograms/actuation gel') })]
  },
  {
    name: 'Testosterone',
    form: 'gel',
    strengths: ['20mg/g'],
    ch: 6,
    packs: [60],
    cd: 4,
    generics: 0,
    brands: [b('Tostran', S.kyowa, { amp: fixed('Tostran 2% gel') })]
  },
  {
    name: 'Testosterone',
    form: 'gel',
    strengths: ['16.2mg/g'],
    ch: 6,
    packs: [88],
    cd: 4,
    generics: 0,
    brands: [b('Testogel', S.besins, { amp: fixed('Testogel 16.2mg/g gel') })]
  },
  {
    name: 'Tirzepatide',
    form: 'solution for injection pre-filled pen',
    strengths: ['2.5mg/0.6ml', '5mg/0.6ml', '7.5mg/0.6ml', '10mg/0.6ml'],
    ch: 6,
    packs: [1],
    unit: 'pre-filled pen',
    generics: 0,
    vmpName: (s) => `Tirzepatide ${s} solution for injection 2.4ml pre-filled pens`,
    brands: [
      b('Mounjaro KwikPen', S.lilly, {
        amp: (s) => `Mounjaro KwikPen ${s} solution for injection 2.4ml pre-filled pens`
      })
    ]
  },
  {
    name: 'Semaglutide',
    form: 'solution for injection pre-filled pen',
    strengths: ['0.25mg', '1mg', '2.4mg'],
    ch: 6,
    packs: [1],
    unit: 'pre-filled pen',
    generics: 0,
    vmpName: (s) => `Semaglutide ${s} solution for injection pre-filled pens (4 doses)`,
    brands: [
      b('Wegovy FlexTouch', S.novo, { amp: (s) => `Wegovy FlexTouch ${s} solution for injection pre-filled pens` })
    ]
  },
  {
    name: 'Orlistat',
    form: 'capsule',
    strengths: ['120mg'],
    ch: 4,
    packs: [84],
    brands: [b('Xenical', 'Cheplapharm UK Ltd')]
  },

  // 7 Obstetrics, gynaecology, urinary tract (and contraception)
  {
    name: 'Levonorgestrel/ethinylestradiol',
    form: 'tablet',
    strengths: ['150microgram/30microgram'],
    ch: 7,
    packs: [63],
    generics: 0,
    vmpName: fixed('Levonorgestrel 150microgram / Ethinylestradiol 30microgram tablets'),
    brands: [
      b('Microgynon 30', S.bayer, { amp: fixed('Microgynon 30 tablets') }),
      b('Rigevidon', S.richter, { amp: fixed('Rigevidon tablets') }),
      b('Levest', 'Morningside Healthcare Ltd', { amp: fixed('Levest 150/30 tablets') })
    ]
  },
  {
    name: 'Desogestrel',
    form: 'tablet',
    strengths: ['75microgram'],
    ch: 7,
    packs: [84],
    brands: [b('Cerazette', S.organon), b('Cerelle', S.richter)]
  },
  {
    name: 'Norethisterone',
    form: 'tablet',
    strengths: ['350microgram'],
    ch: 7,
    packs: [84],
    generics: 0,
    brands: [b('Noriday', S.pfizer)]
  },
  {
    name: 'Levonorgestrel',
    form: 'tablet',
    strengths: ['1.5mg'],
    ch: 7,
    packs: [1],
    brands: [b('Levonelle One Step', S.bayer, { amp: fixed('Levonelle One Step 1500microgram tablet') })]
  },
  {
    name: 'Ulipristal acetate',
    form: 'tablet',
    strengths: ['30mg'],
    ch: 7,
    packs: [1],
    generics: 0,
    brands: [b('ellaOne', 'HRA Pharma UK & Ireland Ltd', { amp: fixed('ellaOne 30mg tablet') })]
  },
  { name: 'Norethisterone', form: 'tablet', strengths: ['5mg'], ch: 6, packs: [30], brands: [b('Utovlan', S.pfizer)] },
  {
    name: 'Drospirenone/ethinylestradiol',
    form: 'tablet',
    strengths: ['3mg/30microgram'],
    ch: 7,
    packs: [63],
    generics: 0,
    vmpName: fixed('Drospirenone 3mg / Ethinylestradiol 30microgram tablets'),
    brands: [
      b('Yasmin', S.bayer, { amp: fixed('Yasmin tablets') }),
      b('Lucette', S.richter, { amp: fixed('Lucette 0.03mg/3mg tablets') })
    ]
  },
  {
    name: 'Gestodene/ethinylestradiol',
    form: 'tablet',
    strengths: ['75microgram/30microgram'],
    ch: 7,
    packs: [63],
    generics: 0,
    vmpName: fixed('Gestodene 75microgram / Ethinylestradiol 30microgram tablets'),
    brands: [
      b('Femodene', S.bayer, { amp: fixed('Femodene tablets') }),
      b('Katya 30/75', 'Stragen UK Ltd', { amp: fixed('Katya 30/75 tablets') })
    ]
  },
  {
    name: 'Desogestrel/ethinylestradiol',
    form: 'tablet',
    strengths: ['150microgram/20microgram', '150microgram/30microgram'],
    ch: 7,
    packs: [63],
    generics: 0,
    vmpName: (s) => `Desogestrel 150microgram / Ethinylestradiol ${s?.split('/')[1]} tablets`,
    brands: [
      b('Mercilon', S.organon, {
        strengths: ['150microgram/20microgram'],
        amp: fixed('Mercilon 150microgram/20microgram tablets')
      }),
      b('Marvelon', S.organon, { strengths: ['150microgram/30microgram'], amp: fixed('Marvelon tablets') }),
      b('Gedarel', S.richter, { strengths: ['150microgram/30microgram'], amp: fixed('Gedarel 30/150 tablets') })
    ]
  },
  {
    name: 'Drospirenone',
    form: 'tablet',
    strengths: ['4mg'],
    ch: 7,
    packs: [84],
    generics: 0,
    brands: [b('Slynd', 'Exeltis UK Ltd')]
  },
  {
    name: 'Sildenafil',
    form: 'tablet',
    strengths: ['25mg', '50mg', '100mg'],
    ch: 7,
    packs: [4, 8],
    common: true,
    brands: [
      b('Viagra', S.viatris),
      b('Viagra Connect', S.viatris, { strengths: ['50mg'], amp: fixed('Viagra Connect 50mg tablets') })
    ]
  },
  {
    name: 'Tadalafil',
    form: 'tablet',
    strengths: ['5mg', '10mg', '20mg'],
    ch: 7,
    packs: { '2.5mg': [28], '5mg': [28], '10mg': [4], '20mg': [4, 8] },
    common: true,
    brands: [b('Cialis', S.lilly)]
  },
  { name: 'Vardenafil', form: 'tablet', strengths: ['20mg'], ch: 7, packs: [4, 8], brands: [b('Levitra', S.bayer)] },
  {
    name: 'Avanafil',
    form: 'tablet',
    strengths: ['100mg'],
    ch: 7,
    packs: [4],
    generics: 0,
    brands: [b('Spedra', S.menarini)]
  },
  {
    name: 'Dapoxetine',
    form: 'tablet',
    strengths: ['30mg'],
    ch: 7,
    packs: [3, 6],
    generics: 0,
    brands: [b('Priligy', S.menarini)]
  },
  { name: 'Tamsulosin', form: 'modified-release capsule', strengths: ['400microgram'], ch: 7, packs: [30] },
  { name: 'Finasteride', form: 'tablet', strengths: ['5mg'], ch: 7, packs: [28], brands: [b('Proscar', S.organon)] },
  {
    name: 'Dutasteride',
    form: 'capsule',
    strengths: ['500microgram'],
    ch: 7,
    packs: [30],
    brands: [b('Avodart', S.gsk)]
  },
  { name: 'Oxybutynin', form: 'tablet', strengths: ['5mg'], ch: 7, packs: [56, 84] },
  { name: 'Solifenacin', form: 'tablet', strengths: ['5mg'], ch: 7, packs: [30], brands: [b('Vesicare', S.astellas)] },
  { name: 'Tolterodine', form: 'tablet', strengths: ['2mg'], ch: 7, packs: [56], brands: [b('Detrusitol', S.viatris)] },
  {
    name: 'Mirabegron',
    form: 'modified-release tablet',
    strengths: ['50mg'],
    ch: 7,
    packs: [30],
    generics: 0,
    brands: [b('Betmiga', S.astellas, { amp: fixed('Betmiga 50mg modified-release tablets') })]
  },
  { name: 'Clotrimazole', form: 'pessary', strengths: ['500mg'], ch: 7, packs: [1], brands: [b('Canesten', S.bayer)] },
  {
    name: 'Clotrimazole',
    form: 'vaginal cream',
    strengths: ['10%'],
    ch: 7,
    packs: [5],
    unit: 'g',
    generics: 0,
    brands: [b('Canesten', S.bayer, { amp: fixed('Canesten 10% VC vaginal cream') })]
  },
  {
    name: 'Metronidazole',
    form: 'vaginal gel',
    strengths: ['0.75%'],
    ch: 7,
    packs: [40],
    unit: 'g',
    generics: 0,
    brands: [b('Zidoval', S.viatris)]
  },

  // 8 Malignant disease and immunosuppression
  { name: 'Methotrexate', form: 'tablet', strengths: ['2.5mg'], ch: 8, packs: [24] },
  { name: 'Tamoxifen', form: 'tablet', strengths: ['20mg'], ch: 8, packs: [30] },
  { name: 'Anastrozole', form: 'tablet', strengths: ['1mg'], ch: 8, packs: [28], brands: [b('Arimidex', S.az)] },
  { name: 'Letrozole', form: 'tablet', strengths: ['2.5mg'], ch: 8, packs: [14], brands: [b('Femara', S.novartis)] },

  // 9 Nutrition and blood
  { name: 'Ferrous sulfate', form: 'tablet', strengths: ['200mg'], ch: 9, packs: [28] },
  { name: 'Ferrous fumarate', form: 'tablet', strengths: ['210mg'], ch: 9, packs: [84] },
  {
    name: 'Folic acid',
    form: 'tablet',
    strengths: ['400microgram', '5mg'],
    ch: 9,
    packs: { '400microgram': [90], '5mg': [28] }
  },
  {
    name: 'Hydroxocobalamin',
    form: 'solution for injection',
    strengths: ['1mg/1ml'],
    ch: 9,
    packs: [5],
    unit: 'ampoule',
    vmpName: fixed('Hydroxocobalamin 1mg/1ml solution for injection ampoules')
  },
  {
    name: 'Oral rehydration salts',
    form: 'oral powder sachet',
    strengths: [null],
    ch: 9,
    packs: [6, 20],
    generics: 0,
    vmpName: fixed('Oral rehydration salts oral powder sachets'),
    brands: [b('Dioralyte', S.opella, { amp: fixed('Dioralyte oral powder sachets natural') })]
  },
  {
    name: 'Calcium carbonate/colecalciferol',
    form: 'chewable tablet',
    strengths: ['1.5g/400unit'],
    ch: 9,
    packs: [56, 112],
    generics: 0,
    vmpName: fixed('Calcium carbonate 1.5g / Colecalciferol 400unit chewable tablets'),
    brands: [b('Adcal-D3', S.kyowa, { amp: fixed('Adcal-D3 chewable tablets') })]
  },

  // 10 Musculoskeletal
  {
    name: 'Ibuprofen',
    form: 'tablet',
    strengths: ['200mg', '400mg'],
    ch: 10,
    packs: { '200mg': [24], '400mg': [24, 84] },
    common: true,
    brands: [b('Nurofen', S.reckitt, { strengths: ['200mg'] })]
  },
  {
    name: 'Ibuprofen',
    form: 'oral suspension',
    strengths: ['100mg/5ml'],
    ch: 10,
    packs: [100],
    brands: [b('Nurofen for Children', S.reckitt, { amp: fixed('Nurofen for Children 100mg/5ml oral suspension') })]
  },
  { name: 'Ibuprofen', form: 'gel', strengths: ['5%'], ch: 10, packs: [50, 100] },
  {
    name: 'Naproxen',
    form: 'tablet',
    strengths: ['250mg', '500mg'],
    ch: 10,
    packs: { '250mg': [56], '500mg': [28, 56] }
  },
  {
    name: 'Diclofenac sodium',
    form: 'gastro-resistant tablet',
    strengths: ['50mg'],
    ch: 10,
    packs: { '25mg': [84], '50mg': [28, 84] }
  },
  {
    name: 'Diclofenac diethylammonium',
    form: 'gel',
    strengths: ['1.16%'],
    ch: 10,
    packs: [50, 100],
    brands: [b('Voltarol Pain-eze Emulgel', S.haleon, { amp: fixed('Voltarol Pain-eze 1.16% Emulgel') })]
  },
  { name: 'Allopurinol', form: 'tablet', strengths: ['100mg', '300mg'], ch: 10, packs: [28] },
  { name: 'Colchicine', form: 'tablet', strengths: ['500microgram'], ch: 10, packs: [28, 100] },
  { name: 'Febuxostat', form: 'tablet', strengths: ['80mg'], ch: 10, packs: [28] },
  { name: 'Baclofen', form: 'tablet', strengths: ['10mg'], ch: 10, packs: [84] },
  { name: 'Etoricoxib', form: 'tablet', strengths: ['60mg'], ch: 10, packs: [28], brands: [b('Arcoxia', S.organon)] },
  {
    name: 'Celecoxib',
    form: 'capsule',
    strengths: ['200mg'],
    ch: 10,
    packs: { '100mg': [60], '200mg': [30] },
    brands: [b('Celebrex', S.viatris)]
  },
  { name: 'Mefenamic acid', form: 'tablet', strengths: ['500mg'], ch: 10, packs: [28] },
  { name: 'Meloxicam', form: 'tablet', strengths: ['15mg'], ch: 10, packs: [30] },

  // 11 Eye
  { name: 'Chloramphenicol', form: 'eye drops', strengths: ['0.5%'], ch: 11, packs: [10] },
  { name: 'Chloramphenicol', form: 'eye ointment', strengths: ['1%'], ch: 11, packs: [4] },
  {
    name: 'Latanoprost',
    form: 'eye drops',
    strengths: ['50micrograms/ml'],
    ch: 11,
    packs: [2.5],
    brands: [b('Xalatan', S.viatris)]
  },
  {
    name: 'Timolol',
    form: 'eye drops',
    strengths: ['0.25%', '0.5%'],
    ch: 11,
    packs: [5],
    brands: [b('Timoptol', 'Santen UK Ltd')]
  },
  { name: 'Hypromellose', form: 'eye drops', strengths: ['0.3%'], ch: 11, packs: [10] },
  { name: 'Sodium cromoglicate', form: 'eye drops', strengths: ['2%'], ch: 11, packs: [10] },
  {
    name: 'Carbomer 980',
    form: 'eye gel',
    strengths: ['0.2%'],
    ch: 11,
    packs: [10],
    brands: [b('Viscotears', 'Bausch & Lomb UK Ltd', { amp: fixed('Viscotears 2mg/g liquid gel') })]
  },
  {
    name: 'Fusidic acid',
    form: 'modified-release eye drops',
    strengths: ['1%'],
    ch: 11,
    packs: [5],
    unit: 'g',
    generics: 0,
    brands: [b('Fucithalmic', 'Amdipharm UK Ltd', { amp: fixed('Fucithalmic 1% modified-release eye drops') })]
  },
  {
    name: 'Olopatadine',
    form: 'eye drops',
    strengths: ['1mg/ml'],
    ch: 11,
    packs: [5],
    brands: [b('Opatanol', S.novartis)]
  },
  {
    name: 'Bimatoprost',
    form: 'eye drops',
    strengths: ['100micrograms/ml'],
    ch: 11,
    packs: [3],
    brands: [b('Lumigan', S.abbvie)]
  },
  {
    name: 'Brimonidine',
    form: 'eye drops',
    strengths: ['0.2%'],
    ch: 11,
    packs: [5],
    brands: [b('Alphagan', S.abbvie)]
  },
  {
    name: 'Dexamethasone',
    form: 'eye drops',
    strengths: ['0.1%'],
    ch: 11,
    packs: [5],
    generics: 0,
    brands: [b('Maxidex', S.novartis)]
  },

  // 12 Ear, nose and oropharynx
  {
    name: 'Beclometasone',
    form: 'nasal spray',
    strengths: ['50micrograms/dose'],
    ch: 12,
    packs: [100, 200],
    unit: 'dose'
  },
  {
    name: 'Fluticasone propionate',
    form: 'nasal spray',
    strengths: ['50micrograms/dose'],
    ch: 12,
    packs: [150],
    unit: 'dose',
    brands: [b('Flixonase', S.gsk, { amp: fixed('Flixonase aqueous nasal spray') })]
  },
  {
    name: 'Mometasone',
    form: 'nasal spray',
    strengths: ['50micrograms/dose'],
    ch: 12,
    packs: [140],
    unit: 'dose',
    brands: [b('Nasonex', S.organon)]
  },
  {
    name: 'Xylometazoline',
    form: 'nasal spray',
    strengths: ['0.1%'],
    ch: 12,
    packs: [10],
    brands: [b('Otrivine', S.haleon, { amp: fixed('Otrivine Adult Measured Dose Sinusitis spray') })]
  },
  { name: 'Acetic acid', form: 'ear spray', strengths: ['2%'], ch: 12, packs: [5] },
  {
    name: 'Olive oil',
    form: 'ear drops',
    strengths: [null],
    ch: 12,
    packs: [10],
    vmpName: fixed('Olive oil ear drops')
  },
  {
    name: 'Chlorhexidine gluconate',
    form: 'mouthwash',
    strengths: ['0.2%'],
    ch: 12,
    packs: [300],
    brands: [b('Corsodyl', S.haleon, { amp: fixed('Corsodyl 0.2% mouthwash') })]
  },
  {
    name: 'Benzydamine',
    form: 'oromucosal spray',
    strengths: ['0.15%'],
    ch: 12,
    packs: [30],
    brands: [b('Difflam', S.viatris)]
  },
  { name: 'Benzydamine', form: 'mouthwash', strengths: ['0.15%'], ch: 12, packs: [300] },
  { name: 'Nystatin', form: 'oral suspension', strengths: ['100,000units/ml'], ch: 12, packs: [30] },
  {
    name: 'Miconazole',
    form: 'oromucosal gel',
    strengths: ['20mg/g'],
    ch: 12,
    packs: [15, 80],
    unit: 'g',
    brands: [b('Daktarin', S.mcneil, { amp: fixed('Daktarin 20mg/g oral gel') })]
  },

  // 13 Skin
  { name: 'Hydrocortisone', form: 'cream', strengths: ['1%'], ch: 13, packs: [15, 30], common: true },
  { name: 'Hydrocortisone', form: 'ointment', strengths: ['1%'], ch: 13, packs: [15, 30] },
  {
    name: 'Betamethasone valerate',
    form: 'cream',
    strengths: ['0.1%'],
    ch: 13,
    packs: [30, 100],
    brands: [b('Betnovate', S.gsk)]
  },
  {
    name: 'Clobetasone butyrate',
    form: 'cream',
    strengths: ['0.05%'],
    ch: 13,
    packs: [30, 100],
    brands: [b('Eumovate', S.gsk)]
  },
  {
    name: 'Clobetasol propionate',
    form: 'cream',
    strengths: ['0.05%'],
    ch: 13,
    packs: [30, 100],
    brands: [b('Dermovate', S.gsk)]
  },
  {
    name: 'Mometasone',
    form: 'cream',
    strengths: ['0.1%'],
    ch: 13,
    packs: [30, 100],
    brands: [b('Elocon', S.organon)]
  },
  { name: 'Fusidic acid', form: 'cream', strengths: ['2%'], ch: 13, packs: [15, 30], brands: [b('Fucidin', S.leo)] },
  {
    name: 'Betamethasone valerate/fusidic acid',
    form: 'cream',
    strengths: ['0.1%/2%'],
    ch: 13,
    packs: [30, 60],
    generics: 0,
    vmpName: fixed('Betamethasone valerate 0.1% / Fusidic acid 2% cream'),
    brands: [b('Fucibet', S.leo, { amp: fixed('Fucibet cream') })]
  },
  {
    name: 'Miconazole/hydrocortisone',
    form: 'cream',
    strengths: ['2%/1%'],
    ch: 13,
    packs: [30],
    generics: 0,
    vmpName: fixed('Miconazole 2% / Hydrocortisone 1% cream'),
    brands: [b('Daktacort', S.janssen, { amp: fixed('Daktacort 2%/1% cream') })]
  },
  { name: 'Clotrimazole', form: 'cream', strengths: ['1%'], ch: 13, packs: [20, 50], brands: [b('Canesten', S.bayer)] },
  { name: 'Terbinafine', form: 'cream', strengths: ['1%'], ch: 13, packs: [15, 30] },
  {
    name: 'Aciclovir',
    form: 'cream',
    strengths: ['5%'],
    ch: 13,
    packs: [2, 10],
    brands: [b('Zovirax Cold Sore', S.haleon, { amp: fixed('Zovirax Cold Sore 5% cream') })]
  },
  {
    name: 'Liquid paraffin/white soft paraffin',
    form: 'ointment',
    strengths: [null],
    ch: 13,
    packs: [250, 500],
    vmpName: fixed('Liquid paraffin 50% / White soft paraffin 50% ointment')
  },
  {
    name: 'Liquid paraffin/white soft paraffin',
    form: 'cream',
    strengths: [null],
    ch: 13,
    packs: [50, 500],
    generics: 0,
    vmpName: fixed('Liquid paraffin light 6% / White soft paraffin 15% cream'),
    brands: [b('Diprobase', S.bayer, { amp: fixed('Diprobase cream') })]
  },
  { name: 'Permethrin', form: 'cream', strengths: ['5%'], ch: 13, packs: [30] },
  {
    name: 'Benzoyl peroxide',
    form: 'gel',
    strengths: ['5%'],
    ch: 13,
    packs: [30],
    generics: 0,
    brands: [b('Acnecide', S.galderma)]
  },
  {
    name: 'Adapalene',
    form: 'gel',
    strengths: ['0.1%'],
    ch: 13,
    packs: [45],
    generics: 0,
    brands: [b('Differin', S.galderma)]
  },
  {
    name: 'Adapalene/benzoyl peroxide',
    form: 'gel',
    strengths: ['0.1%/2.5%'],
    ch: 13,
    packs: [45],
    generics: 0,
    vmpName: fixed('Adapalene 0.1% / Benzoyl peroxide 2.5% gel'),
    brands: [b('Epiduo', S.galderma, { amp: fixed('Epiduo 0.1%/2.5% gel') })]
  },
  {
    name: 'Clindamycin',
    form: 'cutaneous solution',
    strengths: ['1%'],
    ch: 13,
    packs: [30],
    unit: 'ml',
    brands: [b('Dalacin T', S.pfizer, { amp: fixed('Dalacin T 1% topical solution') })]
  },
  { name: 'Metronidazole', form: 'cream', strengths: ['0.75%'], ch: 13, packs: [30], brands: [b('Rozex', S.galderma)] },
  {
    name: 'Ivermectin',
    form: 'cream',
    strengths: ['10mg/g'],
    ch: 13,
    packs: [30],
    generics: 0,
    brands: [b('Soolantra', S.galderma)]
  },
  {
    name: 'Minoxidil',
    form: 'cutaneous foam',
    strengths: ['5%'],
    ch: 13,
    packs: [73],
    unit: 'ml',
    generics: 0,
    brands: [
      b('Regaine for Men Extra Strength', S.mcneil, { amp: fixed('Regaine for Men Extra Strength 5% scalp foam') })
    ]
  },
  {
    name: 'Minoxidil',
    form: 'cutaneous solution',
    strengths: ['5%'],
    ch: 13,
    packs: [60],
    unit: 'ml',
    brands: [
      b('Regaine for Men Extra Strength', S.mcneil, { amp: fixed('Regaine for Men Extra Strength 5% scalp solution') })
    ]
  },
  {
    name: 'Finasteride',
    form: 'tablet',
    strengths: ['1mg'],
    ch: 13,
    packs: [28],
    common: true,
    brands: [b('Propecia', S.organon)]
  },
  {
    name: 'Eflornithine',
    form: 'cream',
    strengths: ['11.5%'],
    ch: 13,
    packs: [60],
    generics: 0,
    brands: [b('Vaniqa', 'Almirall Ltd', { amp: fixed('Vaniqa 11.5% cream') })]
  },
  {
    name: 'Calcipotriol/betamethasone',
    form: 'gel',
    strengths: ['0.005%/0.05%'],
    ch: 13,
    packs: [60],
    generics: 0,
    vmpName: fixed('Calcipotriol 50micrograms/g / Betamethasone dipropionate 0.05% gel'),
    brands: [b('Dovobet', S.leo, { amp: fixed('Dovobet gel') })]
  },
  {
    name: 'Imiquimod',
    form: 'cream',
    strengths: ['5%'],
    ch: 13,
    packs: [12],
    unit: 'sachet',
    generics: 0,
    vmpName: fixed('Imiquimod 5% cream 250mg sachets'),
    brands: [b('Aldara', S.viatris, { amp: fixed('Aldara 5% cream') })]
  },
  { name: 'Podophyllotoxin', form: 'cream', strengths: ['0.15%'], ch: 13, packs: [5] }
]

const GENERIC_SUPPLIERS = {
  solid: [
    'Accord Healthcare Ltd',
    'Teva UK Ltd',
    'Sandoz Ltd',
    'Aurobindo Pharma - Milpharm Ltd',
    'Zentiva Pharma UK Ltd',
    "Dr Reddy's Laboratories (UK) Ltd",
    'Almus Pharmaceuticals Ltd',
    'Sigma Pharmaceuticals Plc',
    'Bristol Laboratories Ltd',
    'Crescent Pharma Ltd',
    'Wockhardt UK Ltd',
    'Kent Pharma (UK) Ltd',
    'Brown & Burk UK Ltd',
    'Lupin Healthcare (UK) Ltd',
    'Glenmark Pharmaceuticals Europe Ltd',
    'Tillomed Laboratories Ltd',
    'Genus Pharmaceuticals Ltd',
    'Noumed Life Sciences Ltd'
  ],
  liquid: [
    'Rosemont Pharmaceuticals Ltd',
    'Thame Laboratories Ltd',
    'Colorama Pharmaceuticals Ltd',
    'Thornton & Ross Ltd',
    'Aspire Pharma Ltd',
    'Pinewood Healthcare'
  ],
  topical: [
    'Thornton & Ross Ltd',
    'Teva UK Ltd',
    'Crescent Pharma Ltd',
    'Typharm Ltd',
    'Aspire Pharma Ltd',
    'Bristol Laboratories Ltd',
    'Sandoz Ltd'
  ],
  eye: [
    'Bausch & Lomb UK Ltd',
    'Aspire Pharma Ltd',
    'Martindale Pharmaceuticals Ltd',
    'Rayner Pharmaceuticals Ltd',
    'Sandoz Ltd'
  ],
  device: ['Teva UK Ltd', 'Sandoz Ltd', 'Accord Healthcare Ltd', 'Viatris UK Healthcare Ltd']
} as const

// ---- Derivation -----------------------------------------------------------------------------

function pluralForm(form: string): string {
  if (/(tablet|capsule|sachet|pen|syringe|ampoule|injector)$/.test(form)) return `${form}s`
  if (form.endsWith('patch')) return `${form}es`
  if (form.endsWith('pessary')) return form.replace(/pessary$/, 'pessaries')
  return form
}

function unitFor(m: Molecule): PackUnit {
  if (m.unit) return m.unit
  const f = m.form
  if (f.endsWith('tablet')) return 'tablet'
  if (f.endsWith('capsule')) return 'capsule'
  if (f.endsWith('sachet')) return 'sachet'
  if (f.endsWith('patch')) return 'patch'
  if (f.endsWith('pessary')) return 'pessary'
  if (/(cream|ointment|gel)$/.test(f)) return 'g'
  return 'ml'
}

function poolFor(m: Molecule): readonly string[] {
  const f = m.form
  if (f.includes('eye')) return GENERIC_SUPPLIERS.eye
  if (/inhal|spray|injection/.test(f)) return GENERIC_SUPPLIERS.device
  if (/^oral (solution|suspension)$|mouthwash/.test(f)) return GENERIC_SUPPLIERS.liquid
  if (/cream|ointment|gel|drops|cutaneous/.test(f)) return GENERIC_SUPPLIERS.topical
  return GENERIC_SUPPLIERS.solid
}

function isList(packs: Molecule['packs']): packs is readonly number[] {
  return Array.isArray(packs)
}

/** FNV-1a: a stable small hash so supplier choice does not depend on list order. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** SNOMED CT-style extension id: item id, dm+d namespace 1000001, partition 10, Verhoeff check. */
function snomedId(item: number): string {
  const body = `${item}100000110`
  return `${body}${verhoeffCheckDigit(body)}`
}

function gtin(sequence: number): string {
  const body = `05000000${String(sequence).padStart(5, '0')}`
  return `${body}${gs1CheckDigit(body)}`
}

export interface SampleCatalogue {
  products: string
  packs: string
  gtins: string
}

export function generateSampleCatalogue(): SampleCatalogue {
  const products: string[][] = [
    ['dmd_id', 'level', 'vmp_id', 'name', 'strength', 'form', 'cd_schedule', 'supplier', 'bnf_chapter']
  ]
  const packs: string[][] = [['ampp_id', 'amp_id', 'name', 'pack_size', 'pack_unit', 'pip_code', 'reorder_level']]
  const gtins: string[][] = [['ampp_id', 'gtin', 'start_date', 'end_date']]
  let vmpItem = 4_100_000
  let ampItem = 4_200_000
  let amppItem = 4_300_000
  let gtinSeq = 10_000
  let oldGtinSeq = 60_000
  let pipBody = 100_003
  let packIndex = 0

  const nextPip = () => {
    for (;;) {
      pipBody = 100_000 + ((pipBody - 100_000 + 7_919) % 900_000)
      const check = pipCheckDigit(String(pipBody))
      if (check !== null) return `${pipBody}${check}`
    }
  }

  for (const m of MOLECULES) {
    const plural = m.plural ?? pluralForm(m.form)
    const unit = unitFor(m)
    const pool = poolFor(m)
    for (const strength of m.strengths) {
      const vmpName = m.vmpName ? m.vmpName(strength) : `${m.name} ${strength ?? ''} ${plural}`.replace(/ +/g, ' ')
      const vmpId = DEMO_IDS[vmpName] ?? snomedId(++vmpItem)
      const schedule = m.cd === undefined ? '' : String(m.cd)
      const common = [strength ?? '', m.form, schedule]
      products.push([vmpId, 'VMP', '', vmpName, ...common, '', String(m.ch)])

      const genericCount = m.generics ?? (m.common ? 2 : 1)
      const start = hash(vmpName) % pool.length
      const amps: { name: string; supplier: string }[] = []
      for (let g = 0; g < genericCount; g++)
        amps.push({ name: vmpName, supplier: pool[(start + g * 5) % pool.length] ?? '' })
      for (const brand of m.brands ?? []) {
        if (brand.strengths && (strength === null || !brand.strengths.includes(strength))) continue
        amps.push({
          name: brand.amp ? brand.amp(strength) : `${brand.name} ${strength ?? ''} ${plural}`.replace(/ +/g, ' '),
          supplier: brand.supplier
        })
      }
      if (amps.length === 0) throw new Error(`${vmpName}: no AMP`)

      const sizes = isList(m.packs) ? m.packs : (m.packs[strength ?? ''] ?? [])
      if (sizes.length === 0 || sizes.length > 3) throw new Error(`${vmpName}: 1–3 pack sizes expected`)
      amps.forEach((amp, ampIndex) => {
        const ampId = snomedId(++ampItem)
        products.push([ampId, 'AMP', vmpId, amp.name, ...common, amp.supplier, String(m.ch)])
        sizes.forEach((size, sizeIndex) => {
          const amppId = snomedId(++amppItem)
          // The first pack of the first AMP is the line the pharmacy keeps in stock.
          const packsToKeep = ampIndex === 0 && sizeIndex === 0 ? (m.common && m.cd !== 2 ? 2 : 1) : 0
          packs.push([
            amppId,
            ampId,
            `${amp.name} (${amp.supplier}) ${size} ${unit}`,
            String(size),
            unit,
            nextPip(),
            String(Math.round(size * packsToKeep))
          ])
          const since = `${2016 + (packIndex % 8)}-${String((packIndex % 12) + 1).padStart(2, '0')}-01`
          if (packIndex % 7 === 3) {
            // A re-barcoded pack: the old GTIN ended the day the new one started.
            gtins.push([amppId, gtin(oldGtinSeq++), `${Number(since.slice(0, 4)) - 6}${since.slice(4)}`, since])
          }
          gtins.push([amppId, gtin(gtinSeq++), since, ''])
          packIndex++
        })
      })
    }
  }
  return { products: recordsToCsv(products, '\n'), packs: recordsToCsv(packs, '\n'), gtins: recordsToCsv(gtins, '\n') }
}

// ---- Writing --------------------------------------------------------------------------------

export const CATALOGUE_DIR = new URL('../resources/catalogue/', import.meta.url)
export const CATALOGUE_FILES = { products: 'products.csv', packs: 'packs.csv', gtins: 'pack-gtins.csv' } as const

interface DemoProduct {
  dmdCode: string
  name: string
  strength: string | null
  form: string | null
  controlledDrugSchedule: number | null
}

/** Problems that would make the generated catalogue unfit to commit; empty when fine. */
export function checkSampleCatalogue(files: SampleCatalogue): string[] {
  const result = importCatalogue(files)
  const problems = [...result.report.rejected, ...result.report.warnings].map((i) => `${i.file}:${i.line} ${i.reason}`)
  const demo = (
    JSON.parse(readFileSync(new URL('../resources/demo/products.json', import.meta.url), 'utf8')) as {
      products: DemoProduct[]
    }
  ).products
  for (const d of demo) {
    const p = result.products.find((x) => x.dmdId === d.dmdCode)
    const want = {
      level: 'VMP',
      name: d.name,
      strength: d.strength,
      form: d.form,
      cdSchedule: d.controlledDrugSchedule
    }
    const got = p && { level: p.level, name: p.name, strength: p.strength, form: p.form, cdSchedule: p.cdSchedule }
    if (JSON.stringify(got) !== JSON.stringify(want))
      problems.push(`demo product ${d.dmdCode}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`)
  }
  return problems
}

function main(): void {
  const files = generateSampleCatalogue()
  const problems = checkSampleCatalogue(files)
  if (problems.length > 0) {
    console.error(problems.join('\n'))
    process.exitCode = 1
    return
  }
  for (const [key, name] of Object.entries(CATALOGUE_FILES)) {
    writeFileSync(new URL(name, CATALOGUE_DIR), files[key as keyof SampleCatalogue])
  }
  const count = (csv: string, level: string) => csv.split('\n').filter((l) => l.split(',')[1] === level).length
  console.log(
    `wrote ${count(files.products, 'VMP')} VMPs, ${count(files.products, 'AMP')} AMPs, ` +
      `${files.packs.split('\n').length - 2} packs, ${files.gtins.split('\n').length - 2} GTINs to resources/catalogue/`
  )
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main()
