/**
 * Catalogue import from CSV (read by documents/csv-records): zod validation of each row into typed
 * products (VMP/AMP), packs (AMPP) and pack GTINs, cross-checks between the files, and the
 * light transform of an NHSBSA dm+d GTIN extract. No database: the caller stores the result.
 *
 * Nothing is dropped silently: every row that is not returned is in `report.rejected` with its
 * line number (the physical line its record starts on, header = line 1) and a reason; the first
 * of two duplicate rows wins and the second is rejected naming the first. Columns:
 * resources/catalogue/README.md.
 */
import { z } from 'zod'
import { isIsoDate } from '../../shared/time/calendar'
import { isDmdId, isValidPipCode, normaliseGtin } from '../../shared/stock/identifiers'
import { PACK_UNITS, type PackUnit } from '../../shared/stock/units'
import { parseCsv } from '../documents'

// ---- Entry types ----------------------------------------------------------------------------

export type CdSchedule = 1 | 2 | 3 | 4 | 5

interface ProductCommon {
  dmdId: string
  name: string
  strength: string | null
  form: string
  cdSchedule: CdSchedule | null
  bnfChapter: number | null
}
export interface VmpEntry extends ProductCommon {
  level: 'VMP'
  vmpId: null
  supplier: null
}
/** Strength, form, schedule and BNF chapter are the VMP's (inherited when the CSV leaves them blank). */
export interface AmpEntry extends ProductCommon {
  level: 'AMP'
  vmpId: string
  supplier: string
}
export type ProductEntry = VmpEntry | AmpEntry

export interface PackEntry {
  amppId: string
  ampId: string
  name: string
  packSize: number
  packUnit: PackUnit
  pipCode: string | null
  /** In pack units (e.g. tablets); 0 = never reorder automatically. */
  reorderLevel: number
}

export interface PackGtinEntry {
  amppId: string
  /** 14 digits (shorter GTINs are left-padded with zeros). */
  gtin: string
  startDate: string | null
  endDate: string | null
  /** Ended: a scan of it still identifies the pack, but new stock should not carry it. */
  historic: boolean
}

export type CatalogueFile = 'products' | 'packs' | 'gtins' | 'dmd-gtin'

export interface ImportIssue {
  file: CatalogueFile
  line: number
  reason: string
}

export interface ImportReport {
  accepted: Partial<Record<CatalogueFile, number>>
  rejected: ImportIssue[]
  warnings: ImportIssue[]
}

export interface Imported<T> {
  line: number
  row: T
}

export interface TableImport<T> {
  rows: Imported<T>[]
  report: ImportReport
}

// ---- Field schemas (raw CSV strings in, typed values out) -----------------------------------

const SPREADSHEET_NUMBER = /^\d+(\.\d+)?e\+?\d+$/i

function show(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
}

