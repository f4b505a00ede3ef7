import type Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AuditFailure } from '../../shared/contract'
import { PROTECTED_TABLES } from './protected-tables'

export interface ExpectedTrigger {
  table: string
  sql: string
}

const PROTECTED_NAMES = new Set(PROTECTED_TABLES.map((table) => table.name))
const CREATE_TRIGGER = /^CREATE\s+TRIGGER\s+[`"]?(\w+)[`"]?[\s\S]*?\bON\s+[`"]?(\w+)[`"]?/i
const DROP_TRIGGER = /^DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?[`"]?(\w+)[`"]?/i
const DROP_TABLE = /^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?[`"]?(\w+)[`"]?/i

/** Whitespace aside, the text SQLite keeps of a statement: from its first keyword, without the `;`. */
function normalise(statement: string): string {
  const lines = statement.split('\n')
  while (lines.length > 0 && /^\s*(--.*)?$/.test(lines[0]!)) lines.shift()
  return lines.join('\n').trim().replace(/;\s*$/, '').replace(/\s+/g, ' ')
}

/**
 * The triggers the migrations leave on the protected tables, by name, with their SQL: replayed from
 * `drizzle/` in journal order (a later CREATE replaces, DROP TRIGGER and DROP TABLE remove).
 */
export function expectedTriggers(migrationsDir: string): Map<string, ExpectedTrigger> {
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ tag: string }>
  }
  const triggers = new Map<string, ExpectedTrigger>()
  for (const { tag } of journal.entries) {
    const text = readFileSync(join(migrationsDir, `${tag}.sql`), 'utf8')
    for (const chunk of text.split('--> statement-breakpoint')) {
      const statement = normalise(chunk)
      const created = CREATE_TRIGGER.exec(statement)
      const dropped = DROP_TRIGGER.exec(statement)
      const droppedTable = DROP_TABLE.exec(statement)
      if (created) triggers.set(created[1]!, { table: created[2]!, sql: statement })
      else if (dropped) triggers.delete(dropped[1]!)
      else if (droppedTable) for (const [name, t] of triggers) if (t.table === droppedTable[1]) triggers.delete(name)
    }
  }
  for (const [name, trigger] of triggers) if (!PROTECTED_NAMES.has(trigger.table)) triggers.delete(name)
  return triggers
}

/**
 * What protects the trail and the registers is still in place: every expected trigger, with the
 * SQL it was created with, no other trigger on those tables, and their columns as the app defines them.
 */
export function checkProtection(sqlite: Database.Database, expected: Map<string, ExpectedTrigger>): AuditFailure[] {
  const failures: AuditFailure[] = []
  const present = new Map(
    sqlite
      .prepare<[], { name: string; table: string; sql: string }>(
        `SELECT name, tbl_name AS "table", sql FROM sqlite_master WHERE type = 'trigger'`
      )
      .all()
      .filter((row) => PROTECTED_NAMES.has(row.table))
      .map((row) => [row.name, row] as const)
  )
  for (const [name, trigger] of expected) {
    const found = present.get(name)
    if (!found)
      failures.push({
        kind: 'trigger_missing',
        table: trigger.table,
        message: `The trigger ${name} that protects ${trigger.table} is gone.`
      })
    else if (normalise(found.sql) !== trigger.sql)
      failures.push({
        kind: 'trigger_changed',
        table: trigger.table,
        message: `The trigger ${name} that protects ${trigger.table} was changed.`
      })
  }
  for (const [name, found] of present)
    if (!expected.has(name))
      failures.push({
        kind: 'trigger_unexpected',
        table: found.table,
        message: `A trigger ${name} that the app never made was added to ${found.table}.`
      })
  for (const { name: table, columns: wanted } of PROTECTED_TABLES) {
    const actual = sqlite
      .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?) ORDER BY cid')
      .all(table)
      .map((column) => column.name)
    if (actual.join(',') !== wanted.join(','))
      failures.push({
        kind: 'columns_changed',
        table,
        message:
          actual.length === 0
            ? `The table ${table} is gone.`
            : `The columns of ${table} are not the app's (${actual.join(', ')}).`
      })
  }
  return failures
}
