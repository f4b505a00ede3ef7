/**
 * DataMatrix ECC 200 (square symbols 10×10 … 48×48, ASCII encodation): the symbol size used to
 * reserve room on a label, and the module matrix for the on-screen preview. The printer draws its
 * own symbol from ^BX with the same forced size.
 */
import { LabelError } from './errors'

interface SymbolSize {
  size: number
  dataCodewords: number
  eccCodewords: number
  /** Data region side (modules) and regions per side. */
  region: number
  regionsPerSide: number
}

// ISO/IEC 16022 table 7, square sizes with a single Reed–Solomon block.
const SIZES: readonly SymbolSize[] = [
  [10, 3, 5, 8, 1],
  [12, 5, 7, 10, 1],
  [14, 8, 10, 12, 1],
  [16, 12, 12, 14, 1],
  [18, 18, 14, 16, 1],
  [20, 22, 18, 18, 1],
  [22, 30, 20, 20, 1],
  [24, 36, 24, 22, 1],
  [26, 44, 28, 24, 1],
  [32, 62, 36, 14, 2],
  [36, 86, 42, 16, 2],
  [40, 114, 48, 18, 2],
  [44, 144, 56, 20, 2],
  [48, 174, 68, 22, 2]
].map(([size, dataCodewords, eccCodewords, region, regionsPerSide]) => ({
  size: size ?? 0,
  dataCodewords: dataCodewords ?? 0,
  eccCodewords: eccCodewords ?? 0,
  region: region ?? 0,
  regionsPerSide: regionsPerSide ?? 0
}))

const FNC1 = 232
const GS = 0x1d

/** ASCII encodation: digit pairs take one codeword, other ASCII one, bytes above 127 two. */
export function asciiCodewords(data: Uint8Array, gs1 = false): number[] {
  const out: number[] = gs1 ? [FNC1] : []
  for (let i = 0; i < data.length; i++) {
    const byte = data[i] ?? 0
    const next = data[i + 1]
    const isDigit = (b: number | undefined) => b !== undefined && b >= 48 && b <= 57
    if (isDigit(byte) && isDigit(next)) {
      out.push(130 + (byte - 48) * 10 + ((next ?? 48) - 48))
      i++
    } else if (gs1 && byte === GS) {
      out.push(FNC1)
    } else if (byte < 128) {
      out.push(byte + 1)
    } else {
      out.push(235, byte - 128 + 1)
    }
  }
  return out
}

function sizeFor(codewords: number): SymbolSize {
  const size = SIZES.find((s) => s.dataCodewords >= codewords)
  if (!size) throw new LabelError('barcode-too-long', `${codewords} codewords do not fit a 48×48 DataMatrix`)
  return size
}

/** Side of the smallest square symbol that holds the text (modules). */
export function dataMatrixSize(text: string): number {
  return sizeFor(asciiCodewords(new TextEncoder().encode(text)).length).size
}

// GF(256) with the DataMatrix polynomial x^8 + x^5 + x^3 + x^2 + 1.
const EXP = new Array<number>(512).fill(0)
const LOG = new Array<number>(256).fill(0)
{
  let x = 1
  for (let i = 0; i < 255; i++) {
    EXP[i] = x
    LOG[x] = i
    x <<= 1
    if (x & 0x100) x ^= 0x12d
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255] ?? 0
}
const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : (EXP[(LOG[a] ?? 0) + (LOG[b] ?? 0)] ?? 0))

/** Reed–Solomon check codewords (generator roots α^1 … α^n). */
export function reedSolomon(data: readonly number[], eccCount: number): number[] {
  let generator = [1]
  for (let i = 1; i <= eccCount; i++) {
    const next = new Array<number>(generator.length + 1).fill(0)
    generator.forEach((coefficient, j) => {
      next[j] = (next[j] ?? 0) ^ coefficient
      next[j + 1] = (next[j + 1] ?? 0) ^ mul(coefficient, EXP[i] ?? 0)
    })
    generator = next
  }
  const remainder = new Array<number>(eccCount).fill(0)
  for (const codeword of data) {
    const factor = codeword ^ (remainder[0] ?? 0)
    remainder.shift()
    remainder.push(0)
    for (let j = 0; j < eccCount; j++) remainder[j] = (remainder[j] ?? 0) ^ mul(factor, generator[j + 1] ?? 0)
  }
  return remainder
}

function pad(codewords: number[], capacity: number): number[] {
  const out = [...codewords]
  if (out.length < capacity) out.push(129)
  while (out.length < capacity) {
    const pseudo = ((149 * (out.length + 1)) % 253) + 1
    const value = 129 + pseudo
    out.push(value > 254 ? value - 254 : value)
  }
  return out
}

