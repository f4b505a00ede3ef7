import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseCsv, recordsToCsv } from './csv-records'

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes and line breaks, numbering records by their first line', () => {
    const { records, problems } = parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",z\r\n3,,\r\n')
    expect(problems).toEqual([])
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\r\nlines', 'z'] },
      { line: 5, fields: ['3', '', ''] }
    ])
  })
  it('drops a BOM, accepts LF, CRLF and lone CR, skips blank lines, needs no final newline', () => {
    const { records } = parseCsv('\uFEFFh1,h2\r\n\r\nA,B\rC,D\n   \n"",\nE,"F"')
    expect(records).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 3, fields: ['A', 'B'] },
      { line: 4, fields: ['C', 'D'] },
      { line: 6, fields: ['', ''] },
      { line: 7, fields: ['E', 'F'] }
    ])
  })
  it('reports an unclosed quote and resumes on the next line', () => {
    const { records, problems } = parseCsv('h\n"never closed\nnext\nlast\n')
    expect(problems).toEqual([{ line: 2, reason: expect.stringMatching(/never closed/) }])
    expect(records.map((r) => r.fields[0])).toEqual(['h', 'next', 'last'])
  })
  it('reports a bare quote in an unquoted field and text after a closing quote', () => {
    const { records, problems } = parseCsv('ok,5" tablets\n"a"b,c\nfine,row\n')
    expect(problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '1: a quote inside unquoted field 2 (quote the whole field and double the quote)',
      '2: text after a closing quote in field 1'
    ])
    expect(records).toEqual([{ line: 3, fields: ['fine', 'row'] }])
  })
  it('round-trips anything recordsToCsv writes', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\r', '\n', '\u00e9', '\u{1F48A}', '0') })
    const row = fc
      .array(field, { minLength: 1, maxLength: 5 })
      .filter((r) => !(r.length === 1 && (r[0] ?? '').trim() === ''))
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 6 }),
        fc.constantFrom('\r\n' as const, '\n' as const),
        fc.boolean(),
        (rows, nl, bom) => {
          const parsed = parseCsv((bom ? '\uFEFF' : '') + recordsToCsv(rows, nl))
          expect(parsed.problems).toEqual([])
          expect(parsed.records.map((r) => r.fields)).toEqual(rows)
        }
      )
    )
  })
})
