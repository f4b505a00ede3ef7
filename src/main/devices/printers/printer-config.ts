/** A label printer as configured in settings, and the transport it needs. */
import { z } from 'zod'
import { createSerialPrinterTransport } from './serial-transport'
import { createTcpPrinterTransport } from './tcp-transport'
import type { PrinterTransport } from './transport'

const timeouts = {
  connectTimeoutMs: z.number().int().min(100).max(60_000).optional(),
  writeTimeoutMs: z.number().int().min(100).max(300_000).optional(),
  statusTimeoutMs: z.number().int().min(100).max(60_000).optional()
}

export const printerConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tcp'),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65_535).default(9100),
    ...timeouts
  }),
  z.object({
    kind: z.literal('serial'),
    path: z.string().min(1),
    baudRate: z.number().int().min(1200).max(921_600).default(9600),
    rtscts: z.boolean().default(false),
    ...timeouts
  })
])

export type PrinterConfig = z.infer<typeof printerConfigSchema>

export function createPrinterTransport(config: PrinterConfig): PrinterTransport {
  if (config.kind === 'tcp') return createTcpPrinterTransport(config)
  const { connectTimeoutMs, ...rest } = config
  return createSerialPrinterTransport({ ...rest, openTimeoutMs: connectTimeoutMs })
}
