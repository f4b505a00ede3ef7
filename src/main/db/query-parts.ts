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
import { sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm'

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