/** ISO/IEC 16022 annex F placement of codeword bits in the mapping matrix. */
function place(codewords: readonly number[], rows: number, cols: number): boolean[][] {
  const bits: Array<Array<boolean | undefined>> = Array.from(
    { length: rows },
    () => new Array<boolean | undefined>(cols)
  )
  const module = (row: number, col: number, pos: number, bit: number) => {
    let r = row
    let c = col
    if (r < 0) {
      r += rows
      c += 4 - ((rows + 4) % 8)
    }
    if (c < 0) {
      c += cols
      r += 4 - ((cols + 4) % 8)
    }
    const line = bits[r]
    if (line) line[c] = ((codewords[pos] ?? 0) & (1 << (8 - bit))) !== 0
  }
  const utah = (row: number, col: number, pos: number) => {
    module(row - 2, col - 2, pos, 1)
    module(row - 2, col - 1, pos, 2)
    module(row - 1, col - 2, pos, 3)
    module(row - 1, col - 1, pos, 4)
    module(row - 1, col, pos, 5)
    module(row, col - 2, pos, 6)
    module(row, col - 1, pos, 7)
    module(row, col, pos, 8)
  }
  const corner = (pos: number, spots: ReadonlyArray<readonly [number, number]>) =>
    spots.forEach(([r, c], i) => module(r, c, pos, i + 1))
  const R = rows
  const C = cols
  const has = (r: number, c: number) => bits[r]?.[c] !== undefined
  let pos = 0
  let row = 4
  let col = 0
  do {
    if (row === R && col === 0)
      corner(pos++, [
        [R - 1, 0],
        [R - 1, 1],
        [R - 1, 2],
        [0, C - 2],
        [0, C - 1],
        [1, C - 1],
        [2, C - 1],
        [3, C - 1]
      ])
    if (row === R - 2 && col === 0 && C % 4 !== 0)
      corner(pos++, [
        [R - 3, 0],
        [R - 2, 0],
        [R - 1, 0],
        [0, C - 4],
        [0, C - 3],
        [0, C - 2],
        [0, C - 1],
        [1, C - 1]
      ])
    if (row === R - 2 && col === 0 && C % 8 === 4)
      corner(pos++, [
        [R - 3, 0],
        [R - 2, 0],
        [R - 1, 0],
        [0, C - 2],
        [0, C - 1],
        [1, C - 1],
        [2, C - 1],
        [3, C - 1]
      ])
    if (row === R + 4 && col === 2 && C % 8 === 0)
      corner(pos++, [
        [R - 1, 0],
        [R - 1, C - 1],
        [0, C - 3],
        [0, C - 2],
        [0, C - 1],
        [1, C - 3],
        [1, C - 2],
        [1, C - 1]
      ])
    do {
      if (row < R && col >= 0 && !has(row, col)) utah(row, col, pos++)
      row -= 2
      col += 2
    } while (row >= 0 && col < C)
    row += 1
    col += 3
    do {
      if (row >= 0 && col < C && !has(row, col)) utah(row, col, pos++)
      row += 2
      col -= 2
    } while (row < R && col >= 0)
    row += 3
    col += 1
  } while (row < R || col < C)
  if (!has(R - 1, C - 1)) {
    const last = bits[R - 1]
    const before = bits[R - 2]
    if (last && before) {
      last[C - 1] = true
      before[C - 2] = true
    }
  }
  return bits.map((line) => Array.from(line, (bit) => bit === true))
}

/** The module matrix (true = dark), row 0 at the top, with finder and clock patterns. */
export function encodeDataMatrix(data: string | Uint8Array, options: { gs1?: boolean } = {}): boolean[][] {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  const codewords = asciiCodewords(bytes, options.gs1)
  const spec = sizeFor(codewords.length)
  const padded = pad(codewords, spec.dataCodewords)
  const all = [...padded, ...reedSolomon(padded, spec.eccCodewords)]
  const mappingSide = spec.region * spec.regionsPerSide
  const mapping = place(all, mappingSide, mappingSide)
  const block = spec.region + 2
  const symbol = Array.from({ length: spec.size }, () => new Array<boolean>(spec.size).fill(false))
  for (let y = 0; y < spec.size; y++) {
    const line = symbol[y]
    if (!line) continue
    for (let x = 0; x < spec.size; x++) {
      const by = y % block
      const bx = x % block
      if (bx === 0 || by === block - 1) line[x] = true
      else if (by === 0) line[x] = bx % 2 === 0
      else if (bx === block - 1) line[x] = by % 2 === 1
      else {
        const r = Math.floor(y / block) * spec.region + by - 1
        const c = Math.floor(x / block) * spec.region + bx - 1
        line[x] = mapping[r]?.[c] ?? false
      }
    }
  }
  return symbol
}
