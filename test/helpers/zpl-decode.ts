/**
 * Reads back the ZPL that src/main/labels/zpl.ts writes, so tests can check what a printer would
 * print: the fields of each label with their ^FH hex decoded.
 */
export interface ZplField {
  /** The section the last ^FX comment named (header, continuation, flow, banner, footer, barcode). */
  section: string | null
  origin: 'FT' | 'FO'
  x: number
  y: number
  font: { name: string; height: number; width: number } | null
  barcode: { type: 'BX'; moduleDots: number; columns: number; rows: number } | null
  /** A ^GFA graphic field: its size and data (hex). */
  graphic: { bytesPerRow: number; rows: number; hex: string } | null
  /** Field data as written (escaped); empty for a graphic. */
  raw: string
  /** Field data decoded. */
  text: string
}

export interface ZplLabel {
  widthDots: number | null
  lengthDots: number | null
  charset: number | null
  fields: ZplField[]
}

/** Decodes ^FH escapes (_XX) and reads the bytes as UTF-8. */
export function decodeZplField(escaped: string, indicator = '_'): string {
  const bytes: number[] = []
  for (let i = 0; i < escaped.length; i++) {
    const ch = escaped[i] ?? ''
    const hex = escaped.slice(i + 1, i + 3)
    if (ch === indicator && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      for (const byte of new TextEncoder().encode(ch)) bytes.push(byte)
    }
  }
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes))
}

const numbers = (params: string) => params.split(',').map((value) => Number(value))

/** Splits a job into labels and fields. Assumes field data carry no raw '^' (as toZpl guarantees). */
export function parseZplJob(zpl: string): ZplLabel[] {
  const labels: ZplLabel[] = []
  for (const chunk of zpl.split('^XA').slice(1)) {
    const body = chunk.split('^XZ')[0] ?? ''
    const label: ZplLabel = { widthDots: null, lengthDots: null, charset: null, fields: [] }
    let section: string | null = null
    let graphic: ZplField['graphic'] = null
    let origin: Pick<ZplField, 'origin' | 'x' | 'y'> | null = null
    let font: ZplField['font'] = null
    let barcode: ZplField['barcode'] = null
    let indicator: string | null = null
    let raw: string | null = null
    for (const command of body.split('^').slice(1)) {
      const code = command.slice(0, 2)
      const params = command.slice(2).replace(/\n$/, '')
      if (code === 'PW') label.widthDots = Number(params)
      else if (code === 'LL') label.lengthDots = Number(params)
      else if (code === 'CI') label.charset = Number(params)
      else if (code === 'FX') section = params.trim()
      else if (code === 'GF') {
        const [, total = '0', , bytesPerRow = '1', hex = ''] = params.split(',')
        graphic = { bytesPerRow: Number(bytesPerRow), rows: Number(total) / Number(bytesPerRow), hex: hex.trim() }
      } else if (code === 'FT' || code === 'FO') {
        const [x = 0, y = 0] = numbers(params)
        origin = { origin: code, x, y }
      } else if (code.startsWith('A')) {
        const match = /^A(.)[NRIB]?,(\d+),(\d+)/.exec(command)
        if (match) font = { name: match[1] ?? '', height: Number(match[2]), width: Number(match[3]) }
      } else if (code === 'BX') {
        const [, moduleDots = 0, , columns = 0, rows = 0] = params.split(',').map(Number)
        barcode = { type: 'BX', moduleDots, columns, rows }
      } else if (code === 'FH') indicator = params.length > 0 ? params : '_'
      else if (code === 'FD') raw = command.slice(2)
      else if (code === 'FS') {
        if (origin && (raw !== null || graphic)) {
          label.fields.push({
            section,
            ...origin,
            font: barcode || graphic ? null : font,
            barcode,
            graphic,
            raw: raw ?? '',
            text: raw === null ? '' : indicator ? decodeZplField(raw, indicator) : raw
          })
        }
        origin = null
        barcode = null
        graphic = null
        indicator = null
        raw = null
      }
    }
    labels.push(label)
  }
  return labels
}
