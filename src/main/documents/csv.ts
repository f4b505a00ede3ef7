/**
 * CSV for registers and manifests, as RFC 4180 has it: CRLF between records, a field quoted when
 * it holds a comma, a quote or a line break, quotes doubled inside. Opened in a spreadsheet, a
 * cell that starts with = + - @, a tab or a carriage return could run as a formula, so such a
 * cell gets a leading apostrophe (OWASP's CSV injection advice); a patient's or carrier's text
 * must never become a formula on the office PC.
 */
export type CsvCell = string | number | boolean | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  // Numbers are ours, not typed by anyone: a negative balance stays a number.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  const guarded = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const line = (cells: readonly CsvCell[]) => cells.map(csvCell).join(',')
  return [line(header), ...rows.map(line)].join('\r\n') + '\r\n'
}
