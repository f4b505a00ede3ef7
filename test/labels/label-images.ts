/**
 * Test support: labels as pictures, made by tools that are not ours. The ZPL a printer receives is
 * drawn by an independent ZPL renderer (zpl-renderer-js: Zebrash, compiled to WebAssembly); the
 * SVG preview by resvg; barcodes are read back by ZXing (zxing-wasm). Used only in tests.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import { PNG } from 'pngjs'
import { ready } from 'zpl-renderer-js'
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader'
import type { LaidOutLabel } from '../../src/main/labels/layout'
import { toSvg } from '../../src/main/labels/svg'

/** A 1-bit picture, one byte per dot (1 = black), row by row. */
export interface Bitmap {
  width: number
  height: number
  dots: Uint8Array
}

const require = createRequire(import.meta.url)
let zxingReady = false

function prepareZxing(): void {
  if (zxingReady) return
  // The WebAssembly ships in the package; reading it from there keeps the tests off the network.
  const wasm = readFileSync(
    join(require.resolve('zxing-wasm/reader').replace(/dist[/\\].*$/, 'dist'), 'reader', 'zxing_reader.wasm')
  )
  prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
    fireImmediately: true
  })
  zxingReady = true
}

function bitmapOf(png: Buffer): Bitmap {
  const image = PNG.sync.read(png)
  const dots = new Uint8Array(image.width * image.height)
  for (let i = 0; i < dots.length; i++) {
    const alpha = image.data[i * 4 + 3] ?? 0
    const luminance = image.data[i * 4] ?? 255
    dots[i] = alpha > 127 && luminance < 128 ? 1 : 0
  }
  return { width: image.width, height: image.height, dots }
}

/** The job drawn by the independent renderer: one bitmap per ^XA…^XZ, at 8 dots/mm (203 dpi). */
export async function renderZplJob(zpl: string, widthMm: number, heightMm: number): Promise<Bitmap[]> {
  const { api } = await ready
  const pngs = await api.zplToBase64MultipleAsync(zpl, widthMm, heightMm, 8)
  return pngs.map((png) => bitmapOf(Buffer.from(png, 'base64')))
}

const PREVIEW_FONT = join(import.meta.dirname, '..', '..', 'resources', 'fonts', 'DejaVuSans-Bold.ttf')

/** The on-screen preview of a label drawn at one pixel per printer dot. */
export function renderPreview(label: LaidOutLabel): Bitmap {
  const resvg = new Resvg(toSvg(label), {
    fitTo: { mode: 'width', value: label.widthDots },
    font: { loadSystemFonts: false, fontFiles: [PREVIEW_FONT], defaultFontFamily: 'DejaVu Sans' }
  })
  return bitmapOf(resvg.render().asPng())
}

/** A region of a bitmap as a PNG, white outside the picture, for the barcode reader. */
function cropPng(bitmap: Bitmap, box: { x: number; y: number; width: number; height: number }): Buffer {
  const png = new PNG({ width: box.width, height: box.height })
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const sx = box.x + x
      const sy = box.y + y
      const dark = sx >= 0 && sy >= 0 && sx < bitmap.width && sy < bitmap.height && bitmap.dots[sy * bitmap.width + sx]
      const i = (y * box.width + x) * 4
      png.data[i] = png.data[i + 1] = png.data[i + 2] = dark ? 0 : 255
      png.data[i + 3] = 255
    }
  }
  return PNG.sync.write(png)
}

/** The DataMatrix in a region (with a quiet zone added), read back; null when none can be read. */
export async function readDataMatrix(
  bitmap: Bitmap,
  box: { x: number; y: number; width: number; height: number }
): Promise<string | null> {
  prepareZxing()
  const quiet = 12
  const png = cropPng(bitmap, {
    x: box.x - quiet,
    y: box.y - quiet,
    width: box.width + 2 * quiet,
    height: box.height + 2 * quiet
  })
  const found = await readBarcodes(new Uint8Array(png), {
    formats: ['DataMatrix'],
    tryHarder: true,
    maxNumberOfSymbols: 1
  })
  return found[0]?.text ?? null
}

/** Black dots in a box. */
function inkIn(bitmap: Bitmap, box: { x: number; y: number; width: number; height: number }): number {
  let ink = 0
  for (let y = Math.max(0, box.y); y < Math.min(bitmap.height, box.y + box.height); y++) {
    for (let x = Math.max(0, box.x); x < Math.min(bitmap.width, box.x + box.width); x++)
      ink += bitmap.dots[y * bitmap.width + x] ?? 0
  }
  return ink
}

/** Leftmost and rightmost black column in a band of rows, or null when it is blank. */
export function inkExtent(
  bitmap: Bitmap,
  top: number,
  bottom: number,
  left = 0,
  right = bitmap.width
): [number, number] | null {
  let first = -1
  let last = -1
  for (let x = Math.max(0, left); x < Math.min(bitmap.width, right); x++) {
    for (let y = Math.max(0, top); y < Math.min(bitmap.height, bottom); y++) {
      if (bitmap.dots[y * bitmap.width + x]) {
        if (first < 0) first = x
        last = x
        break
      }
    }
  }
  return first < 0 ? null : [first, last]
}

/**
 * How far apart two pictures of a label are: the mean difference in ink density over cells of
 * 64 × 23 dots (a word by a line), 0 for the same ink everywhere, 1 for black against white.
 */
export function densityDifference(a: Bitmap, b: Bitmap): number {
  const width = Math.min(a.width, b.width)
  const height = Math.min(a.height, b.height)
  const cw = 64
  const ch = 23
  let total = 0
  let cells = 0
  for (let y = 0; y + ch <= height; y += ch) {
    for (let x = 0; x + cw <= width; x += cw) {
      const box = { x, y, width: cw, height: ch }
      total += Math.abs(inkIn(a, box) - inkIn(b, box)) / (cw * ch)
      cells++
    }
  }
  return cells === 0 ? 0 : total / cells
}
