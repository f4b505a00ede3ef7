import type { Database } from 'better-sqlite3'

/** The one number a `SELECT count(*) AS n …` query answers: tests count rows the same way everywhere. */
export function countRows(sqlite: Database, sql: string, ...params: unknown[]): number {
  return (sqlite.prepare(sql).get(...params) as { n: number }).n
}