/** A required identifier: the message says what was expected and what came. */
function identifier(expected: string, valid: (v: string) => boolean, hint?: (v: string) => string | null) {
  return z.string().superRefine((v, ctx) => {
    if (v === '') ctx.addIssue({ code: 'custom', message: 'required' })
    else if (SPREADSHEET_NUMBER.test(v)) {
      ctx.addIssue({
        code: 'custom',
        message: `${show(v)} looks like a spreadsheet's scientific notation; keep the column as text`
      })
    } else if (!valid(v))
      ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${show(v)}${hint?.(v) ?? ''}` })
  })
}

const dmdIdField = identifier('a dm+d id (6–18 digits, no leading zero)', isDmdId)
const optionalDmdIdField = z.union([z.literal('').transform(() => null), dmdIdField])

const isOneLine = (v: string) => ![...v].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)
function textField(max: number) {
  return z
    .string()
    .min(1, 'required')
    .max(max, `at most ${max} characters`)
    .refine(isOneLine, 'must be one line of text without control characters')
}
function optionalTextField(max: number) {
  return z.union([z.literal('').transform(() => null), textField(max)])
}

const cdScheduleField = z
  .string()
  .regex(/^[1-5]?$/, 'expected blank (not controlled) or a schedule 1–5')
  .transform((v) => (v === '' ? null : (Number(v) as CdSchedule)))

const bnfChapterField = z
  .string()
  .regex(/^(|[1-9]|1[0-5])$/, 'expected blank or a BNF chapter 1–15')
  .transform((v) => (v === '' ? null : Number(v)))

const gtinField = identifier('a GTIN-8/12/13/14 with a valid check digit', (v) => normaliseGtin(v) !== null).transform(
  (v) => normaliseGtin(v) ?? v
)

function pipField(verifyCheckDigit: boolean) {
  const valid = verifyCheckDigit ? isValidPipCode : (v: string) => /^\d{7}$/.test(v)
  const hint = (v: string) => (/^\d{1,6}$/.test(v) ? ' (a spreadsheet may have dropped leading zeros)' : null)
  return z.union([
    z.literal('').transform(() => null),
    identifier('a 7-digit PIP code with a valid mod-11 check digit', valid, hint)
  ])
}

const packSizeField = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,3})?$/, 'expected a positive number such as 28 or 2.5')
  .transform(Number)
  .refine((v) => v > 0, 'must be more than 0')

const reorderLevelField = z
  .string()
  .regex(/^\d{0,7}$/, 'expected blank or a whole number ≥ 0')
  .transform((v) => (v === '' ? 0 : Number(v)))

const packUnitField = z
  .string()
  .transform((v) => v.toLowerCase())
  .refine((v): v is PackUnit => (PACK_UNITS as readonly string[]).includes(v), {
    message: `expected one of: ${PACK_UNITS.join(', ')}`
  })

type DateStyle = 'iso' | 'lenient'

/** Lenient also takes YYYYMMDD and DD/MM/YYYY (UK order), as extracts are often re-saved. */
function toIsoDate(v: string, style: DateStyle): string | null {
  if (isIsoDate(v)) return v
  if (style === 'iso') return null
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(v)
  if (m) return isIsoDate(`${m[1]}-${m[2]}-${m[3]}`) ? `${m[1]}-${m[2]}-${m[3]}` : null
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v)
  if (m) {
    const iso = `${m[3]}-${(m[2] ?? '').padStart(2, '0')}-${(m[1] ?? '').padStart(2, '0')}`
    return isIsoDate(iso) ? iso : null
  }
  return null
}

function optionalDateField(style: DateStyle) {
  const expected = style === 'iso' ? 'a date YYYY-MM-DD' : 'a date YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY'
  return z.string().transform((v, ctx) => {
    if (v === '') return null
    const iso = toIsoDate(v, style)
    if (iso === null) ctx.addIssue({ code: 'custom', message: `expected blank or ${expected}, got ${show(v)}` })
    return iso
  })
}

// ---- Table schemas --------------------------------------------------------------------------

interface ColumnSpec {
  name: string
  required: boolean
  aliases?: readonly string[]
}

interface TableSpec<T> {
  file: CatalogueFile
  columns: readonly ColumnSpec[]
  /** The column whose value identifies a row in messages about other rows. */
  key: string
  schema: z.ZodType<T, Record<string, string>>
}

interface RawProduct {
  dmdId: string
  level: 'VMP' | 'AMP'
  vmpId: string | null
  name: string
  strength: string | null
  form: string | null
  cdSchedule: CdSchedule | null
  supplier: string | null
  bnfChapter: number | null
}

const productSpec: TableSpec<RawProduct> = {
  file: 'products',
  key: 'dmd_id',
  columns: [
    { name: 'dmd_id', required: true },
    { name: 'level', required: true },
    { name: 'vmp_id', required: true },
    { name: 'name', required: true },
    { name: 'strength', required: true },
    { name: 'form', required: true },
    { name: 'cd_schedule', required: true },
    { name: 'supplier', required: true },
    { name: 'bnf_chapter', required: false }
  ],
  schema: z
    .object({
      dmd_id: dmdIdField,
      level: z
        .string()
        .transform((v) => v.toUpperCase())
        .pipe(z.enum(['VMP', 'AMP'], { message: 'expected VMP or AMP' })),
      vmp_id: optionalDmdIdField,
      name: textField(255),
      strength: optionalTextField(80),
      form: optionalTextField(80),
      cd_schedule: cdScheduleField,
      supplier: optionalTextField(120),
      bnf_chapter: bnfChapterField
    })
    .superRefine((r, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
      if (r.level === 'VMP') {
        if (r.vmp_id !== null) issue('vmp_id', 'must be blank on a VMP row')
        if (r.supplier !== null) issue('supplier', 'must be blank on a VMP row (suppliers belong to AMPs)')
        if (r.form === null) issue('form', 'required on a VMP row')
      } else {
        if (r.vmp_id === null) issue('vmp_id', 'required on an AMP row')
        else if (r.vmp_id === r.dmd_id) issue('vmp_id', 'an AMP cannot be its own VMP')
        if (r.supplier === null) issue('supplier', 'required on an AMP row')
      }
    })
    .transform((r) => ({
      dmdId: r.dmd_id,
      level: r.level,
      vmpId: r.vmp_id,
      name: r.name,
      strength: r.strength,
      form: r.form,
      cdSchedule: r.cd_schedule,
      supplier: r.supplier,
      bnfChapter: r.bnf_chapter
    }))
}

function packSpec(verifyPipCheckDigit: boolean): TableSpec<PackEntry> {
  return {
    file: 'packs',
    key: 'ampp_id',
    columns: [
      { name: 'ampp_id', required: true },
      { name: 'amp_id', required: true },
      { name: 'name', required: true },
      { name: 'pack_size', required: true },
      { name: 'pack_unit', required: true },
      { name: 'pip_code', required: false },
      { name: 'reorder_level', required: false }
    ],
    schema: z
      .object({
        ampp_id: dmdIdField,
        amp_id: dmdIdField,
        name: textField(255),
        pack_size: packSizeField,
        pack_unit: packUnitField,
        pip_code: pipField(verifyPipCheckDigit),
        reorder_level: reorderLevelField
      })
      .transform((r) => ({
        amppId: r.ampp_id,
        ampId: r.amp_id,
        name: r.name,
        packSize: r.pack_size,
        packUnit: r.pack_unit,
        pipCode: r.pip_code,
        reorderLevel: r.reorder_level
      }))
  }
}

function gtinSpec(file: 'gtins' | 'dmd-gtin', dates: DateStyle, asOf: string | undefined): TableSpec<PackGtinEntry> {
  return {
    file,
    key: 'ampp_id',
    columns: [
      { name: 'ampp_id', required: true },
      { name: 'gtin', required: true },
      { name: 'start_date', required: false, aliases: ['startdt'] },
      { name: 'end_date', required: false, aliases: ['enddt'] }
    ],
    schema: z
      .object({
        ampp_id: dmdIdField,
        gtin: gtinField,
        start_date: optionalDateField(dates),
        end_date: optionalDateField(dates)
      })
      .superRefine((r, ctx) => {
        if (r.start_date && r.end_date && r.end_date < r.start_date) {
          ctx.addIssue({
            code: 'custom',
            path: ['end_date'],
            message: `ends (${r.end_date}) before it starts (${r.start_date})`
          })
        }
      })
      .transform((r) => ({
        amppId: r.ampp_id,
        gtin: r.gtin,
        startDate: r.start_date,
        endDate: r.end_date,
        historic: r.end_date !== null && (asOf === undefined || r.end_date < asOf)
      }))
  }
}

// ---- Reading a table ------------------------------------------------------------------------

interface TableRead<T> extends TableImport<T> {
  /** Key values of rows rejected here, so dependants can say why their parent is missing. */
  rejectedKeys: Map<string, number>
}

const normaliseHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')

function emptyReport(): ImportReport {
  return { accepted: {}, rejected: [], warnings: [] }
}

function readTable<T>(csv: string, spec: TableSpec<T>): TableRead<T> {
  const report = emptyReport()
  const rows: Imported<T>[] = []
  const rejectedKeys = new Map<string, number>()
  const reject = (line: number, reason: string) => report.rejected.push({ file: spec.file, line, reason })
  const { records, problems } = parseCsv(csv)
  const [header, ...data] = records

  if (!header || (problems[0] && problems[0].line < header.line)) {
    // Without a readable header no row can be interpreted.
    for (const p of problems) reject(p.line, `${p.reason}; the header row is unreadable`)
    if (!header) reject(1, 'no header row: the file is empty')
    for (const r of records) reject(r.line, 'not read: the header row is unreadable')
    report.accepted[spec.file] = 0
    return { rows, report, rejectedKeys }
  }
  for (const p of problems) reject(p.line, p.reason)

  const names = header.fields.map(normaliseHeader)
  const indexOf = new Map<string, number>()
  const headerFaults: string[] = []
  const missing: string[] = []
  for (const column of spec.columns) {
    const accepted = [column.name, ...(column.aliases ?? [])].map(normaliseHeader)
    const found = names.flatMap((n, i) => (accepted.includes(n) ? [i] : []))
    if (found.length > 1) headerFaults.push(`column ${column.name} appears ${found.length} times in the header`)
    if (found[0] !== undefined) indexOf.set(column.name, found[0])
    else if (column.required) missing.push(column.name)
  }
  if (missing.length > 0) headerFaults.push(`the header lacks required column(s): ${missing.join(', ')}`)
  const known = new Set(spec.columns.flatMap((c) => [c.name, ...(c.aliases ?? [])].map(normaliseHeader)))
  const unknown = header.fields.filter((_, i) => !known.has(names[i] ?? ''))
  if (unknown.length > 0) {
    report.warnings.push({
      file: spec.file,
      line: header.line,
      reason: `ignored unknown column(s): ${unknown.map((u) => show(u)).join(', ')}`
    })
  }
  if (headerFaults.length > 0) {
    for (const r of data) reject(r.line, `not read: ${headerFaults.join('; ')}`)
    report.accepted[spec.file] = 0
    return { rows, report, rejectedKeys }
  }

  const keyIndex = indexOf.get(spec.key)
  for (const record of data) {
    if (record.fields.length !== header.fields.length) {
      reject(
        record.line,
        `expected ${header.fields.length} fields as in the header, found ${record.fields.length} (an unquoted comma in a value?)`
      )
      continue
    }
    const raw: Record<string, string> = {}
    for (const column of spec.columns) {
      const at = indexOf.get(column.name)
      raw[column.name] = at === undefined ? '' : (record.fields[at] ?? '').trim()
    }
    const parsed = spec.schema.safeParse(raw)
    if (parsed.success) rows.push({ line: record.line, row: parsed.data })
    else {
      reject(record.line, parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '))
      const key = keyIndex === undefined ? undefined : record.fields[keyIndex]?.trim()
      if (key) rejectedKeys.set(key, record.line)
    }
  }
  report.accepted[spec.file] = rows.length
  return { rows, report, rejectedKeys }
}

/** Keeps the first row per key; later ones are rejected naming the first. */
function dropDuplicates<T>(
  read: TableRead<T>,
  file: CatalogueFile,
  keyOf: (row: T) => string | null,
  describe: (key: string, firstLine: number, first: T) => string
): void {
  const first = new Map<string, Imported<T>>()
  read.rows = read.rows.filter((r) => {
    const key = keyOf(r.row)
    if (key === null) return true
    const earlier = first.get(key)
    if (earlier) {
      read.report.rejected.push({ file, line: r.line, reason: describe(key, earlier.line, earlier.row) })
      return false
    }
    first.set(key, r)
    return true
  })
}

function finish<T>(read: TableRead<T>, file: CatalogueFile): TableRead<T> {
  read.report.accepted[file] = read.rows.length
  read.report.rejected.sort((a, b) => a.line - b.line)
  return read
}

// ---- Per-file imports -----------------------------------------------------------------------

function readProducts(csv: string): TableRead<ProductEntry> {
  const read = readTable(csv, productSpec)
  dropDuplicates(
    read,
    'products',
    (r) => r.dmdId,
    (k, line) => `duplicate dm+d id ${k} (first on line ${line})`
  )

  const vmps = new Map<string, Imported<RawProduct>>()
  for (const r of read.rows) if (r.row.level === 'VMP') vmps.set(r.row.dmdId, r)
  const levelOf = new Map(read.rows.map((r) => [r.row.dmdId, r.row.level]))

  const resolved: Imported<ProductEntry>[] = []
  for (const { line, row } of read.rows) {
    if (row.level === 'VMP') {
      if (row.form === null) continue // the schema already refused this
      resolved.push({ line, row: { ...row, level: 'VMP', vmpId: null, supplier: null, form: row.form } })
      continue
    }
    const reject = (reason: string) => {
      read.report.rejected.push({ file: 'products', line, reason })
      read.rejectedKeys.set(row.dmdId, line)
    }
    const vmpId = row.vmpId ?? ''
    const parent = vmps.get(vmpId)
    if (!parent) {
      const rejectedAt = read.rejectedKeys.get(vmpId)
      if (levelOf.get(vmpId) === 'AMP') reject(`vmp_id ${vmpId} is an AMP, not a VMP`)
      else if (rejectedAt !== undefined) reject(`its VMP ${vmpId} was rejected (line ${rejectedAt})`)
      else reject(`unknown VMP ${vmpId}`)
      continue
    }
    const vmp = parent.row
    const mismatches = (
      [
        ['strength', row.strength, vmp.strength],
        ['form', row.form, vmp.form],
        ['cd_schedule', row.cdSchedule, vmp.cdSchedule],
        ['bnf_chapter', row.bnfChapter, vmp.bnfChapter]
      ] as const
    )
      .filter(([, own, inherited]) => own !== null && own !== inherited)
      .map(
        ([column, own, inherited]) =>
          `${column} ${show(String(own))} differs from its VMP's ${show(String(inherited ?? 'blank'))} (line ${parent.line})`
      )
    if (mismatches.length > 0) {
      reject(mismatches.join('; '))
      continue
    }
    resolved.push({
      line,
      row: {
        ...row,
        level: 'AMP',
        vmpId,
        supplier: row.supplier ?? '',
        strength: vmp.strength,
        form: vmp.form ?? '',
        cdSchedule: vmp.cdSchedule,
        bnfChapter: vmp.bnfChapter
      }
    })
  }
  return finish({ ...read, rows: resolved }, 'products')
}

