import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from './csv'

describe('CSV (RFC 4180)', () => {
  it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('Flat 2, 14 Kirkgate')).toBe('"Flat 2, 14 Kirkgate"')
    expect(csvCell('say "when"')).toBe('"say ""when"""')
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"')
    expect(csvCell("Zoë O'Brien-Łukasik")).toBe("Zoë O'Brien-Łukasik")
  })

  it('writes CRLF between records, empty cells for null, numbers as numbers', () => {
    expect(
      toCsv(
        ['a', 'b', 'c'],
        [
          [1, null, 'x'],
          [-3, undefined, true]
        ]
      )
    ).toBe('a,b,c\r\n1,,x\r\n-3,,yes\r\n')
  })

  it('guards every cell a spreadsheet would run as a formula with a leading apostrophe', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const cell = csvCell(`${start}HYPERLINK("http://x")`)
      expect(cell.replace(/^"/, '').startsWith(`'${start}`), JSON.stringify(cell)).toBe(true)
    }
    expect(csvCell('=1+2')).toBe("'=1+2")
    expect(csvCell('=A1,B2')).toBe(`"'=A1,B2"`)
    expect(csvCell('-')).toBe("'-")
    expect(csvCell('Dr A Khan')).toBe('Dr A Khan')
  })
})
