/**
 * GS1 Application Identifiers: how long each AI is, how long and of what characters its data is.
 * Source: GS1 General Specifications, section 3 (AI definitions) and figure 7.8.5-2 (AIs with a
 * predefined length, which never need an FNC1 separator after them).
 */

export type Gs1Charset = 'N' | 'X'
export type Gs1Kind = 'key' | 'date' | 'count' | 'decimal' | 'text'

export interface AiSpec {
  ai: string
  title: string
  charset: Gs1Charset
  minLength: number
  maxLength: number
  /** In the GS1 predefined-length table: the next AI follows without a separator. */
  predefined: boolean
  kind: Gs1Kind
  /** The data ends with a GS1 mod-10 check digit. */
  checkDigit: boolean
  /** For N3+X.. style fields: how many leading characters must be digits. */
  numericPrefix: number
  /** For decimal AIs (31nn–36nn, 39nn): implied decimal places. */
  decimals: number
  /** False for AIs not in this table, recognised only through the predefined-length table or their family. */
  known: boolean
}

/** Length (in digits) of an AI, by its first two digits. */
const AI_LENGTH_BY_PREFIX: Readonly<Record<string, 2 | 3 | 4>> = (() => {
  const table: Record<string, 2 | 3 | 4> = {}
  const two = [
    '00',
    '01',
    '02',
    '03',
    '04',
    '10',
    '11',
    '12',
    '13',
    '14',
    '15',
    '16',
    '17',
    '18',
    '19',
    '20',
    '21',
    '22',
    '30',
    '37'
  ]
  for (let n = 90; n <= 99; n++) two.push(String(n))
  for (const p of two) table[p] = 2
  for (const p of ['23', '24', '25', '40', '41', '42', '71']) table[p] = 3
  for (const p of ['31', '32', '33', '34', '35', '36', '39', '43', '70', '72', '80', '81', '82']) table[p] = 4
  return table
})()

/** GS1 figure 7.8.5-2: total length (AI + data) of the AIs that never need a separator. */
const PREDEFINED_LENGTHS: Readonly<Record<string, number>> = {
  '00': 20,
  '01': 16,
  '02': 16,
  '03': 16,
  '04': 18,
  '11': 8,
  '12': 8,
  '13': 8,
  '14': 8,
  '15': 8,
  '16': 8,
  '17': 8,
  '18': 8,
  '19': 8,
  '20': 4,
  '31': 10,
  '32': 10,
  '33': 10,
  '34': 10,
  '35': 10,
  '36': 10,
  '41': 16
}

type SpecInput = Partial<Omit<AiSpec, 'ai' | 'title'>> & { charset: Gs1Charset; minLength: number; maxLength: number }

const SPECS = new Map<string, AiSpec>()

function define(ai: string, title: string, spec: SpecInput): void {
  const predefinedTotal = PREDEFINED_LENGTHS[ai.slice(0, 2)]
  SPECS.set(ai, {
    ai,
    title,
    predefined: predefinedTotal !== undefined,
    kind: 'text',
    checkDigit: false,
    numericPrefix: 0,
    decimals: 0,
    known: true,
    ...spec
  })
}

const fixedN = (length: number, extra: Partial<AiSpec> = {}): SpecInput => ({
  charset: 'N',
  minLength: length,
  maxLength: length,
  ...extra
})
const varX = (max: number, extra: Partial<AiSpec> = {}): SpecInput => ({
  charset: 'X',
  minLength: 1,
  maxLength: max,
  ...extra
})
const varN = (max: number, extra: Partial<AiSpec> = {}): SpecInput => ({
  charset: 'N',
  minLength: 1,
  maxLength: max,
  ...extra
})

define('00', 'SSCC', fixedN(18, { kind: 'key', checkDigit: true }))
define('01', 'GTIN', fixedN(14, { kind: 'key', checkDigit: true }))
define('02', 'CONTENT', fixedN(14, { kind: 'key', checkDigit: true }))
define('03', 'MTO GTIN', fixedN(14, { kind: 'key', checkDigit: true }))
define('10', 'BATCH/LOT', varX(20))
define('11', 'PROD DATE', fixedN(6, { kind: 'date' }))
define('12', 'DUE DATE', fixedN(6, { kind: 'date' }))
define('13', 'PACK DATE', fixedN(6, { kind: 'date' }))
define('15', 'BEST BEFORE', fixedN(6, { kind: 'date' }))
define('16', 'SELL BY', fixedN(6, { kind: 'date' }))
define('17', 'USE BY OR EXPIRY', fixedN(6, { kind: 'date' }))
define('20', 'VARIANT', fixedN(2))
define('21', 'SERIAL', varX(20))
define('22', 'CPV', varX(20))
define('235', 'TPX', varX(28))
define('240', 'ADDITIONAL ID', varX(30))
define('241', 'CUST. PART No.', varX(30))
define('242', 'MTO VARIANT', varN(6))
define('243', 'PCN', varX(20))
define('250', 'SECONDARY SERIAL', varX(30))
define('251', 'REF. TO SOURCE', varX(30))
define('253', 'GDTI', { charset: 'X', minLength: 13, maxLength: 30, numericPrefix: 13 })
define('254', 'GLN EXTENSION COMPONENT', varX(20))
define('255', 'GCN', { charset: 'N', minLength: 13, maxLength: 25 })
define('30', 'VAR. COUNT', varN(8, { kind: 'count' }))
define('37', 'COUNT', varN(8, { kind: 'count' }))