function readGtins(read: TableRead<PackGtinEntry>, file: 'gtins' | 'dmd-gtin'): TableRead<PackGtinEntry> {
  dropDuplicates(
    read,
    file,
    (r) => `${r.amppId}|${r.gtin}`,
    (k, line) => `duplicate of line ${line} (${k.replace('|', ', GTIN ')})`
  )
  // One GTIN naming two packs would make scan-to-check ambiguous.
  dropDuplicates(
    read,
    file,
    (r) => r.gtin,
    (k, line, first) => `GTIN ${k} already belongs to AMPP ${first.amppId} (line ${line})`
  )
  return finish(read, file)
}

function readPacks(csv: string, verifyPipCheckDigit: boolean): TableRead<PackEntry> {
  const read = readTable(csv, packSpec(verifyPipCheckDigit))
  dropDuplicates(
    read,
    'packs',
    (r) => r.amppId,
    (k, line) => `duplicate AMPP id ${k} (first on line ${line})`
  )
  dropDuplicates(
    read,
    'packs',
    (r) => r.pipCode,
    (k, line, first) => `PIP code ${k} already belongs to AMPP ${first.amppId} (line ${line})`
  )
  return finish(read, 'packs')
}

export function importProducts(csv: string): TableImport<ProductEntry> {
  const { rows, report } = readProducts(csv)
  return { rows, report }
}

