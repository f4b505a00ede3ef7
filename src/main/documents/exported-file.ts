import type { ExportedFile } from '../../shared/contract'
import { toCsv, type CsvCell } from './csv'
import { renderTablePdf, type TableDocument } from './pdf'

export function csvFile(
  fileName: string,
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[]
): ExportedFile {
  // A byte-order mark, so that Excel reads the UTF-8 (names with ë and Ł) as UTF-8.
  const text = '\ufeff' + toCsv(header, rows)
  return { fileName, mimeType: 'text/csv;charset=utf-8', base64: Buffer.from(text, 'utf8').toString('base64') }
}

export async function pdfFile(fileName: string, table: TableDocument): Promise<ExportedFile> {
  const bytes = await renderTablePdf(table)
  return { fileName, mimeType: 'application/pdf', base64: Buffer.from(bytes).toString('base64') }
}
