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
  /**
   * The supply number added after rows were sealed (drizzle/*_registers_supply_numbers.sql): the
   * digest names it only where it is not 1, so rows sealed before it still verify.
   */
  supplyNumbered: boolean
  /** The row's name in its seal, as SQL over the table's alias. */
  rowKeySql: (alias: string) => string
}

const SUPPLY_NO = 'supply_no'

function sealed(table: SQLiteTable, keyColumn: string, closesOnce = false): SealedTable {
  const { name, columns } = columnsOf(table)
  return {
    name,
    columns,
    keyColumn,
    closesOnce,
    supplyNumbered: columns.includes(SUPPLY_NO),
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
  if (!table.supplyNumbered) return list(table.columns)
  const before = table.columns.filter((column) => column !== SUPPLY_NO)
  return `CASE WHEN ${alias}."${SUPPLY_NO}" = 1 THEN ${list(before)} ELSE ${list(table.columns)} END`
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