export interface PackImportOptions {
  /** Default true. Turn off only for a PIP source known to use another check scheme. */
  verifyPipCheckDigit?: boolean
}

export function importPacks(csv: string, options: PackImportOptions = {}): TableImport<PackEntry> {
  const { rows, report } = readPacks(csv, options.verifyPipCheckDigit ?? true)
  return { rows, report }
}

export interface GtinImportOptions {
  /** A GTIN is historic when its end date is before this date; without it, any end date makes it historic. */
  asOf?: string
}

function checkAsOf(asOf: string | undefined): void {
  if (asOf !== undefined && !isIsoDate(asOf)) throw new RangeError(`asOf is not a date YYYY-MM-DD: ${asOf}`)
}

/** The catalogue's own pack-gtins.csv (ISO dates). */
export function importPackGtins(csv: string, options: GtinImportOptions = {}): TableImport<PackGtinEntry> {
  checkAsOf(options.asOf)
  const { rows, report } = readGtins(readTable(csv, gtinSpec('gtins', 'iso', options.asOf)), 'gtins')
  return { rows, report }
}

/**
 * The light transform of an NHSBSA dm+d GTIN extract saved as CSV (`AMPPID,GTIN,STARTDT,ENDDT`,
 * any case, extra columns ignored): one row per GTIN, so a pack may get several; GTINs padded
 * to 14 digits and check-digit verified; dates as YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY; ended
 * GTINs flagged historic.
 */
