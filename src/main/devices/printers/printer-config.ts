/** A label printer as configured in settings (src/shared/devices/settings.ts), and the transport it needs. */
import type { LabelPrinterSettings } from '@shared/devices/settings'
import { createSerialPrinterTransport } from './serial-transport'
import { createTcpPrinterTransport } from './tcp-transport'
import type { PrinterTransport } from './transport'

export type PrinterConfig = Exclude<LabelPrinterSettings, { kind: 'os' }>

export function createPrinterTransport(config: PrinterConfig): PrinterTransport {
  if (config.kind === 'tcp') return createTcpPrinterTransport(config)
  const { connectTimeoutMs, ...rest } = config
  return createSerialPrinterTransport({ ...rest, openTimeoutMs: connectTimeoutMs })
}
