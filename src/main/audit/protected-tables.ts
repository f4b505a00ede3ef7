import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import {
  auditLog,
  cdRegisterEntries,
  cdRegisterSections,
  patientReturnDestructions,
  patientReturns,
  pomRegisterEntries,
  registerSupplies,
  rowSeals,
  rpAbsences,
  rpPeriods,
  stockMovements
} from '../db'

/**
 * The tables the law or the audit needs unalterable: the trail and its seals, and the registers
 * (POM, CD sections and entries, supplies, the RP record, the stock ledger, CDs returned by
 * patients). Each register row is sealed as it is written (`row_seals`); the key column names the
 * row in its seal.
 */
export interface SealedTable {
  name: string
  keyColumn: string
  /** The columns as the seal trigger lists them: every column, in the table's order. */
  columns: string[]
  /** Rows may be closed once after insert (an RP period or absence): that update is sealed too. */
  closesOnce: boolean
  /** Its columns added after rows were sealed, each named in the digest only where the row has one. */
  laterColumns: readonly LaterColumn[]
  /** The row's name in its seal, as SQL over the table's alias. */
  rowKeySql: (alias: string) => string
}

/**
 * A column added to a sealed table after rows were sealed: the digest names it only where the row
 * has one (`absentSql` false), so every row sealed before it still verifies, and one given a value
 * behind the app's back is found.
 */
interface LaterColumn {
  name: string
  absentSql: (alias: string) => string
}

const SUPPLY_NO = 'supply_no'

/** In the order they were added; a seal trigger's digest follows the same cases. */
const LATER_COLUMNS: readonly LaterColumn[] = [
  // drizzle/*_registers_supply_numbers.sql: rows before it are each request's supply 1.
  { name: SUPPLY_NO, absentSql: (alias) => `${alias}."${SUPPLY_NO}" = 1` },
  // drizzle/*_cd_prescriber_cd_number.sql: rows before it kept the number in the prescriber's text.
  { name: 'prescriber_cd_number', absentSql: (alias) => `${alias}."prescriber_cd_number" IS NULL` }
]

function sealed(table: SQLiteTable, keyColumn: string, closesOnce = false): SealedTable {
  const { name, columns } = columnsOf(table)
  return {
    name,
    columns,
    keyColumn,
    closesOnce,
    laterColumns: LATER_COLUMNS.filter((later) => columns.includes(later.name)),
    rowKeySql: (alias) => `CAST(${alias}."${keyColumn}" AS TEXT)`
  }
}

/**
 * A request's first supply keeps its id as its key, as before. A later one's key is never an id
 * (ids are any text up to 64 characters) nor another's: a fixed 64-character field, its number and
 * the id, `printf('%-64s|%d|%s', 'supply', supply_no, request_id)`.
 */
function sealedSupplies(): SealedTable {
  return {
    ...sealed(registerSupplies, 'request_id'),
    rowKeySql: (alias) =>
      `CASE WHEN ${alias}."${SUPPLY_NO}" = 1 THEN ${alias}."request_id" ELSE printf('%-64s|%d|%s', 'supply', ${alias}."${SUPPLY_NO}", ${alias}."request_id") END`
  }
}

/** `json_array(col, ...)` over a table's columns: the same text the seal trigger digests. */
export function rowJsonSql(table: SealedTable, alias: string): string {
  const list = (columns: string[]): string => `json_array(${columns.map((c) => `${alias}."${c}"`).join(', ')})`
  const digested = (columns: string[], later: readonly LaterColumn[]): string => {
    const [column, ...rest] = later
    if (!column) return list(columns)
    const without = columns.filter((name) => name !== column.name)
    return `CASE WHEN ${column.absentSql(alias)} THEN ${digested(without, rest)} ELSE ${digested(columns, rest)} END`
  }
  return digested(table.columns, table.laterColumns)
}

export const SEALED_TABLES: readonly SealedTable[] = [
  sealedSupplies(),
  sealed(pomRegisterEntries, 'id'),
  sealed(cdRegisterSections, 'id'),
  sealed(cdRegisterEntries, 'id'),
  sealed(rpPeriods, 'id', true),
  sealed(rpAbsences, 'id', true),
  sealed(stockMovements, 'id'),
  sealed(patientReturns, 'id'),
  sealed(patientReturnDestructions, 'id')
]

function columnsOf(table: SQLiteTable): { name: string; columns: string[] } {
  const config = getTableConfig(table)
  return { name: config.name, columns: config.columns.map((column) => column.name) }
}

/** Every append-only table with its columns: the sealed ones, the trail and the seals themselves. */
export const PROTECTED_TABLES: ReadonlyArray<{ name: string; columns: string[] }> = [
  columnsOf(auditLog),
  columnsOf(rowSeals),
  ...SEALED_TABLES
]
