export { csvCell, toCsv, type CsvCell } from './csv'
export { parseCsv, recordsToCsv } from './csv-records'
export {
  renderTablePdf,
  bundledPdfFonts,
  wrapToWidth,
  type TableColumn,
  type TableDocument,
  type PdfFonts
} from './pdf'
export { csvFile, pdfFile } from './exported-file'