export function fromDmdGtinExtract(csv: string, options: GtinImportOptions = {}): TableImport<PackGtinEntry> {
  checkAsOf(options.asOf)
  const { rows, report } = readGtins(readTable(csv, gtinSpec('dmd-gtin', 'lenient', options.asOf)), 'dmd-gtin')
  return { rows, report }
}

// ---- The whole catalogue --------------------------------------------------------------------

export interface CatalogueFiles {
  products: string
  packs: string
  gtins: string
}

export interface CatalogueImportOptions extends PackImportOptions, GtinImportOptions {
  /** 'dmd-extract' reads `gtins` with fromDmdGtinExtract. Default 'catalogue'. */
  gtinsFrom?: 'catalogue' | 'dmd-extract'
}

export interface CatalogueImport {
  products: ProductEntry[]
  packs: PackEntry[]
  gtins: PackGtinEntry[]
  report: ImportReport
}

/** All three files, with the references between them checked (AMP → VMP, pack → AMP, GTIN → pack). */
export function importCatalogue(files: CatalogueFiles, options: CatalogueImportOptions = {}): CatalogueImport {
  checkAsOf(options.asOf)
  const products = readProducts(files.products)
  const packs = readPacks(files.packs, options.verifyPipCheckDigit ?? true)
  const gtinFile = options.gtinsFrom === 'dmd-extract' ? 'dmd-gtin' : 'gtins'
  const gtins = readGtins(
    readTable(files.gtins, gtinSpec(gtinFile, gtinFile === 'dmd-gtin' ? 'lenient' : 'iso', options.asOf)),
    gtinFile
  )

  const productLevel = new Map(products.rows.map((r) => [r.row.dmdId, r.row.level]))
  packs.rows = packs.rows.filter(({ line, row }) => {
    const level = productLevel.get(row.ampId)
    if (level === 'AMP') return true
    const rejectedAt = products.rejectedKeys.get(row.ampId)
    const reason =
      level === 'VMP'
        ? `amp_id ${row.ampId} is a VMP; packs belong to AMPs`
        : rejectedAt !== undefined
          ? `its AMP ${row.ampId} was rejected (products line ${rejectedAt})`
          : `unknown AMP ${row.ampId}`
    packs.report.rejected.push({ file: 'packs', line, reason })
    packs.rejectedKeys.set(row.amppId, line)
    return false
  })

  const packIds = new Set(packs.rows.map((r) => r.row.amppId))
  gtins.rows = gtins.rows.filter(({ line, row }) => {
    if (packIds.has(row.amppId)) return true
    const rejectedAt = packs.rejectedKeys.get(row.amppId)
    const reason =
      rejectedAt !== undefined
        ? `its pack ${row.amppId} was rejected (packs line ${rejectedAt})`
        : `unknown AMPP ${row.amppId}`
    gtins.report.rejected.push({ file: gtinFile, line, reason })
    return false
  })

  const scannable = new Set(gtins.rows.filter((r) => !r.row.historic).map((r) => r.row.amppId))
  for (const { line, row } of packs.rows) {
    if (!scannable.has(row.amppId)) {
      packs.report.warnings.push({
        file: 'packs',
        line,
        reason: `AMPP ${row.amppId} has no current GTIN, so its packs cannot be scan-checked`
      })
    }
  }

  finish(packs, 'packs')
  finish(gtins, gtinFile)
  const reports = [products.report, packs.report, gtins.report]
  return {
    products: products.rows.map((r) => r.row),
    packs: packs.rows.map((r) => r.row),
    gtins: gtins.rows.map((r) => r.row),
    report: {
      accepted: { products: products.rows.length, packs: packs.rows.length, [gtinFile]: gtins.rows.length },
      rejected: reports.flatMap((r) => r.rejected),
      warnings: reports.flatMap((r) => r.warnings)
    }
  }
}
