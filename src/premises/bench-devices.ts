/**
 * The devices attached to a workstation, run by the workstation itself: a serial scanner's scans go
 * to the host with this bench's credential (so they open requests here, not at another bench), and
 * a label printer at the bench is offered to the host, which sends it the jobs of this bench when
 * the bench chose it. Keyboard-wedge scanners need nothing here: the page reads them.
 */
import { createSerialScanner, type SerialScanner, createPrinterTransport, type PrinterConfig } from '../main/devices'
import type { HostLink } from './host-link'

export interface BenchScanner {
  path: string
  baudRate: number
  /** What the scan is called on screen: "scanner on /dev/ttyUSB0". */
  label: string
}

export interface BenchDeviceOptions {
  scanners: BenchScanner[]
  printer: PrinterConfig | null
  log: (message: string, error?: unknown) => void
}

export interface BenchDevices {
  stop(): Promise<void>
}

export function startBenchDevices(
  link: Pick<HostLink, 'sendScan' | 'offerPrinter'>,
  options: BenchDeviceOptions
): BenchDevices {
  const scanners: SerialScanner[] = options.scanners.map((settings) => {
    const scanner = createSerialScanner({ path: settings.path, baudRate: settings.baudRate })
    scanner.onScan((scan) => {
      void link.sendScan(scan.text, settings.label).catch((error: unknown) => {
        options.log(`scan from ${settings.path} could not be sent`, error)
      })
    })
    scanner.start()
    return scanner
  })
  const transport = options.printer ? createPrinterTransport(options.printer) : null
  const withdraw = transport
    ? link.offerPrinter(transport.description, (zpl) => transport.send(Buffer.from(zpl, 'utf8')))
    : null
  return {
    async stop() {
      withdraw?.()
      await Promise.allSettled([...scanners.map((scanner) => scanner.stop()), transport?.close()])
    }
  }
}

/** `PATH` or `PATH@BAUD`, as typed after `--scanner`. */
export function scannerFromArgument(text: string): BenchScanner {
  const match = /^(.+?)(?:@(\d+))?$/.exec(text.trim())
  if (!match) throw new Error(`A scanner is PATH or PATH@BAUD, not "${text}".`)
  const path = match[1]!
  return { path, baudRate: match[2] ? Number(match[2]) : 9600, label: `scanner on ${path}` }
}

/** `tcp:HOST[:PORT]` or `serial:PATH[@BAUD]`, as typed after `--printer`. */
export function printerFromArgument(text: string): PrinterConfig {
  const tcp = /^tcp:([^:]+)(?::(\d+))?$/.exec(text.trim())
  if (tcp) return { kind: 'tcp', host: tcp[1]!, port: tcp[2] ? Number(tcp[2]) : 9100 }
  const serial = /^serial:(.+?)(?:@(\d+))?$/.exec(text.trim())
  if (serial) return { kind: 'serial', path: serial[1]!, baudRate: serial[2] ? Number(serial[2]) : 9600, rtscts: false }
  throw new Error(`A printer is tcp:HOST[:PORT] or serial:PATH[@BAUD], not "${text}".`)
}
