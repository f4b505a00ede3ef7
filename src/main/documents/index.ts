export { parseCsv, recordsToCsv } from './csv-records'
export { type TableColumn } from './pdf'
export { csvFile, pdfFile } from './exported-file'
