/** The registers and recall lists as CSV and PDF files, with the columns a person reads. */
import type { CdSectionView, ExportedFile, PatientReturnView, PomEntryView, RecallView } from '../../shared/contract'
import { destructionInWords, drugInWords, medicineWords } from '../../shared/registers/words'
import { formatQuantity } from '../../shared/stock/units'
import { csvFile, pdfFile, type TableColumn } from '../documents'
import { formatDate, formatDateTime, londonDate } from '../../shared/time/london'

export interface ExportMeta {
  format: 'csv' | 'pdf'
  generatedAt: Date
  generatedBy: string
}

type Column<T> = TableColumn & { value: (row: T) => string | number | null }

const yesNo = (value: boolean | null) => (value === null ? '' : value ? 'yes' : 'no')
const when = (iso: string | null) => (iso ? formatDateTime(iso) : '')

const POM_COLUMNS: Column<PomEntryView>[] = [
  {
    header: 'Entry',
    weight: 0.6,
    value: (e) => (e.correctsEntryId ? `${e.id} (corrects ${e.correctsEntryId})` : String(e.id))
  },
  { header: 'Date supplied', weight: 1, value: (e) => formatDate(e.supplyDate) },
  {
    header: 'Medicine, strength and form',
    weight: 2.2,
    value: medicineWords
  },
  { header: 'Quantity', weight: 0.9, value: (e) => formatQuantity(e.quantity, e.unit) },
  { header: 'Packs supplied', weight: 2.2, value: (e) => e.packsSupplied },
  {
    header: 'Prescriber',
    weight: 2,
    value: (e) => [e.prescriberName, e.prescriberRegistration, e.prescriberAddress].filter(Boolean).join(', ')
  },
  {
    header: 'Patient',
    weight: 2.2,
    value: (e) => `${e.patientName}, ${e.patientAddress}${e.patientAddressIsDelivery ? ' (delivery address)' : ''}`
  },
  {
    header: 'Date on prescription',
    weight: 1.1,
    value: (e) => (e.prescriptionDate ? formatDate(e.prescriptionDate) : (e.prescriptionDateNote ?? ''))
  },
  {
    header: 'Emergency supply',
    weight: 1,
    value: (e) =>
      e.emergencySupply
        ? `yes; prescription received ${e.emergencyPrescriptionReceived ? formatDate(e.emergencyPrescriptionReceived) : 'not yet'}; ${e.emergencyNature ?? ''}`
        : 'no'
  },
  { header: 'Request', weight: 1, value: (e) => `${e.requestId} / ${e.lineId}, supply ${e.supplyNo}` },
  {
    header: 'Recorded',
    weight: 1.4,
    value: (e) => `${when(e.recordedAt)} by ${e.recordedBy}${e.note ? `: ${e.note}` : ''}`
  }
]

const CD_COLUMNS: Column<CdSectionView['entries'][number]>[] = [
  { header: 'No.', weight: 0.4, value: (e) => e.seq },
  { header: 'Date', weight: 0.9, value: (e) => formatDate(e.entryDate) },
  { header: 'Kind', weight: 0.8, value: (e) => e.kind },
  {
    header: 'Received from (name and address)',
    weight: 2,
    value: (e) => [e.supplierName, e.supplierAddress].filter(Boolean).join(', ')
  },
  {
    header: 'Supplied to (patient)',
    weight: 2,
    value: (e) => [e.patientName, e.patientAddress].filter(Boolean).join(', ')
  },
  {
    header: 'Prescriber',
    weight: 1.8,
    value: (e) => [e.prescriberName, e.prescriberRegistration, e.prescriberAddress].filter(Boolean).join(', ')
  },
  { header: "Prescriber's CD number", weight: 0.8, value: (e) => e.prescriberCdNumber ?? '' },
  {
    header: 'Collected by / carrier',
    weight: 1.6,
    // Which supply of the request: a parcel returned and sent again is the request's supply 2.
    value: (e) => (e.kind === 'supply' ? `${e.collectedBy ?? ''} (${e.requestId}, supply ${e.supplyNo})` : '')
  },
  {
    header: 'ID asked / seen',
    weight: 0.8,
    value: (e) => (e.handoverMethod === 'collect' ? `${yesNo(e.idAsked)} / ${yesNo(e.idSeen)}` : '')
  },
  { header: 'Product and batch', weight: 2, value: (e) => e.productDetail ?? '' },
  { header: 'In', weight: 0.6, value: (e) => (e.change > 0 ? e.change : '') },
  { header: 'Out', weight: 0.6, value: (e) => (e.change < 0 ? -e.change : '') },
  { header: 'Balance', weight: 0.7, value: (e) => e.balance },
  {
    header: 'Note / by',
    weight: 1.6,
    value: (e) =>
      `${e.correctsEntryId ? `corrects no. of entry ${e.correctsEntryId}: ` : ''}${e.note ?? ''}${e.note ? '; ' : ''}${e.recordedBy}`
  }
]

