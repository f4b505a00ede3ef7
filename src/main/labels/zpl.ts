/**
 * ZPL II for Zebra printers, rendered from the layout. Several labels go as one job (one ^XA…^XZ
 * per label) so the printer does not pause between them.
 *
 * Text the printer's font prints goes as ^A0 fields; characters it cannot print go as the graphic
 * fields (^GFA) the layout rasterised from the label fonts, the same dots the preview draws.
 * Each section of a label starts with a ^FX comment naming it (for diagnostics and read-back).
 *
 * Safety: every field (text and barcode) is ^FH hex-escaped. Each UTF-8 byte that is a control
 * character, '^', '~', the escape character '_' itself, or outside printable ASCII becomes _XX, so
 * nothing a patient or prescriber typed can start a printer command and the job is plain ASCII.
 * The printer decodes the hex, then reads the bytes as UTF-8 (^CI28).
 */
import type { LaidOutLabel, LineSection } from './layout'

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
  let section: LineSection | null = null
  for (const line of label.lines) {
    if (line.section !== section) {
      section = line.section
      commands.push(`^FX${section}`)
    }
    for (const run of line.runs) {
      if (run.kind === 'text') {
        commands.push(
          `^FT${run.x},${line.baseline}^A0N,${line.fontDots},${line.fontDots}^FH${ZPL_HEX_INDICATOR}^FD${encodeZplField(run.text)}^FS`
        )
      } else {
        const { bitmap } = run
        const bytes = bitmap.bytesPerRow * bitmap.heightDots
        commands.push(`^FO${run.x},${run.y}^GFA,${bytes},${bytes},${bitmap.bytesPerRow},${bitmap.hex}^FS`)
      }
    }
  }
  const { barcode } = label
  commands.push(
    '^FXbarcode',
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
