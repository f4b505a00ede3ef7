import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import {
  auditLog,
  cdRegisterEntries,
  cdRegisterSections,
  pomRegisterEntries,
  registerSupplies,
  rowSeals,
  rpAbsences,
  rpPeriods,
  stockMovements
} from '../db'

/**
 * The tables the law or the audit needs unalterable: the trail and its seals, and the registers
 * (POM, CD sections and entries, supplies, the RP record, the stock ledger). Each register row is
 * sealed as it is written (`row_seals`); the key column names the row in its seal.
 */
export interface SealedTable {
  name: string
  keyColumn: string
  /** The columns as the seal trigger lists them: every column, in the table's order. */
  columns: string[]
  /** Rows may be closed once after insert (an RP period or absence): that update is sealed too. */
  closesOnce: boolean
}

function sealed(table: SQLiteTable, keyColumn: string, closesOnce = false): SealedTable {
  return { ...columnsOf(table), keyColumn, closesOnce }
}

export const SEALED_TABLES: readonly SealedTable[] = [
  sealed(registerSupplies, 'request_id'),
  sealed(pomRegisterEntries, 'id'),
  sealed(cdRegisterSections, 'id'),
  sealed(cdRegisterEntries, 'id'),
  sealed(rpPeriods, 'id', true),
  sealed(rpAbsences, 'id', true),
  sealed(stockMovements, 'id')
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
