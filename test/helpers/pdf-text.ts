/**
 * Reads back the text a PDF made with pdf-lib shows, page by page: each font's ToUnicode map
 * turns the hex glyph strings of the page's `Tj` operators back into characters. Enough for our
 * own documents (one font per text object, hex strings), not a general PDF reader.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream } from 'pdf-lib'

export async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(bytes)
  return pdf.getPages().map((page) => {
    const fonts = new Map<string, Map<number, string>>()
    const fontDict = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict)
    for (const [name, ref] of fontDict?.entries() ?? []) {
      const font = pdf.context.lookup(ref, PDFDict)
      const toUnicode = font.lookup(PDFName.of('ToUnicode'))
      fonts.set(name.asString(), toUnicode instanceof PDFRawStream ? readCMap(streamText(toUnicode)) : new Map())
    }
    const contents = page.node.Contents()
    const streams: PDFStream[] = []
    if (contents instanceof PDFArray) {
      for (const item of contents.asArray()) streams.push(pdf.context.lookup(item as PDFRef) as PDFStream)
    } else if (contents) streams.push(contents)
    const lines: string[] = []
    let font = new Map<number, string>()
    for (const stream of streams) {
      const text = stream instanceof PDFRawStream ? streamText(stream) : ''
      for (const match of text.matchAll(/(\/[^\s/]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj/g)) {
        if (match[1]) font = fonts.get(match[1]) ?? new Map()
        else lines.push(decodeHex(match[2] ?? '', font))
      }
    }
    return lines.join('\n')
  })
}

function streamText(stream: PDFRawStream): string {
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')
}

function decodeHex(hex: string, map: Map<number, string>): string {
  let out = ''
  for (let i = 0; i + 4 <= hex.length; i += 4) out += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\ufffd'
  return out
}

function unicodeOf(hex: string): string {
  const units: number[] = []
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16))
  return String.fromCharCode(...units)
}

function readCMap(text: string): Map<number, string> {
  const map = new Map<number, string>()
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(parseInt(m[1] ?? '', 16), unicodeOf(m[2] ?? ''))
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const from = parseInt(m[1] ?? '', 16)
      const to = parseInt(m[2] ?? '', 16)
      const first = unicodeOf(m[3] ?? '')
      for (let code = from; code <= to; code++) map.set(code, String.fromCharCode(first.charCodeAt(0) + (code - from)))
    }
  }
  return map
}
