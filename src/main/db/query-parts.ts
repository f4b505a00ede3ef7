/**
 * The pieces the repositories' prepared queries share. Queries are built once with drizzle and
 * prepared on the store's connection (`.prepare()`), then run many times with an object of
 * named values: `sql.placeholder('x')` in the query, `{ x }` at the call.
 *
 * Two habits of drizzle to keep in mind:
 * - In the fields of a select from one table (no join), drizzle writes the columns of a sql``
 *   template without their table. A correlated subquery there must be a drizzle subquery
 *   (`sql\`(${db.select(…).from(…).where(…)})\``), whose conditions name their tables; written as
 *   a template, `${outer.id}` would become a bare `"id"` and mean the inner table's.
 * - A condition that a partial index depends on (`booked = 1`) is written as a literal, not
 *   `eq(col, true)`: a bound value hides it from the planner.
 */
import type Database from 'better-sqlite3'
import { and, eq, getTableColumns, getTableName, sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { CounterDb } from './open'

/**
 * Named placeholders for the values of a prepared insert: `.values(placeholders(['a', 'b']))`
 * then `.run({ a, b })`. Drizzle binds each through its column, so a boolean column takes `true`.
 * Not for a nullable boolean column: through a placeholder drizzle stores its null as 0, so such
 * a column is given as a value (`.values({ …, idSeen })`), never a placeholder.
 */
export function placeholders<const K extends string>(names: readonly K[]): { [P in K]: Placeholder<P> } {
  return Object.fromEntries(names.map((name) => [name, sql.placeholder(name)])) as { [P in K]: Placeholder<P> }
}

/**
 * The same for `update(t).set(…)`, whose types accept values and SQL but not placeholders. At run
 * time drizzle binds a placeholder in `set` through its column exactly as in `values` (a boolean
 * still stores 1); only the type needs saying.
 */
export function setPlaceholders<const K extends string>(names: readonly K[]): { [P in K]: SQL } {
  return placeholders(names) as unknown as { [P in K]: SQL }
}

/**
 * A condition that each column equals the placeholder named by its key, and every `more` holds:
 * `.where(equalToPlaceholders({ requestId: t.requestId }, eq(t.outcome, 'ordered')))`, then
 * `.get({ requestId })`.
 */
export function equalToPlaceholders(columns: Record<string, SQLiteColumn>, ...more: SQL[]): SQL {
  const equal = Object.entries(columns).map(([name, column]) => eq(column, sql.placeholder(name)))
  return and(...equal, ...more)!
}

/**
 * The values of a JSON array bound to the named placeholder, as a subquery for `inArray`: one
 * prepared statement serves lists of any length. Run with `{ [name]: JSON.stringify(list) }`.
 */
export function jsonArrayValues(name: string): SQL {
  return sql`(SELECT value FROM json_each(${sql.placeholder(name)}))`
}

/** SQL's SUM: null over no rows (integer columns sum to an integer). */
export function sumOf(column: SQLWrapper): SQL<number | null> {
  return sql<number | null>`SUM(${column})`
}

/** In an upsert's `onConflictDoUpdate({ set })`: the value the refused insert carried for this column. */
export function excluded(column: { name: string }): SQL {
  return sql`excluded.${sql.identifier(column.name)}`
}

/**
 * A row written by a statement of the driver's own, each value bound through its column exactly as
 * drizzle binds a placeholder (`column.mapToDriverValue`: a boolean stores 1, an audit time its
 * milliseconds), so the row is the one drizzle's prepared statement writes. For the statements the
 * feed runs hundreds of times a page: drizzle's filling of placeholders by name, with its checks of
 * every part, cost more than SQLite's own work for them.
 */
export interface DirectWrite<Row> {
  run(row: Row): Database.RunResult
}

type Insertable<T extends SQLiteTable> = T['$inferInsert']

/** `INSERT INTO table (columns) VALUES (…)`, run with an object of those columns' values. */
export function directInsert<T extends SQLiteTable, const K extends keyof Insertable<T> & string>(
  db: CounterDb,
  table: T,
  keys: readonly K[]
): DirectWrite<{ [P in K]: Insertable<T>[P] }> {
  const columns = columnsOf(table, keys)
  const statement = db.$client.prepare(
    `INSERT INTO "${getTableName(table)}" (${columns.map((column) => `"${column.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
  )
  return { run: (row) => statement.run(bound(columns, keys, row)) }
}

/** `UPDATE table SET (columns) WHERE key = ?`, run with an object of those columns' values and the key's. */
export function directUpdate<
  T extends SQLiteTable,
  const K extends keyof Insertable<T> & string,
  const W extends keyof Insertable<T> & string
>(db: CounterDb, table: T, keys: readonly K[], where: W): DirectWrite<{ [P in K | W]: Insertable<T>[P] }> {
  const all = [...keys, where]
  const columns = columnsOf(table, all)
  const set = columns.slice(0, -1).map((column) => `"${column.name}" = ?`)
  const statement = db.$client.prepare(
    `UPDATE "${getTableName(table)}" SET ${set.join(', ')} WHERE "${columns.at(-1)!.name}" = ?`
  )
  return { run: (row) => statement.run(bound(columns, all, row)) }
}

function columnsOf(table: SQLiteTable, keys: readonly string[]): SQLiteColumn[] {
  const columns = getTableColumns(table)
  return keys.map((key) => {
    const column = columns[key]
    if (!column) throw new Error(`${getTableName(table)} has no column ${key}`)
    return column
  })
}

function bound(columns: readonly SQLiteColumn[], keys: readonly string[], row: Record<string, unknown>): unknown[] {
  const values = new Array<unknown>(keys.length)
  for (let i = 0; i < keys.length; i++) {
    const value = row[keys[i]!]
    // As drizzle refuses a placeholder left without a value.
    if (value === undefined) throw new Error(`No value for ${keys[i]} was provided`)
    values[i] = columns[i]!.mapToDriverValue(value)
  }
  return values
}