const RECALL_COLUMNS: Column<RecallView['hits'][number]>[] = [
  { header: 'Status', weight: 1.2, value: (h) => (h.warning ? h.warning.toUpperCase() : 'Supplied') },
  { header: 'Patient', weight: 1.6, value: (h) => h.patientName },
  { header: 'Address', weight: 2.4, value: (h) => h.patientAddress },
  { header: 'Request', weight: 1, value: (h) => h.requestId },
  { header: 'Date supplied', weight: 1.1, value: (h) => when(h.suppliedAt) },
  { header: 'Product', weight: 2, value: (h) => h.productName },
  { header: 'Quantity', weight: 0.8, value: (h) => formatQuantity(h.quantity, h.unit) },
  { header: 'Batch', weight: 0.9, value: (h) => h.batchNo },
  { header: 'Expiry', weight: 0.9, value: (h) => h.expiry }
]

const PATIENT_RETURN_COLUMNS: Column<PatientReturnView>[] = [
  { header: 'Received', weight: 1.1, value: (r) => when(r.receivedAt) },
  { header: 'Patient', weight: 1.6, value: (r) => r.patientName },
  { header: 'Drug, form and strength', weight: 2.2, value: drugInWords },
  { header: 'Quantity', weight: 0.9, value: (r) => formatQuantity(r.quantity, r.unit) },
  { header: 'Received by', weight: 1.2, value: (r) => r.receivedBy },
  { header: 'Request', weight: 1, value: (r) => `${r.requestId} / ${r.lineId}` },
  { header: 'Note', weight: 1.4, value: (r) => r.note ?? '' },
  { header: 'Destruction', weight: 2.4, value: destructionInWords }
]

type DateRange = { from?: string | undefined; to?: string | undefined }

/** "entries 01/12/2026 to 07/12/2026" (an end left out: from the start, or to today); null for no range at all. */
function datesInWords(what: string, range: DateRange): string | null {
  if (!range.from && !range.to) return null
  return `${what} ${range.from ? formatDate(range.from) : 'from the start'} to ${range.to ? formatDate(range.to) : 'today'}`
}

async function exportTable<T>(
  name: string,
  title: string,
  subtitle: string,
  columns: Column<T>[],
  rows: readonly T[],
  meta: ExportMeta
): Promise<ExportedFile> {
  const stamp = londonDate(meta.generatedAt)
  const fileName = `${name}-${stamp}.${meta.format}`
  if (meta.format === 'csv')
    return csvFile(
      fileName,
      columns.map((c) => c.header),
      rows.map((row) => columns.map((c) => c.value(row)))
    )
  return pdfFile(fileName, {
    title,
    subtitle,
    generatedAt: meta.generatedAt,
    generatedBy: meta.generatedBy,
    columns,
    rows: rows.map((row) => columns.map((c) => String(c.value(row) ?? '')))
  })
}

export function exportPom(
  entries: PomEntryView[],
  range: { from: string; to: string; search?: string | undefined },
  meta: ExportMeta
): Promise<ExportedFile> {
  const filter = range.search ? `, matching "${range.search}"` : ''
  return exportTable(
    'pom-register',
    'Private prescription (POM) register',
    `Supplies ${formatDate(range.from)} to ${formatDate(range.to)}${filter}`,
    POM_COLUMNS,
    entries,
    meta
  )
}

export function exportCd(view: CdSectionView, range: DateRange, meta: ExportMeta): Promise<ExportedFile> {
  const { section } = view
  const heading = [section.drug, section.form, section.strength].filter(Boolean).join(', ')
  const dates = datesInWords('entries', range) ?? 'every entry'
  const check =
    section.check.difference === 0
      ? 'agrees with the stock ledger'
      : `differs from the stock ledger by ${formatQuantity(section.check.difference, section.unit)}`
  const subtitle = `Schedule 2, ${heading} (${section.unit}); ${dates}; balance ${formatQuantity(section.balance, section.unit)}, ${check}`
  return exportTable(
    `cd-register-${section.vmpId}`,
    `Controlled drugs register: ${section.drug}`,
    subtitle,
    CD_COLUMNS,
    view.entries,
    meta
  )
}

export function exportRecall(view: RecallView, meta: ExportMeta): Promise<ExportedFile> {
  const pending = view.hits.filter((h) => h.status === 'not_yet_supplied').length
  const subtitle = `${view.criteria}: ${view.hits.length} found, ${pending} not yet supplied`
  return exportTable('batch-recall', 'Batch recall: patients supplied', subtitle, RECALL_COLUMNS, view.hits, meta)
}

export function exportPatientReturns(
  returns: PatientReturnView[],
  range: DateRange,
  meta: ExportMeta
): Promise<ExportedFile> {
  const waiting = returns.filter((r) => r.destruction === null).length
  const dates = datesInWords('received', range) ?? 'every return'
  const subtitle = `Schedule 2, ${dates}: ${returns.length} returned, ${waiting} not yet destroyed`
  return exportTable(
    'patient-returns',
    'Controlled drugs returned by patients',
    subtitle,
    PATIENT_RETURN_COLUMNS,
    returns,
    meta
  )
}
