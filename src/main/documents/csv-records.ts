/**
 * CSV as data: the reader for every CSV file the counter takes in (the dm+d catalogue, carriers'
 * outcome files) and its exact inverse for the files it writes to read back later.
 */
export interface CsvRecord {
  line: number
  fields: string[]
}

export interface CsvProblem {
  line: number
  reason: string
}

export interface ParsedCsv {
  records: CsvRecord[]
  problems: CsvProblem[]
}

/**
 * RFC 4180 with the usual tolerances: a leading BOM is dropped; CRLF, LF or a lone CR ends a
 * record; blank lines are skipped. Quoted fields may hold commas, doubled quotes and line
 * breaks (kept as written). A malformed record becomes a problem and reading resumes on the
 * next line, so one bad quote does not swallow the rest of the file.
 */
export function parseCsv(input: string): ParsedCsv {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input
  const n = text.length
  const records: CsvRecord[] = []
  const problems: CsvProblem[] = []
  let i = 0
  let line = 1

  const atLineBreak = (k: number) => text[k] === '\n' || text[k] === '\r'
  const skipLineBreak = () => {
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2
    else i += 1
    line++
  }

  while (i < n) {
    const startIndex = i
    const startLine = line
    const fields: string[] = []
    let problem: string | null = null
    let unterminated = false

    for (;;) {
      let field = ''
      if (text[i] === '"') {
        i++
        let closed = false
        while (i < n) {
          const c = text[i]
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"'
              i += 2
              continue
            }
            i++
            closed = true
            break
          }
          if (c === '\r' && text[i + 1] === '\n') {
            field += '\r\n'
            i += 2
            line++
          } else {
            if (c === '\n' || c === '\r') line++
            field += c
            i++
          }
        }
        if (!closed) {
          unterminated = true
          break
        }
        if (i < n && text[i] !== ',' && !atLineBreak(i)) {
          problem ??= `text after a closing quote in field ${fields.length + 1}`
          while (i < n && text[i] !== ',' && !atLineBreak(i)) field += text[i++]
        }
      } else {
        while (i < n && text[i] !== ',' && !atLineBreak(i)) field += text[i++]
        if (field.includes('"')) {
          problem ??= `a quote inside unquoted field ${fields.length + 1} (quote the whole field and double the quote)`
        }
      }
      fields.push(field)
      if (text[i] === ',') {
        i++
        continue
      }
      if (i < n) skipLineBreak()
      break
    }

    if (unterminated) {
      problems.push({
        line: startLine,
        reason: 'a quoted field is never closed; this record was skipped and reading resumed on the next line'
      })
      // Resume on the line after the record's first line.
      i = startIndex
      line = startLine
      while (i < n && !atLineBreak(i)) i++
      if (i < n) skipLineBreak()
      continue
    }
    if (problem) problems.push({ line: startLine, reason: problem })
    else if (!(fields.length === 1 && (fields[0] ?? '').trim() === '')) records.push({ line: startLine, fields })
  }
  return { records, problems }
}

/**
 * The inverse of parseCsv, for data files the app reads back (the sample catalogue): quotes a
 * field only when it must. Not for files people open in a spreadsheet: those go through toCsv,
 * which guards against formulas.
 */
export function recordsToCsv(rows: readonly (readonly string[])[], newline: '\r\n' | '\n' = '\r\n'): string {
  const quote = (f: string) => (/[",\r\n]|^\s|\s$/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)
  return rows.map((r) => r.map(quote).join(',') + newline).join('')
}