// Trade and logistic measures: 31nn–36nn, N6 with n implied decimals.
const MEASURE_FAMILIES: ReadonlyArray<readonly [string, string]> = [
  ['310', 'NET WEIGHT (kg)'],
  ['311', 'LENGTH (m)'],
  ['312', 'WIDTH (m)'],
  ['313', 'HEIGHT (m)'],
  ['314', 'AREA (m2)'],
  ['315', 'NET VOLUME (l)'],
  ['316', 'NET VOLUME (m3)'],
  ['320', 'NET WEIGHT (lb)'],
  ['321', 'LENGTH (in)'],
  ['322', 'LENGTH (ft)'],
  ['323', 'LENGTH (yd)'],
  ['324', 'WIDTH (in)'],
  ['325', 'WIDTH (ft)'],
  ['326', 'WIDTH (yd)'],
  ['327', 'HEIGHT (in)'],
  ['328', 'HEIGHT (ft)'],
  ['329', 'HEIGHT (yd)'],
  ['330', 'GROSS WEIGHT (kg)'],
  ['331', 'LENGTH (m), log'],
  ['332', 'WIDTH (m), log'],
  ['333', 'HEIGHT (m), log'],
  ['334', 'AREA (m2), log'],
  ['335', 'VOLUME (l), log'],
  ['336', 'VOLUME (m3), log'],
  ['337', 'KG PER m2'],
  ['340', 'GROSS WEIGHT (lb)'],
  ['341', 'LENGTH (in), log'],
  ['342', 'LENGTH (ft), log'],
  ['343', 'LENGTH (yd), log'],
  ['344', 'WIDTH (in), log'],
  ['345', 'WIDTH (ft), log'],
  ['346', 'WIDTH (yd), log'],
  ['347', 'HEIGHT (in), log'],
  ['348', 'HEIGHT (ft), log'],
  ['349', 'HEIGHT (yd), log'],
  ['350', 'AREA (in2)'],
  ['351', 'AREA (ft2)'],
  ['352', 'AREA (yd2)'],
  ['353', 'AREA (in2), log'],
  ['354', 'AREA (ft2), log'],
  ['355', 'AREA (yd2), log'],
  ['356', 'NET WEIGHT (troy oz)'],
  ['357', 'NET VOLUME (oz)'],
  ['360', 'NET VOLUME (qt)'],
  ['361', 'NET VOLUME (gal.)'],
  ['362', 'VOLUME (qt), log'],
  ['363', 'VOLUME (gal.), log'],
  ['364', 'VOLUME (in3)'],
  ['365', 'VOLUME (ft3)'],
  ['366', 'VOLUME (yd3)'],
  ['367', 'VOLUME (in3), log'],
  ['368', 'VOLUME (ft3), log'],
  ['369', 'VOLUME (yd3), log']
]
for (const [family, title] of MEASURE_FAMILIES) {
  for (let n = 0; n <= 5; n++) define(`${family}${n}`, title, fixedN(6, { kind: 'decimal', decimals: n }))
}
for (let n = 0; n <= 9; n++) {
  define(`390${n}`, 'AMOUNT', varN(15, { kind: 'decimal', decimals: n }))
  define(`391${n}`, 'AMOUNT (ISO)', { charset: 'N', minLength: 4, maxLength: 18 })
  define(`392${n}`, 'PRICE', varN(15, { kind: 'decimal', decimals: n }))
  define(`393${n}`, 'PRICE (ISO)', { charset: 'N', minLength: 4, maxLength: 18 })
}
for (let n = 0; n <= 3; n++) define(`394${n}`, 'PRCNT OFF', fixedN(4, { kind: 'decimal', decimals: n }))
for (let n = 0; n <= 5; n++) define(`395${n}`, 'PRICE/UoM', fixedN(6, { kind: 'decimal', decimals: n }))

