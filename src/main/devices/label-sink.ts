import { type LaidOutLabel, toSvg, toZpl } from '../labels'
import type { PrinterStatus } from './printers/host-status'
import { PrinterTransportError, type PrinterTransport } from './printers/transport'

/**
 * Where laid-out labels are printed. A Zebra-type printer gets them as one ZPL job; a printer the
 * operating system knows gets the same layout drawn as SVG pages, through the Electron shell.
 */
export interface LabelSink {
  readonly description: string
  print(labels: readonly LaidOutLabel[]): Promise<void>
  status(): Promise<PrinterStatus | null>
  close(): Promise<void>
}

/** Printing through the operating system: provided by the Electron shell (webContents.print). */
export interface OsPrinting {
  print(pages: { svg: string; widthMm: number; heightMm: number }[], deviceName: string): Promise<void>
}

export function zplSink(transport: PrinterTransport): LabelSink {
  return {
    description: transport.description,
    print: (labels) => transport.send(Buffer.from(toZpl(labels), 'utf8')),
    status: () => transport.status(),
    close: () => transport.close()
  }
}

export function osSink(printing: OsPrinting | null, deviceName: string): LabelSink {
  return {
    description: `system printer "${deviceName}"`,
    print: async (labels) => {
      if (!printing) {
        throw new PrinterTransportError(
          'port-unavailable',
          'System printers are reached through the Electron app; this host (browser mode) has none. Choose a network or serial label printer.',
          { mayHavePrinted: false }
        )
      }
      // The OS spooler takes the job whole or refuses it: a refusal printed nothing.
      await printing.print(
        labels.map((label) => ({ svg: toSvg(label), widthMm: label.widthMm, heightMm: label.heightMm })),
        deviceName
      )
    },
    status: async () => null,
    close: async () => undefined
  }
}
