/** What a store holds: rows per table, the bytes each takes, the open work by stage, the file's size. */
import Database from 'better-sqlite3'
import { statSync } from 'node:fs'
import { registerSnapshotFunction } from '../../src/main/db/snapshot-packing'
import { CLOSED_STAGES } from '../../src/shared/workflow/stages'

export interface StoreReport {
  fileBytes: number
  tables: Array<{ name: string; rows: number; bytes: number | null }>
  openByStage: Record<string, number>
  outboxByStatus: Record<string, number>
  patients: number
}

export function reportStore(file: string): StoreReport {
  const db = new Database(file, { readonly: true })
  // Closed requests keep their snapshot deflated: read inside it as the app does.
  registerSnapshotFunction(db)
  try {
    const names = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%\\_\\_%' ESCAPE '\\' ORDER BY name`
      )
      .pluck()
      .all() as string[]
    // dbstat is compiled into better-sqlite3's SQLite; it sizes each table with its indexes.
    let bytes = new Map<string, number>()
    try {
      const rows = db
        .prepare(
          `SELECT COALESCE(m.tbl_name, s.name) AS name, SUM(s.pgsize) AS bytes FROM dbstat s LEFT JOIN sqlite_master m ON m.name = s.name GROUP BY 1`
        )
        .all() as Array<{ name: string; bytes: number }>
      bytes = new Map(rows.map((row) => [row.name, row.bytes]))
    } catch {
      // Without dbstat the report gives rows only.
    }
    const tables = names.map((name) => ({
      name,
      rows: db.prepare(`SELECT COUNT(*) FROM "${name}"`).pluck().get() as number,
      bytes: bytes.get(name) ?? null
    }))
    const closed = CLOSED_STAGES.map((stage) => `'${stage}'`).join(', ')
    const count = (sql: string) =>
      Object.fromEntries((db.prepare(sql).all() as Array<{ key: string; n: number }>).map((row) => [row.key, row.n]))
    return {
      fileBytes: statSync(file).size,
      tables,
      openByStage: count(
        `SELECT stage AS key, COUNT(*) AS n FROM requests WHERE stage NOT IN (${closed}) GROUP BY stage ORDER BY n DESC`
      ),
      outboxByStatus: count(`SELECT status AS key, COUNT(*) AS n FROM outbox GROUP BY status ORDER BY n DESC`),
      patients: db
        .prepare(`SELECT COUNT(DISTINCT json_extract(counter_snapshot(snapshot), '$.patient.id')) FROM requests`)
        .pluck()
        .get() as number
    }
  } finally {
    db.close()
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`
  return `${Math.round(bytes / 1e3)} kB`
}

/** The report as lines for a terminal: big tables first. */
export function describeReport(report: StoreReport): string[] {
  const open = Object.values(report.openByStage).reduce((sum, n) => sum + n, 0)
  return [
    `file ${formatBytes(report.fileBytes)}; ${report.patients.toLocaleString('en-GB')} patients`,
    ...[...report.tables]
      .sort((a, b) => b.rows - a.rows)
      .filter((table) => table.rows > 0)
      .map(
        (table) =>
          `  ${table.name.padEnd(28)} ${table.rows.toLocaleString('en-GB').padStart(11)} rows${table.bytes === null ? '' : `  ${formatBytes(table.bytes).padStart(9)}`}`
      ),
    `open requests: ${open.toLocaleString('en-GB')} (${Object.entries(report.openByStage)
      .map(([stage, n]) => `${stage.replace(/_/g, ' ')} ${n}`)
      .join(', ')})`,
    `outbox: ${Object.entries(report.outboxByStatus)
      .map(([status, n]) => `${n.toLocaleString('en-GB')} ${status}`)
      .join(', ')}`
  ]
}
