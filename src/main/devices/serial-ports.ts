/**
 * The serial ports to offer in settings: what the OS lists (USB-serial adapters, built-in ports)
 * plus the paths configured by hand, which the OS does not list (pseudo-terminals, /dev/serial/by-id
 * links) — each marked present or not.
 */
import { existsSync } from 'node:fs'
import { SerialPort } from 'serialport'

export interface SerialPortEntry {
  path: string
  source: 'system' | 'configured'
  present: boolean
  manufacturer: string | null
  serialNumber: string | null
  vendorId: string | null
  productId: string | null
}

type Lister = () => Promise<
  Array<{ path: string; manufacturer?: string; serialNumber?: string; vendorId?: string; productId?: string }>
>

export async function listSerialPorts(
  configuredPaths: readonly string[] = [],
  list: Lister = () => SerialPort.list()
): Promise<SerialPortEntry[]> {
  let system: Awaited<ReturnType<Lister>> = []
  try {
    system = await list()
  } catch {
    system = []
  }
  const entries: SerialPortEntry[] = system.map((port) => ({
    path: port.path,
    source: 'system',
    present: true,
    manufacturer: port.manufacturer ?? null,
    serialNumber: port.serialNumber ?? null,
    vendorId: port.vendorId ?? null,
    productId: port.productId ?? null
  }))
  for (const path of configuredPaths) {
    if (entries.some((entry) => entry.path === path)) continue
    entries.push({
      path,
      source: 'configured',
      present: existsSync(path),
      manufacturer: null,
      serialNumber: null,
      vendorId: null,
      productId: null
    })
  }
  return entries
}
