import type { AuditHead, ExportedFile, RpPeriodView } from '../../shared/contract'
import { RP_ABSENCE_LIMIT_MINUTES } from '../../shared/contract/rp-calls'
import { csvFile, pdfFile, type TableColumn } from '../documents'
import { formatDateTime } from '../../shared/time/london'
import { minutesInWords } from './rp-views'

const COLUMNS: readonly TableColumn[] = [
  { header: 'Pharmacist', weight: 2 },
  { header: 'GPhC number', weight: 1 },
  { header: 'RP from', weight: 1.4 },
  { header: 'RP until', weight: 1.4 },
  { header: 'Absences (left – returned)', weight: 3 },
  { header: 'Longest day absent', weight: 1 },
  { header: `Over ${RP_ABSENCE_LIMIT_MINUTES / 60} h`, weight: 0.7 },
  { header: 'Period closed by', weight: 1.5 },
  { header: 'Reason', weight: 2 }
]

function rowOf(period: RpPeriodView): string[] {
  const absences = period.absences.map(
    (a) => `${formatDateTime(a.startedAt)} – ${a.returnedAt ? formatDateTime(a.returnedAt) : 'not returned'}`
  )
  return [
    period.pharmacistName,
    period.gphcNumber,
    formatDateTime(period.startedAt),
    period.endedAt ? formatDateTime(period.endedAt) : 'still RP',
    absences.join('; '),
    period.absences.length > 0 ? minutesInWords(period.longestDayAbsentMinutes) : '',
    period.absenceOverLimit ? 'yes' : 'no',
    period.endedBy ?? '',
    period.endReason ?? ''
  ]
}

/** The RP record for the days asked, one row per period, as CSV or a PDF table. */
export async function exportRpRecord(
  periods: readonly RpPeriodView[],
  request: { from: string; to: string; format: 'csv' | 'pdf' },
  generated: { at: Date; by: string; auditHead: AuditHead | null }
): Promise<ExportedFile> {
  const fileName = `responsible-pharmacist-record_${request.from}_${request.to}.${request.format}`
  const rows = periods.map(rowOf)
  // The audit trail's head as it stood: kept on paper, it shows later whether the trail was cut or rewritten.
  const head = generated.auditHead
    ? `Audit trail at entry ${generated.auditHead.seq}, hash ${generated.auditHead.hash}`
    : 'Audit trail empty'
  if (request.format === 'csv')
    return csvFile(
      fileName,
      COLUMNS.map((c) => c.header),
      [...rows, [head]]
    )
  return pdfFile(fileName, {
    title: 'Responsible Pharmacist record',
    subtitle: `Periods as RP from ${request.from} to ${request.to} (RP Regulations 2008, reg 5). ${head}.`,
    generatedAt: generated.at,
    generatedBy: generated.by,
    columns: COLUMNS,
    rows
  })
}