define('400', 'ORDER NUMBER', varX(30))
define('401', 'GINC', varX(30))
define('402', 'GSIN', fixedN(17, { kind: 'key', checkDigit: true }))
define('403', 'ROUTE', varX(30))
for (const [ai, title] of [
  ['410', 'SHIP TO LOC'],
  ['411', 'BILL TO'],
  ['412', 'PURCHASE FROM'],
  ['413', 'SHIP FOR LOC'],
  ['414', 'LOC No.'],
  ['415', 'PAY TO'],
  ['416', 'PROD/SERV LOC'],
  ['417', 'PARTY']
] as const) {
  define(ai, title, fixedN(13, { kind: 'key', checkDigit: true }))
}
define('420', 'SHIP TO POST', varX(20))
define('421', 'SHIP TO POST (ISO)', { charset: 'X', minLength: 4, maxLength: 12, numericPrefix: 3 })
define('422', 'ORIGIN', fixedN(3))
define('423', 'COUNTRY - INITIAL PROCESS', { charset: 'N', minLength: 3, maxLength: 15 })
define('424', 'COUNTRY - PROCESS', fixedN(3))
define('425', 'COUNTRY - DISASSEMBLY', { charset: 'N', minLength: 3, maxLength: 15 })
define('426', 'COUNTRY - FULL PROCESS', fixedN(3))
define('427', 'ORIGIN SUBDIVISION', varX(3))

define('7001', 'NSN', fixedN(13))
define('7002', 'MEAT CUT', varX(30))
define('7003', 'EXPIRY TIME', fixedN(10))
define('7004', 'ACTIVE POTENCY', varN(4))
define('7005', 'CATCH AREA', varX(12))
define('7006', 'FIRST FREEZE DATE', fixedN(6, { kind: 'date' }))
define('7007', 'HARVEST DATE', { charset: 'N', minLength: 6, maxLength: 12 })
define('7008', 'AQUATIC SPECIES', varX(3))
define('7009', 'FISHING GEAR TYPE', varX(10))
define('7010', 'PROD METHOD', varX(2))
define('7020', 'REFURB LOT', varX(20))
define('7021', 'FUNC STAT', varX(20))
define('7022', 'REV STAT', varX(20))
define('7023', 'GIAI - ASSEMBLY', varX(30))
for (const [ai, title] of [
  ['710', 'NHRN PZN'],
  ['711', 'NHRN CIP'],
  ['712', 'NHRN CN'],
  ['713', 'NHRN DRN'],
  ['714', 'NHRN AIM'],
  ['715', 'NHRN NDC'],
  ['716', 'NHRN AIC']
] as const) {
  define(ai, title, varX(20))
}
define('7240', 'PROTOCOL', varX(20))

define('8001', 'DIMENSIONS', fixedN(14))
define('8002', 'CMT No.', varX(20))
define('8003', 'GRAI', { charset: 'X', minLength: 14, maxLength: 30, numericPrefix: 14 })
define('8004', 'GIAI', varX(30))
define('8005', 'PRICE PER UNIT', fixedN(6))
define('8006', 'ITIP', fixedN(18))
define('8007', 'IBAN', varX(34))
define('8008', 'PROD TIME', { charset: 'N', minLength: 8, maxLength: 12 })
define('8009', 'OPTSEN', varX(50))
define('8010', 'CPID', varX(30))
define('8011', 'CPID SERIAL', varN(12))
define('8012', 'VERSION', varX(20))
define('8013', 'GMN', varX(25))
define('8017', 'GSRN - PROVIDER', fixedN(18, { kind: 'key', checkDigit: true }))
define('8018', 'GSRN - RECIPIENT', fixedN(18, { kind: 'key', checkDigit: true }))
define('8019', 'SRIN', varN(10))
define('8020', 'REF No.', varX(25))
define('8026', 'ITIP CONTENT', fixedN(18))
define('8110', 'COUPON', varX(70))
define('8111', 'POINTS', fixedN(4))
define('8112', 'PAPERLESS COUPON', varX(70))
define('8200', 'PRODUCT URL', varX(70))
define('90', 'INTERNAL', varX(30))
for (let n = 91; n <= 99; n++) define(String(n), 'INTERNAL', varX(90))

/** How many digits the AI starting with these two digits has; null when no AI starts so. */
export function aiLengthFor(prefix: string): 2 | 3 | 4 | null {
  return AI_LENGTH_BY_PREFIX[prefix] ?? null
}

/**
 * The spec for an AI. AIs missing from the table but in the predefined-length table get a fixed
 * numeric spec (so they still split); others get null.
 */
export function aiSpec(ai: string): AiSpec | null {
  const known = SPECS.get(ai)
  if (known) return known
  const total = PREDEFINED_LENGTHS[ai.slice(0, 2)]
  if (total === undefined || aiLengthFor(ai.slice(0, 2)) !== ai.length) return null
  const length = total - ai.length
  return {
    ai,
    title: `AI ${ai}`,
    charset: 'N',
    minLength: length,
    maxLength: length,
    predefined: true,
    kind: 'text',
    checkDigit: false,
    numericPrefix: 0,
    decimals: 0,
    known: false
  }
}

/** A spec for an AI of a known family that this table does not describe (read up to a separator). */
export function unknownVariableSpec(ai: string): AiSpec {
  return {
    ai,
    title: `AI ${ai}`,
    charset: 'X',
    minLength: 1,
    maxLength: 90,
    predefined: false,
    kind: 'text',
    checkDigit: false,
    numericPrefix: 0,
    decimals: 0,
    known: false
  }
}

export function isFixedLength(spec: AiSpec): boolean {
  return spec.minLength === spec.maxLength
}
