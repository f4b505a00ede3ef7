/**
 * ZPL II for Zebra printers, rendered from the layout. Several labels go as one job (one ^XA…^XZ
 * per label) so the printer does not pause between them.
 *
 * Safety: every field (text and barcode) is ^FH hex-escaped. Each UTF-8 byte that is a control
 * character, '^', '~', the escape character '_' itself, or outside printable ASCII becomes _XX, so
 * nothing a patient or prescriber typed can start a printer command and the job is plain ASCII.
 * The printer decodes the hex, then reads the bytes as UTF-8 (^CI28).
 */
import type { LaidOutLabel } from './layout'

const ZPL_HEX_INDICATOR = '_'

/** Escapes text for ^FH_^FD…^FS. Lone UTF-16 surrogates (not representable in UTF-8) become U+FFFD. */
export function encodeZplField(text: string): string {
  let out = ''
  for (const byte of new TextEncoder().encode(text)) {
    const escape = byte < 0x20 || byte > 0x7e || byte === 0x5e || byte === 0x7e || byte === 0x5f
    out += escape ? `_${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte)
  }
  return out
}

function labelZpl(label: LaidOutLabel): string {
  const commands = ['^XA', '^CI28', `^PW${label.widthDots}`, `^LL${label.heightDots}`, '^LH0,0']
  for (const line of label.lines) {
    commands.push(
      `^FT${line.x},${line.baseline}^A0N,${line.fontDots},${line.fontDots}^FH${ZPL_HEX_INDICATOR}^FD${encodeZplField(line.text)}^FS`
    )
  }
  const { barcode } = label
  commands.push(
    `^FO${barcode.x},${barcode.y}^BXN,${barcode.moduleDots},200,${barcode.modules},${barcode.modules}` +
      `^FH${ZPL_HEX_INDICATOR}^FD${encodeZplField(barcode.payload)}^FS`
  )
  commands.push('^PQ1', '^XZ')
  return commands.join('\n')
}

/** One print job for all the labels given, in order. */
export function toZpl(labels: readonly LaidOutLabel[]): string {
  return labels.map(labelZpl).join('\n') + '\n'
}
