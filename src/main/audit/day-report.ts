import { count, max, min, sql } from 'drizzle-orm'
import type { AuditHead, ExportedFile } from '../../shared/contract'
import { addDays } from '../../shared/time/calendar'
import { type CounterDb, auditLog } from '../db'
import { csvFile, pdfFile, type TableColumn } from '../documents'
import { londonInstant } from '../../shared/time/london'

const COLUMNS: readonly TableColumn[] = [
  { header: 'What was done', weight: 3 },
  { header: 'Entries', weight: 1 },
  { header: 'First entry', weight: 1 },
  { header: 'Last entry', weight: 1 }
]

/**
 * The end-of-day report: how many audit entries each kind of work wrote on a (London) day, the
 * day's first and last entry, and the trail's head as it stands, hash in full. Printed and kept,
 * it lets anyone prove later that the trail was not cut or rewritten since (`audit.verify` compares).
 * Names commands only: nothing of a patient.
 */
export async function auditDayReport(
  db: CounterDb,
  request: { date: string; format: 'csv' | 'pdf' },
  generated: { at: Date; by: string; workstation: string; head: AuditHead | null }
): Promise<ExportedFile> {
  const from = londonInstant(request.date, '00:00').toISOString()
  const to = londonInstant(addDays(request.date, 1), '00:00').toISOString()
  const kinds = db
    .select({ command: auditLog.command, entries: count(), first: min(auditLog.seq), last: max(auditLog.seq) })
    .from(auditLog)
    // An entry's time is kept as milliseconds, or as its text when those would not give it back
    // (db/audit-packing.ts); SQLite orders every integer before any text, so each half of the
    // condition finds only the entries kept its way.
    .where(
      sql`(${auditLog.at} >= ${Date.parse(from)} AND ${auditLog.at} < ${Date.parse(to)}) OR (${auditLog.at} >= ${from} AND ${auditLog.at} < ${to})`
    )
    .groupBy(auditLog.command)
    .all()
    // A listed command is kept as a byte: the kinds are put in order by their names here.
    .sort((a, b) => (a.command < b.command ? -1 : a.command > b.command ? 1 : 0))
  const rows = kinds.map((kind) => [
    kind.command,
    String(kind.entries),
    String(kind.first ?? ''),
    String(kind.last ?? '')
  ])
  const head = generated.head
    ? `Audit trail head: entry ${generated.head.seq}, hash ${generated.head.hash}`
    : 'Audit trail head: no entries yet'
  const fileName = `end-of-day_${generated.workstation}_${request.date}.${request.format}`
  if (request.format === 'csv')
    return csvFile(
      fileName,
      COLUMNS.map((column) => column.header),
      [...rows, [head]]
    )
  return pdfFile(fileName, {
    title: `End of day ${request.date}: the audit trail`,
    subtitle: `Workstation ${generated.workstation}. ${head}. Keep this page: it shows later that nothing recorded by then was cut or changed.`,
    generatedAt: generated.at,
    generatedBy: generated.by,
    columns: COLUMNS,
    rows
  })
}
